/**
 * The phones bound to one household, for its head and for the office over it: each can be unbound (after
 * a confirmation), or moved to a new phone with a replacement code (`replaces`) — the screen says plainly
 * that the old phone loses access once the new one binds. Who may do either is the server's rule.
 */
import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { chinaDateTime } from '@shared/time'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useAction, useCall } from '@/services/useCall'
import type { ActionOutput } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import type { MessageKey } from '@shared/i18n'
import type { Issuing } from '../InviteCard/issue'
import { IssueError } from '../InviteCard/issue'
import { Empty, Loaded } from '../States'
import { Done, Problem, confirmed } from './index'
import { offWhen } from '../Form'

type Member = ActionOutput<typeof identity, 'householdMembers'>['members'][number]

/** The replacement step for one binding: the warning, then the code (shown by the screen's InviteScreen). */
function Replace({
  householdId,
  member,
  who,
  issuing,
  onBack,
}: {
  householdId: string
  member: Member
  who: string
  issuing: Issuing
  onBack: () => void
}) {
  const { t } = useSettings()
  const working = issuing.state.status === 'working'
  return (
    <View className="card manage" data-testid="replace">
      <Text className="section-title">{t('replace.title')}</Text>
      <Text className="manage__warning" data-testid="replace-warning">
        {t('replace.warning', { who })}
      </Text>
      <Text className="manage__id">{member.openid}</Text>
      <IssueError state={issuing.state} />
      <Button
        className="manage__action"
        disabled={offWhen(working)}
        data-testid="replace-issue"
        onClick={() =>
          void issuing.issue(
            () => call(identity, 'inviteHousehold', { householdId, replaces: member.openid }),
            t('replace.for', { who }),
          )
        }
      >
        {t(working ? 'invite.working' : 'replace.issue')}
      </Button>
      <Button className="manage__secondary" onClick={onBack}>
        {t('common.back')}
      </Button>
    </View>
  )
}

export default function Members({ householdId, issuing }: { householdId: string; issuing: Issuing }) {
  const { t } = useSettings()
  const [changes, setChanges] = useState(0)
  const [done, setDone] = useState<MessageKey>()
  const [replacing, setReplacing] = useState<{ member: Member; index: number }>()
  const action = useAction()
  const list = useCall(() => call(identity, 'householdMembers', { householdId }), [householdId, changes])
  // worded when shown, so a language switch re-words the list and the replacement step alike
  const whoOf = (member: Member, index: number) =>
    member.head ? t('roles.head') : t('members.member', { n: index + 1 })

  if (replacing)
    return (
      <Replace
        householdId={householdId}
        member={replacing.member}
        who={whoOf(replacing.member, replacing.index)}
        issuing={issuing}
        onBack={() => {
          issuing.reset()
          setReplacing(undefined)
        }}
      />
    )

  async function unbind(member: Member) {
    setDone(undefined)
    if (!(await confirmed(t('members.unbindConfirm')))) return
    await action.run(async () => {
      await call(identity, 'unbind', { role: 'household', openid: member.openid })
      setDone('roles.unbound')
      setChanges((n) => n + 1)
    })
  }

  return (
    <Loaded state={list}>
      {({ members, limit }) => (
        <View className="manage" data-testid="members">
          <Done message={done} />
          <Problem problem={action.problem} />
          <Text className="section-title">{t('members.count', { count: members.length, max: limit })}</Text>
          {members.length === 0 && <Empty text={t('common.empty')} />}
          {members.map((member, index) => {
            const who = whoOf(member, index)
            return (
              <View key={member.openid} className="card manage__row" data-testid="member" data-openid={member.openid}>
                <Text className="section-title">{who}</Text>
                {member.since && (
                  <Text className="card__label">{t('members.since', { time: chinaDateTime(member.since) })}</Text>
                )}
                <Text className="manage__id">{member.openid}</Text>
                <View className="manage__buttons">
                  <Button
                    className="manage__secondary"
                    disabled={offWhen(action.busy)}
                    data-testid="member-replace"
                    onClick={() => {
                      setDone(undefined)
                      setReplacing({ member, index })
                    }}
                  >
                    {t('members.replace')}
                  </Button>
                  <Button
                    className="manage__secondary"
                    disabled={offWhen(action.busy)}
                    data-testid="member-unbind"
                    onClick={() => void unbind(member)}
                  >
                    {t('roles.unbind')}
                  </Button>
                </View>
              </View>
            )
          })}
        </View>
      )}
    </Loaded>
  )
}
