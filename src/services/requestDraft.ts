/**
 * A request being reported, kept on the phone from its first word until the function has answered, so nothing
 * a household (or an office raising one from its screening) typed, recorded or photographed is lost to a failed
 * send or a closed app. Its id is made once, when the report is begun: every resend carries the same id and is
 * stored once. Each screen keeps its draft under its own storage key. On weapp the recording and photos are
 * saved files (temp files vanish when the app closes); in the browser they live as long as the page.
 */
import Taro from '@tarojs/taro'
import type { Voice } from '@/components/VoiceNote/VoiceNote'
import { uploadToLocalCloud } from '@/services/local'
import { uuid4 } from '@/services/uuid'
import type { Bilingual } from '@shared/bilingual'
import { requestPhotoPath, requestVoicePath } from '@shared/storage'

export interface Photo {
  path: string
  /** its number in the request's folder, never reused, so a removed photo's upload is not overwritten */
  n: number
}

export interface Draft {
  id: string
  /** the household it is for, when the screen lets the reporter choose it (an office's screening) */
  household?: { id: string; headName: Bilingual; village: Bilingual }
  category?: string
  text: string
  voice?: Voice
  photos: Photo[]
  next: number
  /** fileIDs of what is already uploaded, by local path: a resend uploads only the rest */
  uploaded: Record<string, string>
}

const weapp = () => process.env.TARO_ENV === 'weapp'

export function loadDraft(key: string): Draft {
  try {
    const raw = Taro.getStorageSync(key) as string
    if (raw) return JSON.parse(raw) as Draft
  } catch {
    // an unreadable draft is begun again
  }
  return { id: uuid4(), text: '', photos: [], next: 0, uploaded: {} }
}

/** Browser blob URLs die with the page, so only a weapp draft keeps its files across a restart. */
export function saveDraft(key: string, draft: Draft): void {
  const kept = weapp() ? draft : { ...draft, voice: undefined, photos: [], uploaded: {} }
  try {
    Taro.setStorageSync(key, JSON.stringify(kept))
  } catch {
    // a full store: the draft still lives on the screen
  }
}

export function dropDraft(key: string, draft: Draft): void {
  try {
    Taro.removeStorageSync(key)
  } catch {
    // nothing kept
  }
  if (weapp())
    for (const path of [...draft.photos.map((p) => p.path), ...(draft.voice ? [draft.voice.path] : [])])
      Taro.removeSavedFile({ filePath: path }).catch(() => undefined)
}

/** A picked or recorded file made to outlive the app (weapp), or taken as it is (browser). */
export async function keep(tempPath: string): Promise<string> {
  if (!weapp()) return tempPath
  try {
    const saved = (await Taro.saveFile({ tempFilePath: tempPath })) as { savedFilePath: string }
    return saved.savedFilePath
  } catch {
    // the phone's 10 MB of saved files is full: the file stays a temp file, kept while the app is open
    return tempPath
  }
}

async function upload(localPath: string, cloudPath: string): Promise<string> {
  if (weapp()) return (await Taro.cloud.uploadFile({ cloudPath, filePath: localPath })).fileID
  return uploadToLocalCloud(await (await fetch(localPath)).blob(), cloudPath)
}

/** Uploads what is not up yet into the request's own folder, noting each as it lands (`onUploaded`). */
export async function uploadAll(
  draft: Draft,
  onUploaded: (path: string, fileId: string) => void,
): Promise<{ photos: string[]; voice?: string }> {
  const done = { ...draft.uploaded }
  const put = async (path: string, cloudPath: string) => {
    if (!done[path]) {
      done[path] = await upload(path, cloudPath)
      onUploaded(path, done[path] as string)
    }
    return done[path] as string
  }
  const photos: string[] = []
  for (const photo of draft.photos) photos.push(await put(photo.path, requestPhotoPath(draft.id, photo.n)))
  const voice = draft.voice ? await put(draft.voice.path, requestVoicePath(draft.id, draft.voice.ext)) : undefined
  return voice ? { photos, voice } : { photos }
}
