/**
 * Asking WeChat for one-time subscriptions to message templates (the relief messages:
 * `HOUSEHOLD_REQUEST_TEMPLATES`, `UNIT_REQUEST_TEMPLATES` in src/shared/contracts/requestMessages.ts). Each
 * acceptance allows one message of that template. WeChat takes at most 3 templates at once and only from
 * a tap, so call it from the tap that sends or opens the work.
 */
import Taro from '@tarojs/taro'

/** Answers the templates the user accepted; none when WeChat refused to ask or the user declined. */
export async function askMessages(templateIds: readonly string[]): Promise<string[]> {
  try {
    const res = (await Taro.requestSubscribeMessage({
      tmplIds: [...templateIds],
      entityIds: [],
    })) as unknown as Record<string, string>
    return templateIds.filter((id) => res[id] === 'accept')
  } catch {
    return []
  }
}
