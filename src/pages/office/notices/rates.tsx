/**
 * Read rates of a published notice by region; a region with regions under it opens one level down. A
 * notice to households and officials shows either's reads, chosen at the top.
 */
import '../catalogue'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Screen from '@/components/Screen'
import Wide from '@/components/Wide'
import { Loaded } from '@/components/States'
import { pick } from '@shared/bilingual'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { notices } from '@shared/contracts/notices'
import './index.css'

const percent = (reads: number, audience: number) => (audience > 0 ? `${((reads / audience) * 100).toFixed(1)}%` : '—')

type Readers = 'households' | 'officials'

export default function OfficeNoticeRatesPage() {
  const { lang, t } = useSettings()
  const params = useRouter().params
  const { id = '', region } = params
  const [readers, setReaders] = useState<Readers | undefined>(
    params.readers === 'officials' || params.readers === 'households' ? params.readers : undefined,
  )
  const rates = useCall(
    () => call(notices, 'readRates', { id, ...(region ? { region } : {}), ...(readers ? { readers } : {}) }),
    [id, region, readers],
  )
  return (
    <Screen title="notice.readRates">
      <Loaded state={rates}>
        {(data) => (
          <View className="office-notice">
            {data.roles === 'both' && (
              <View className="chips" data-testid="rates-readers">
                {(['households', 'officials'] as const).map((r) => (
                  <Text
                    key={r}
                    className={`chip${data.readers === r ? ' chip--on' : ''}`}
                    data-testid={`rates-readers-${r}`}
                    onClick={() => setReaders(r)}
                  >
                    {t(`notice.roles.${r}`)}
                  </Text>
                ))}
              </View>
            )}
            <View className="card rates" data-testid="rates-table" data-readers={data.readers}>
              {/* on a wide window the regions stand in two columns, the total under both */}
              <Wide>
                {data.rows.map((row) => (
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
                        url: `/pages/office/notices/rates?id=${encodeURIComponent(id)}&region=${row.code}&readers=${data.readers}`,
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
                <View className="rates__row rates__row--total wide__full">
                  <Text className="rates__name">{t('notice.total')}</Text>
                  <Text className="rates__figure">
                    {t('notice.readRate', {
                      reads: data.total.reads,
                      audience: data.total.audience,
                      rate: percent(data.total.reads, data.total.audience),
                    })}
                  </Text>
                </View>
              </Wide>
            </View>
          </View>
        )}
      </Loaded>
    </Screen>
  )
}
