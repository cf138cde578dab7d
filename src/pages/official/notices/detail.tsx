/**
 * A notice for an official: its content, which of their households have not read it yet, and a way to
 * forward it to one of them in WeChat. WeChat does not say whether a share was sent, so once the share
 * sheet is closed (the page shows again) the official is asked, and only a "yes" is logged as a WeChat
 * contact through the contacts function (so coverage and contact counts include it), the notice
 * recording which contact carried it. A notice none of their households is meant to read (one for
 * officials) has no households-read section.
 */
import '../catalogue'
import { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call, toCallError } from '@/services/cloud'
import { pick } from '@shared/bilingual'
import { uuid4 } from '@/services/outbox'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { Topic } from '@shared/contracts/contacts'
import { contacts } from '@shared/contracts/contacts'
import type { Category } from '@shared/contracts/notices'
import { notices, pickText } from '@shared/contracts/notices'
import NoticeView from '@/pages/household/notices/NoticeView'
import { actingAsFrom, useNotice } from '@/pages/household/notices/useNotice'
import '@/pages/household/notices/index.css'
import './index.css'
import { offWhen, toastDone } from '@/components/Form'
import { confirmed } from '@/components/Manage'

const TOPIC_OF: Record<Category, Topic> = {
  policy: 'policy',
  virtues: 'virtues',
  customs: 'customs',
  livelihood: 'employment',
  safety: 'policy',
  other: 'policy',
}

export default function OfficialNoticeDetailPage() {
  const { lang, t } = useSettings()
  const { params } = useRouter()
  const id = params.id ?? ''
  const opened = useNotice(id, actingAsFrom(params.as))
  const unread = useCall(() => call(notices, 'unreadHouseholds', { id }), [id])
  const [forwarded, setForwarded] = useState<Record<string, boolean>>({})
  const [message, setMessage] = useState('')

  // weapp: the forward button opens WeChat's share sheet with the notice's household page
  useShareAppMessage(() => {
    const title = opened.status === 'done' ? pickText(opened.data.notice, lang).title : t('notice.title')
    return { title, path: `/pages/household/notices/detail?id=${encodeURIComponent(id)}` }
  })

  const forward = async (householdId: string) => {
    if (opened.status !== 'done') return
    const notice = opened.data.notice
    const contactId = uuid4()
    try {
      await call(contacts, 'logContact', {
        id: contactId,
        householdId,
        channel: 'wechat',
        at: new Date().toISOString(),
        topics: [TOPIC_OF[notice.category]],
        notes: `${t('notice.forward')}：${pickText(notice, 'zh-Hans').title}`,
        photos: [],
        locationConsent: false,
        needs: [],
      })
      await call(notices, 'forwardToHousehold', { id, householdId, contactId })
      setForwarded((f) => ({ ...f, [householdId]: true }))
      setMessage('')
      toastDone(t('contacts.savedToast'))
    } catch (error) {
      setMessage(toCallError(error, lang).message)
    }
  }

  const askThenLog = async (householdId: string) => {
    if (await confirmed(t('contacts.forwardAsk'))) await forward(householdId)
  }

  // weapp: the tap opens WeChat's share sheet; the page shows again when it closes, sent or not
  const sharing = useRef<string | undefined>(undefined)
  useDidShow(() => {
    const householdId = sharing.current
    sharing.current = undefined
    if (householdId) void askThenLog(householdId)
  })
  const share = (householdId: string) => {
    if (process.env.TARO_ENV === 'weapp') sharing.current = householdId
    else void askThenLog(householdId)
  }

  return (
    <Screen title="notice.title">
      <Loaded state={opened}>{({ notice }) => <NoticeView notice={notice} />}</Loaded>
      {/* nobody to list and nobody who read it: none of the official's households is in its audience */}
      {unread.status !== 'loading' &&
        !(unread.status === 'done' && unread.data.items.length === 0 && unread.data.read === 0) && (
          <Text className="section-title">{t('notice.unreadHouseholds')}</Text>
        )}
      <Loaded state={unread} isEmpty={(data) => data.items.length === 0 && data.read > 0} empty={t('notice.allRead')}>
        {({ items, read }) =>
          read === 0 && items.length === 0
            ? null
            : items.map((h) => (
                <View key={h.id} className="card unread" data-testid="unread-household">
                  <View className="unread__who">
                    <Text className="unread__name">{h.headName}</Text>
                    <Text className="unread__village">
                      {pick(h.village, lang)} · {h.phoneMasked}
                    </Text>
                  </View>
                  <Button
                    className="unread__forward"
                    openType="share"
                    disabled={offWhen(forwarded[h.id] === true)}
                    data-testid="forward"
                    onClick={() => share(h.id)}
                  >
                    {forwarded[h.id] ? t('notice.forwarded') : t('notice.forward')}
                  </Button>
                </View>
              ))
        }
      </Loaded>
      {message && (
        <Text className="unread__message" onClick={() => setMessage('')}>
          {message}
        </Text>
      )}
    </Screen>
  )
}
