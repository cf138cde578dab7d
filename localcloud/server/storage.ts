/**
 * Cloud storage on local disk, under `<dataDir>/storage/<cloudPath>`. fileIDs keep production's shape,
 * `cloud://<env>.<bucket>/<cloudPath>`. Upload is two steps like COS: `storage.getUploadMetadata` hands
 * out a URL, the SDK PUTs the bytes there. Temporary URLs are signed and expire like COS's.
 *
 * Who uploaded each file is kept beside the storage folder (`storage-owners.json`): the platform's storage
 * rules let only a file's uploader overwrite or delete it. `StorageRules` applies the declared rule to
 * clients; functions (admin credentials) are not subject to it, as on the platform.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import { CloudError, invalidParam } from './errors'

const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.mp4': 'video/mp4',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
}

export const mimeOf = (file: string) => MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream'

/** production's default temporary-URL lifetime is 1 day */
const DEFAULT_MAX_AGE_S = 86_400

/** The storage security rule as declared (scripts/deploy-config.ts `storageRule`, dist/deploy/storage-rules.json). */
export interface StorageRule {
  read: boolean | string
  write: boolean | string
}

/** A client's storage request the declared rule refuses: the platform's code for it. */
export const storageDenied = (message: string) => new CloudError('STORAGE_EXCEED_AUTHORITY', message)

/**
 * The declared rule as the platform applies it to a client (a mini-program user), read from its own text:
 * `read` must be `true` for a client to read a file directly; `write` admits a path only if it matches one
 * of the rule's `/…/.test(resource.path) == true` patterns, needs a login when it says `auth.openid != null`,
 * and lets only the uploader overwrite or delete a file when it says `resource.openid == auth.openid`.
 */
export class StorageRules {
  private readonly folders: RegExp[]
  private readonly loginNeeded: boolean
  private readonly uploaderOnly: boolean

  constructor(private readonly rule: StorageRule) {
    const write = typeof rule.write === 'string' ? rule.write : ''
    this.folders = [...write.matchAll(/\/((?:\\.|[^/\\\n])+)\/\.test\(resource\.path\) == true/g)].map(
      (m) => new RegExp(m[1] as string),
    )
    this.loginNeeded = write.includes('auth.openid != null')
    this.uploaderOnly = write.includes('resource.openid == auth.openid')
  }

  mayRead(): boolean {
    return this.rule.read === true
  }

  /** Why a client with `openid` may not write `cloudPath`, whose uploader is `uploader` if it exists already. */
  writeRefusal(openid: string, cloudPath: string, uploader: string | undefined): string | undefined {
    if (this.rule.write === true) return undefined
    if (this.rule.write === false) return 'the storage rule lets no client write'
    if (this.loginNeeded && !openid) return 'the storage rule needs a logged-in user'
    if (!this.folders.some((re) => re.test(cloudPath))) return `${cloudPath} is outside the folders clients upload to`
    if (this.uploaderOnly && uploader !== undefined && uploader !== openid)
      return `${cloudPath} was uploaded by someone else: only its uploader may overwrite or delete it`
    return undefined
  }
}

export class Storage {
  readonly root: string
  private readonly secret = crypto.randomBytes(16)
  private readonly ownersFile: string
  /** cloudPath → the openid of the client that uploaded it ('' for a function's upload) */
  private owners: Record<string, string>

  constructor(
    dataDir: string,
    private readonly env: string,
    private readonly bucket: string,
    private readonly baseUrl: () => string,
  ) {
    this.root = path.join(dataDir, 'storage')
    fs.mkdirSync(this.root, { recursive: true })
    this.ownersFile = path.join(dataDir, 'storage-owners.json')
    this.owners = fs.existsSync(this.ownersFile)
      ? (JSON.parse(fs.readFileSync(this.ownersFile, 'utf8')) as Record<string, string>)
      : {}
  }

  /** Who uploaded a stored file: an openid, '' for a function, undefined when there is no such file. */
  uploaderOf(cloudPath: string): string | undefined {
    if (!fs.existsSync(this.diskPath(cloudPath))) return undefined
    return this.owners[cloudPath] ?? ''
  }

  private setOwner(cloudPath: string, openid: string | undefined): void {
    if (openid) this.owners[cloudPath] = openid
    else delete this.owners[cloudPath]
    fs.writeFileSync(this.ownersFile, JSON.stringify(this.owners))
  }

  fileId(cloudPath: string): string {
    return `cloud://${this.env}.${this.bucket}/${cloudPath}`
  }

  /** cloudPath of a fileID; undefined if it does not belong to this environment */
  cloudPathOf(fileId: string): string | undefined {
    const prefix = `cloud://${this.env}.${this.bucket}/`
    if (!fileId.startsWith(prefix)) return undefined
    return fileId.slice(prefix.length)
  }

