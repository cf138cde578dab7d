/**
 * One household for its official (`?id=`): the head and members by name with their numbers masked until
 * the official asks ("show full numbers" asks first, says the view is recorded, and the server reveals
 * them only to a role that may see them and audits each reveal), its village, the info sheet's summary
 * and when it was last confirmed, the risk level with its reason, its requests and where each is, and the
 * contacts logged with it. From here the official confirms the sheet, changes the risk level, records a
 * request, answers a resolved one for the household during a visit, or logs a contact.
 */
import '../catalogue'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import { Problem, confirmed } from '@/components/Manage'
import { offWhen } from '@/components/Form'
import '@/components/Manage/index.css'
import Screen from '@/components/Screen'
import { Empty, Failed, Loaded } from '@/components/States'
import { pick } from '@shared/bilingual'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useAction, useCall, usePages } from '@/services/useCall'
import type { ActionOutput } from '@shared/contract'
import type { ContactView, HouseholdRecord } from '@shared/contracts/contacts'
import { contacts } from '@shared/contracts/contacts'
import { identity } from '@shared/contracts/identity'
import { requests } from '@shared/contracts/requests'
import { isMessageKey } from '@shared/i18n'
import { chinaDateTime, chinaDay } from '@shared/time'
import { byName, householdRecord, levelKey, pageUrl, reviewDue, useHouseholdId } from './parts'
import Requests from './Requests'
import './index.css'

type Detail = ActionOutput<typeof identity, 'householdDetail'>

function Head({ detail, village }: { detail: Detail; village: string }) {
  const { lang, t } = useSettings()
  return (
    <View className="card manage__row" data-testid="detail-head">
      <Text className="card__label">{t('household.head')}</Text>
      <Text className="section-title">{pick(detail.head.name, lang)}</Text>
      {village && (
        <>
          <Text className="card__label">{t('record.village')}</Text>
          <Text data-testid="village">{village}</Text>
        </>
      )}
      <Text className="card__label">{t('detail.idNumber')}</Text>
      <Text className="manage__value" data-testid="head-id">
        {detail.head.idNumber}
      </Text>
      <Text className="card__label">{t('household.phone')}</Text>
      <Text className="manage__value" data-testid="phone">
        {detail.phone}
      </Text>
    </View>
  )
}

