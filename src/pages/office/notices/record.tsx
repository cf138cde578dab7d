/**
 * One notice for its office, the offices above it and its reviewers: whose notice it is, both languages
 * and the recording, audience, review history, push progress, and the step each of them can take now
 * (approve or return; publish; edit; retract). Only the office that wrote it edits, publishes or
 * retracts it; an office above sees it.
 */
import '../catalogue'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Button, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import AudioPlayer from '@/components/AudioPlayer'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import { confirmed } from '@/components/Manage'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { pick } from '@shared/bilingual'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { MessageKey } from '@shared/i18n'
import type { NoticeRecord } from '@shared/contracts/notices'
import { hasTibetan, notices } from '@shared/contracts/notices'
import { chinaDay } from '@shared/time'
import './index.css'

/** How far the WeChat messages went: who the audience holds, who has no bound WeChat user, what was sent. */
function PushSummary({ push }: { push: NonNullable<NoticeRecord['push']> }) {
  const { t } = useSettings()
  const { reach } = push
  return (
    <View className="office-notice__push" data-testid="push" data-state={push.state}>
      <Text>{t(`notice.push.${push.state}`)}</Text>
      {reach && reach.households > 0 && (
        <Text data-testid="push-households">
          {t('notice.push.households', { count: reach.households, unbound: reach.householdsUnbound })}
        </Text>
      )}
      {reach && reach.officials > 0 && (
        <Text data-testid="push-officials">
          {t('notice.push.officials', { count: reach.officials, unbound: reach.officialsUnbound })}
        </Text>
      )}
      {(push.state !== 'waiting' || reach) && (
        <Text>
          {t('notice.push', {
            sent: push.sent,
            noSubscription: push.noSubscription + (reach?.notSubscribed ?? 0),
            failed: push.failed,
          })}
        </Text>
      )}
    </View>
  )
}

