/**
 * Writing or editing a notice (office staff): both languages, category, audience (regions × roles),
 * publish and expiry dates, a recording and pictures. Saving keeps a draft; submitting sends it for
 * review (its text passes content moderation first). Editing a published notice makes a new revision.
 */
import '../catalogue'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import type { Bilingual } from '@shared/bilingual'
import { pick } from '@shared/bilingual'
import { call } from '@/services/cloud'
import { uuid4 } from '@/services/uuid'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { Lang, MessageKey } from '@shared/i18n'
import type { Media, NoticeDraft, RegionItem } from '@shared/contracts/notices'
import { AUDIENCE_ROLES, CATEGORIES, hasTibetan, notices } from '@shared/contracts/notices'
import type { Instant } from '@shared/time'
import { addTime, chinaDay, dayStart, nextDayStart } from '@shared/time'
import FilePick from './FilePick'
import './index.css'

function emptyDraft(): NoticeDraft {
  return {
    title: { 'zh-Hans': '', bo: '' },
    body: { 'zh-Hans': '', bo: '' },
    category: 'policy',
    media: [],
    audience: { regions: [], roles: 'households' },
    publishAt: null,
    expireAt: null,
  }
}

/** A date picked in the form means 00:00 of that day in China (UTC+8). */
const toDate = (at: Instant | null) => (at === null ? '' : chinaDay(at))

function RegionPicker({ chosen, onAdd }: { chosen: string[]; onAdd: (region: RegionItem) => void }) {
  const { lang, t } = useSettings()
  const [at, setAt] = useState<string | undefined>(undefined)
  const regions = useCall(() => call(notices, 'regions', at ? { region: at } : {}), [at])
  const row = (r: RegionItem, drill: boolean) => (
    <View key={r.code} className="region-row" data-testid="region-row" data-code={r.code}>
      <Text
        className={`region-row__name${drill ? ' region-row__name--link' : ''}`}
        onClick={() => drill && setAt(r.code)}
      >
        {pick(r.name, lang)}
      </Text>
      <Button className="region-row__add" disabled={offWhen(chosen.includes(r.code))} onClick={() => onAdd(r)}>
        {t('notice.addRegion')}
      </Button>
    </View>
  )
  return (
    <Loaded state={regions}>
      {({ region, children }) => (
        <View className="region-picker">
          {row(region, false)}
          {children.map((r) => row(r, r.level !== 'village'))}
        </View>
      )}
    </Loaded>
  )
}

