/**
 * One paired household's sheet for its official (`?householdId=`): the head, the phone and the members,
 * with ID-card and phone numbers masked. "Show full numbers" asks first and says the view is recorded;
 * the server reveals them only to a role that may see them and writes the audit record of each reveal.
 */
import { Button, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { Problem, confirmed } from '@/components/Manage'
import { offWhen } from '@/components/Form'
import '@/components/Manage/index.css'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { pick } from '@shared/bilingual'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useAction, useCall } from '@/services/useCall'
import type { ActionOutput } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import { isMessageKey } from '@shared/i18n'

type Detail = ActionOutput<typeof identity, 'householdDetail'>

function Sheet({ detail }: { detail: Detail }) {
  const { lang, t } = useSettings()
  // the stored relation is a code (head, spouse…); one the catalogue does not know is shown as it is
  const relationOf = (code: string) => {
    const key = `detail.relation.${code}`
    return isMessageKey(key) ? t(key) : code
  }
  const risk = `contacts.risk.${detail.riskLevel ?? ''}`
  return (
    <>
      <View className="card manage__row" data-testid="detail-head">
        <Text className="card__label">{t('household.head')}</Text>
        <Text className="section-title">{pick(detail.head.name, lang)}</Text>
        <Text className="card__label">{t('detail.idNumber')}</Text>
        <Text className="manage__value" data-testid="head-id">
          {detail.head.idNumber}
        </Text>
        <Text className="card__label">{t('household.phone')}</Text>
        <Text className="manage__value" data-testid="phone">
          {detail.phone}
        </Text>
        {isMessageKey(risk) && <Text>{t('contacts.riskLevel', { level: t(risk) })}</Text>}
      </View>
      <Text className="section-title">{t('detail.members')}</Text>
      {detail.members.map((member, index) => (
        <View key={index} className="card manage__row" data-testid="detail-member">
          <Text className="section-title">
            {pick(member.name, lang)} · {relationOf(member.relation)}
          </Text>
          {member.birthYear !== undefined && <Text>{t('detail.birthYear', { year: member.birthYear })}</Text>}
          <Text className="card__label">{t('detail.idNumber')}</Text>
          <Text className="manage__value">{member.idNumber}</Text>
        </View>
      ))}
    </>
  )
}

export default function OfficialHouseholdPage() {
  const { t } = useSettings()
  const householdId = decodeURIComponent(useRouter().params.householdId ?? '')
  const action = useAction()
  const [revealed, setRevealed] = useState<Detail>()
  const masked = useCall(() => call(identity, 'householdDetail', { householdId }), [householdId])

  async function showFull() {
    if (!(await confirmed(t('detail.revealConfirm')))) return
    await action.run(async () => setRevealed(await call(identity, 'householdDetail', { householdId, reveal: true })))
  }

  return (
    <Screen title="detail.title">
      <Loaded state={masked}>
        {(first) => {
          const detail = revealed ?? first
          return (
            <View className="manage">
              {detail.revealed ? (
                <View className="manage__status" role="status" data-testid="revealed">
                  <Text>{t('detail.revealed')}</Text>
                </View>
              ) : (
                <View className="card manage" data-testid="masked">
                  <Text>{t('detail.masked')}</Text>
                  {detail.mayReveal ? (
                    <>
                      <Text className="card__label">{t('detail.revealNote')}</Text>
                      <Problem problem={action.problem} />
                      <Button
                        className="manage__action"
                        disabled={offWhen(action.busy)}
                        onClick={() => void showFull()}
                        data-testid="reveal"
                      >
                        {t('detail.reveal')}
                      </Button>
                    </>
                  ) : (
                    <Text className="card__label">{t('detail.noReveal')}</Text>
                  )}
                </View>
              )}
              <Sheet detail={detail} />
            </View>
          )
        }}
      </Loaded>
    </Screen>
  )
}
