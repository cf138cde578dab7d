/**
 * The officials' outbox on the phone (contacts, and requests recorded for a household): outbox-core bound to Taro. On weapp photos are compressed
 * (Taro.compressImage), saved (voice notes too, as recorded) (Taro.saveFile: temp files vanish when the app closes) and uploaded with
 * Taro.cloud.uploadFile; on H5 `Taro.cloud` is undefined, so photos are kept in Cache Storage and go to
 * the local cloud's storage in its two COS-like steps. Sending resumes when the network returns and when the app comes to the front.
 */
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { contacts } from '../shared/contracts/contacts'
import { requests } from '../shared/contracts/requests'
import { CallError, call } from './cloud'
import { uploadToLocalCloud } from './local'
import { uuid4 } from './uuid'
import { Outbox, PhotoGoneError, type OutboxDeps, type OutboxItem, type SendResult, type Summary } from './outbox-core'

export { OutboxFullError, PHOTO_BUDGET_BYTES } from './outbox-core'
export { householdOf } from './outbox-core'
export type { OutboxItem, Summary } from './outbox-core'

export { uuid4 }

/** A call's answer as the outbox reads it: done, or a failure with its code (no signal counts as the network). */
async function sent(send: () => Promise<unknown>): Promise<SendResult> {
  try {
    await send()
    return { ok: true }
  } catch (error) {
    if (error instanceof CallError) {
      return { ok: false, code: error.code === 'UNAVAILABLE' ? 'NETWORK' : error.code, message: error.message }
    }
    return { ok: false, code: 'NETWORK', message: String(error) }
  }
}

/**
 * H5 keeps queued photos in the browser's Cache Storage under made-up paths, so they outlive a reload as
 * the mini-program's saved files do. Without Cache Storage (a page not served from localhost or HTTPS)
 * they are blob URLs, which live as long as the page.
 */
const PHOTO_CACHE = 'shiliuzi-outbox-photos'
const PHOTO_PATH = '/outbox-photos/'

async function keepH5(blob: Blob): Promise<string> {
  if (typeof caches === 'undefined') return URL.createObjectURL(blob)
  const path = `${PHOTO_PATH}${uuid4()}.jpg`
  const cache = await caches.open(PHOTO_CACHE)
  await cache.put(path, new Response(blob, { headers: { 'content-type': blob.type || 'image/jpeg' } }))
  return path
}

async function photoH5(path: string): Promise<Blob> {
  if (!path.startsWith(PHOTO_PATH)) {
    // a blob URL fails only when the page that made it is gone
    try {
      return await (await fetch(path)).blob()
    } catch {
      throw new PhotoGoneError(path)
    }
  }
  const kept = await (await caches.open(PHOTO_CACHE)).match(path)
  if (!kept) throw new PhotoGoneError(path)
  return kept.blob()
}

function dropH5(path: string): void {
  if (path.startsWith(PHOTO_PATH))
    void caches
      .open(PHOTO_CACHE)
      .then((cache) => cache.delete(path))
      .catch(() => undefined)
  else if (path.startsWith('blob:')) URL.revokeObjectURL(path)
}

async function uploadH5(localPath: string, cloudPath: string): Promise<string> {
  return uploadToLocalCloud(await photoH5(localPath), cloudPath)
}

/** the longer side of a photo after compression: plenty for a visit record, small enough to queue nine */
const PHOTO_MAX_SIDE = 1600

/** H5 has no Taro.compressImage: draw the picture smaller into a canvas and take a JPEG at 60 %. */
async function compressH5(tempPath: string): Promise<Blob> {
  const original = await (await fetch(tempPath)).blob()
  try {
    const bitmap = await createImageBitmap(original)
    const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height))
    const canvas = document.createElement('canvas')
    canvas.width = Math.max(1, Math.round(bitmap.width * scale))
    canvas.height = Math.max(1, Math.round(bitmap.height * scale))
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
    const jpeg = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.6))
    return jpeg && jpeg.size < original.size ? jpeg : original
  } catch {
    // not a picture the browser can decode: queue it as it is
    return original
  }
}

function platformDeps(): OutboxDeps {
  const weapp = process.env.TARO_ENV === 'weapp'
  return {
    storage: {
      get: (key) => (Taro.getStorageSync(key) as string) || undefined,
      set: (key, value) => Taro.setStorageSync(key, value),
    },
    send: (contact) => sent(() => call(contacts, 'logContact', contact)),
    sendReport: (report) => sent(() => call(requests, 'report', report)),
    upload: async (localPath, cloudPath) => {
      if (process.env.TARO_ENV === 'weapp') {
        try {
          Taro.getFileSystemManager().accessSync(localPath)
        } catch {
          throw new PhotoGoneError(localPath)
        }
        const res = await Taro.cloud.uploadFile({ cloudPath, filePath: localPath })
        return res.fileID
      }
      return uploadH5(localPath, cloudPath)
    },
    keepPhoto: async (tempPath) => {
      if (!weapp) {
        const blob = await compressH5(tempPath)
        return { path: await keepH5(blob), bytes: blob.size }
      }
      const compressed = await Taro.compressImage({ src: tempPath, quality: 60 })
      const saved = (await Taro.saveFile({ tempFilePath: compressed.tempFilePath })) as { savedFilePath: string }
      const info = (await Taro.getFileInfo({ filePath: saved.savedFilePath })) as { size: number }
      return { path: saved.savedFilePath, bytes: info.size }
    },
    keepAudio: async (tempPath) => {
      if (!weapp) {
        const blob = await (await fetch(tempPath)).blob()
        return { path: await keepH5(blob), bytes: blob.size }
      }
      const saved = (await Taro.saveFile({ tempFilePath: tempPath })) as { savedFilePath: string }
      const info = (await Taro.getFileInfo({ filePath: saved.savedFilePath })) as { size: number }
      return { path: saved.savedFilePath, bytes: info.size }
    },
    dropPhoto: (path) => {
      if (process.env.TARO_ENV === 'weapp') void Taro.removeSavedFile({ filePath: path }).catch(() => undefined)
      else dropH5(path)
    },
    uuid: uuid4,
    now: () => Date.now(),
    schedule: (fn, ms) => void setTimeout(fn, ms),
  }
}

let instance: Outbox | undefined

/** The one outbox of the app; the first call starts watching the network and the app's return to the front. */
export function outbox(): Outbox {
  if (instance) return instance
  const box = new Outbox(platformDeps())
  instance = box
  Taro.onNetworkStatusChange?.((res: { isConnected: boolean }) => {
    if (res.isConnected) void box.wake()
  })
  Taro.onAppShow?.(() => void box.wake())
  // Taro's H5 network listener follows navigator.connection, which does not change when the browser
  // goes offline and back; the window's `online` event does
  if (process.env.TARO_ENV === 'h5') window.addEventListener('online', () => void box.wake())
  void box.wake()
  return box
}

/** The outbox's summary and items for a page, re-rendered on every change. */
export function useOutbox(): { summary: Summary; items: readonly OutboxItem[] } {
  const [state, setState] = useState(() => ({ summary: outbox().summary(), items: [...outbox().list()] }))
  useEffect(() => outbox().subscribe((summary) => setState({ summary, items: [...outbox().list()] })), [])
  return state
}
