/**
 * Opens a notice (which records the reader's receipt) and keeps it for offline reading; without a
 * network, the kept copy is shown instead, marked as such.
 */
import { useCall } from '../../../services/useCall'
import { CallError, call } from '../../../services/cloud'
import { knownReader } from '../../../services/reader'
import type { NoticeDetail } from '../../../shared/contracts/notices'
import { notices } from '../../../shared/contracts/notices'
import { cachedNotice, saveNotice } from './cache'

export function useNotice(id: string) {
  return useCall(async (): Promise<{ notice: NoticeDetail; offline: boolean }> => {
    try {
      const notice = await call(notices, 'open', { id, reader: knownReader() })
      saveNotice(notice)
      return { notice, offline: false }
    } catch (error) {
      const kept = error instanceof CallError && error.code === 'UNAVAILABLE' ? await cachedNotice(id) : undefined
      if (kept) return { notice: kept, offline: true }
      throw error
    }
  }, [id])
}
