/**
 * The officials' offline queue for contacts and for the requests they record for a household (a need found
 * on a visit, or one recorded from the household's page). Each is saved on the phone first (with its UUID
 * made here), survives closing the app, and is sent when the network allows; the server answers a resend
 * of the same id as success, so a send that was cut off half-way is simply sent again.
 *
 * Platform pieces (storage, network, photo files, the call itself) are injected, so the same core runs in
 * the mini-program, on H5 and in unit tests with an in-memory storage and a fake network.
 */
import type { ContactInput } from '../shared/contracts/contacts'
import type { ReportInput } from '../shared/contracts/requests'
import type { ErrorCode } from '../shared/errors'
import { contactPhotoPath, contactVoicePath, requestPhotoPath } from '../shared/storage'

export type ItemState = 'waiting' | 'sending' | 'sent' | 'conflict' | 'failed'

export interface QueuedPhoto {
  /** a saved local file (survives restarts) */
  path: string
  bytes: number
  /** set once uploaded; re-sends reuse it */
  fileId?: string
  /** the saved file is no longer on the phone (storage cleared): the contact waits for the official */
  gone?: boolean
}

/** A voice note waiting with its contact: a saved local file, uploaded like a photo. */
export interface QueuedVoice extends QueuedPhoto {
  /** the recording's file extension (mp3 from WeChat's recorder, whatever the browser picked on H5) */
  ext: string
}

/** A request as the official's form saved it; its photos are filled from the queued files at send time. */
export type QueuedReport = Omit<ReportInput, 'photos' | 'voice'>

export interface OutboxItem {
  id: string
  /** the contact as the form saved it; `photos` and `voiceNote` are filled from the queued files at send time */
  contact?: Omit<ContactInput, 'photos' | 'voiceNote'>
  /** a request for the household instead of a contact (items saved before requests have none) */
  report?: QueuedReport
  photos: QueuedPhoto[]
  voice?: QueuedVoice
  state: ItemState
  /** the error code or message of the last failure */
  reason?: string
  attempts: number
  nextAttemptAt: number
  savedAt: number
}

export interface Summary {
  waiting: number
  sending: number
  sent: number
  conflict: number
  failed: number
  /** bytes of queued photos and recordings, against PHOTO_BUDGET_BYTES */
  photoBytes: number
}

/** What a send can come back with: the server's answer, or a failure with a stable code. */
export type SendResult = { ok: true } | { ok: false; code: ErrorCode | 'NETWORK' | 'PHOTO_GONE'; message?: string }

export interface OutboxDeps {
  /** synchronous key-value storage (Taro.getStorageSync / setStorageSync) */
  storage: { get(key: string): string | undefined; set(key: string, value: string): void }
  send(contact: ContactInput): Promise<SendResult>
  /** requests.report from the household's official */
  sendReport(report: ReportInput): Promise<SendResult>
  /** uploads a local photo to `cloudPath`, returning its fileID; the same path for the same photo makes re-uploads idempotent */
  upload(localPath: string, cloudPath: string): Promise<string>
  /** compresses a picked photo and saves it where it survives restarts; returns the saved path and size */
  keepPhoto(tempPath: string): Promise<{ path: string; bytes: number }>
  /** saves a recording as it is (no compression) where it survives restarts */
  keepAudio(tempPath: string): Promise<{ path: string; bytes: number }>
  /** deletes a saved photo or recording once its contact is sent */
  dropPhoto(path: string): void
  uuid(): string
  now(): number
  schedule(fn: () => void, ms: number): void
}

/**
 * WeChat gives a mini-program 10 MB of local storage and 10 MB of saved files; queued photos must fit the
 * latter with room to spare for the queue itself.
 */
export const PHOTO_BUDGET_BYTES = 10 * 1024 * 1024
export const STORAGE_KEY = 'contacts.outbox.v1'
const SENT_KEPT_MS = 24 * 3600 * 1000
const MAX_BACKOFF_MS = 5 * 60 * 1000

/** 2 s, 4 s, 8 s … up to 5 minutes between tries: a dead zone on a pasture is not hammered. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 2000 * 2 ** Math.max(0, attempts - 1))
}

export class OutboxFullError extends Error {
  readonly key = 'contacts.outbox.full' as const
  constructor() {
    super('contacts.outbox.full')
    this.name = 'OutboxFullError'
  }
}

/** Thrown by `upload` when a queued photo's saved file is no longer on the phone: no retry brings it back. */
export class PhotoGoneError extends Error {
  constructor(path: string) {
    super(`queued photo ${path} is no longer on the phone`)
    this.name = 'PhotoGoneError'
  }
}

