/**
 * A nomination of the household as a model family, waiting for its answer: what the campaign is, the story
 * its village office wrote, and what being chosen would make public (the head's name and the village, never
 * a personal number). Yes asks WeChat, from the tap, to let the programme tell the family if it is named;
 * no ends the nomination (asked first).
 */
import './catalogue'
import { useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { offWhen, toastDone } from '@/components/Form'
import { Problem, confirmed } from '@/components/Manage'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { askMessages } from '@/services/subscribe'
import { useAction, useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { HouseholdExchange } from '@shared/contracts/exchange'
import { EXCHANGE_TEMPLATES, exchange } from '@shared/contracts/exchange'
import { useHouseholdId } from '../requests/household'
import './index.css'

type Waiting = HouseholdExchange['consents'][number]

function Card({ householdId, item, onDone }: { householdId: string; item: Waiting; onDone: () => void }) {
  const { lang, t } = useSettings()
  const answer = useAction()
  const reply = (given: boolean) =>
    answer.run(async () => {
      if (!given && !(await confirmed(t('exchange.consentNoAsk')))) return
      // WeChat asks only from a tap: the family is told when the list is confirmed
      if (given) await askMessages([EXCHANGE_TEMPLATES.named])
      await call(exchange, 'consent', { householdId, nominationId: item.nominationId, given })
      toastDone(t(given ? 'exchange.consentGivenDone' : 'exchange.consentRefusedDone'))
      onDone()
    })
  return (
    <View className="card exchange__entry" data-testid="consent" data-id={item.nominationId}>
      <Text className="exchange__name">{t(`exchange.kind.${item.kind}`)}</Text>
      <Text className="exchange__text">
        {t('exchange.consentIntro', { title: pick(item.title, lang) || String(item.year) })}
      </Text>
      <Text className="exchange__text" data-testid="consent-story">
        {item.story}
      </Text>
      <Text className="card__label">{t('exchange.consentUntil', { day: item.until })}</Text>
      <Problem problem={answer.problem} />
      <View className="exchange__buttons">
        <Button
          className="exchange__button"
          type="primary"
          disabled={offWhen(answer.busy)}
          onClick={() => void reply(true)}
          data-testid="consent-yes"
        >
          {t('exchange.consentYes')}
        </Button>
        <Button
          className="exchange__button"
          disabled={offWhen(answer.busy)}
          onClick={() => void reply(false)}
          data-testid="consent-no"
        >
          {t('exchange.consentNo')}
        </Button>
      </View>
    </View>
  )
}

function Waiting({ householdId }: { householdId: string }) {
  const { t } = useSettings()
  const state = useCall(() => call(exchange, 'mine', { householdId }), [householdId])
  return (
    <Loaded state={state} empty={t('exchange.noConsent')} isEmpty={({ consents }) => consents.length === 0}>
      {({ consents }) => (
        <View className="exchange__list">
          {consents.map((item) => (
            <Card key={item.nominationId} householdId={householdId} item={item} onDone={state.retry} />
          ))}
        </View>
      )}
    </Loaded>
  )
}

export default function ConsentPage() {
  const { params } = useRouter()
  const householdId = useHouseholdId(params.householdId)
  return <Screen title="exchange.consentTitle">{householdId && <Waiting householdId={householdId} />}</Screen>
}