/** The members with their numbers, masked until the official asks below them */
function Members({ detail }: { detail: Detail }) {
  const { lang, t } = useSettings()
  // the stored relation is a code (head, spouse…); one the catalogue does not know is shown as it is
  const relationOf = (code: string) => {
    const key = `detail.relation.${code}`
    return isMessageKey(key) ? t(key) : code
  }
  return (
    <>
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

function Record({ record, householdId }: { record: HouseholdRecord; householdId: string }) {
  const { lang, t } = useSettings()
  const due = reviewDue(record.confirmedAt)
  const { level, reason, date } = record.risk
  return (
    <>
      <View className={`card card--edged${due ? ' card--alert' : ''}`} data-testid="sheet-summary">
        <Text className="section-title">{t('sheet.title')}</Text>
        <Text>
          {t('sheet.summary', { members: record.sheet.members.length, sources: record.sheet.incomeSources.length })}
        </Text>
        <Text className="card__label" data-testid="sheet-confirmed">
          {record.confirmedAt
            ? t('sheet.lastConfirmed', {
                date: chinaDay(record.confirmedAt),
                name: byName(record.confirmedBy, lang, t),
              })
            : t('sheet.never')}
        </Text>
        {due && <Text data-testid="sheet-due">{t('sheet.due')}</Text>}
        {record.mayEditSheet && (
          <Button
            className="manage__secondary"
            data-testid="open-sheet"
            onClick={() => void Taro.navigateTo({ url: pageUrl('sheet', householdId) })}
          >
            {t('sheet.open')}
          </Button>
        )}
      </View>
      <View className={`card card--edged${level === 'high' ? ' card--alert' : ''}`} data-testid="risk-summary">
        <Text className="section-title">{t('risk.title')}</Text>
        <Text className={`household-risk household-risk--${level}`}>{t(levelKey(level))}</Text>
        {reason && <Text data-testid="risk-reason">{t('risk.reasonShown', { reason })}</Text>}
        {date && <Text className="card__label">{t('risk.assessed', { date })}</Text>}
        {record.mayEditRisk && (
          <Button
            className="manage__secondary"
            data-testid="open-risk"
            onClick={() => void Taro.navigateTo({ url: pageUrl('risk', householdId) })}
          >
            {t('risk.open')}
          </Button>
        )}
      </View>
    </>
  )
}

function ContactRow({ contact }: { contact: ContactView }) {
  const { lang, t } = useSettings()
  const waiting = contact.channel === 'visit' && !contact.confirmedAt
  return (
    <View className="card card--edged" data-testid="contact" data-id={contact.id}>
      <View className="card__top">
        <Text className="section-title">{t(`contacts.channel.${contact.channel}`)}</Text>
        <Text className="card__label">{chinaDateTime(contact.at)}</Text>
      </View>
      <Text className="card__label">{pick(contact.officialName, lang)}</Text>
      {contact.topics.length > 0 && (
        <Text>{contact.topics.map((topic) => t(`contacts.topic.${topic}`)).join(' · ')}</Text>
      )}
      {contact.notes && <Text>{contact.notes}</Text>}
      {contact.needs.length > 0 && <Text>{t('contacts.household.needs', { needs: contact.needs.join(' · ') })}</Text>}
      {contact.channel === 'visit' && (
        <Text className={waiting ? 'household-waiting' : 'card__label'} data-testid="contact-confirmation">
          {waiting ? t('record.visitWaiting') : t('contacts.household.confirmed')}
        </Text>
      )}
    </View>
  )
}

export default function OfficialHouseholdPage() {
  const { lang, t } = useSettings()
  const householdId = useHouseholdId()
  const action = useAction()
  const [revealed, setRevealed] = useState<Detail>()
  const masked = useCall(() => call(identity, 'householdDetail', { householdId }), [householdId])
  const record = useCall(() => householdRecord(householdId), [householdId])
  // the function words the reason the township office took one in the caller's language: read again on a switch
  const asked = useCall(() => call(requests, 'forHousehold', { householdId }), [householdId, lang])
  // names the categories; a household with no menu yet still shows its requests
  const menu = useCall(() => call(requests, 'menu', { householdId }), [householdId])
  // the next page starts before the oldest contact shown
  const oldest = useRef<string>()
  const list = usePages(
    (page) => {
      const before = page === 0 ? undefined : oldest.current
      return call(contacts, 'householdContacts', { householdId, ...(before ? { before } : {}) })
    },
    (answer) => answer.contacts,
    [householdId],
  )
  oldest.current = list.items.at(-1)?.at

  // back from the sheet, the risk level, the need or the contact form: show what was saved there
  Taro.useDidShow(() => {
    if (record.status !== 'loading') record.retry()
    if (asked.status !== 'loading') asked.retry()
    if (list.status !== 'loading') list.reload()
  })

  async function showFull() {
    if (!(await confirmed(t('detail.revealConfirm')))) return
    await action.run(async () => setRevealed(await call(identity, 'householdDetail', { householdId, reveal: true })))
  }

  const village = record.status === 'done' ? pick(record.data.village, lang) : ''
  const detail = masked.status === 'done' ? (revealed ?? masked.data) : undefined
  return (
    <Screen title="detail.title">
      <View className="manage">
        {detail ? <Head detail={detail} village={village} /> : <Loaded state={masked}>{() => null}</Loaded>}
        <Loaded state={record}>{(data) => <Record record={data} householdId={householdId} />}</Loaded>
        <Requests householdId={householdId} list={asked} menu={menu.status === 'done' ? menu.data.items : undefined} />
        <Button
          className="manage__secondary"
          data-testid="open-opportunities"
          onClick={() =>
            void Taro.navigateTo({
              url: `/pages/official/opportunities/index?householdId=${encodeURIComponent(householdId)}`,
            })
          }
        >
          {t('exchange.opportunities.link')}
        </Button>
        <View className="card__top">
          <Text className="section-title">{t('record.contacts')}</Text>
          <Button
            className="household-log"
            size="mini"
            data-testid="log-contact"
            onClick={() =>
              void Taro.navigateTo({
                url: `/pages/official/contact/index?householdId=${encodeURIComponent(householdId)}`,
              })
            }
          >
            {t('record.logContact')}
          </Button>
        </View>
        {list.items.length === 0 ? (
          <Loaded state={list}>{() => <Empty text={t('contacts.household.empty')} />}</Loaded>
        ) : (
          <>
            {list.items.map((contact) => (
              <ContactRow key={contact.id} contact={contact} />
            ))}
            <Failed state={list} />
            {list.last?.more && list.status === 'done' && (
              <Button className="manage__secondary" data-testid="more-contacts" onClick={list.next}>
                {t('record.moreContacts')}
              </Button>
            )}
          </>
        )}
        {detail && (
          <>
            <Members detail={detail} />
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
          </>
        )}
      </View>
    </Screen>
  )
}
