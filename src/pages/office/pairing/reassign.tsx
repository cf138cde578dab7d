/**
 * Re-pairing when an official transfers or leaves (office subpackage): find the official by name or staff
 * number in the office's region, see their households and pairing history by name, choose the reason and,
 * optionally, the official who takes over (found the same way); otherwise each household goes to the
 * nearest least-loaded official. The old pairings end with the date and reason (history kept); open
 * requests move with the households. The hand-over asks first, saying whose households go to whom.
 */
import '../catalogue'
import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { offWhen, toastDone } from '@/components/Form'
import { confirmed } from '@/components/Manage'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useAction } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { ActionOutput } from '@shared/contract'
import { END_REASONS, registry } from '@shared/contracts/registry'
import { useOfficeRegion } from '../roster/office'
import ProblemText from '../roster/Problem'
import type { FoundOfficial } from './OfficialSearch'
import OfficialSearch from './OfficialSearch'
import '../roster/index.css'

type Detail = ActionOutput<typeof registry, 'official'>
type Result = ActionOutput<typeof registry, 'reassign'>

export default function ReassignPage() {
  const office = useOfficeRegion()
  return (
    <Screen title="registry.reassign.title">
      <Loaded state={office}>{(region) => <ReassignIn region={region} />}</Loaded>
    </Screen>
  )
}

function ReassignIn({ region }: { region: string }) {
  const { lang, t } = useSettings()
  const [detail, setDetail] = useState<Detail | undefined>()
  const [reason, setReason] = useState<(typeof END_REASONS)[number]>('transfer')
  const [successor, setSuccessor] = useState<FoundOfficial | undefined>()
  const [result, setResult] = useState<Result | undefined>()
  const { busy, problem, run } = useAction()

  const open = (officialId: string) =>
    run(async () => {
      setResult(undefined)
      setSuccessor(undefined)
      setDetail(await call(registry, 'official', { officialId }))
    })
  const reassign = () =>
    run(async () => {
      if (!detail) return
      const ask = t('registry.reassign.ask', {
        name: pick(detail.official.name, lang),
        count: detail.households.length,
        to: successor ? pick(successor.name, lang) : t('registry.reassign.askNearest'),
        reason: t(`registry.reassign.reason.${reason}`),
      })
      if (!(await confirmed(ask))) return
      const res = await call(registry, 'reassign', {
        officialId: detail.official.id,
        endReason: reason,
        ...(successor ? { toOfficialId: successor.id } : {}),
      })
      setResult(res)
      setSuccessor(undefined)
      toastDone(t('registry.reassign.moved'))
      setDetail(await call(registry, 'official', { officialId: detail.official.id }))
    })

  return (
    <View className="registry">
      <View className="card registry">
        <Text className="card__label">{t('registry.reassign.official')}</Text>
        <OfficialSearch
          region={region}
          label={t('registry.reassign.official')}
          testId="official"
          onChoose={(o) => void open(o.id)}
        />
      </View>
      {problem && <ProblemText problem={problem} />}
      {detail && (
        <View className="card registry" data-testid="official-detail">
          <Text className="section-title">
            {pick(detail.official.name, lang)} · {pick(detail.official.department, lang)}
          </Text>
          <Text>{t('registry.reassign.households', { count: detail.households.length })}</Text>
          {detail.householdsOutside > 0 && (
            <Text className="card__label">
              {t('registry.reassign.householdsOutside', { count: detail.householdsOutside })}
            </Text>
          )}
          <View className="registry__list">
            {detail.households.map((h) => (
              <Text key={h.id} className="registry__item">
                {pick(h.headName, lang)} · {h.externalId} · {h.phoneMasked}
              </Text>
            ))}
          </View>
          {detail.official.active && detail.households.length > 0 && (
            <>
              <Text className="card__label">{t('registry.reassign.reason')}</Text>
              <View className="registry__row">
                {END_REASONS.map((r) => (
                  <Text key={r} className={`chip${reason === r ? ' chip--on' : ''}`} onClick={() => setReason(r)}>
                    {t(`registry.reassign.reason.${r}`)}
                  </Text>
                ))}
              </View>
              <Text className="card__label">{t('registry.reassign.to')}</Text>
              {successor ? (
                <View className="registry__choice registry__choice--on" data-testid="successor">
                  <Text className="registry__choice-name">
                    {t('registry.reassign.chosen', { name: pick(successor.name, lang) })}
                  </Text>
                  <Text className="registry__choice-note">
                    {[pick(successor.department, lang), successor.externalId].filter(Boolean).join(' · ')}
                  </Text>
                </View>
              ) : (
                <Text className="card__label" data-testid="successor-nearest">
                  {t('registry.reassign.nearest')}
                </Text>
              )}
              <OfficialSearch
                region={region}
                active
                label={t('registry.reassign.to')}
                testId="successor"
                onChoose={setSuccessor}
              />
              {successor && (
                <Button className="button--secondary" onClick={() => setSuccessor(undefined)}>
                  {t('registry.reassign.nearest')}
                </Button>
              )}
              <Button
                className="button--primary"
                data-testid="reassign"
                disabled={offWhen(busy)}
                onClick={() => void reassign()}
              >
                {t('registry.reassign.run')}
              </Button>
            </>
          )}
          <Text className="card__label">{t('registry.reassign.history')}</Text>
          <View className="registry__list" data-testid="history">
            {detail.history.map((p) => (
              <Text key={`${p.householdId}-${p.from}`} className="registry__item">
                {pick(p.householdName, lang) || p.householdId} · {p.from} – {p.to ?? t('registry.reassign.current')}
                {p.endReason && isEndReason(p.endReason) ? ` · ${t(`registry.reassign.reason.${p.endReason}`)}` : ''}
              </Text>
            ))}
          </View>
        </View>
      )}
      {result && (
        <View className="card registry" data-testid="reassign-result">
          <Text className="registry__ok">
            {t('registry.reassign.done', {
              opened: result.opened,
              closed: result.closed,
              requests: result.movedRequests,
            })}
          </Text>
          {result.unassigned.length > 0 && (
            <Text className="registry__error">
              {t('registry.reassign.unassigned', { count: result.unassigned.length })}
            </Text>
          )}
          {result.outsideRegion > 0 && (
            <Text className="card__label" data-testid="reassign-outside">
              {t('registry.reassign.outside', { count: result.outsideRegion })}
            </Text>
          )}
          {result.moves.map((m) => (
            <Text key={m.householdId} className="registry__item">
              {pick(m.householdName, lang) || m.householdId} → {pick(m.toName, lang)}
            </Text>
          ))}
        </View>
      )}
    </View>
  )
}

function isEndReason(value: string): value is (typeof END_REASONS)[number] {
  return (END_REASONS as readonly string[]).includes(value)
}