export default function OfficeNoticeEditPage() {
  const { lang, t } = useSettings()
  const params = useRouter().params
  const id = useRef(params.id ?? uuid4()).current
  const [draft, setDraft] = useState<NoticeDraft>(emptyDraft)
  // chosen regions' names, kept in both languages so a language switch re-words the chips
  const [names, setNames] = useState<Record<string, Bilingual>>({})
  const [audioLang, setAudioLang] = useState<Lang>('bo')
  const issues = useFormIssues()
  const [busy, setBusy] = useState(false)
  const existing = useCall(
    async () => (params.id ? call(notices, 'record', { id: params.id }) : undefined),
    [params.id],
  )

  // once per answer (not per render), so what is typed afterwards stays
  const loaded = existing.status === 'done' ? existing.data : undefined
  useEffect(() => {
    if (!loaded) return
    setDraft(loaded.pending?.draft ?? loaded.draft)
    setNames((n) => ({ ...loaded.regionNames, ...n }))
  }, [loaded])

  const set = (patch: Partial<NoticeDraft>) => setDraft((d) => ({ ...d, ...patch }))
  const setText = (field: 'title' | 'body', l: Lang, value: string) =>
    setDraft((d) => ({ ...d, [field]: { ...d[field], [l]: value } }))
  const addMedia = (media: Media) => setDraft((d) => ({ ...d, media: [...d.media, media] }))

  const save = async (andSubmit: boolean) => {
    const input = { id, draft }
    // the function's own schema, on the phone first: the fields are marked without a round trip
    if (!issues.check(notices.actions.save.input, input)) return
    setBusy(true)
    issues.clear()
    try {
      await call(notices, 'save', input)
      if (andSubmit) await call(notices, 'submit', { id })
      toastDone(t(andSubmit ? 'notice.done.submitted' : 'notice.saved'))
      await Taro.redirectTo({ url: `/pages/office/notices/record?id=${encodeURIComponent(id)}` })
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }

  // a notice that could not be read is not shown as an empty form: saving that form would write over the notice
  if (existing.status !== 'done')
    return (
      <Screen title="notice.write">
        <Loaded state={existing}>{() => null}</Loaded>
      </Screen>
    )

  const textField = (field: 'title' | 'body', l: Lang, label: MessageKey) => (
    <Field label={t(label)} path={`draft.${field}.${l}`} issues={issues}>
      {field === 'title' ? (
        <Input
          className={`field__input lang-${l}`}
          data-testid={`title-${l}`}
          value={draft.title[l]}
          nativeProps={{ 'aria-label': t(label) }}
          onInput={(e) => setText('title', l, e.detail.value)}
        />
      ) : (
        <Textarea
          className={`field__textarea lang-${l}`}
          data-testid={`body-${l}`}
          value={draft.body[l]}
          maxlength={2000}
          nativeProps={{ 'aria-label': t(label) }}
          onInput={(e) => setText('body', l, e.detail.value)}
        />
      )}
    </Field>
  )
  const started = draft.title['zh-Hans'] !== '' || draft.body['zh-Hans'] !== ''

  return (
    <Screen title={params.id ? 'notice.edit' : 'notice.write'}>
      <View className="office-notice">
        <View className="card office-notice__form">
          {textField('title', 'zh-Hans', 'notice.field.titleZh')}
          {textField('body', 'zh-Hans', 'notice.field.bodyZh')}
          {textField('title', 'bo', 'notice.field.titleBo')}
          {textField('body', 'bo', 'notice.field.bodyBo')}
          {started && !hasTibetan(draft) && (
            <View className="office-notice__warning" data-testid="no-tibetan">
              <Text>{t('notice.noTibetan')}</Text>
            </View>
          )}

          <Field label={t('notice.field.category')} path="draft.category" issues={issues}>
            <View className="chips">
              {CATEGORIES.map((c) => (
                <Text
                  key={c}
                  className={`chip${draft.category === c ? ' chip--on' : ''}`}
                  onClick={() => set({ category: c })}
                >
                  {t(`notice.category.${c}`)}
                </Text>
              ))}
            </View>
          </Field>

          <Field label={t('notice.field.roles')} path="draft.audience.roles" issues={issues}>
            <View className="chips">
              {AUDIENCE_ROLES.map((r) => (
                <Text
                  key={r}
                  className={`chip${draft.audience.roles === r ? ' chip--on' : ''}`}
                  onClick={() => set({ audience: { ...draft.audience, roles: r } })}
                >
                  {t(`notice.roles.${r}`)}
                </Text>
              ))}
            </View>
          </Field>

          <Field label={t('notice.field.audience')} path="draft.audience.regions" issues={issues}>
            <View className="chips" data-testid="audience">
              {draft.audience.regions.map((code) => (
                <Text
                  key={code}
                  className="chip chip--on"
                  data-code={code}
                  onClick={() =>
                    set({ audience: { ...draft.audience, regions: draft.audience.regions.filter((c) => c !== code) } })
                  }
                >
                  {names[code] ? pick(names[code], lang) : code} ✕
                </Text>
              ))}
            </View>
            <RegionPicker
              chosen={draft.audience.regions}
              onAdd={(r) => {
                setNames((n) => ({ ...n, [r.code]: r.name }))
                set({ audience: { ...draft.audience, regions: [...draft.audience.regions, r.code] } })
              }}
            />
          </Field>

          <Field label={t('notice.field.publishAt')} path="draft.publishAt" issues={issues}>
            <Picker
              mode="date"
              value={toDate(draft.publishAt)}
              onChange={(e) => set({ publishAt: dayStart(String(e.detail.value)) })}
            >
              <Text className="field__input form-field__control">{toDate(draft.publishAt) || '—'}</Text>
            </Picker>
          </Field>
          <Field label={t('notice.field.expireAt')} path="draft.expireAt" issues={issues}>
            <Picker
              mode="date"
              value={toDate(draft.expireAt)}
              onChange={(e) => set({ expireAt: nextDayStart(String(e.detail.value)) })}
            >
              <Text className="field__input form-field__control">
                {draft.expireAt === null ? '—' : toDate(addTime(draft.expireAt, -1, 'day'))}
              </Text>
            </Picker>
          </Field>

          <Field label={t('notice.audioLang')} path="draft.media" issues={issues}>
            <View className="chips">
              {(['bo', 'zh-Hans'] as const).map((l) => (
                <Text
                  key={l}
                  className={`chip lang-${l}${audioLang === l ? ' chip--on' : ''}`}
                  onClick={() => setAudioLang(l)}
                >
                  {t(`lang.${l}`)}
                </Text>
              ))}
            </View>
            <View className="office-notice__uploads">
              <FilePick
                kind="audio"
                noticeId={id}
                onUploaded={(fileID) => addMedia({ kind: 'audio', fileID, lang: audioLang })}
              />
              <FilePick kind="image" noticeId={id} onUploaded={(fileID) => addMedia({ kind: 'image', fileID })} />
            </View>
            {draft.media.map((m, i) => (
              <View key={m.fileID} className="media-row" data-testid="media-row">
                <Text>
                  {m.kind === 'audio'
                    ? `🔊 ${t('notice.audio')} · ${t(`lang.${m.lang ?? 'bo'}`)}`
                    : `🖼 ${t('notice.picture')}`}{' '}
                  · {t('notice.uploaded')}
                </Text>
                <Text
                  className="media-row__remove"
                  onClick={() => set({ media: draft.media.filter((_m, j) => j !== i) })}
                >
                  {t('notice.removeRegion')}
                </Text>
              </View>
            ))}
          </Field>
        </View>

        <FormMessage issues={issues} />
        <View className="office-notice__actions">
          <Button className="button--secondary" disabled={offWhen(busy)} onClick={() => void save(false)}>
            {t('notice.save')}
          </Button>
          <Button
            className="button--primary"
            data-testid="submit"
            disabled={offWhen(busy)}
            onClick={() => void save(true)}
          >
            {t('notice.submit')}
          </Button>
        </View>
      </View>
    </Screen>
  )
}
