/** Read rates of a published notice by region; a region with regions under it opens one level down. */
import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import Screen from '../../../components/Screen'
import { ErrorState, Loading } from '../../../components/States'
import { pick } from '../../../services/bilingual'
import { call } from '../../../services/cloud'
import { useSettings } from '../../../services/settings'
import { useCall } from '../../../services/useCall'
import { notices } from '../../../shared/contracts/notices'
import './index.css'

const percent = (reads: number, audience: number) => (audience > 0 ? `${((reads / audience) * 100).toFixed(1)}%` : '—')

export default function OfficeNoticeRatesPage() {
  const { lang, t } = useSettings()
  const { id = '', region } = useRouter().params
  const rates = useCall(() => call(notices, 'readRates', region ? { id, region } : { id }), [id, region])
  return (
    <Screen title="notice.readRates">
      {rates.status === 'loading' && <Loading />}
      {rates.status === 'error' && <ErrorState error={rates.error} lang={rates.lang} onRetry={rates.retry} />}
      {rates.status === 'done' && (
        <View className="card rates" data-testid="rates-table">
          {rates.data.rows.map((row) => (
            <View
              key={row.code}
              className={`rates__row${row.hasChildren ? ' rates__row--link' : ''}`}
              data-testid="rate-row"
              data-code={row.code}
              data-reads={row.reads}
              data-audience={row.audience}
              onClick={() =>
                row.hasChildren &&
                void Taro.navigateTo({
                  url: `/pages/office/notices/rates?id=${encodeURIComponent(id)}&region=${row.code}`,
                })
              }
            >
              <Text className="rates__name">{pick(row.name, lang)}</Text>
              <View className="rates__track">
                <View
                  className="rates__bar"
                  style={{ width: row.audience ? `${Math.min(100, (row.reads / row.audience) * 100)}%` : '0%' }}
                />
              </View>
              <Text className="rates__figure">
                {t('notice.readRate', {
                  reads: row.reads,
                  audience: row.audience,
                  rate: percent(row.reads, row.audience),
                })}
              </Text>
            </View>
          ))}
          <View className="rates__row rates__row--total">
            <Text className="rates__name">{t('notice.total')}</Text>
            <Text className="rates__figure">
              {t('notice.readRate', {
                reads: rates.data.total.reads,
                audience: rates.data.total.audience,
                rate: percent(rates.data.total.reads, rates.data.total.audience),
              })}
            </Text>
          </View>
        </View>
      )}
    </Screen>
  )
}