/** The household an item is for, contact or request. */
export function householdOf(item: OutboxItem): string {
  return item.report?.householdId ?? item.contact?.householdId ?? ''
}

/** Everything an item keeps on the phone: its photos and its voice note. */
function filesOf(item: OutboxItem): QueuedPhoto[] {
  return item.voice ? [...item.photos, item.voice] : item.photos
}

/** Codes worth another try later; the rest need a person (CONFLICT: an office reviews; others: the form). */
const RETRYABLE = new Set(['NETWORK', 'UNAVAILABLE', 'INTERNAL', 'RATE_LIMITED'])

export class Outbox {
  private items: OutboxItem[]
  private readonly listeners = new Set<(summary: Summary) => void>()
  private flushing: Promise<void> | undefined
  private timerSet = false

  constructor(private readonly deps: OutboxDeps) {
    this.items = this.load()
    // an app killed mid-send left items "sending": they were never confirmed, so they wait again
    for (const item of this.items) if (item.state === 'sending') item.state = 'waiting'
  }

  private load(): OutboxItem[] {
    try {
      const text = this.deps.storage.get(STORAGE_KEY)
      const parsed = text ? (JSON.parse(text) as unknown) : []
      return Array.isArray(parsed) ? (parsed as OutboxItem[]) : []
    } catch {
      return []
    }
  }

  private save(): void {
    this.deps.storage.set(STORAGE_KEY, JSON.stringify(this.items))
    const summary = this.summary()
    for (const listener of this.listeners) listener(summary)
  }

  list(): readonly OutboxItem[] {
    return this.items
  }

  summary(): Summary {
    const s: Summary = { waiting: 0, sending: 0, sent: 0, conflict: 0, failed: 0, photoBytes: 0 }
    for (const item of this.items) {
      s[item.state] += 1
      if (item.state !== 'sent') for (const p of filesOf(item)) s.photoBytes += p.bytes
    }
    return s
  }

  /** Calls back now and on every change; returns the unsubscribe. */
  subscribe(listener: (summary: Summary) => void): () => void {
    this.listeners.add(listener)
    listener(this.summary())
    return () => this.listeners.delete(listener)
  }

  newId(): string {
    return this.deps.uuid()
  }

  /**
   * Keeps the photos (compressed) and the voice note, and queues the contact. Refuses, before storing
   * anything, when they would not fit the budget: the official is told to send what is waiting first.
   */
  async add(
    contact: Omit<ContactInput, 'photos' | 'voiceNote'>,
    tempPhotos: string[] = [],
    tempVoice?: { path: string; ext: string },
  ): Promise<OutboxItem> {
    const existing = this.items.find((i) => i.id === contact.id)
    if (existing) return existing
    const kept: QueuedPhoto[] = []
    let used = this.summary().photoBytes
    const keep = (file: { path: string; bytes: number }) => {
      if (used + file.bytes > PHOTO_BUDGET_BYTES) {
        for (const p of [...kept, file]) this.deps.dropPhoto(p.path)
        throw new OutboxFullError()
      }
      used += file.bytes
    }
    for (const temp of tempPhotos) {
      const photo = await this.deps.keepPhoto(temp)
      keep(photo)
      kept.push(photo)
    }
    let voice: QueuedVoice | undefined
    if (tempVoice) {
      const saved = await this.deps.keepAudio(tempVoice.path)
      keep(saved)
      voice = { ...saved, ext: tempVoice.ext }
    }
    const item: OutboxItem = {
      id: contact.id,
      contact,
      photos: kept,
      ...(voice ? { voice } : {}),
      state: 'waiting',
      attempts: 0,
      nextAttemptAt: 0,
      savedAt: this.deps.now(),
    }
    this.items.push(item)
    this.save()
    return item
  }

  /**
   * Keeps a request's photos (compressed) and queues it, with the same budget as contacts; a request whose
   * id is queued already is that one (a form saved twice).
   */
  async addReport(report: QueuedReport, tempPhotos: string[] = []): Promise<OutboxItem> {
    const existing = this.items.find((i) => i.id === report.id)
    if (existing) return existing
    const kept: QueuedPhoto[] = []
    let used = this.summary().photoBytes
    for (const temp of tempPhotos) {
      const photo = await this.deps.keepPhoto(temp)
      if (used + photo.bytes > PHOTO_BUDGET_BYTES) {
        for (const p of [...kept, photo]) this.deps.dropPhoto(p.path)
        throw new OutboxFullError()
      }
      used += photo.bytes
      kept.push(photo)
    }
    const item: OutboxItem = {
      id: report.id,
      report,
      photos: kept,
      state: 'waiting',
      attempts: 0,
      nextAttemptAt: 0,
      savedAt: this.deps.now(),
    }
    this.items.push(item)
    this.save()
    return item
  }

