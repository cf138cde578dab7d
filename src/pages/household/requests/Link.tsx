/**
 * The household home's way into its requests. The home is in the main package and the requests contract is
 * not, so the link makes no call: it shows what this phone last saw — how many resolved requests wait for
 * the household's answer (noted by the list each time it is read; a resolution also reaches the household as
 * a subscription message) — and a report typed here but not yet sent.
 */
import Taro from '@tarojs/taro'
import { useState } from 'react'
import HomeLink from '@/components/HomeLink'
import { useSettings } from '@/services/settings'

export const WAITING_KEY = 'shiliuzi.requests.waiting'
/** a report not yet answered by the function (report.tsx keeps it until it is) */
export const DRAFT_KEY = 'shiliuzi.requests.draft'

/** How many of the household's requests wait for its answer, as the list just read them. */
export function noteWaiting(count: number): void {
  try {
    if (count > 0) Taro.setStorageSync(WAITING_KEY, count)
    else Taro.removeStorageSync(WAITING_KEY)
  } catch {
    // a full or unavailable store only costs the count on the home
  }
}

function stored(key: string): unknown {
  try {
    return Taro.getStorageSync(key)
  } catch {
    return undefined
  }
}

export default function RequestsLink({ householdId }: { householdId: string }) {
  const { t } = useSettings()
  const read = () => ({ waiting: Number(stored(WAITING_KEY)) || 0, draft: Boolean(stored(DRAFT_KEY)) })
  const [seen, setSeen] = useState(read)
  // back from the list, an answer or a report: what it noted
  Taro.useDidShow(() => setSeen(read()))
  const note = seen.draft
    ? t('requests.draftWaiting')
    : seen.waiting > 0
      ? t('requests.answersWaiting', { count: seen.waiting })
      : undefined
  return (
    <HomeLink
      label="requests.title"
      url={`/pages/household/requests/index?householdId=${encodeURIComponent(householdId)}`}
      testId="open-requests"
      note={note}
    />
  )
}
