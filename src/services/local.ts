/**
 * Local mode (H5 build against the local cloud): which gateway to call and which demo identity to call
 * as. Production never comes here — on weapp WeChat supplies the openid and this module is not imported.
 *
 * - Gateway: `?cloud=<url>` in the page address, else the build-time `CLOUD_GATEWAY`, else same origin
 *   (npm start serves dist/h5 from the local cloud's own port).
 * - Identity: `?as=<openid>` in the page address, else the one picked in the identity panel; kept in
 *   localStorage so a reload keeps it.
 * - Demo identities: `local-identities.json` beside index.html, written by scripts/start.ts and by the
 *   e2e helpers after they seed the data (`{ identities: LocalIdentity[] }`).
 */
export interface LocalIdentity {
  openid: string
  role: string
  name: string
  /** free text shown under the name, e.g. the village or department */
  note?: string
}

export const OPENID_KEY = 'shiliuzi.localOpenid'
export const IDENTITY_NAME_KEY = 'shiliuzi.localName'
export const IDENTITIES_FILE = 'local-identities.json'

function query(name: string): string | undefined {
  if (typeof location === 'undefined') return undefined
  return new URLSearchParams(location.search).get(name) ?? undefined
}

export function gatewayUrl(): string {
  const fromQuery = query('cloud')
  const built = typeof CLOUD_GATEWAY === 'string' ? CLOUD_GATEWAY : ''
  const base = fromQuery || built || (typeof location === 'undefined' ? '' : location.origin)
  return base.replace(/\/+$/, '')
}

export function localOpenid(): string {
  const fromQuery = query('as')
  if (fromQuery) {
    if (localStorage.getItem(OPENID_KEY) !== fromQuery) {
      localStorage.setItem(OPENID_KEY, fromQuery)
      localStorage.removeItem(IDENTITY_NAME_KEY)
    }
    return fromQuery
  }
  return localStorage.getItem(OPENID_KEY) ?? ''
}

export function chooseLocalIdentity(identity: LocalIdentity): void {
  localStorage.setItem(OPENID_KEY, identity.openid)
  localStorage.setItem(IDENTITY_NAME_KEY, identity.name)
}

export function localIdentityName(): string | undefined {
  return localStorage.getItem(IDENTITY_NAME_KEY) ?? undefined
}

export async function fetchLocalIdentities(): Promise<LocalIdentity[]> {
  const response = await fetch(IDENTITIES_FILE, { cache: 'no-store' })
  if (!response.ok) throw new Error(`${IDENTITIES_FILE}: HTTP ${response.status}`)
  const body = (await response.json()) as { identities?: LocalIdentity[] }
  return Array.isArray(body.identities) ? body.identities : []
}

/**
 * H5 only: uploads bytes to the local cloud's storage the way wx-server-sdk does against CloudBase —
 * `storage.getUploadMetadata` for a signed URL, then a PUT of the bytes — and answers the fileID
 * (`cloud://…`), as `Taro.cloud.uploadFile` does on weapp.
 */
export async function uploadToLocalCloud(body: Blob, cloudPath: string): Promise<string> {
  const meta = (await (
    await fetch(`${gatewayUrl()}/admin`, {
      method: 'POST',
      // the upload is the signed-in user's, as the storage rule requires (only its uploader may overwrite it)
      headers: { 'content-type': 'application/json', 'X-WX-OPENID': localOpenid() },
      body: JSON.stringify({ action: 'storage.getUploadMetadata', path: cloudPath }),
    })
  ).json()) as { data?: { url: string; fileId: string } }
  if (!meta.data) throw new Error('upload refused')
  const put = await fetch(meta.data.url, { method: 'PUT', body })
  if (!put.ok) throw new Error(`upload failed: HTTP ${put.status}`)
  return meta.data.fileId
}