export default function OfficeNoticeRecordPage() {
  const { lang, t } = useSettings()
  const id = useRouter().params.id ?? ''
  const [refresh, setRefresh] = useState(0)
  const record = useCall(() => call(notices, 'record', { id }), [id, refresh])
  const [comment, setComment] = useState('')
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const issues = useFormIssues()
  useDidShow(() => setRefresh((n) => n + 1))

  /** Runs a step, then the toast and the notice as it is now; a refusal is shown where it belongs. */
  const act = async (run: () => Promise<unknown>, done: MessageKey) => {
    setBusy(true)
    issues.clear()
    try {
      await run()
      setComment('')
      setReason('')
      toastDone(t(done))
      setRefresh((n) => n + 1)
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Screen title="notice.record">
      <Loaded state={record}>
        {(r) => {
          const versionStatus = r.pending?.status ?? r.status
          const shown = r.pending?.draft ?? r.draft
          const noTibetan = !hasTibetan(shown)
          const recordings = shown.media.filter((m) => m.kind === 'audio' && r.mediaUrls[m.fileID])
          const approve = async () => {
            if (noTibetan && !(await confirmed(t('notice.noTibetanApprove')))) return
            await act(() => call(notices, 'approve', { id }), 'notice.done.approved')
          }
          const returnIt = async () => {
            if (!issues.check(notices.actions.returnNotice.input, { id, comment })) return
            await act(() => call(notices, 'returnNotice', { id, comment }), 'notice.done.returned')
          }
          const retract = async () => {
            if (!issues.check(notices.actions.retract.input, { id, reason })) return
            // says who stops seeing it: the notice's own readers
            if (!(await confirmed(t(`notice.retractConfirm.${r.draft.audience.roles}`)))) return
            await act(() => call(notices, 'retract', { id, reason }), 'notice.done.retracted')
          }
          return (
            <View className="office-notice">
              <View className="card office-notice__record" data-testid="record" data-status={r.status}>
                <Text className="office-notice__owner" data-testid="record-office">
                  {t('notice.ofOffice', { office: pick(r.office.name, lang) })}
                </Text>
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
                {noTibetan && (r.ownOffice || r.canReview) && (
                  <View className="office-notice__warning" data-testid="no-tibetan">
                    <Text>{t('notice.noTibetan')}</Text>
                  </View>
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
                {recordings.map((m) => (
                  <View key={m.fileID} className="office-notice__audio" data-testid="record-audio">
                    <Text className="card__label">
                      🔊 {t('notice.audio')} · {t(`lang.${m.lang ?? 'bo'}`)}
                    </Text>
                    <AudioPlayer src={r.mediaUrls[m.fileID] ?? ''} />
                  </View>
                ))}
                <Text className="card__label" data-testid="record-audience">
                  {t('notice.field.roles')}: {t(`notice.roles.${shown.audience.roles}`)} ·{' '}
                  {shown.audience.regions
                    .map((code) => (r.regionNames[code] ? pick(r.regionNames[code], lang) : code))
                    .join('、')}
                </Text>
                {shown.media.some((m) => m.kind === 'image') && (
                  <Text className="card__label">
                    🖼 {t('notice.picture')} × {shown.media.filter((m) => m.kind === 'image').length}
                  </Text>
                )}
                {r.push && <PushSummary push={r.push} />}
              </View>

              {r.canReview && (
                <View className="card office-notice__review">
                  <Field label={t('notice.returnComment')} path="comment" issues={issues}>
                    <Textarea
                      className="field__textarea"
                      data-testid="return-comment"
                      value={comment}
                      nativeProps={{ 'aria-label': t('notice.returnComment') }}
                      onInput={(e) => setComment(e.detail.value)}
                    />
                  </Field>
                  <View className="office-notice__actions">
                    <Button className="button--secondary" disabled={offWhen(busy)} onClick={() => void returnIt()}>
                      {t('notice.return')}
                    </Button>
                    <Button
                      className="button--primary"
                      data-testid="approve"
                      disabled={offWhen(busy)}
                      onClick={() => void approve()}
                    >
                      {t('notice.approve')}
                    </Button>
                  </View>
                </View>
              )}

              {r.ownOffice && (
                <View className="office-notice__actions">
                  {versionStatus === 'approved' && (
                    <Button
                      className="button--primary"
                      data-testid="publish"
                      disabled={offWhen(busy)}
                      onClick={() => void act(() => call(notices, 'publish', { id }), 'notice.done.published')}
                    >
                      {t('notice.publish')}
                    </Button>
                  )}
                  {(versionStatus === 'draft' || versionStatus === 'returned') && (
                    <Button
                      className="button--primary"
                      data-testid="submit"
                      disabled={offWhen(busy)}
                      onClick={() => void act(() => call(notices, 'submit', { id }), 'notice.done.submitted')}
                    >
                      {t('notice.submit')}
                    </Button>
                  )}
                  {(versionStatus === 'draft' ||
                    versionStatus === 'returned' ||
                    (r.status === 'published' && !r.pending)) && (
                    <Button
                      className="button--secondary"
                      data-testid="edit"
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

              {r.ownOffice && r.status === 'published' && (
                <View className="card office-notice__review">
                  <Field label={t('notice.retractReason')} path="reason" issues={issues}>
                    <Textarea
                      className="field__textarea"
                      data-testid="retract-reason"
                      value={reason}
                      nativeProps={{ 'aria-label': t('notice.retractReason') }}
                      onInput={(e) => setReason(e.detail.value)}
                    />
                  </Field>
                  <Button
                    className="button--secondary"
                    data-testid="retract"
                    disabled={offWhen(busy)}
                    onClick={() => void retract()}
                  >
                    {t('notice.retract')}
                  </Button>
                </View>
              )}

              <FormMessage issues={issues} />
              {issues.message && issues.at('draft').length > 0 && (
                <View className="office-notice__fields" data-testid="draft-issues">
                  {[...new Set(issues.at('draft'))].map((m) => (
                    <Text key={m} className="field__issue">
                      {m}
                    </Text>
                  ))}
                </View>
              )}

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
            </View>
          )
        }}
      </Loaded>
    </Screen>
  )
}
