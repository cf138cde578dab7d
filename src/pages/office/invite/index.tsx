/**
 * Office staff issue an official's invitation: pick the official from the roster of the office's region
 * (a page at a time, filtered by name on the page) or type the official's id. The server checks that the
 * official is within the caller's authority and still active.
 */
import { Button, Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import InviteCard from '../../../components/InviteCard'
import { IssueError, useIssue } from '../../../components/InviteCard/issue'
import Screen from '../../../components/Screen'
import { Empty, ErrorState, Loading } from '../../../components/States'
import { pick } from '../../../services/bilingual'
import { call } from '../../../services/cloud'
import { useSettings } from '../../../services/settings'
import { useCall } from '../../../services/useCall'
import { identity } from '../../../shared/contracts/identity'
import { registry } from '../../../shared/contracts/registry'
import { useOfficeRegion } from '../roster/office'

const PAGE = 20

export default function OfficeInvitePage() {
  const { lang, t } = useSettings()
  const region = useOfficeRegion()
  const [offset, setOffset] = useState(0)
  const [filter, setFilter] = useState('')
  const [typedId, setTypedId] = useState('')
  const { state, issue, reset } = useIssue()
  const officeRegion = region.status === 'done' ? region.data : ''
  const list = useCall(
    () =>
      officeRegion
        ? call(registry, 'officials', { region: officeRegion, offset, limit: PAGE })
        : Promise.resolve({ officials: [], total: 0 }),
    [officeRegion, offset],
  )

  const invite = (officialId: string, name: string) =>
    issue(() => call(identity, 'inviteOfficial', { officialId }), t('invite.forOfficial', { name }))

  if (state.status === 'done') {
    return (
      <Screen title="invite.title">
        <View className="invite-page">
          <InviteCard invite={state.invite} forText={state.forText} />
          <Button className="invite-page__action" onClick={reset} data-testid="invite-another">
            {t('invite.another')}
          </Button>
        </View>
      </Screen>
    )
  }

  const needle = filter.trim().toLowerCase()
  const shown =
    list.status === 'done'
      ? list.data.officials.filter(
          (o) => !needle || `${o.name['zh-Hans']} ${o.name.bo} ${o.externalId}`.toLowerCase().includes(needle),
        )
      : []

  return (
    <Screen title="invite.title">
      <View className="card invite-page">
        <Text>{t('invite.officialIntro')}</Text>
        <IssueError state={state} />
        <Text className="card__label">{t('invite.officialId')}</Text>
        <Input
          className="invite-page__field"
          value={typedId}
          onInput={(e) => setTypedId(e.detail.value.trim())}
          data-testid="invite-official-id"
        />
        <Button
          className="invite-page__action"
          disabled={!typedId || state.status === 'working'}
          onClick={() => invite(typedId, typedId)}
          data-testid="invite-issue"
        >
          {t(state.status === 'working' ? 'invite.working' : 'invite.issue')}
        </Button>
      </View>
      {region.status === 'error' && <ErrorState error={region.error} lang={region.lang} onRetry={region.retry} />}
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorState error={list.error} lang={list.lang} onRetry={list.retry} />}
      {region.status === 'done' && list.status === 'done' && (
        <View data-testid="invite-officials">
          <Input
            className="invite-page__field"
            value={filter}
            placeholder={t('invite.filter')}
            onInput={(e) => setFilter(e.detail.value)}
            data-testid="invite-filter"
          />
          {shown.length === 0 && <Empty text={t('common.empty')} />}
          {shown.map((o) => (
            <View key={o.id} className="card invite-page__row" data-testid="invite-official" data-id={o.id}>
              <View>
                <Text className="section-title">{pick(o.name, lang)}</Text>
                <Text className="card__label">
                  {pick(o.department, lang)} · {pick(o.position, lang)}
                </Text>
              </View>
              <Button
                size="mini"
                disabled={!o.active || state.status === 'working'}
                onClick={() => invite(o.id, pick(o.name, lang))}
              >
                {t('invite.issue')}
              </Button>
            </View>
          ))}
          <View className="invite-page__row">
            <Button size="mini" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              {t('invite.prev')}
            </Button>
            <Text>{t('invite.page', { page: offset / PAGE + 1, total: list.data.total })}</Text>
            <Button size="mini" disabled={offset + PAGE >= list.data.total} onClick={() => setOffset(offset + PAGE)}>
              {t('invite.next')}
            </Button>
          </View>
        </View>
      )}
    </Screen>
  )
}
