/**
 * Content moderation of user text that others will read (WeChat's `security.msgSecCheck` v2, which
 * mini-programs publishing user text must call). It fails closed: an error or any verdict but `pass`
 * holds the text back. The platform checks at most 2,500 characters per call and wants the author's openid
 * (who must have opened the mini-program in the last two hours).
 */
import type cloud from 'wx-server-sdk'

/** The scene WeChat asks for: 1 a profile, 2 a comment, 3 a forum post, 4 a social log. */
export type ModerationScene = 1 | 2 | 3 | 4

const MAX_CHARS = 2500

/** Whether every text passes; empty texts pass without a call. */
export async function passesModeration(
  sdk: typeof cloud,
  texts: readonly string[],
  openid: string,
  scene: ModerationScene,
): Promise<boolean> {
  for (const text of texts) {
    if (!text.trim()) continue
    for (let start = 0; start < text.length; start += MAX_CHARS) {
      try {
        const res = (await sdk.openapi.security.msgSecCheck({
          content: text.slice(start, start + MAX_CHARS),
          version: 2,
          scene,
          openid,
        })) as { result?: { suggest?: string } }
        if (res.result?.suggest !== 'pass') return false
      } catch {
        return false
      }
    }
  }
  return true
}
