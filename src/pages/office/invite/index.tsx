/**
 * Office staff issue an official's invitation: pick the official from the roster of the office's region
 * (a page at a time, filtered by name on the page) or type the official's id. The server checks that the
 * official is within the caller's authority and still active.
 */
import '../catalogue'
import { Button, Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { InviteScreen, IssueButton, IssueError, useIssue } from '@/components/InviteCard/issue'
import { Empty, Loaded } from '@/components/States'
import { pick } from '@shared/bilingual'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { identity } from '@shared/contracts/identity'
import { registry } from '@shared/contracts/registry'
import { useOfficeRegion } from '../roster/office'
import { offWhen } from '@/components/Form'

const PAGE = 20

interface Browse {
  offset: number
  filter: string
}

/** The officials of the office's region, a page at a time, each with its "issue" button. Where the list
 * stands (`browse`) is kept by the screen, so "invite another" comes back to the same page and filter. */
function OfficialsOf({
  region,
  browse: { offset, filter },
  onBrowse,
  working,
  onInvite,
}: {
  region: string
  browse: Browse
  onBrowse: (change: Partial<Browse>) => void
  working: boolean
  onInvite: (officialId: string, name: string) => void
}) {
  const { lang, t } = useSettings()
  const list = useCall(() => call(registry, 'officials', { region, offset, limit: PAGE }), [region, offset])
  const needle = filter.trim().toLowerCase()

  return (
    <Loaded state={list}>
      {({ officials, total }) => {
        const shown = officials.filter(
          (o) => !needle || `${o.name['zh-Hans']} ${o.name.bo} ${o.externalId}`.toLowerCase().includes(needle),
        )
        return (
          <View data-testid="invite-officials">
            <Input
              className="invite-page__field"
              value={filter}
              placeholder={t('invite.filter')}
              nativeProps={{ 'aria-label': t('invite.filter') }}
              onInput={(e) => onBrowse({ filter: e.detail.value })}
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
                  disabled={offWhen(!o.active || working)}
                  onClick={() => onInvite(o.id, pick(o.name, lang))}
                >
                  {t('invite.issue')}
                </Button>
              </View>
            ))}
            <View className="invite-page__row">
              <Button
                size="mini"
                disabled={offWhen(offset === 0)}
                onClick={() => onBrowse({ offset: Math.max(0, offset - PAGE) })}
              >
                {t('invite.prev')}
              </Button>
              <Text>{t('invite.page', { page: offset / PAGE + 1, total })}</Text>
              <Button
                size="mini"
                disabled={offWhen(offset + PAGE >= total)}
                onClick={() => onBrowse({ offset: offset + PAGE })}
              >
                {t('invite.next')}
              </Button>
            </View>
          </View>
        )
      }}
    </Loaded>
  )
}

export default function OfficeInvitePage() {
  const { t } = useSettings()
  const region = useOfficeRegion()
  const [typedId, setTypedId] = useState('')
  const [browse, setBrowse] = useState<Browse>({ offset: 0, filter: '' })
  const issuing = useIssue()

  const invite = (officialId: string, name: string) =>
    void issuing.issue(() => call(identity, 'inviteOfficial', { officialId }), t('invite.forOfficial', { name }))

  return (
    <InviteScreen title="invite.title" issuing={issuing}>
      <View className="card invite-page">
        <Text>{t('invite.officialIntro')}</Text>
        <IssueError state={issuing.state} />
        <Text className="card__label">{t('invite.officialId')}</Text>
        <Input
          className="invite-page__field"
          value={typedId}
          nativeProps={{ 'aria-label': t('invite.officialId') }}
          onInput={(e) => setTypedId(e.detail.value.trim())}
          data-testid="invite-official-id"
        />
        <IssueButton issuing={issuing} disabled={offWhen(!typedId)} onIssue={() => invite(typedId, typedId)} />
      </View>
      <Loaded state={region}>
        {(officeRegion) => (
          <OfficialsOf
            region={officeRegion}
            browse={browse}
            onBrowse={(change) => setBrowse((b) => ({ ...b, ...change }))}
            working={issuing.state.status === 'working'}
            onInvite={invite}
          />
        )}
      </Loaded>
    </InviteScreen>
  )
}
