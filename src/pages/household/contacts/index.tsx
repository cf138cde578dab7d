/**
 * The contacts logged with a household, newest first, for its members (main package: keep it light).
 * A visit waits for the household's one tap — "yes, this visit happened" — and shows as confirmed in
 * every report from then on. Notes that moderation held back arrive empty and are not shown.
 */
import { useRouter } from '@tarojs/taro'
import { Button, Image, Text, View } from '@tarojs/components'
import { useState } from 'react'
import AudioPlayer from '@/components/AudioPlayer'
import { offWhen, toastDone } from '@/components/Form'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { pick, writtenIn } from '@shared/bilingual'
import { call, toCallError } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { ContactView } from '@shared/contracts/contacts'
import { contacts } from '@shared/contracts/contacts'
import { identity } from '@shared/contracts/identity'
import { chinaDateTime } from '@shared/time'
import { usePullRefresh } from '../usePullRefresh'
import './index.css'

/**
 * Text an official wrote (`shown` within the screen's own words, if any), as written: when it is in the
 * other language than the screen's, a label says which, so a reader knows it is the official's text.
 */
function Written({ text, shown = text, className }: { text: string; shown?: string; className: string }) {
  const { lang, t } = useSettings()
  const written = writtenIn(text)
  const other = written === 'bo' || written === 'zh-Hans' ? written : undefined
  return (
    <View className={className}>
      {other && other !== lang && (
        <Text className="written__lang" data-testid="written-in" data-lang={other}>
          {t(`writtenIn.${other}`)}
        </Text>
      )}
      <Text className={other ? `lang-${other}` : undefined}>{shown}</Text>
    </View>
  )
}

async function ownHouseholdId(fromRoute: string): Promise<string> {
  if (fromRoute) return fromRoute
  const me = await call(identity, 'me', {})
  const grant = me.roles.find((g) => g.role === 'household')
  return grant?.role === 'household' ? grant.householdId : ''
}

function ContactCard({ contact, householdId }: { contact: ContactView; householdId: string }) {
  const { lang, t } = useSettings()
  // confirmed on this screen, or as the list last said (a refreshed list may bring a confirmation)
  const [confirmedHere, setConfirmedAt] = useState<string | null>(null)
  const confirmedAt = confirmedHere ?? contact.confirmedAt
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState('')
  const confirm = async () => {
    setBusy(true)
    setProblem('')
    try {
      const res = await call(contacts, 'confirmVisit', { householdId, contactId: contact.id })
      setConfirmedAt(res.confirmedAt)
      toastDone(t('contacts.household.confirmed'))
    } catch (error) {
      setProblem(toCallError(error, lang).message)
    } finally {
      setBusy(false)
    }
  }
  const visit = contact.channel === 'visit'
  return (
    <View
      className={`card card--edged${visit && !confirmedAt ? ' card--alert' : ''}`}
      data-testid="contact"
      data-id={contact.id}
      data-confirmed={confirmedAt ? 'true' : 'false'}
    >
      <View className="card__top">
        <Text className="contact-card__channel">{t(`contacts.channel.${contact.channel}`)}</Text>
        <Text className="contact-card__at">{chinaDateTime(contact.at)}</Text>
      </View>
      <Text className="contact-card__by">{t('contacts.household.by', { name: pick(contact.officialName, lang) })}</Text>
      {contact.topics.length > 0 && (
        <Text className="contact-card__topics">
          {contact.topics.map((topic) => t(`contacts.topic.${topic}`)).join(' · ')}
        </Text>
      )}
      {contact.notes && <Written className="contact-card__notes" text={contact.notes} />}
      {contact.voiceNote?.url && <AudioPlayer src={contact.voiceNote.url} label={t('contacts.household.voiceNote')} />}
      {contact.needs.length > 0 && (
        <Written
          className="contact-card__needs"
          text={contact.needs.join('；')}
          shown={t('contacts.household.needs', { needs: contact.needs.join('；') })}
        />
      )}
      {contact.photos.length > 0 && (
        <View className="contact-card__photos">
          {contact.photos.map((fileId, i) => (
            <View key={fileId} className="contact-card__photo" data-testid="contact-photo">
              <Image className="contact-card__img" src={contact.photoUrls[i] || fileId} mode="widthFix" />
            </View>
          ))}
        </View>
      )}
      {visit &&
        (confirmedAt ? (
          <Text className="contact-card__confirmed" data-testid="confirmed">
            ✓ {t('contacts.household.confirmed')} {chinaDateTime(confirmedAt)}
          </Text>
        ) : (
          <View className="contact-card__confirm">
            <Text className="card__label">{t('contacts.household.notConfirmed')}</Text>
            <Button
              className="contact-card__button"
              data-testid="confirm"
              loading={busy}
              disabled={offWhen(busy)}
              onClick={() => void confirm()}
            >
              {t('contacts.household.confirm')}
            </Button>
          </View>
        ))}
      {problem && <Text className="contact-card__problem">{problem}</Text>}
    </View>
  )
}

export default function HouseholdContactsPage() {
  const { t } = useSettings()
  const fromRoute = decodeURIComponent(useRouter().params.householdId ?? '')
  const list = useCall(async () => {
    const id = await ownHouseholdId(fromRoute)
    return { id, ...(await call(contacts, 'householdContacts', { householdId: id })) }
  })
  usePullRefresh(list, list.retry)

  return (
    <Screen title="contacts.household.title">
      <Loaded state={list} isEmpty={(data) => data.contacts.length === 0} empty={t('contacts.household.empty')}>
        {(data) => (
          <View className="contacts" data-testid="contacts">
            {data.contacts.map((c) => (
              <ContactCard key={c.id} contact={c} householdId={data.id} />
            ))}
          </View>
        )}
      </Loaded>
    </Screen>
  )
}
