/**
 * A household's requests on its official's page: where each one is (its state, the unit by kind and level,
 * why the township work office took it, the deadline), the ones still on this phone waiting to be sent, and
 * the way to record a new one. A resolved request can be answered for the household during a visit: the
 * official asks the family, taps its answer, and is asked first, because the answer is recorded as the
 * official's on the household's behalf and a "partly" or "not solved" sends it back to the unit.
 */
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { offWhen, toastDone } from '@/components/Form'
import { Problem, confirmed } from '@/components/Manage'
import { Empty, Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { householdOf, useOutbox, type OutboxItem } from '@/services/outbox'
import { useSettings } from '@/services/settings'
import { useAction, type Loadable } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { ActionOutput } from '@shared/contract'
import type { RequestItem } from '@shared/contracts/requests'
import { requests } from '@shared/contracts/requests'
import type { Lang, MessageKey } from '@shared/i18n'
import { lastDayOf } from '@shared/time'

export type Menu = ActionOutput<typeof requests, 'menu'>['items']
type T = (key: MessageKey, params?: Record<string, string | number>) => string

const ANSWERS = ['solved', 'partly', 'unsolved'] as const

/** A category by the name its menu gives it at the household's place, "other" by its word, else its key. */
export function categoryName(category: string, menu: Menu | undefined, lang: Lang, t: T): string {
  if (category === 'other') return t('inbox.category.other')
  const item = menu?.find((m) => m.category === category)
  return item ? pick(item.name, lang) : category
}

export const needUrl = (householdId: string) => `/pages/official/household/need?id=${encodeURIComponent(householdId)}`

function unitOf(unit: NonNullable<RequestItem['unit']>, t: T): string {
  return t(`inbox.kind.${unit.kind}`, { level: t(`inbox.level.${unit.level}`) })
}

function RequestRow(props: { item: RequestItem; menu: Menu | undefined; householdId: string; onAnswered: () => void }) {
  const { item, menu, householdId, onAnswered } = props
  const { lang, t } = useSettings()
  const action = useAction()
  const latest = [...item.timeline].reverse()
  const resolved = latest.find((e) => e.type === 'resolve')
  const answered = latest.find((e) => e.type === 'confirm')

  async function answer(value: (typeof ANSWERS)[number]) {
    const word = t(`inbox.answer.${value}`)
    if (!(await confirmed(t('record.answerAsk', { answer: word })))) return
    await action.run(async () => {
      await call(requests, 'answer', { id: item.id, householdId, events: item.events, answer: value })
      toastDone(t('record.answered'))
      onAnswered()
    })
  }

  return (
    <View className="card card--edged" data-testid="request" data-id={item.id} data-state={item.state}>
      <View className="card__top">
        <Text className="section-title">{categoryName(item.category, menu, lang, t)}</Text>
        <Text className={item.overdue ? 'household-waiting' : 'card__label'} data-testid="request-state">
          {item.overdue
            ? t('inbox.overdue')
            : t(
                item.state === 'resolved' && latest[0]?.type === 'unanswered'
                  ? 'inbox.state.unconfirmed'
                  : `inbox.state.${item.state}`,
              )}
        </Text>
      </View>
      <Text>{item.text}</Text>
      {item.unit && <Text className="card__label">{t('inbox.unit', { unit: unitOf(item.unit, t) })}</Text>}
      {item.fallback && <Text className="card__label">{item.fallback}</Text>}
      {item.due && <Text className="card__label">{t('inbox.due', { day: lastDayOf(item.due) })}</Text>}
      {resolved?.text && (
        <>
          {resolved.unit && (
            <Text className="card__label">{t('inbox.ev.resolve', { unit: unitOf(resolved.unit, t) })}</Text>
          )}
          <Text data-testid="request-resolution">{resolved.text}</Text>
        </>
      )}
      {answered?.answer && item.state !== 'resolved' && (
        <Text className="card__label" data-testid="request-answer">
          {answered.onBehalf ? t('inbox.ev.confirmOnBehalf') : t('inbox.ev.confirm')} ·{' '}
          {t(`inbox.answer.${answered.answer}`)}
        </Text>
      )}
      {item.state === 'resolved' && (
        <View className="household-answer" data-testid="answer-on-behalf">
          <Text className="card__label">{t('record.answerTitle')}</Text>
          <View className="household-choices">
            {ANSWERS.map((value) => (
              <Button
                key={value}
                className="household-choice household-answer__choice"
                data-testid={`answer-${value}`}
                disabled={offWhen(action.busy)}
                onClick={() => void answer(value)}
              >
                {t(`inbox.answer.${value}`)}
              </Button>
            ))}
          </View>
          <Problem problem={action.problem} />
        </View>
      )}
    </View>
  )
}

/** Requests recorded on this phone that have not reached the function yet. */
function Waiting({ queued, menu }: { queued: readonly OutboxItem[]; menu: Menu | undefined }) {
  const { lang, t } = useSettings()
  return (
    <>
      {queued.map((item) => (
        <View key={item.id} className="card card--edged" data-testid="request-queued" data-state={item.state}>
          <View className="card__top">
            <Text className="section-title">{categoryName(item.report?.category ?? '', menu, lang, t)}</Text>
            <Text className="household-waiting">{t(`contacts.state.${item.state}`)}</Text>
          </View>
          <Text>{item.report?.text}</Text>
        </View>
      ))}
    </>
  )
}

export default function Requests(props: {
  householdId: string
  list: Loadable<ActionOutput<typeof requests, 'forHousehold'>>
  menu: Menu | undefined
}) {
  const { householdId, list, menu } = props
  const { t } = useSettings()
  const { items } = useOutbox()
  const queued = items.filter((i) => i.report && i.state !== 'sent' && householdOf(i) === householdId)
  return (
    <>
      <View className="card__top">
        <Text className="section-title">{t('record.requests')}</Text>
        <Button
          className="household-log"
          size="mini"
          data-testid="record-need"
          onClick={() => void Taro.navigateTo({ url: needUrl(householdId) })}
        >
          {t('record.recordNeed')}
        </Button>
      </View>
      <Waiting queued={queued} menu={menu} />
      <Loaded state={list}>
        {(data) =>
          data.items.length === 0 ? (
            queued.length === 0 && <Empty text={t('record.noRequests')} />
          ) : (
            <>
              {data.items.map((item) => (
                <RequestRow key={item.id} item={item} menu={menu} householdId={householdId} onAnswered={list.retry} />
              ))}
            </>
          )
        }
      </Loaded>
    </>
  )
}
