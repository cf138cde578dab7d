/**
 * For a paired official at one household (`?householdId=`): the exchange-trip places offered to the family,
 * answered for it during a visit when the family asks (recorded as such); the recruitment and enrolment
 * opportunities open where it lives, recommended to one member in two taps; and what became of earlier
 * recommendations, recorded when the official learns it — there is no reminder and nothing is required.
 */
import '../catalogue'
import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { offWhen, toastDone } from '@/components/Form'
import { Problem } from '@/components/Manage'
import '@/components/Manage/index.css'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import TripOffers from '@/components/TripOffers'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useAction, useCall } from '@/services/useCall'
import { uuid4 } from '@/services/uuid'
import { pick } from '@shared/bilingual'
import type { ActionOutput } from '@shared/contract'
import type { OpportunityItem, OpportunityOutcome, RecommendationItem } from '@shared/contracts/exchange'
import { OPPORTUNITY_OUTCOMES, exchange } from '@shared/contracts/exchange'
import { useHouseholdId } from '../household/parts'
import './index.css'

type ForHousehold = ActionOutput<typeof exchange, 'householdOpportunities'>

function Open({
  item,
  members,
  householdId,
  onDone,
}: {
  item: OpportunityItem
  members: ForHousehold['members']
  householdId: string
  onDone: () => void
}) {
  const { lang, t } = useSettings()
  const [member, setMember] = useState<number>()
  // made once per recommendation: a resend after a lost answer stores one
  const [id, setId] = useState(uuid4)
  const act = useAction()
  const recommend = () =>
    act.run(async () => {
      if (member === undefined) return
      await call(exchange, 'recommend', { id, householdId, opportunityId: item.id, member })
      toastDone(t('exchange.opportunities.recommended'))
      setMember(undefined)
      setId(uuid4())
      onDone()
    })
  return (
    <View className="card card--edged" data-testid="opportunity" data-id={item.id}>
      <View className="card__top">
        <Text className="section-title">{pick(item.title, lang)}</Text>
        <Text className="card__label">{t(`exchange.opportunities.kind.${item.kind}`)}</Text>
      </View>
      <Text className="opportunity__text">{pick(item.body, lang)}</Text>
      <Text>{pick(item.place, lang)}</Text>
      <Text className="card__label">{t('exchange.opportunities.deadlineOn', { day: item.deadline })}</Text>
      <Text className="card__label">{t('exchange.opportunities.pickMember')}</Text>
      <View className="manage__choices">
        {members.map((m) => (
          <Button
            key={m.index}
            className={`manage__choice${member === m.index ? ' manage__choice--on' : ''}`}
            onClick={() => setMember(m.index)}
            data-testid="member"
            data-on={member === m.index ? 'true' : undefined}
          >
            {pick(m.name, lang)}
          </Button>
        ))}
      </View>
      <Button
        className="manage__secondary"
        disabled={offWhen(act.busy || member === undefined)}
        onClick={() => void recommend()}
        data-testid="recommend"
      >
        {t('exchange.opportunities.recommend')}
      </Button>
      <Problem problem={act.problem} />
    </View>
  )
}

function Recommended({ item, householdId }: { item: RecommendationItem; householdId: string }) {
  const { lang, t } = useSettings()
  const [outcome, setOutcome] = useState(item.outcome)
  const act = useAction()
  const record = (what: OpportunityOutcome) =>
    act.run(async () => {
      await call(exchange, 'recordOutcome', { id: item.id, householdId, outcome: what })
      setOutcome(what)
      toastDone(t('exchange.opportunities.outcomeSaved'))
    })
  return (
    <View className="card card--edged" data-testid="recommendation" data-id={item.id}>
      <Text className="section-title">{pick(item.title, lang)}</Text>
      <Text>{t('exchange.opportunities.forMember', { name: pick(item.member, lang) })}</Text>
      <Text className="card__label" data-testid="outcome">
        {outcome ? t(`exchange.opportunities.counter.${outcome}`) : t('exchange.opportunities.outcomeUnknown')}
      </Text>
      <Text className="card__label">{t('exchange.opportunities.outcome')}</Text>
      <View className="manage__choices">
        {OPPORTUNITY_OUTCOMES.map((o) => (
          <Button
            key={o}
            className={`manage__choice${outcome === o ? ' manage__choice--on' : ''}`}
            disabled={offWhen(act.busy)}
            onClick={() => void record(o)}
            data-testid={`outcome-${o}`}
          >
            {t(`exchange.opportunities.counter.${o}`)}
          </Button>
        ))}
      </View>
      <Problem problem={act.problem} />
    </View>
  )
}

function Opportunities({ householdId }: { householdId: string }) {
  const { t } = useSettings()
  const view = useCall(() => call(exchange, 'householdOpportunities', { householdId }), [householdId])
  return (
    <Loaded state={view}>
      {({ open, recommendations, members }) => (
        <View className="opportunity__list">
          <Text className="section-title">{t('exchange.opportunities.forHousehold')}</Text>
          {open.length === 0 && <Text data-testid="none">{t('exchange.opportunities.none')}</Text>}
          {open.map((item) => (
            <Open key={item.id} item={item} members={members} householdId={householdId} onDone={view.retry} />
          ))}
          {recommendations.length > 0 && <Text className="section-title">{t('exchange.opportunities.history')}</Text>}
          {recommendations.map((item) => (
            <Recommended key={item.id} item={item} householdId={householdId} />
          ))}
        </View>
      )}
    </Loaded>
  )
}

export default function OfficialOpportunitiesPage() {
  const { t } = useSettings()
  const householdId = useHouseholdId()
  return (
    <Screen title="exchange.opportunities.title">
      <View className="opportunity__list">
        <Text className="section-title">{t('exchange.trips.offers')}</Text>
        <TripOffers householdId={householdId} forHousehold />
        <Opportunities householdId={householdId} />
      </View>
    </Screen>
  )
}
