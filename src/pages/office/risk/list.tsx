/**
 * The public list (公示) of the households identified as 防返贫 monitoring objects, for a village or township
 * office to print and post: the village, the head's name, the family's size, the kind and the day the national
 * system decided, and nothing else (no ID, phone, bank or health details: the function gives none). The region
 * is `?region=` or the caller's own village or township office; county offices are refused by the function.
 */
import '../catalogue'
import { useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import '@/components/Manage/index.css'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { CallError, call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import { identity } from '@shared/contracts/identity'
import { requests } from '@shared/contracts/requests'
import { RISK_LIST_MAX } from '@shared/contracts/risk'
import { AppError } from '@shared/errors'
import type { Lang } from '@shared/i18n'
import { levelOf, normaliseRegion } from '@shared/region'
import './index.css'

/** The list of the region asked, or of the caller's own village or township office; none is said as the function says it. */
async function listOf(asked: string | undefined, lang: Lang) {
  let region = asked
  if (!region) {
    const me = await call(identity, 'me', {})
    const local = me.roles.find(
      (g) => g.role === 'office' && ['village', 'township'].includes(levelOf(normaliseRegion(g.region)) ?? ''),
    )
    if (local?.role !== 'office') throw new CallError(new AppError('FORBIDDEN', 'riskList.localOnly').toShape(lang))
    region = normaliseRegion(local.region)
  }
  return call(requests, 'riskList', { region })
}

export default function RiskListPage() {
  const { lang, t } = useSettings()
  const asked = useRouter().params.region
  const list = useCall(() => listOf(asked ? decodeURIComponent(asked) : undefined, lang), [asked, lang])
  return (
    <Screen title="riskList.title">
      <Loaded state={list}>
        {(data) => (
          <View data-testid="risk-list">
            <View className="risk-list__head">
              <Text className="section-title" data-testid="risk-list-heading">
                {t('riskList.heading', { region: pick(data.region.name, lang) })}
              </Text>
              <Text className="card__label">{t('riskList.note')}</Text>
              {process.env.TARO_ENV === 'h5' && (
                <Button className="manage__secondary risk-list__print" onClick={() => window.print()}>
                  {t('riskList.print')}
                </Button>
              )}
            </View>
            {data.items.length === 0 ? (
              <Text className="card__label" data-testid="risk-list-empty">
                {t('riskList.empty')}
              </Text>
            ) : (
              <View className="risk-list__table">
                <View className="risk-list__row risk-list__row--head">
                  <Text className="risk-list__cell">{t('riskList.village')}</Text>
                  <Text className="risk-list__cell">{t('riskList.head')}</Text>
                  <Text className="risk-list__cell risk-list__cell--narrow">{t('riskList.members')}</Text>
                  <Text className="risk-list__cell">{t('riskList.kind')}</Text>
                  <Text className="risk-list__cell">{t('riskList.date')}</Text>
                </View>
                {data.items.map((line, i) => (
                  <View key={i} className="risk-list__row" data-testid="risk-list-line">
                    <Text className="risk-list__cell">{pick(line.village, lang)}</Text>
                    <Text className="risk-list__cell">{pick(line.head, lang)}</Text>
                    <Text className="risk-list__cell risk-list__cell--narrow">{line.members}</Text>
                    <Text className="risk-list__cell">{t(`riskLead.kind.${line.kind}`)}</Text>
                    <Text className="risk-list__cell">{line.decidedOn}</Text>
                  </View>
                ))}
              </View>
            )}
            {data.more && <Text className="card__label">{t('riskList.more', { count: RISK_LIST_MAX })}</Text>}
          </View>
        )}
      </Loaded>
    </Screen>
  )
}
