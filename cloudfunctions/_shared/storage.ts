/**
 * Files belong to what they were uploaded for. A function attaches a fileID to an object
 * only when it names a file of this environment in that object's upload folder (src/shared/storage.ts
 * says which folder), and makes temporary URLs only for such files, so a contact or a notice can never
 * carry a link to a roster export, another object's file or another environment's storage.
 *
 * Who may upload where is the storage security rules' part (scripts/deploy-config.ts writes them): only
 * into the upload folders, and only the uploader may overwrite or delete a file. The folder's object id
 * ties the file to the caller where the object is the caller's: a contact id is taken by the first
 * official who logs it (a resend by anyone else is a conflict and changes nothing), a notice id by the
 * office that saved it first (only its offices may edit it).
 */
import type cloud from 'wx-server-sdk'
import { AppError, type FieldIssue } from '@shared/errors'
import type { Lang } from '@shared/i18n'
import { t } from '@shared/i18n'
import type { StorageKind } from '@shared/storage'
import { fileBelongs, ownerOfPath, parseFileId } from '@shared/storage'

/** The environment this function runs in, as fileIDs name it; empty (nothing belongs) when unknown. */
export function currentEnv(sdk: typeof cloud): string {
  const context = sdk.getWXContext() as { ENV?: string }
  return context.ENV || process.env.TCB_ENV || process.env.SCF_NAMESPACE || ''
}

/** The object a file must belong to: its kind and its id. */
export interface Owner {
  kind: StorageKind
  id: string
}

/** The positions in `files` of those that do not belong to `owner` (and are not among `kept`). */
export function foreignFiles(env: string, files: readonly string[], owner: Owner, kept: readonly string[] = []) {
  const allowed = new Set(kept)
  return files.flatMap((file, i) =>
    allowed.has(file) || (env !== '' && fileBelongs(file, env, owner.kind, owner.id)) ? [] : [i],
  )
}

/**
 * Refuses, before anything is written, a list of fileIDs to attach to `owner` that names any other file.
 * `kept` are files the object already holds (an edit may keep what it had). The error is INVALID_ARGUMENT
 * with `storage.foreignFile`, and names each refused entry as `<field>.<index>`.
 */
export function acceptFiles(
  ctx: { cloud: typeof cloud; lang: Lang },
  field: string,
  files: readonly string[],
  owner: Owner,
  kept: readonly string[] = [],
): void {
  const foreign = foreignFiles(currentEnv(ctx.cloud), files, owner, kept)
  if (foreign.length === 0) return
  const message = t(ctx.lang, 'storage.foreignFile')
  const details: FieldIssue[] = foreign.map((i) => ({ path: `${field}.${i}`, message }))
  throw new AppError('INVALID_ARGUMENT', 'storage.foreignFile', undefined, details)
}

/**
 * The id of the object whose folder holds `fileId`, when it is a file of this environment in an upload
 * folder of this kind: how a function learns which object an upload names when the upload comes first
 * (a roster's folder id names its import job).
 */
export function ownerOf(sdk: typeof cloud, kind: StorageKind, fileId: string): string | undefined {
  const parts = parseFileId(fileId)
  const env = currentEnv(sdk)
  if (!parts || env === '' || parts.env !== env) return undefined
  return ownerOfPath(kind, parts.path)
}

/**
 * Temporary download URLs (one storage request) for files of their owners' folders; any other file
 * (stored before the check existed) gets '' and is never asked for. A failure leaves every URL ''.
 */
export async function temporaryUrls(
  sdk: typeof cloud,
  files: readonly { fileId: string; owner: Owner }[],
): Promise<Map<string, string>> {
  const env = currentEnv(sdk)
  const asked = [
    ...new Set(files.filter((f) => fileBelongs(f.fileId, env, f.owner.kind, f.owner.id)).map((f) => f.fileId)),
  ]
  const urls = new Map<string, string>()
  if (asked.length === 0) return urls
  try {
    const res = (await sdk.getTempFileURL({ fileList: asked })) as {
      fileList?: { fileID: string; tempFileURL?: string }[]
    }
    for (const f of res.fileList ?? []) urls.set(f.fileID, f.tempFileURL ?? '')
  } catch (error) {
    console.warn('getTempFileURL failed', error)
  }
  return urls
}
