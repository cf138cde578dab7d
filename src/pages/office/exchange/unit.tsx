/**
 * A unit (department) puts a studio of the 石榴籽 network in its region forward for the year's selection of
 * excellent studios, from its staff's office home. Households are not offered here: department staff never
 * reach households (cloudfunctions/_shared/access.ts), so a family the unit knows is nominated by its village
 * office. Each studio campaign still before its 公示 shows its deadline and the unit's nominations with where
 * each stands; while nominations are open, the studio is picked, its story written, photos and a recording
 * added if the unit has them (NominateForm).
 */
import '../catalogue'
import { Text, View } from '@tarojs/components'
import Screen from '@/components/Screen'
import { Empty, Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { CampaignItem, NominationState, UnitNominating } from '@shared/contracts/exchange'
import { exchange } from '@shared/contracts/exchange'
import { identity } from '@shared/contracts/identity'
import NominateForm, { NomineeChips } from './NominateForm'
import './index.css'

/** nominations that no longer stand: the studio may be put forward again */
const STOPPED: readonly NominationState[] = ['declined', 'refused', 'struck']

function Campaign({
  campaign,
  data,
  onNominated,
}: {
  campaign: CampaignItem
  data: UnitNominating
  onNominated: () => void
}) {
  const { lang, t } = useSettings()
  const mine = data.nominations.filter((n) => n.campaignId === campaign.id)
  const open = campaign.stage === 'nomination'
  // a studio the unit has put forward (and not stopped) is not offered twice
  const standing = new Set(mine.filter((n) => !STOPPED.includes(n.state)).map((n) => n.unitId))
  const free = data.studios.filter((s) => !standing.has(s.id))
  return (
    <View className="card exchange__item" data-testid="unit-campaign" data-id={campaign.id}>
      <Text className="exchange__name">{pick(campaign.title, lang) || t('exchange.kind.studio')}</Text>
      <Text className="card__label">
        {open ? t('exchange.until', { day: campaign.deadlines.nomination }) : t('exchange.unit.closed')}
      </Text>
      <Text className="exchange__name">{t('exchange.unit.mine')}</Text>
      {mine.length === 0 ? (
        <Text className="card__label">{t('exchange.unit.none')}</Text>
      ) : (
        mine.map((n) => (
          <View key={n.id} className="card__top" data-testid="unit-nomination" data-state={n.state}>
            <Text>{pick(n.name, lang)}</Text>
            <Text className="card__label">{t(`exchange.nomState.${n.state}`)}</Text>
          </View>
        ))
      )}
      {open && data.studios.length === 0 && <Text className="card__label">{t('exchange.unit.noStudios')}</Text>}
      {open && free.length > 0 && (
        <NominateForm
          // a fresh form once the nomination shows in the unit's list, for its next studio
          key={standing.size}
          campaignId={campaign.id}
          kind="studio"
          onDone={onNominated}
          picker={(chosen, onChoose) => <NomineeChips items={free} chosen={chosen} onChoose={onChoose} />}
        />
      )}
    </View>
  )
}

function Nominating({ departmentId }: { departmentId: string }) {
  const { t } = useSettings()
  const state = useCall(() => call(exchange, 'unitNominating', { departmentId }), [departmentId])
  return (
    <Loaded state={state} empty={t('exchange.unit.noCampaigns')} isEmpty={({ campaigns }) => campaigns.length === 0}>
      {(data) => (
        <View className="exchange__list" data-testid="unit-campaigns">
          {data.campaigns.map((c) => (
            <Campaign key={c.id} campaign={c} data={data} onNominated={state.retry} />
          ))}
        </View>
      )}
    </Loaded>
  )
}

export default function OfficeUnitNominatePage() {
  const { t } = useSettings()
  const me = useCall(() => call(identity, 'me', {}))
  return (
    <Screen title="exchange.unit.title">
      <Text>{t('exchange.unit.intro')}</Text>
      <Loaded state={me}>
        {({ roles }) => {
          const unit = roles.find((g) => g.role === 'department')
          return unit?.role === 'department' ? (
            <Nominating departmentId={unit.departmentId} />
          ) : (
            <Empty text={t('exchange.unit.notUnit')} />
          )
        }}
      </Loaded>
    </Screen>
  )
}
