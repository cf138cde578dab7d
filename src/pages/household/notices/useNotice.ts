/**
 * Opens a notice (which records the reader's receipt) and keeps it for offline reading; without a
 * network, the kept copy is shown instead, marked as such.
 */
import { useCall } from '@/services/useCall'
import { CallError, call } from '@/services/cloud'
import type { ActingAs, NoticeDetail } from '@shared/contracts/notices'
import { notices } from '@shared/contracts/notices'
import { cachedNotice, saveNotice } from './cache'

/** The role the feed read as, carried to a notice's page in its URL (`&as=household:<id>`). */
export function actingAsParam(as: ActingAs | undefined): string {
  return as ? `&as=${encodeURIComponent(`${as.role}:${as.id}`)}` : ''
}

export function actingAsFrom(param: string | undefined): ActingAs | undefined {
  const [role, ...rest] = decodeURIComponent(param ?? '').split(':')
  const id = rest.join(':')
  return (role === 'household' || role === 'official') && id ? { role, id } : undefined
}

/** `as`: the role the app reads as, when it came with the page (a notice opened from a push has none). */
export function useNotice(id: string, as?: ActingAs) {
  return useCall(async (): Promise<{ notice: NoticeDetail; offline: boolean }> => {
    try {
      const notice = await call(notices, 'open', as ? { id, as } : { id })
      saveNotice(notice)
      return { notice, offline: false }
    } catch (error) {
      const kept = error instanceof CallError && error.code === 'UNAVAILABLE' ? await cachedNotice(id) : undefined
      if (kept) return { notice: kept, offline: true }
      throw error
    }
  }, [id])
}
