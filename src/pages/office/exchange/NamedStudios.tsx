/**
 * On the 石榴籽 network screen: the region's excellent studios still named, each with the year it was named.
 * Nothing when there are none or the call fails: the network's own counts are what the screen is for.
 */
import { Text, View } from '@tarojs/components'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import { exchange } from '@shared/contracts/exchange'

export default function NamedStudios({ region }: { region: string }) {
  const { lang, t } = useSettings()
  const named = useCall(() => call(exchange, 'named', { region }), [region])
  if (named.status !== 'done') return null
  const studios = named.data.items.filter((n) => n.kind === 'studio' && n.status === 'active')
  if (!studios.length) return null
  return (
    <View className="card registry__list" data-testid="named-studios">
      <Text className="section-title">{t('exchange.kind.studio')}</Text>
      {studios.map((s) => (
        <View key={s.id} className="registry__item" data-testid="named-studio">
          <Text className="registry__line">{pick(s.name, lang)}</Text>
          <Text className="card__label registry__line">{t('exchange.namedYear', { year: s.year })}</Text>
        </View>
      ))}
    </View>
  )
}
