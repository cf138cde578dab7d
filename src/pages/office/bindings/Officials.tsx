/**
 * Moving an official's lost phone: the office finds the official by name among those living in its region,
 * sees whether a phone holds them (its openid masked, and since when) and issues a replacement code for
 * whichever phone that is, after saying that the old phone loses access. An official nobody holds gets an
 * ordinary code. The server checks the official is the office's and audits both steps.
 */
import { Button, Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { Issuing } from '@/components/InviteCard/issue'
import { IssueError } from '@/components/InviteCard/issue'
import { offWhen } from '@/components/Form'
import { Problem, confirmed } from '@/components/Manage'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useAction, useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { ActionOutput } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import { registry } from '@shared/contracts/registry'
import { chinaDateTime } from '@shared/time'

type Found = ActionOutput<typeof registry, 'findOfficials'>['officials'][number]

function Binding({ official, issuing, onBack }: { official: Found; issuing: Issuing; onBack: () => void }) {
  const { lang, t } = useSettings()
  const binding = useCall(() => call(identity, 'officialBinding', { officialId: official.id }), [official.id])
  const name = pick(official.name, lang)
  const working = issuing.state.status === 'working'

  async function issue(replacing: boolean) {
    if (replacing && !(await confirmed(t('officialBinding.replaceConfirm', { name })))) return
    await issuing.issue(
      () =>
        call(
          identity,
          'inviteOfficial',
          replacing ? { officialId: official.id, replacesBound: true } : { officialId: official.id },
        ),
      t(replacing ? 'officialBinding.for' : 'invite.forOfficial', { name }),
    )
  }

  return (
    <View className="card manage" data-testid="official-binding" data-official={official.id}>
      <Text className="section-title">{name}</Text>
      <Text className="card__label">
        {[pick(official.department, lang), pick(official.position, lang)].filter(Boolean).join(' · ')}
      </Text>
      <Loaded state={binding}>
        {({ bound }) =>
          bound ? (
            <View className="manage__row">
              <Text data-testid="official-bound">{t('officialBinding.bound', { openid: bound.openid })}</Text>
              {bound.since && (
                <Text className="card__label">{t('members.since', { time: chinaDateTime(bound.since) })}</Text>
              )}
              <Text className="manage__warning">{t('replace.warning', { who: name })}</Text>
              <IssueError state={issuing.state} />
              <Button
                className="manage__action"
                disabled={offWhen(working)}
                data-testid="official-replace"
                onClick={() => void issue(true)}
              >
                {t(working ? 'invite.working' : 'replace.issue')}
              </Button>
            </View>
          ) : (
            <View className="manage__row">
              <Text data-testid="official-unbound">{t('officialBinding.unbound')}</Text>
              <IssueError state={issuing.state} />
              <Button
                className="manage__action"
                disabled={offWhen(working)}
                data-testid="official-invite"
                onClick={() => void issue(false)}
              >
                {t(working ? 'invite.working' : 'invite.issue')}
              </Button>
            </View>
          )
        }
      </Loaded>
      <Button className="manage__secondary" onClick={onBack}>
        {t('officialBinding.another')}
      </Button>
    </View>
  )
}

export default function Officials({ region, issuing }: { region: string; issuing: Issuing }) {
  const { lang, t } = useSettings()
  const [query, setQuery] = useState('')
  const [found, setFound] = useState<ActionOutput<typeof registry, 'findOfficials'>>()
  const [chosen, setChosen] = useState<Found>()
  const search = useAction()

  const find = () =>
    search.run(async () => {
      setFound(await call(registry, 'findOfficials', { region, query: query.trim() }))
    })

  if (chosen)
    return (
      <Binding
        official={chosen}
        issuing={issuing}
        onBack={() => {
          issuing.reset()
          setChosen(undefined)
        }}
      />
    )

  return (
    <View className="card manage" data-testid="officials">
      <Text>{t('officialBinding.intro')}</Text>
      <View className="manage__field">
        <Text className="card__label">{t('officialBinding.name')}</Text>
        <Input
          className="manage__input"
          value={query}
          nativeProps={{ 'aria-label': t('officialBinding.name') }}
          confirmType="search"
          onInput={(e) => setQuery(e.detail.value)}
          onConfirm={() => void (query.trim() && find())}
          data-testid="official-query"
        />
      </View>
      <Button
        className="manage__action"
        disabled={offWhen(search.busy || !query.trim())}
        onClick={() => void find()}
        data-testid="official-find"
      >
        {t('registry.reassign.find')}
      </Button>
      <Problem problem={search.problem} />
      {found && found.officials.length === 0 && <Text className="card__label">{t('registry.reassign.noMatch')}</Text>}
      {found?.officials.map((o) => (
        <Button
          key={o.id}
          className="manage__secondary"
          data-testid="official-choice"
          data-official={o.id}
          onClick={() => setChosen(o)}
        >
          {[pick(o.name, lang), o.active ? '' : t('registry.reassign.inactive')].filter(Boolean).join(' · ')}
        </Button>
      ))}
    </View>
  )
}
