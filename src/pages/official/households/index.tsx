/**
 * "My households" for an official (subpackage pages/official): every paired household, most urgent
 * first — overdue, then risk level, then open needs — with the outbox of contacts not yet sent on top.
 * The last list fetched is kept on the phone, so in a village with no signal the official can still
 * open it and log a contact.
 */
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useEffect, useMemo, useState } from 'react'
import Screen from '@/components/Screen'
import { Empty, Loaded } from '@/components/States'
import { pick } from '@shared/bilingual'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { HouseholdRow } from '@shared/contracts/contacts'
import { contacts } from '@shared/contracts/contacts'
import OutboxPanel from './OutboxPanel'
import { type SavedList, readSaved, writeSaved } from './saved'
import './index.css'

export function contactUrl(row: Pick<HouseholdRow, 'id'>): string {
  return `/pages/official/contact/index?householdId=${encodeURIComponent(row.id)}`
}

function HouseholdCard({ row }: { row: HouseholdRow }) {
  const { lang, t } = useSettings()
  const since =
    row.daysSince === null
      ? t('contacts.neverContacted')
      : row.daysSince === 0
        ? t('contacts.today')
        : t('contacts.daysSince', { days: row.daysSince })
  return (
    <View
      className={`card card--edged${row.overdue ? ' card--alert' : ''}`}
      data-testid="household-row"
      data-id={row.id}
      data-overdue={row.overdue ? 'true' : 'false'}
      data-risk={row.riskLevel}
    >
      <View className="card__top">
        <Text className="household-row__name">{pick(row.headName, lang)}</Text>
        <Text className="household-row__members">{t('contacts.members', { count: row.memberCount })}</Text>
      </View>
      <View className="household-row__badges">
        {row.overdue && <Text className="badge badge--overdue">{t('contacts.overdue')}</Text>}
        <Text className={`badge badge--risk-${row.riskLevel}`}>
          {t('contacts.riskLevel', { level: t(`contacts.risk.${row.riskLevel}`) })}
        </Text>
        {row.openNeeds > 0 && (
          <Text className="badge badge--needs">{t('contacts.openNeeds', { count: row.openNeeds })}</Text>
        )}
      </View>
      <Text className="household-row__since">{since}</Text>
      <Button
        className="household-row__log"
        data-testid="log-contact"
        onClick={() => void Taro.navigateTo({ url: contactUrl(row) })}
      >
        {t('contacts.log')}
      </Button>
      <Button
        className="household-row__invite"
        size="mini"
        data-testid="open-household"
        onClick={() =>
          void Taro.navigateTo({ url: `/pages/official/household/index?householdId=${encodeURIComponent(row.id)}` })
        }
      >
        {t('detail.open')}
      </Button>
      <Button
        className="household-row__invite"
        size="mini"
        data-testid="invite-member"
        onClick={() =>
          void Taro.navigateTo({ url: `/pages/official/invite/index?householdId=${encodeURIComponent(row.id)}` })
        }
      >
        {t('invite.familyMember')}
      </Button>
    </View>
  )
}

export default function OfficialHouseholdsPage() {
  const { lang, t } = useSettings()
  const [saved, setSaved] = useState<SavedList | undefined>(readSaved)
  const list = useCall(() => call(contacts, 'myHouseholds', {}))

  // kept once per answer, not on every render
  const fetched = list.status === 'done' ? list.data : undefined
  useEffect(() => {
    if (!fetched) return
    setSaved(fetched)
    writeSaved(fetched)
  }, [fetched])

  // back from the form: the list moves (last contact, overdue) once the contact has been sent
  Taro.useDidShow(() => {
    if (list.status !== 'loading') list.retry()
  })

  const shown = list.status === 'done' ? list.data : saved
  const names = useMemo(
    () => new Map((shown?.households ?? []).map((h) => [h.id, pick(h.headName, lang)])),
    [shown, lang],
  )

  return (
    <Screen title="contacts.myHouseholds">
      <OutboxPanel names={names} />
      {/* nothing kept on the phone yet: the list's own loading and error */}
      {!shown && <Loaded state={list}>{() => null}</Loaded>}
      {shown && list.status === 'error' && (
        <Text className="households__saved" data-testid="saved-list">
          {t('contacts.savedList')}
        </Text>
      )}
      {shown && (
        <View className="households" data-testid="households">
          {shown.overdueCount > 0 && (
            <Text className="households__overdue">{t('contacts.overdueCount', { count: shown.overdueCount })}</Text>
          )}
          {shown.households.length === 0 ? (
            <Empty text={t('contacts.noHouseholds')} />
          ) : (
            shown.households.map((row) => <HouseholdCard key={row.id} row={row} />)
          )}
        </View>
      )}
    </Screen>
  )
}
