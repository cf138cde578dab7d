/**
 * The 石榴籽 network (office subpackage): centres, studios, teams and cultivators in the office's
 * region, counted, with the units listed a page at a time by kind.
 */
import { Button, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import Screen from '../../../components/Screen'
import { ErrorState, Loading } from '../../../components/States'
import { pick } from '../../../services/bilingual'
import { call, toCallError } from '../../../services/cloud'
import { useSettings } from '../../../services/settings'
import type { ActionOutput } from '../../../shared/contract'
import { registry } from '../../../shared/contracts/registry'
import { useOfficeRegion } from '../roster/office'
import type { Problem } from '../roster/Problem'
import ProblemText from '../roster/Problem'
import '../roster/index.css'

type Network = ActionOutput<typeof registry, 'network'>
const KINDS = ['centre', 'studio', 'team'] as const
const PAGE = 20

function NetworkOf({ region }: { region: string }) {
  const { lang, t } = useSettings()
  const [kind, setKind] = useState<(typeof KINDS)[number]>('centre')
  const [data, setData] = useState<Network | undefined>()
  const [units, setUnits] = useState<Network['units']>([])
  const [problem, setProblem] = useState<Problem | undefined>()

  const load = async (offset: number) => {
    try {
      const next = await call(registry, 'network', { region, kind, offset, limit: PAGE })
      setData(next)
      setUnits((shown) => (offset === 0 ? next.units : [...shown, ...next.units]))
    } catch (error) {
      setProblem({ error: toCallError(error, lang), lang })
    }
  }
  useEffect(() => {
    void load(0)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload when the region or kind changes
  }, [region, kind])

  if (problem) return <ProblemText problem={problem} />
  if (!data) return <Loading />
  return (
    <View className="registry">
      <View className="card registry" data-testid="network-counts">
        <Text>{t('registry.network.counts', data.counts)}</Text>
        <View className="registry__row">
          {KINDS.map((k) => (
            <Text key={k} className={`chip${kind === k ? ' chip--on' : ''}`} onClick={() => setKind(k)}>
              {t(`registry.network.kind.${k}`)}
            </Text>
          ))}
        </View>
      </View>
      <View className="card registry__list">
        {units.map((u) => (
          <View key={u.id} className="registry__item">
            <Text className="section-title">{pick(u.name, lang)}</Text>
            <Text className="card__label">
              {' '}
              {u.lead ? `${pick(u.lead, lang)} · ` : ''}
              {t('registry.network.members', { members: u.members, cultivators: u.cultivators })}
            </Text>
          </View>
        ))}
        {data.more && (
          <Button className="button--secondary" onClick={() => void load(units.length)}>
            {t('registry.network.more')}
          </Button>
        )}
      </View>
    </View>
  )
}

export default function NetworkPage() {
  const office = useOfficeRegion()
  return (
    <Screen title="registry.network.title">
      {office.status === 'loading' && <Loading />}
      {office.status === 'error' && <ErrorState error={office.error} lang={office.lang} onRetry={office.retry} />}
      {office.status === 'done' && <NetworkOf region={office.data} />}
    </Screen>
  )
}
