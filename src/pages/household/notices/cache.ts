/**
 * Notices opened once stay readable, and listenable, without signal (herders lose it for days): the
 * opened notice is kept in Taro storage, newest first, and its recordings as files (recordings.ts). The
 * oldest are dropped beyond a small number of notices, and recordings beyond a byte budget, so the
 * mini-program's storage limits are never at risk. Media URLs are temporary: a kept notice's recordings
 * play from the kept files, its pictures only with signal.
 */
import Taro from '@tarojs/taro'
import type { NoticeDetail } from '@shared/contracts/notices'
import { dropRecording, keepRecording, playableRecording } from './recordings'

const INDEX_KEY = 'shiliuzi.notices'
const KEEP = 30
/** the kept recordings together; one minute of speech is about 0.5–1 MB */
export const RECORDINGS_BUDGET_BYTES = 20 * 1024 * 1024
const key = (id: string) => `shiliuzi.notice.${id}`

/** A kept notice: the detail as it came, when it was kept, and its kept recordings by fileID. */
interface Kept {
  detail: NoticeDetail
  /** ISO instant; absent on notices kept before the list of saved notices showed it */
  savedAt?: string
  recordings?: Record<string, { ref: string; bytes: number }>
}

function read(id: string): Kept | undefined {
  const value = Taro.getStorageSync(key(id)) as Kept | NoticeDetail | ''
  if (!value) return undefined
  return 'detail' in value ? value : { detail: value }
}

function index(): string[] {
  return (Taro.getStorageSync(INDEX_KEY) as string[] | '') || []
}

function forget(id: string): void {
  for (const r of Object.values(read(id)?.recordings ?? {})) dropRecording(r.ref)
  Taro.removeStorageSync(key(id))
}

/** Drops the recordings of the oldest kept notices until the rest fit the budget (their text stays). */
function fitRecordings(ids: string[]): void {
  let total = 0
  for (const id of ids) {
    const kept = read(id)
    if (!kept?.recordings) continue
    const bytes = Object.values(kept.recordings).reduce((s, r) => s + r.bytes, 0)
    if (total + bytes <= RECORDINGS_BUDGET_BYTES) {
      total += bytes
      continue
    }
    for (const r of Object.values(kept.recordings)) dropRecording(r.ref)
    Taro.setStorageSync(key(id), { detail: kept.detail, savedAt: kept.savedAt })
  }
}

export function saveNotice(detail: NoticeDetail): void {
  try {
    const before = read(detail.id)
    Taro.setStorageSync(key(detail.id), {
      detail,
      savedAt: new Date().toISOString(),
      recordings: before?.recordings,
    })
    const ids = index().filter((x) => x !== detail.id)
    ids.unshift(detail.id)
    for (const old of ids.splice(KEEP)) forget(old)
    Taro.setStorageSync(INDEX_KEY, ids)
    void keepRecordings(detail, before?.recordings ?? {})
  } catch {
    // storage full or unavailable: the notice is still shown, just not kept
  }
}

/** Downloads the notice's recordings not kept yet, in the background. */
async function keepRecordings(detail: NoticeDetail, had: NonNullable<Kept['recordings']>): Promise<void> {
  const recordings = { ...had }
  let added = false
  for (const [i, m] of detail.media.entries()) {
    if (m.kind !== 'audio' || !m.url || recordings[m.fileID]) continue
    try {
      const extension = /\.([a-z0-9]{1,5})$/i.exec(m.fileID)?.[1] ?? 'audio'
      recordings[m.fileID] = await keepRecording(m.url, `${detail.id}-${i}.${extension}`)
      added = true
    } catch {
      // no signal or no room: the recording plays only online
    }
  }
  if (!added) return
  try {
    const now = read(detail.id)
    if (!now) {
      // the notice was dropped meanwhile: so are the files just kept
      for (const [fileID, r] of Object.entries(recordings)) if (!had[fileID]) dropRecording(r.ref)
      return
    }
    Taro.setStorageSync(key(detail.id), { detail: now.detail, savedAt: now.savedAt, recordings })
    fitRecordings(index())
  } catch {
    // storage full: the files are dropped with the notice later
  }
}

/** A kept notice as the list of saved notices shows it. */
export interface SavedNotice {
  id: string
  title: NoticeDetail['title']
  category: NoticeDetail['category']
  publishedAt: string
  savedAt: string | undefined
  hasAudio: boolean
}

/** The kept notices, last opened first: what the notice list offers when the feed cannot be read. */
export function savedNotices(): SavedNotice[] {
  try {
    return index().flatMap((id) => {
      const kept = read(id)
      if (!kept) return []
      const { detail } = kept
      const hasAudio = Object.keys(kept.recordings ?? {}).length > 0
      return [
        {
          id,
          title: detail.title,
          category: detail.category,
          publishedAt: detail.publishedAt,
          savedAt: kept.savedAt,
          hasAudio,
        },
      ]
    })
  } catch {
    return []
  }
}

/** The kept notice, its recordings pointing at the kept files (and left out when not kept). */
export async function cachedNotice(id: string): Promise<NoticeDetail | undefined> {
  try {
    const kept = read(id)
    if (!kept) return undefined
    const media = await Promise.all(
      kept.detail.media.map(async (m) => {
        if (m.kind !== 'audio') return m
        const ref = kept.recordings?.[m.fileID]?.ref
        return { ...m, url: (ref && (await playableRecording(ref))) || '' }
      }),
    )
    return { ...kept.detail, media }
  } catch {
    return undefined
  }
}
