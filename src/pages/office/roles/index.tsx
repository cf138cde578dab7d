/**
 * An office appoints reviewers and department staff within its authority and takes the roles back; below
 * the form, who holds which role in its region. What the office may grant (its region or below, the
 * departments of its region) is the server's rule (mayGrant); its refusal is shown as it comes.
 */
import '../catalogue'
import { Button, Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { Done, Problem, confirmed } from '@/components/Manage'
import { offWhen } from '@/components/Form'
import Screen from '@/components/Screen'
import { Empty, Loaded } from '@/components/States'
import { pick } from '@shared/bilingual'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useAction, useCall } from '@/services/useCall'
import type { ActionOutput } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import type { MessageKey } from '@shared/i18n'
import { useOfficeRegion } from '../roster/office'

type Answer = ActionOutput<typeof identity, 'rolesInRegion'>
type Holder = Answer['holders'][number]
type Kind = 'reviewer' | 'department'

function Holders({ answer, onRevoke, busy }: { answer: Answer; onRevoke: (h: Holder) => void; busy: boolean }) {
  const { lang, t } = useSettings()
  return (
    <View className="manage" data-testid="holders">
      <Text className="section-title">{t('grants.holders', { count: answer.total })}</Text>
      {answer.holders.length === 0 && <Empty text={t('common.empty')} />}
      {answer.holders.map((holder) => (
        <View
          key={`${holder.openid}|${JSON.stringify(holder.grant)}`}
          className="card manage__row"
          data-testid="holder"
          data-openid={holder.openid}
          data-role={holder.grant.role}
        >
          <Text className="section-title">{t(`role.${holder.grant.role}`)}</Text>
          <Text>{pick(holder.label, lang)}</Text>
          <Text className="manage__id">{holder.openid}</Text>
          {holder.grant.role !== 'office' && (
            <Button className="manage__secondary" disabled={offWhen(busy)} onClick={() => onRevoke(holder)}>
              {t('grants.revoke')}
            </Button>
          )}
        </View>
      ))}
      {answer.total > answer.holders.length && (
        <Text className="card__label">{t('grants.more', { count: answer.total - answer.holders.length })}</Text>
      )}
    </View>
  )
}

function Appoint({
  region,
  answer,
  busy,
  onGrant,
}: {
  region: string
  answer: Answer
  busy: boolean
  onGrant: (openid: string, grant: Holder['grant']) => void
}) {
  const { lang, t } = useSettings()
  const [openid, setOpenid] = useState('')
  const [kind, setKind] = useState<Kind>('reviewer')
  const [code, setCode] = useState(region)
  const [departmentId, setDepartmentId] = useState(answer.departments[0]?.id ?? '')
  const grant: Holder['grant'] | undefined =
    kind === 'reviewer'
      ? code
        ? { role: 'reviewer', region: code }
        : undefined
      : departmentId
        ? { role: 'department', departmentId }
        : undefined

  return (
    <View className="card manage" data-testid="appoint">
      <Text>{t('grants.intro')}</Text>
      <View className="manage__field">
        <Text className="card__label">{t('grants.openid')}</Text>
        <Input
          className="manage__input"
          value={openid}
          nativeProps={{ 'aria-label': t('grants.openid') }}
          onInput={(e) => setOpenid(e.detail.value.trim())}
          data-testid="grant-openid"
        />
      </View>
      <View className="manage__field">
        <Text className="card__label">{t('grants.kind')}</Text>
        <View className="manage__choices">
          {(['reviewer', 'department'] as const).map((k) => (
            <Button
              key={k}
              className={`manage__choice${kind === k ? ' manage__choice--on' : ''}`}
              onClick={() => setKind(k)}
              data-testid={`grant-kind-${k}`}
            >
              {t(`role.${k}`)}
            </Button>
          ))}
        </View>
      </View>
      {kind === 'reviewer' ? (
        <View className="manage__field">
          <Text className="card__label">{t('grants.region')}</Text>
          <Input
            className="manage__input"
            value={code}
            nativeProps={{ 'aria-label': t('grants.region') }}
            onInput={(e) => setCode(e.detail.value.trim())}
            data-testid="grant-region"
          />
        </View>
      ) : (
        <View className="manage__field">
          <Text className="card__label">{t('grants.department')}</Text>
          {answer.departments.length === 0 ? (
            <Text>{t('grants.noDepartments')}</Text>
          ) : (
            <View className="manage__choices">
              {answer.departments.map((d) => (
                <Button
                  key={d.id}
                  className={`manage__choice${departmentId === d.id ? ' manage__choice--on' : ''}`}
                  onClick={() => setDepartmentId(d.id)}
                  data-testid="grant-department"
                  data-id={d.id}
                >
                  {pick(d.name, lang) || d.id}
                </Button>
              ))}
            </View>
          )}
        </View>
      )}
      <Button
        className="manage__action"
        disabled={offWhen(busy || !openid || !grant)}
        onClick={() => grant && onGrant(openid, grant)}
        data-testid="grant-submit"
      >
        {t('grants.grant')}
      </Button>
    </View>
  )
}

/** The region's roles and the appointing form, read once the office's region is known. */
function RolesOf({ region }: { region: string }) {
  const { t } = useSettings()
  const [changes, setChanges] = useState(0)
  const [done, setDone] = useState<MessageKey>()
  const action = useAction()
  const list = useCall(() => call(identity, 'rolesInRegion', { region }), [region, changes])

  function grant(openid: string, given: Holder['grant']) {
    setDone(undefined)
    void action.run(async () => {
      await call(identity, 'grantRole', { openid, grant: given })
      setDone('grants.granted')
      setChanges((n) => n + 1)
    })
  }

  async function revoke(holder: Holder) {
    setDone(undefined)
    const role = t(`role.${holder.grant.role}`)
    if (!(await confirmed(t('grants.revokeConfirm', { openid: holder.openid, role })))) return
    await action.run(async () => {
      await call(identity, 'revokeRole', { openid: holder.openid, grant: holder.grant })
      setDone('grants.revoked')
      setChanges((n) => n + 1)
    })
  }

  return (
    <Loaded state={list}>
      {(answer) => (
        <View className="manage">
          <Done message={done} />
          <Problem problem={action.problem} />
          <Appoint region={region} answer={answer} busy={action.busy} onGrant={grant} />
          <Holders answer={answer} busy={action.busy} onRevoke={(h) => void revoke(h)} />
        </View>
      )}
    </Loaded>
  )
}

export default function OfficeRolesPage() {
  const region = useOfficeRegion()
  return (
    <Screen title="grants.title">
      <Loaded state={region}>{(officeRegion) => <RolesOf region={officeRegion} />}</Loaded>
    </Screen>
  )
}
