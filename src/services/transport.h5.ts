/**
 * H5 transport: the local cloud's gateway, `POST <gateway>/functions/<name>` with the event as JSON and
 * the chosen demo identity in `X-WX-OPENID` (what WeChat would put in the function's context).
 */
import type { CallEvent } from '../shared/contract'
import { gatewayUrl, localOpenid } from './local'
import { TransportError } from './transport-error'

export async function send(name: string, event: CallEvent): Promise<unknown> {
  let response: Response
  try {
    response = await fetch(`${gatewayUrl()}/functions/${encodeURIComponent(name)}`, {
      method: 'POST',
      body: JSON.stringify(event),
      headers: { 'content-type': 'application/json', 'X-WX-OPENID': localOpenid() },
    })
  } catch (error) {
    throw new TransportError('network', String(error))
  }
  const text = await response.text().catch(() => '')
  let body: unknown
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = undefined
  }
  // A function's own answer (ok or a typed error) is passed on whatever the HTTP status; anything else
  // from a non-2xx response means the function did not answer.
  if (isCallResult(body)) return body
  if (!response.ok) {
    const kind = response.status === 502 || response.status === 503 || response.status === 504 ? 'network' : 'function'
    throw new TransportError(kind, `HTTP ${response.status} ${text.slice(0, 200)}`)
  }
  return body
}

function isCallResult(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean'
}
