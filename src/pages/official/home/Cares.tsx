/**
 * Households an office asked the official to look in on (the dashboard's gentle reminder): each by name and
 * village with the day it was asked, to open, or to put aside once seen to. A household leaves the list by
 * itself once anyone contacts it. This is a list of households that need care, never a mark or a count about
 * the official; with none, nothing shows. Putting one aside is also the tap where WeChat may ask whether the
 * next such request may come as a message.
 */
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { offWhen } from '@/components/Form'
import { Problem } from '@/components/Manage'
import '@/components/Manage/index.css'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { askMessages } from '@/services/subscribe'
import { useAction, useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import { CARE_TEMPLATE, dashboard } from '@shared/contracts/dashboard'
import { chinaDay } from '@shared/time'

export default function Cares() {
  const { lang, t } = useSettings()
  const cares = useCall(() => call(dashboard, 'cares', {}))
  const action = useAction()
  if (cares.status !== 'done' || cares.data.households.length === 0) return null
  const putAside = (householdId: string) =>
    action.run(async () => {
      await askMessages([CARE_TEMPLATE])
      await call(dashboard, 'putAside', { householdId })
      cares.retry()
    })
  return (
    <View className="card official-cares" data-testid="cares">
      <Text className="section-title">{t('dashboard.care.title')}</Text>
      <Text className="card__label">{t('dashboard.care.intro')}</Text>
      {cares.data.households.map((h) => (
        <View key={h.householdId} className="official-cares__item" data-testid="care" data-id={h.householdId}>
          <View
            className="official-cares__text"
            role="link"
            onClick={() => void Taro.navigateTo({ url: `/pages/official/household/index?id=${h.householdId}` })}
          >
            <Text className="official-cares__name">
              {pick(h.headName, lang)} · {pick(h.village, lang)} ›
            </Text>
            <Text className="card__label">
              {t('dashboard.care.asked', { day: chinaDay(h.remindedAt) })}
              {' · '}
              {h.daysSince === null ? t('dashboard.list.never') : t('dashboard.list.since', { days: h.daysSince })}
            </Text>
          </View>
          <Button
            className="manage__secondary official-cares__aside"
            data-testid="care-aside"
            disabled={offWhen(action.busy)}
            onClick={() => void putAside(h.householdId)}
          >
            {t('dashboard.care.aside')}
          </Button>
        </View>
      ))}
      <Problem problem={action.problem} />
    </View>
  )
}
