/**
 * Logging a phone call or a WeChat chat from the household list: one sheet, the topic already chosen
 * (日常联系, changeable or cleared), saved on the phone through the outbox with its own id. Two taps from
 * the list ("电话", then "记下这次联系"); anything more (another time, notes, a voice note) is the full form.
 */
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { offWhen, toastDone } from '@/components/Form'
import { OutboxFullError, outbox } from '@/services/outbox'
import { useSettings } from '@/services/settings'
import type { Topic } from '@shared/contracts/contacts'
import { TOPICS } from '@shared/contracts/contacts'
import { now } from '@shared/time'

/** the channels a sheet logs; a visit has its own form */
export type QuickChannel = 'phone' | 'wechat'

export function contactFormUrl(householdId: string, channel?: string, topics: readonly Topic[] = []): string {
  const query = [`householdId=${encodeURIComponent(householdId)}`]
  if (channel) query.push(`channel=${channel}`)
  if (topics.length) query.push(`topics=${topics.join(',')}`)
  return `/pages/official/contact/index?${query.join('&')}`
}

export default function QuickLog({
  householdId,
  name,
  channel,
  onClose,
}: {
  householdId: string
  name: string
  channel: QuickChannel
  onClose: () => void
}) {
  const { t } = useSettings()
  const [topics, setTopics] = useState<Topic[]>(['routine'])
  const [saving, setSaving] = useState(false)
  const [problem, setProblem] = useState('')

  const toggle = (topic: Topic) =>
    setTopics((list) => (list.includes(topic) ? list.filter((x) => x !== topic) : [...list, topic]))

  const save = async () => {
    setSaving(true)
    setProblem('')
    try {
      await outbox().add({
        id: outbox().newId(),
        householdId,
        channel,
        at: now(),
        topics,
        notes: '',
        locationConsent: false,
        needs: [],
      })
      void outbox().flush()
      toastDone(t('contacts.savedToast'))
      onClose()
    } catch (error) {
      setProblem(error instanceof OutboxFullError ? t(error.key) : String(error))
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className="quick" data-testid="quick-log" data-channel={channel} data-household={householdId}>
      <View className="quick__shade" onClick={onClose} />
      <View className="quick__sheet" role="dialog">
        <Text className="quick__title">
          {t(`contacts.channel.${channel}`)} · {name}
        </Text>
        <Text className="card__label">{t('contacts.topicsOptional')}</Text>
        <View className="quick__topics">
          {TOPICS.map((topic) => (
            <Text
              key={topic}
              className={`quick__topic${topics.includes(topic) ? ' quick__topic--on' : ''}`}
              data-testid={`quick-topic-${topic}`}
              data-on={topics.includes(topic) ? 'true' : 'false'}
              onClick={() => toggle(topic)}
            >
              {t(`contacts.topic.${topic}`)}
            </Text>
          ))}
        </View>
        <Text className="quick__hint">{t('contacts.quick.hint')}</Text>
        {problem && (
          <View className="quick__problem" role="alert">
            <Text>{problem}</Text>
          </View>
        )}
        <Button
          className="quick__save"
          data-testid="quick-save"
          loading={saving}
          disabled={offWhen(saving)}
          onClick={() => void save()}
        >
          {t('contacts.quick.save')}
        </Button>
        <View className="quick__more">
          <Button
            className="quick__secondary"
            data-testid="quick-more"
            onClick={() => {
              onClose()
              void Taro.navigateTo({ url: contactFormUrl(householdId, channel, topics) })
            }}
          >
            {t('contacts.quick.more')}
          </Button>
          <Button className="quick__secondary" data-testid="quick-cancel" onClick={onClose}>
            {t('common.cancel')}
          </Button>
        </View>
      </View>
    </View>
  )
}