  /** Sends everything due, one at a time (weak signal favours one request in flight). Never runs twice at once. */
  flush(): Promise<void> {
    if (!this.flushing) {
      this.flushing = this.run().finally(() => {
        this.flushing = undefined
      })
    }
    return this.flushing
  }

  /** The network came back or the app came to the front: everything waiting is due now. */
  wake(): Promise<void> {
    for (const item of this.items) if (item.state === 'waiting') item.nextAttemptAt = 0
    return this.flush()
  }

  /** Sends a contact whose photos or recording were lost from the phone without them (the official's choice). */
  sendWithoutLostPhotos(id: string): Promise<void> {
    const item = this.items.find((i) => i.id === id)
    if (item && item.state === 'failed' && filesOf(item).some((p) => p.gone)) {
      item.photos = item.photos.filter((p) => !p.gone)
      if (item.voice?.gone) delete item.voice
      item.state = 'waiting'
      item.nextAttemptAt = 0
      delete item.reason
      this.save()
    }
    return this.flush()
  }

  /** Puts a failed item back in line (after the official corrected nothing: e.g. a pairing was restored). */
  retry(id: string): Promise<void> {
    const item = this.items.find((i) => i.id === id)
    if (item && item.state === 'failed') {
      item.state = 'waiting'
      item.nextAttemptAt = 0
      this.save()
    }
    return this.flush()
  }

  private async run(): Promise<void> {
    const now = this.deps.now()
    this.items = this.items.filter((i) => i.state !== 'sent' || now - i.savedAt < SENT_KEPT_MS)
    for (const item of this.items) {
      if (item.state !== 'waiting' || item.nextAttemptAt > this.deps.now()) continue
      await this.sendOne(item)
    }
    this.planNext()
  }

  private planNext(): void {
    const due = this.items.filter((i) => i.state === 'waiting').map((i) => i.nextAttemptAt)
    if (!due.length || this.timerSet) return
    this.timerSet = true
    this.deps.schedule(
      () => {
        this.timerSet = false
        void this.flush()
      },
      Math.max(0, Math.min(...due) - this.deps.now()),
    )
  }

  private async sendOne(item: OutboxItem): Promise<void> {
    item.state = 'sending'
    item.attempts += 1
    this.save()
    let result: SendResult
    try {
      for (const [index, photo] of item.photos.entries()) {
        if (!photo.fileId) {
          try {
            const cloudPath = item.report ? requestPhotoPath(item.id, index) : contactPhotoPath(item.id, index)
            photo.fileId = await this.deps.upload(photo.path, cloudPath)
          } catch (error) {
            if (error instanceof PhotoGoneError) photo.gone = true
            throw error
          }
          this.save()
        }
      }
      const voice = item.voice
      if (voice && !voice.fileId) {
        try {
          voice.fileId = await this.deps.upload(voice.path, contactVoicePath(item.id, voice.ext))
        } catch (error) {
          if (error instanceof PhotoGoneError) voice.gone = true
          throw error
        }
        this.save()
      }
      const photos = item.photos.map((p) => p.fileId as string)
      result = item.report
        ? await this.deps.sendReport({ ...item.report, ...(photos.length ? { photos } : {}) })
        : await this.deps.send({
            ...item.contact,
            photos,
            ...(voice?.fileId ? { voiceNote: voice.fileId } : {}),
          } as ContactInput)
    } catch (error) {
      result =
        error instanceof PhotoGoneError
          ? { ok: false, code: 'PHOTO_GONE', message: error.message }
          : { ok: false, code: 'NETWORK', message: error instanceof Error ? error.message : String(error) }
    }
    if (result.ok) {
      item.state = 'sent'
      delete item.reason
      for (const file of filesOf(item)) this.deps.dropPhoto(file.path)
      item.photos = item.photos.map((p) => ({ ...p, bytes: 0 }))
      if (item.voice) item.voice = { ...item.voice, bytes: 0 }
    } else if (result.code === 'CONFLICT') {
      item.state = 'conflict'
      item.reason = result.code
    } else if (RETRYABLE.has(result.code)) {
      item.state = 'waiting'
      item.reason = result.code
      item.nextAttemptAt = this.deps.now() + backoffMs(item.attempts)
    } else {
      item.state = 'failed'
      item.reason = result.code === 'PHOTO_GONE' ? result.code : (result.message ?? result.code)
    }
    this.save()
  }
}
