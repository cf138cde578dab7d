/**
 * Who the app reads notices as: the household (first) or the official among the roles `identity.me`
 * last answered, kept in storage. The feed and opening a notice send it, so the function can read the
 * reader's records beside the caller's (2 round trips instead of 4). The function checks it against the
 * caller's roles: a stale one costs only that saving.
 */
import Taro from '@tarojs/taro'
import type { RoleGrant } from '../shared/contracts/identity'
import type { ReaderHint } from '../shared/contracts/notices'

export const READER_KEY = 'shiliuzi.reader'

export function readerFrom(roles: readonly RoleGrant[]): ReaderHint | undefined {
  for (const grant of roles) if (grant.role === 'household') return { kind: 'household', id: grant.householdId }
  for (const grant of roles) if (grant.role === 'official') return { kind: 'official', id: grant.officialId }
  return undefined
}

export function rememberReader(roles: readonly RoleGrant[]): void {
  try {
    const reader = readerFrom(roles)
    if (reader) Taro.setStorageSync(READER_KEY, reader)
    else Taro.removeStorageSync(READER_KEY)
  } catch {
    // storage full or unavailable: calls go without the hint
  }
}

export function knownReader(): ReaderHint | undefined {
  try {
    const value = Taro.getStorageSync(READER_KEY) as Partial<ReaderHint> | ''
    if (value && (value.kind === 'household' || value.kind === 'official') && typeof value.id === 'string')
      return { kind: value.kind, id: value.id }
  } catch {
    // as above
  }
  return undefined
}
