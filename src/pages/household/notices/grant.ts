/**
 * Asking WeChat for a one-time subscription to the notice template (weapp). Each acceptance allows one
 * message; the answer per template is 'accept', 'reject', 'ban' or 'filter'.
 * The call must come from a tap: WeChat refuses requestSubscribeMessage outside a user gesture.
 */
import Taro from '@tarojs/taro'
import { NOTICE_TEMPLATE_ID } from '@shared/contracts/notices'

export async function requestNoticeSubscription(): Promise<boolean> {
  try {
    const res = (await Taro.requestSubscribeMessage({
      tmplIds: [NOTICE_TEMPLATE_ID],
      entityIds: [],
    })) as unknown as Record<string, string>
    return res[NOTICE_TEMPLATE_ID] === 'accept'
  } catch {
    return false
  }
}
