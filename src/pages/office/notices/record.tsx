/**
 * One notice for its office and its reviewers: both languages, audience, review history, push
 * progress, and the step each of them can take now (approve or return; publish; edit; retract).
 */
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Button, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { pick } from '@shared/bilingual'
import { call, toCallError } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { identity } from '@shared/contracts/identity'
import { notices } from '@shared/contracts/notices'
import { chinaDay } from '@shared/time'
import './index.css'

export default function OfficeNoticeRecordPage() {
  const { lang, t } = useSettings()
  const id = useRouter().params.id ?? ''
  const [refresh, setRefresh] = useState(0)
  const record = useCall(() => call(notices, 'record', { id }), [id, refresh])
  const me = useCall(() => call(identity, 'me', {}))
  const [comment, setComment] = useState('')
  const [message, setMessage] = useState('')
  useDidShow(() => setRefresh((n) => n + 1))

  const act = async (run: () => Promise<unknown>) => {
    setMessage('')
    try {
      await run()
      setComment('')
      setRefresh((n) => n + 1)
    } catch (error) {
      setMessage(toCallError(error, lang).message)
    }
  }

  const isOffice = me.status === 'done' && me.data.roles.some((g) => g.role === 'office')

  return (
    <Screen title="notice.mine">
      <Loaded state={record}>
        {(r) => {
          const versionStatus = r.pending?.status ?? r.status
          const shown = r.pending?.draft ?? r.draft
          return (
            <>
              <View className="card office-notice__record" data-testid="record" data-status={r.status}>
                <View className="chips">
                  <Text className="chip chip--on" data-testid="status">
                    {t(`notice.status.${r.status}`)}
                  </Text>
                  <Text className="chip">{t('notice.revision', { revision: r.revision })}</Text>
                  <Text className="chip">{t(`notice.category.${shown.category}`)}</Text>
                </View>
                {r.pending && (
                  <Text className="office-notice__pending">
                    {t('notice.pendingRevision', {
                      revision: r.pending.revision,
                      status: t(`notice.status.${r.pending.status}`),
                    })}
                  </Text>
                )}
                {r.returnComment && (versionStatus === 'returned' || versionStatus === 'draft') && (
                  <Text className="field__issue">{t('notice.returned', { comment: r.returnComment })}</Text>
                )}
                {r.retractReason && (
                  <Text className="field__issue">{t('notice.retracted', { reason: r.retractReason })}</Text>
                )}
                {(['zh-Hans', 'bo'] as const).map((l) =>
                  shown.title[l] ? (
                    <View key={l} className={`office-notice__lang lang-${l}`} data-testid={`record-${l}`}>
                      <Text className="card__label">{t(`lang.${l}`)}</Text>
                      <Text className="notice__title">{shown.title[l]}</Text>
                      <Text className="notice__body">{shown.body[l]}</Text>
                    </View>
                  ) : null,
                )}
                <Text className="card__label">
                  {t('notice.field.roles')}: {t(`notice.roles.${shown.audience.roles}`)} ·{' '}
                  {shown.audience.regions
                    .map((code) => (r.regionNames[code] ? pick(r.regionNames[code], lang) : code))
                    .join('、')}
                </Text>
                {shown.media.length > 0 && (
                  <Text className="card__label">
                    {shown.media
                      .map((m) => (m.kind === 'audio' ? `🔊 ${t('notice.audio')}` : `🖼 ${t('notice.picture')}`))
                      .join(' · ')}
                  </Text>
                )}
                {r.push && (
                  <Text className="office-notice__push" data-testid="push">
                    {t(`notice.push.${r.push.state}`)} · {t('notice.push', r.push)}
                  </Text>
                )}
              </View>

              {r.canReview && (
                <View className="card office-notice__review">
                  <Textarea
                    className="field__textarea"
                    placeholder={t('notice.returnComment')}
                    value={comment}
                    onInput={(e) => setComment(e.detail.value)}
                  />
                  <View className="office-notice__actions">
                    <Button
                      className="button--secondary"
                      onClick={() => void act(() => call(notices, 'returnNotice', { id, comment }))}
                    >
                      {t('notice.return')}
                    </Button>
                    <Button
                      className="button--primary"
                      data-testid="approve"
                      onClick={() => void act(() => call(notices, 'approve', { id }))}
                    >
                      {t('notice.approve')}
                    </Button>
                  </View>
                </View>
              )}

              {isOffice && (
                <View className="office-notice__actions">
                  {versionStatus === 'approved' && (
                    <Button
                      className="button--primary"
                      data-testid="publish"
                      onClick={() => void act(() => call(notices, 'publish', { id }))}
                    >
                      {t('notice.publish')}
                    </Button>
                  )}
                  {(versionStatus === 'draft' || versionStatus === 'returned') && (
                    <Button className="button--primary" onClick={() => void act(() => call(notices, 'submit', { id }))}>
                      {t('notice.submit')}
                    </Button>
                  )}
                  {(versionStatus === 'draft' ||
                    versionStatus === 'returned' ||
                    (r.status === 'published' && !r.pending)) && (
                    <Button
                      className="button--secondary"
                      onClick={() =>
                        void Taro.navigateTo({ url: `/pages/office/notices/edit?id=${encodeURIComponent(id)}` })
                      }
                    >
                      {t('notice.edit')}
                    </Button>
                  )}
                </View>
              )}

              {r.status === 'published' && (
                <Button
                  className="button--secondary"
                  data-testid="rates"
                  onClick={() =>
                    void Taro.navigateTo({ url: `/pages/office/notices/rates?id=${encodeURIComponent(id)}` })
                  }
                >
                  {t('notice.readRates')}
                </Button>
              )}

              {isOffice && r.status === 'published' && (
                <View className="card office-notice__review">
                  <Textarea
                    className="field__textarea"
                    placeholder={t('notice.retractReason')}
                    value={comment}
                    onInput={(e) => setComment(e.detail.value)}
                  />
                  <Button
                    className="button--secondary"
                    onClick={() => void act(() => call(notices, 'retract', { id, reason: comment }))}
                  >
                    {t('notice.retract')}
                  </Button>
                </View>
              )}

              {message && <Text className="field__issue">{message}</Text>}

              <Text className="section-title">{t('notice.history')}</Text>
              <View className="card office-notice__history">
                {r.history.map((e, i) => (
                  <Text key={i} className="office-notice__event">
                    {chinaDay(e.at)} · {t(`notice.history.${e.action}`)} ·{' '}
                    {t('notice.revision', { revision: e.revision })}
                    {e.byMe ? ` ${t('notice.byMe')}` : ''}
                    {e.comment ? ` · ${e.comment}` : ''}
                  </Text>
                ))}
              </View>
            </>
          )
        }}
      </Loaded>
    </Screen>
  )
}
