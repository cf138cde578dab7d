/**
 * "My households" for an official (subpackage pages/official): every paired household, most urgent
 * first — overdue, then risk level, then open needs — with the outbox of contacts not yet sent on top.
 * A phone call or a WeChat chat is logged from the card in two taps (QuickLog); a visit opens the form;
 * the card itself opens the household's page. `?filter=overdue|unconfirmed` (from the official's home)
 * narrows the list to the households that are overdue or have a visit waiting for their confirmation.
 * The last list fetched is kept on the phone, so in a village with no signal the official can still
 * open it and log a contact. Pull down to fetch it again.
 */
import '../catalogue'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useEffect, useMemo, useRef, useState } from 'react'
import Screen from '@/components/Screen'
import { Empty, Loaded } from '@/components/States'
import { pick } from '@shared/bilingual'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { HouseholdRow } from '@shared/contracts/contacts'
import { contacts } from '@shared/contracts/contacts'
import type { MessageKey } from '@shared/i18n'
import OutboxPanel from './OutboxPanel'
import QuickLog, { contactFormUrl, type QuickChannel } from './QuickLog'
import { type SavedList, readSaved, writeSaved } from './saved'
import './index.css'

export function contactUrl(row: Pick<HouseholdRow, 'id'>): string {
  return contactFormUrl(row.id)
}

export function householdUrl(id: string): string {
  return `/pages/official/household/index?id=${encodeURIComponent(id)}`
}

export const FILTERS = ['overdue', 'unconfirmed'] as const
export type Filter = (typeof FILTERS)[number]

const matches: Record<Filter, (row: HouseholdRow) => boolean> = {
  overdue: (row) => row.overdue,
  unconfirmed: (row) => row.unconfirmedVisits > 0,
}

const EMPTY_FILTERED = {
  overdue: 'contacts.home.noneOverdue',
  unconfirmed: 'contacts.home.noneUnconfirmed',
} as const satisfies Record<Filter, MessageKey>

function HouseholdCard({ row, onQuick }: { row: HouseholdRow; onQuick: (channel: QuickChannel) => void }) {
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
      <View
        className="household-row__open"
        data-testid="open-household"
        onClick={() => void Taro.navigateTo({ url: householdUrl(row.id) })}
      >
        <View className="card__top">
          <Text className="household-row__name">{pick(row.headName, lang)}</Text>
          <Text className="household-row__members">{t('contacts.members', { count: row.memberCount })} ›</Text>
        </View>
        <View className="household-row__badges">
          {row.overdue && <Text className="badge badge--overdue">{t('contacts.overdue')}</Text>}
          <Text className={`badge badge--risk-${row.riskLevel}`}>
            {t('contacts.riskLevel', { level: t(`contacts.risk.${row.riskLevel}`) })}
          </Text>
          {row.openNeeds > 0 && (
            <Text className="badge badge--needs">{t('contacts.openNeeds', { count: row.openNeeds })}</Text>
          )}
          {row.unconfirmedVisits > 0 && (
            <Text className="badge badge--unconfirmed" data-testid="unconfirmed">
              {t('contacts.unconfirmedVisits', { count: row.unconfirmedVisits })}
            </Text>
          )}
        </View>
        <Text className="household-row__since">{since}</Text>
      </View>
      <View className="household-row__actions">
        <Button className="household-row__log" data-testid="quick-phone" onClick={() => onQuick('phone')}>
          {t('contacts.channel.phone')}
        </Button>
        <Button className="household-row__log" data-testid="quick-wechat" onClick={() => onQuick('wechat')}>
          {t('contacts.channel.wechat')}
        </Button>
        <Button
          className="household-row__log"
          data-testid="log-visit"
          onClick={() => void Taro.navigateTo({ url: contactFormUrl(row.id, 'visit') })}
        >
          {t('contacts.channel.visit')}
        </Button>
      </View>
      <View className="household-row__more">
        <Button
          className="household-row__invite"
          size="mini"
          data-testid="log-contact"
          onClick={() => void Taro.navigateTo({ url: contactUrl(row) })}
        >
          {t('contacts.log')}
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
    </View>
  )
}

export default function OfficialHouseholdsPage() {
  const { lang, t } = useSettings()
  const asked = useRouter().params.filter
  const [filter, setFilter] = useState<Filter | undefined>(
    FILTERS.includes(asked as Filter) ? (asked as Filter) : undefined,
  )
  const [quick, setQuick] = useState<{ row: HouseholdRow; channel: QuickChannel } | undefined>(undefined)
  const [saved, setSaved] = useState<SavedList | undefined>(readSaved)
  const list = useCall(() => call(contacts, 'myHouseholds', {}))
  const pulling = useRef(false)

  // kept once per answer, not on every render
  const fetched = list.status === 'done' ? list.data : undefined
  useEffect(() => {
    if (!fetched) return
    setSaved(fetched)
    writeSaved(fetched)
  }, [fetched])

  // a pull ends when its answer (or its failure) is in
  useEffect(() => {
    if (!pulling.current || list.status === 'loading') return
    pulling.current = false
    Taro.stopPullDownRefresh()
  }, [list.status, fetched])

  usePullDownRefresh(() => {
    pulling.current = true
    list.retry()
  })

  // back from the form: the list moves (last contact, overdue) once the contact has been sent
  Taro.useDidShow(() => {
    if (list.status !== 'loading') list.retry()
  })

  const shown = list.status === 'done' ? list.data : saved
  const names = useMemo(
    () => new Map((shown?.households ?? []).map((h) => [h.id, pick(h.headName, lang)])),
    [shown, lang],
  )
  const rows = shown ? shown.households.filter((row) => !filter || matches[filter](row)) : []

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
        <View className="households" data-testid="households" data-filter={filter ?? ''}>
          {shown.overdueCount > 0 && (
            <Text className="households__overdue">{t('contacts.overdueCount', { count: shown.overdueCount })}</Text>
          )}
          <View className="households__filters">
            {FILTERS.map((f) => (
              <Text
                key={f}
                className={`households__filter${filter === f ? ' households__filter--on' : ''}`}
                data-testid={`filter-${f}`}
                onClick={() => setFilter(filter === f ? undefined : f)}
              >
                {t(`contacts.filter.${f}`)}
              </Text>
            ))}
            {filter && (
              <Text className="households__filter" data-testid="filter-all" onClick={() => setFilter(undefined)}>
                {t('contacts.filter.all')}
              </Text>
            )}
          </View>
          {rows.length === 0 ? (
            <Empty text={t(filter ? EMPTY_FILTERED[filter] : 'contacts.noHouseholds')} />
          ) : (
            rows.map((row) => (
              <HouseholdCard key={row.id} row={row} onQuick={(channel) => setQuick({ row, channel })} />
            ))
          )}
        </View>
      )}
      {quick && (
        <QuickLog
          householdId={quick.row.id}
          name={pick(quick.row.headName, lang)}
          channel={quick.channel}
          onClose={() => setQuick(undefined)}
        />
      )}
    </Screen>
  )
}
