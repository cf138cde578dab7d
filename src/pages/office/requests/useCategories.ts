/** The prefecture's category names, by key, in the reader's language; empty until (or unless) they arrive. */
import { useMemo } from 'react'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import { requests } from '@shared/contracts/requests'

export function useCategoryNames(): ReadonlyMap<string, string> {
  const { lang } = useSettings()
  const list = useCall(() => call(requests, 'categories', {}))
  const items = list.status === 'done' ? list.data.items : undefined
  return useMemo(() => new Map((items ?? []).map((c) => [c.key, pick(c.name, lang)])), [items, lang])
}
