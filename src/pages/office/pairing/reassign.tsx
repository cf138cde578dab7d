/**
 * Re-pairing when an official transfers or leaves (office subpackage): find the official by number, see
 * their households and pairing history, choose the reason and, optionally, the official who takes over;
 * otherwise each household goes to the nearest least-loaded official. The old pairings end with the
 * date and reason (history kept); open requests move with the households.
 */
import { Button, Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import Screen from '@/components/Screen'
import { pick } from '@shared/bilingual'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useAction } from '@/services/useCall'
import type { ActionOutput } from '@shared/contract'
import { END_REASONS, registry } from '@shared/contracts/registry'
import ProblemText from '../roster/Problem'
import '../roster/index.css'
import { offWhen } from '@/components/Form'

type Detail = ActionOutput<typeof registry, 'official'>
type Result = ActionOutput<typeof registry, 'reassign'>

export default function ReassignPage() {
  const { lang, t } = useSettings()
  const [officialId, setOfficialId] = useState('')
  const [detail, setDetail] = useState<Detail | undefined>()
  const [reason, setReason] = useState<(typeof END_REASONS)[number]>('transfer')
  const [toOfficialId, setTo] = useState('')
  const [result, setResult] = useState<Result | undefined>()
  const { busy, problem, run } = useAction()

  const find = () =>
    run(async () => {
      setResult(undefined)
      setDetail(await call(registry, 'official', { officialId: officialId.trim() }))
    })
  const reassign = () =>
    run(async () => {
      if (!detail) return
      const to = toOfficialId.trim()
      const res = await call(registry, 'reassign', {
        officialId: detail.official.id,
        endReason: reason,
        ...(to ? { toOfficialId: to } : {}),
      })
      setResult(res)
      setDetail(await call(registry, 'official', { officialId: detail.official.id }))
    })

  return (
    <Screen title="registry.reassign.title">
      <View className="registry">
        <View className="card registry">
          <Text className="card__label">{t('registry.reassign.official')}</Text>
          <Input
            className="registry__input"
            data-testid="official-id"
            value={officialId}
            onInput={(e) => setOfficialId(e.detail.value)}
          />
          <Button className="button--secondary" disabled={offWhen(busy || !officialId.trim())} onClick={() => void find()}>
            {t('registry.reassign.find')}
          </Button>
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
                <Input className="registry__input" value={toOfficialId} onInput={(e) => setTo(e.detail.value)} />
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
            <View className="registry__list">
              {detail.history.map((p) => (
                <Text key={`${p.householdId}-${p.from}`} className="registry__item">
                  {p.householdId} · {p.from} – {p.to ?? t('registry.reassign.current')}
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
                {m.householdId} → {pick(m.toName, lang)}
              </Text>
            ))}
          </View>
        )}
      </View>
    </Screen>
  )
}

function isEndReason(value: string): value is (typeof END_REASONS)[number] {
  return (END_REASONS as readonly string[]).includes(value)
}
