/**
 * The 石榴籽 network (office subpackage): centres, studios, teams and cultivators in the office's
 * region, counted, with the units listed a page at a time by kind.
 */
import '../catalogue'
import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import Screen from '@/components/Screen'
import { Failed, Loaded } from '@/components/States'
import { pick } from '@shared/bilingual'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { usePages } from '@/services/useCall'
import { registry } from '@shared/contracts/registry'
import NamedStudios from '../exchange/NamedStudios'
import { useOfficeRegion } from '../roster/office'
import '../roster/index.css'

const KINDS = ['centre', 'studio', 'team'] as const
const PAGE = 20

function NetworkOf({ region }: { region: string }) {
  const { lang, t } = useSettings()
  const [kind, setKind] = useState<(typeof KINDS)[number]>('centre')
  const network = usePages(
    (page) => call(registry, 'network', { region, kind, offset: page * PAGE, limit: PAGE }),
    (answer) => answer.units,
    [region, kind],
  )
  const units = network.items

  // the counts come with every page: until the first answer, its loading and error states
  if (network.status !== 'done' && units.length === 0) return <Loaded state={network}>{() => null}</Loaded>
  const data = network.last
  return (
    <View className="registry">
      <View className="card registry" data-testid="network-counts">
        {data && <Text>{t('registry.network.counts', data.counts)}</Text>}
        <View className="registry__row">
          {KINDS.map((k) => (
            <Text key={k} className={`chip${kind === k ? ' chip--on' : ''}`} onClick={() => setKind(k)}>
              {t(`registry.network.kind.${k}`)}
            </Text>
          ))}
        </View>
      </View>
      <NamedStudios region={region} />
      <View className="card registry__list">
        {units.map((u) => (
          <View key={u.id} className="registry__item">
            <Text className="section-title registry__line">{pick(u.name, lang)}</Text>
            <Text className="card__label registry__line">
              {u.lead ? `${pick(u.lead, lang)} · ` : ''}
              {t('registry.network.members', { members: u.members, cultivators: u.cultivators })}
            </Text>
          </View>
        ))}
        <Failed state={network} />
        {network.status === 'done' && data?.more && (
          <Button className="button--secondary" onClick={network.next}>
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
      <Loaded state={office}>{(region) => <NetworkOf region={region} />}</Loaded>
    </Screen>
  )
}
