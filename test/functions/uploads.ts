/**
 * Files put into the local cloud's storage the way a client's upload does (metadata, then a PUT), and
 * fileIDs of this environment, of another one, or of paths no upload would make.
 */
import { cloud } from '@config/cloud'
import type { FunctionsHarness } from './harness'

/** Uploads `bytes` to `cloudPath`; answers the fileID. */
export async function upload(h: FunctionsHarness, cloudPath: string, bytes: string | Buffer = 'file'): Promise<string> {
  const meta = (await (
    await fetch(`${h.lc.url}/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'storage.getUploadMetadata', path: cloudPath }),
    })
  ).json()) as { data: { url: string; fileId: string } }
  const put = await fetch(meta.data.url, { method: 'PUT', body: new Uint8Array(Buffer.from(bytes)) })
  if (!put.ok) throw new Error(`upload of ${cloudPath} failed: ${put.status}`)
  return meta.data.fileId
}

/** The fileID a path has in this local cloud (uploaded or not). */
export function fileIdOf(cloudPath: string): string {
  return `cloud://${cloud.envId}.${cloud.envId}-local/${cloudPath}`
}

/** The same path's fileID in another environment. */
export function foreignEnvFileId(cloudPath: string): string {
  return `cloud://another-env.another-env-1300000000/${cloudPath}`
}

/** A roster export's path as the registry writes it: every household's full numbers. */
export const EXPORT_PATH = 'exports/513301000000-households-2026-12-06-abc123.xlsx'
