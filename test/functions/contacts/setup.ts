/**
 * The contacts function's tests share this world: one household of the demo slice paired with three
 * officials (two departments), a member of it, and the daily timer fired once so the gauges count the
 * households the registry loaded straight into the database.
 */
import { randomUUID } from 'node:crypto'
import type { Stats } from '@config/documents'
import type { ContactInput } from '@shared/contracts/contacts'
import { type FunctionsHarness, startFunctions } from '../harness'

export const officials = ['demo-official-1', 'contacts-official-2', 'contacts-official-3']
const departments = ['dep-a', 'dep-b', 'dep-a']
export const MEMBER = 'contacts-member'
export const ADMIN = 'demo-admin-1'

export interface ContactsWorld {
  h: FunctionsHarness
  householdId: string
  /** the household's region path, prefecture to village */
  village: string[]
  /** a contact with the household an hour ago, as the form sends it */
  contact(over?: Partial<ContactInput>): ContactInput
  /** a stats document's counters (none when it does not exist) */
  stats(id: string): Partial<Stats>
  /** everything stored but the audit trail, which records each refusal: "a refusal wrote nothing" compares these */
  data(): string
}

export async function startContacts(): Promise<ContactsWorld> {
  const h = await startFunctions()
  const household = h.find('households')[0]!
  const householdId = household._id
  const village = household.regionPath as string[]
  const officialIds: string[] = []
  for (const [i, openid] of officials.entries()) {
    const user = h.find('users', { _id: openid })[0]
    const officialId = (user?.officialId as string | undefined) ?? h.find('officials')[i + 1]!._id
    if (!user) h.insert('users', [{ _id: openid, officialId, roles: [{ role: 'official', officialId }] }])
    officialIds.push(officialId)
  }
  const officialDepartments = Object.fromEntries(officialIds.map((id, i) => [id, departments[i]]))
  h.lc.store.update(
    'households',
    { _id: householdId },
    { $set: { officialIds, officialDepartments, lastContactAt: null, riskLevel: 'none' } },
  )
  h.insert('users', [{ _id: MEMBER, householdId, roles: [{ role: 'household', householdId }] }])
  h.insert(
    'departments',
    ['dep-a', 'dep-b'].map((id) => ({ _id: id, name: { 'zh-Hans': id, bo: id }, regionPath: village.slice(0, 1) })),
  )
  await h.lc.fireTimer('contacts')
  return {
    h,
    householdId,
    village,
    contact: (over = {}) => ({
      id: randomUUID(),
      householdId,
      channel: 'phone',
      at: new Date(Date.now() - 3600_000).toISOString(),
      topics: ['policy'],
      notes: '电话了解近况',
      photos: [],
      locationConsent: false,
      needs: [],
      ...over,
    }),
    stats: (id) => (h.find('stats', { _id: id })[0] ?? {}) as Partial<Stats>,
    data: () => {
      const { audit: _audit, auditCounters: _counters, ...rest } = JSON.parse(h.snapshot()) as Record<string, unknown>
      return JSON.stringify(rest)
    },
  }
}

const DAY = 86_400_000
/** midnight of a China calendar day, as an instant */
const chinaMidnight = (ms: number) => Math.floor((ms + 8 * 3600_000) / DAY) * DAY - 8 * 3600_000

/**
 * A department's overdue households counted straight from the stored households, by the rule written out:
 * paired with one of its officials (by `officialDepartments`), and its own latest contact missing or more than
 * 30 China days before `at` (no region in these worlds sets another period).
 */
export function rawDepartmentOverdue(households: readonly object[], department: string, at: string): number {
  const lapsedBefore = chinaMidnight(Date.parse(at)) - 30 * DAY
  return households.filter((doc) => {
    const h = doc as { officialDepartments?: Record<string, string>; departmentContactAt?: Record<string, string> }
    if (!Object.values(h.officialDepartments ?? {}).includes(department)) return false
    const last = h.departmentContactAt?.[department]
    return !last || chinaMidnight(Date.parse(last)) < lapsedBefore
  }).length
}
