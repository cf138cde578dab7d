/**
 * Notices opened once stay readable without signal (herders lose it for days): the opened notice is
 * kept in Taro storage, newest first, and the oldest are dropped beyond a small number so the 10 MB
 * storage budget of a mini-program is never at risk. Media URLs are temporary; the text is what lasts.
 */
import Taro from '@tarojs/taro'
import type { NoticeDetail } from '../../../shared/contracts/notices'

const INDEX_KEY = 'shiliuzi.notices'
const KEEP = 30
const key = (id: string) => `shiliuzi.notice.${id}`

export function saveNotice(detail: NoticeDetail): void {
  try {
    Taro.setStorageSync(key(detail.id), detail)
    const ids = ((Taro.getStorageSync(INDEX_KEY) as string[] | '') || []).filter((x) => x !== detail.id)
    ids.unshift(detail.id)
    for (const old of ids.splice(KEEP)) Taro.removeStorageSync(key(old))
    Taro.setStorageSync(INDEX_KEY, ids)
  } catch {
    // storage full or unavailable: the notice is still shown, just not kept
  }
}

export function cachedNotice(id: string): NoticeDetail | undefined {
  try {
    const value = Taro.getStorageSync(key(id)) as NoticeDetail | ''
    return value || undefined
  } catch {
    return undefined
  }
}
