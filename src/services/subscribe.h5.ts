/**
 * H5 (local mode): accepting the subscription is what the local cloud's `/local/subscriptions` records
 * for the chosen demo identity, so the messages the functions send can be seen in `/local/messages`.
 */
import { gatewayUrl, localOpenid } from './local'

export async function askMessages(templateIds: readonly string[]): Promise<string[]> {
  try {
    const response = await fetch(`${gatewayUrl()}/local/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: localOpenid(), templateIds }),
    })
    return response.ok ? [...templateIds] : []
  } catch {
    return []
  }
}
