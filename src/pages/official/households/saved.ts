/**
 * The last "my households" list, kept on the phone so the list and the contact form work with no signal.
 */
import Taro from '@tarojs/taro'
import type { HouseholdRow } from '@shared/contracts/contacts'

export const SAVED_KEY = 'contacts.myHouseholds.v1'

export interface SavedList {
  households: HouseholdRow[]
  overdueCount: number
  /** absent from a list kept by an older version of the app */
  unconfirmedCount?: number
}

export function readSaved(): SavedList | undefined {
  try {
    const text = Taro.getStorageSync(SAVED_KEY) as string
    return text ? (JSON.parse(text) as SavedList) : undefined
  } catch {
    return undefined
  }
}

export function writeSaved(list: SavedList): void {
  try {
    Taro.setStorageSync(SAVED_KEY, JSON.stringify(list))
  } catch {
    // storage full: the list still shows, it just will not be there offline
  }
}

export function savedHousehold(id: string): HouseholdRow | undefined {
  return readSaved()?.households.find((h) => h.id === id)
}
