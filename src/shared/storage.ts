/**
 * Where uploaded files live in cloud storage: each kind of object has its own folder per object
 * (`contacts/<contactId>/…`, `notices/<noticeId>/…`, `imports/<uploadId>/…`, `requests/<requestId>/…`), and a function accepts a
 * fileID only when it names a file of this environment in the folder of the object it is attached to.
 * The mini-program builds the paths with the same functions, so an upload made offline (the contacts
 * outbox) needs nothing from the server: its path follows from the contact's client-made id.
 *
 * The checks are strict on purpose: one folder level, ids and file names of letters, digits, `-` and `_`
 * only (a dot only before the extension), so `..`, `/`, `%` or a second folder can never slip through.
 * fileIDs have the platform's shape, `cloud://<env>.<bucket>/<path>`.
 */

export const STORAGE_KINDS = ['contactPhoto', 'noticeMedia', 'importUpload', 'requestMedia', 'nominationMedia'] as const
export type StorageKind = (typeof STORAGE_KINDS)[number]

/** each kind's top folder; the next level is the id of the object the file belongs to */
export const STORAGE_FOLDERS: Record<StorageKind, string> = {
  contactPhoto: 'contacts',
  noticeMedia: 'notices',
  importUpload: 'imports',
  requestMedia: 'requests',
  nominationMedia: 'nominations',
}

const ID = '[A-Za-z0-9][A-Za-z0-9_-]{0,63}'
const FILE = '[A-Za-z0-9][A-Za-z0-9_-]{0,63}(\\.[A-Za-z0-9]{1,8})?'

/** the pattern of an upload path of each kind, as the storage security rules test it (the id is captured) */
export const UPLOAD_PATH_PATTERNS: Record<StorageKind, string> = Object.fromEntries(
  Object.entries(STORAGE_FOLDERS).map(([kind, folder]) => [kind, `^${folder}/(${ID})/${FILE}$`]),
) as Record<StorageKind, string>

const PATH_RES = Object.fromEntries(
  Object.entries(UPLOAD_PATH_PATTERNS).map(([kind, pattern]) => [kind, new RegExp(pattern)]),
) as Record<StorageKind, RegExp>

const ID_RE = new RegExp(`^${ID}$`)
const EXT_RE = /^[A-Za-z0-9]{1,8}$/
const FILE_ID_RE = /^cloud:\/\/([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{1,128})\/(.{1,300})$/

/** Whether an object's id can name a storage folder (client-made UUIDs always can). */
export function isStorageId(id: string): boolean {
  return ID_RE.test(id)
}

function folderOf(kind: StorageKind, id: string): string {
  if (!isStorageId(id)) throw new Error(`${id} cannot name a storage folder`)
  return `${STORAGE_FOLDERS[kind]}/${id}`
}

function extension(ext: string): string {
  const clean = ext.toLowerCase()
  if (!EXT_RE.test(clean)) throw new Error(`${ext} is not a file extension`)
  return clean
}

/** The extension of a picked file's name or path, lower-cased, or `fallback` when it has none usable. */
export function extensionOf(name: string, fallback: string): string {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]
  return ext ? ext.toLowerCase() : fallback
}

/** A contact's photo: the index keeps a re-upload of the same queued photo at the same path. */
export function contactPhotoPath(contactId: string, index: number): string {
  return `${folderOf('contactPhoto', contactId)}/${Math.trunc(index)}.jpg`
}

/** A contact's voice note, beside its photos: one per contact, so a re-upload lands on the same path. */
export function contactVoicePath(contactId: string, ext: string): string {
  return `${folderOf('contactPhoto', contactId)}/voice.${extension(ext)}`
}

/** A recording or picture of a notice; `name` is a fresh id per file. */
export function noticeMediaPath(noticeId: string, name: string, ext: string): string {
  if (!isStorageId(name)) throw new Error(`${name} cannot name a file`)
  return `${folderOf('noticeMedia', noticeId)}/${name}.${extension(ext)}`
}

/** A roster to import: the folder's id is the upload's, made on the client, and names the import job. */
export function importUploadPath(uploadId: string, ext: string): string {
  return `${folderOf('importUpload', uploadId)}/roster.${extension(ext)}`
}

export interface FileIdParts {
  env: string
  bucket: string
  path: string
}

/** The parts of a fileID; undefined for anything else. */
export function parseFileId(fileId: string): FileIdParts | undefined {
  const m = FILE_ID_RE.exec(fileId)
  if (!m) return undefined
  return { env: m[1] as string, bucket: m[2] as string, path: m[3] as string }
}

/** The id of the object an upload path of this kind belongs to; undefined when it is not such a path. */
export function ownerOfPath(kind: StorageKind, path: string): string | undefined {
  return PATH_RES[kind].exec(path)?.[1]
}

/** Whether a fileID names a file of environment `env` in the folder of object `id` of this kind. */
export function fileBelongs(fileId: string, env: string, kind: StorageKind, id: string): boolean {
  const parts = parseFileId(fileId)
  return parts !== undefined && parts.env === env && ownerOfPath(kind, parts.path) === id
}

/** A hardship request's photo, made before the request is sent (its id is the phone's): one path per index. */
export function requestPhotoPath(requestId: string, index: number): string {
  return `${folderOf('requestMedia', requestId)}/${Math.trunc(index)}.jpg`
}

/** A hardship request's voice recording, beside its photos: one per request. */
export function requestVoicePath(requestId: string, ext: string): string {
  return `${folderOf('requestMedia', requestId)}/voice.${extension(ext)}`
}

/** A photo of a unit's progress on a request, beside the household's own files: one name per step and index,
 * so it can never overwrite the household's photos or an earlier step's. */
export function requestProgressPhotoPath(requestId: string, events: number, index: number): string {
  return `${folderOf('requestMedia', requestId)}/progress-${Math.trunc(events)}-${Math.trunc(index)}.jpg`
}

/** A photo of a nomination's story, uploaded before the nomination is sent (its id is the screen's). */
export function nominationPhotoPath(nominationId: string, index: number): string {
  return `${folderOf('nominationMedia', nominationId)}/${Math.trunc(index)}.jpg`
}

/** A nomination story's recording, beside its photos: one per nomination. */
export function nominationVoicePath(nominationId: string, ext: string): string {
  return `${folderOf('nominationMedia', nominationId)}/voice.${extension(ext)}`
}
