/**
 * H5 against the local cloud: there is no WeChat to ask, so accepting is what the local cloud's
 * subscription helper records for the chosen demo identity (one message per acceptance, like WeChat).
 */
import { NOTICE_TEMPLATE_ID } from '@shared/contracts/notices'
import { gatewayUrl, localOpenid } from '@/services/local'

export async function requestNoticeSubscription(): Promise<boolean> {
  const response = await fetch(`${gatewayUrl()}/local/subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid: localOpenid(), templateIds: [NOTICE_TEMPLATE_ID] }),
  })
  return response.ok
}