  /** the file on disk; refuses paths that would leave the storage folder */
  diskPath(cloudPath: string): string {
    const clean = cloudPath.replace(/^\/+/, '')
    const full = path.resolve(this.root, clean)
    if (clean === '' || !full.startsWith(this.root + path.sep)) throw invalidParam(`invalid cloudPath ${cloudPath}`)
    return full
  }

  private sign(cloudPath: string, expires: number, uploader = ''): string {
    const signed = uploader ? `${cloudPath}\n${expires}\n${uploader}` : `${cloudPath}\n${expires}`
    return crypto.createHmac('sha256', this.secret).update(signed).digest('hex').slice(0, 32)
  }

  /** The signed URL to PUT a file to; a client's upload (`uploader`, its openid) is recorded as theirs. */
  getUploadMetadata(p: Record<string, unknown>, uploader = ''): Record<string, unknown> {
    const cloudPath = p.path
    if (typeof cloudPath !== 'string' || cloudPath === '') throw invalidParam('path is required')
    this.diskPath(cloudPath)
    const expires = Math.floor(Date.now() / 1000) + 3600
    const sign = this.sign(cloudPath, expires, uploader)
    const by = uploader ? `&o=${encodeURIComponent(uploader)}` : ''
    return {
      data: {
        url: `${this.baseUrl()}/storage-upload/${encodeURI(cloudPath)}?t=${expires}${by}&sign=${sign}`,
        token: 'local',
        authorization: 'local',
        fileId: this.fileId(cloudPath),
        cosFileId: 'local',
        download_url: '',
      },
    }
  }

  /** the PUT that follows getUploadMetadata; COS answers 200 with an empty body */
  writeUpload(urlPath: string, query: URLSearchParams, body: Buffer): void {
    const cloudPath = decodeURI(urlPath)
    const uploader = query.get('o') ?? ''
    this.checkSignature(cloudPath, query, uploader)
    const file = this.diskPath(cloudPath)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    const tmp = `${file}.upload-${process.pid}-${Date.now()}`
    fs.writeFileSync(tmp, body)
    fs.renameSync(tmp, file)
    this.setOwner(cloudPath, uploader)
  }

  checkSignature(cloudPath: string, query: URLSearchParams, uploader = ''): void {
    const expires = Number(query.get('t'))
    const sign = query.get('sign') ?? ''
    if (!Number.isFinite(expires) || expires < Date.now() / 1000 || sign !== this.sign(cloudPath, expires, uploader)) {
      throw new CloudError('STORAGE_SIGN_PARAM_INVALID', 'signature expired or invalid')
    }
  }

  batchGetDownloadUrl(p: Record<string, unknown>): Record<string, unknown> {
    const list = p.file_list
    if (!Array.isArray(list)) throw invalidParam('file_list must be a list')
    const download_list = list.map((item: { fileid?: unknown; max_age?: unknown }) => {
      const fileID = String(item?.fileid ?? '')
      const maxAge = Number(item?.max_age) > 0 ? Number(item.max_age) : DEFAULT_MAX_AGE_S
      const cloudPath = this.cloudPathOf(fileID)
      if (cloudPath === undefined || !fs.existsSync(this.diskPath(cloudPath))) {
        return { fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST', maxAge }
      }
      const expires = Math.floor(Date.now() / 1000) + maxAge
      // not percent-encoded: the node SDK runs encodeURI over tempFileURL before downloading, like for COS URLs
      const tempFileURL = `${this.baseUrl()}/storage/${cloudPath}?t=${expires}&sign=${this.sign(cloudPath, expires)}`
      return { fileID, tempFileURL, code: 'SUCCESS', maxAge }
    })
    return { data: { download_list } }
  }

  batchDeleteFile(p: Record<string, unknown>): Record<string, unknown> {
    const list = p.fileid_list
    if (!Array.isArray(list)) throw invalidParam('fileid_list must be a list')
    const delete_list = list.map((raw) => {
      const fileID = String(raw)
      const cloudPath = this.cloudPathOf(fileID)
      if (cloudPath === undefined) return { fileID, code: 'STORAGE_FILE_NONEXIST' }
      const file = this.diskPath(cloudPath)
      if (!fs.existsSync(file)) return { fileID, code: 'STORAGE_FILE_NONEXIST' }
      fs.rmSync(file)
      if (this.owners[cloudPath] !== undefined) this.setOwner(cloudPath, undefined)
      return { fileID, code: 'SUCCESS' }
    })
    return { data: { delete_list } }
  }

  /** GET of a temporary URL */
  read(urlPath: string, query: URLSearchParams): { file: string; type: string } | undefined {
    const cloudPath = decodeURIComponent(urlPath)
    this.checkSignature(cloudPath, query)
    const file = this.diskPath(cloudPath)
    if (!fs.existsSync(file)) return undefined
    return { file, type: mimeOf(file) }
  }

  reset(): void {
    fs.rmSync(this.root, { recursive: true, force: true })
    fs.mkdirSync(this.root, { recursive: true })
    this.owners = {}
    fs.rmSync(this.ownersFile, { force: true })
  }
}
