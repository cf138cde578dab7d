/**
 * The home's small section on the current phase: its name and how far the caller's own region (or
 * department) has come against its targets this quarter; the phases screen holds the rest and the regions
 * below. Loaded after the figures above it, and silent when it cannot load: the figures are what the home
 * is for.
 */
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { RoleGrant } from '@shared/contracts/identity'
import { dashboard } from '@shared/contracts/dashboard'
import { PREFECTURE } from '../roster/office'
import { ProgressCard } from './phases'
import './phases.css'

export default function PhaseSummary({ roles }: { roles: readonly RoleGrant[] }) {
  const { t } = useSettings()
  const own = roles.some((g) => g.role === 'office' || g.role === 'department')
  const state = useCall(() => call(dashboard, 'progress', own ? {} : { region: PREFECTURE }), [own])
  if (state.status !== 'done' || !state.data.phase) return null
  const { phase, period, own: row } = state.data
  return (
    <View
      className="phases__summary"
      data-testid="phase-summary"
      onClick={() => void Taro.navigateTo({ url: '/pages/office/dashboard/phases' })}
    >
      <Text className="card__label">
        {t('phases.current')} · {t(`phases.${phase.id}`)} · {t('phases.progress', { period })}
      </Text>
      <ProgressCard row={row} testId="phase-summary-own" />
    </View>
  )
}
