/**
 * What one contact adds to the counters, and what a send takes back when it lost a race.
 *
 * logContact writes everything at once: the contact insert (its `_id` is the phone's UUID, so exactly one
 * send of it gets in), a marker insert for each period the household shows no contact in yet (exactly one
 * contact of a period gets each), and the counters' increments, made as if this send had won every insert.
 * Once the inserts have answered, the increments of the ones it lost are taken back. The plan and the undo
 * are decided here; the handler only reads, writes what they say, and writes again what the undo says.
 */
import type { Household, OpenNeed } from '@config/documents'
import type { Channel, Counters } from '@shared/contracts/contacts'
import type { Instant } from '@shared/time'
import { periodsOf } from '@shared/time'
import type { ContactFacts, ContactKeys } from './rollup'
import { allStatsIds, contactKeys } from './rollup'

/** One request's worth of counter changes: the same increments (or decrements) on every listed stats document. */
export interface StatsChange {
  ids: string[]
  inc: Partial<Counters>
}

export type Marker = ContactKeys['regionMarkers'][number]

/** An id usable as a key of a household's maps: a dot would make a nested path, a `$` an operator. */
export function isFieldName(id: string): boolean {
  return /^[^.$]+$/.test(id)
}

/**
 * The markers a household document already proves taken, so logContact need not touch them: the
 * household's `lastContactAt` (and, per department, `departmentContactAt`) is only ever raised by a
 * contact that was stored, after it made sure its stats documents exist. If that latest contact falls in
 * the same month (or quarter) as this one, the household was contacted in that period, its marker was
 * taken by whichever contact got there first, and the period's stats documents exist.
 *
 * Why at least one contact still takes the marker: the first contact whose household update lands in a
 * period read the household before that update, when no stored contact of the period had raised
 * `lastContactAt` into it; so it finds nothing proven and inserts the marker itself.
 */
export function provenMarkers(
  keys: ContactKeys,
  at: Instant,
  lastContactAt: Instant | null | undefined,
  departmentContactAt: Instant | null | undefined,
): Set<string> {
  const proven = new Set<string>()
  const periods = periodsOf(at)
  const mark = (markers: Marker[], latest: Instant | null | undefined) => {
    if (!latest || Number.isNaN(Date.parse(latest))) return
    const seen = periodsOf(latest)
    markers.forEach((m, i) => {
      if (seen[i] === periods[i]) proven.add(m.marker)
    })
  }
  mark(keys.regionMarkers, lastContactAt)
  mark(keys.departmentMarkers, departmentContactAt)
  return proven
}

/** Groups per-document changes so that documents receiving the same ones take one multi-document update. */
function grouped(changes: Iterable<readonly [string, Partial<Counters>]>): StatsChange[] {
  const groups = new Map<string, StatsChange>()
  for (const [id, inc] of changes) {
    const sig = JSON.stringify(inc)
    const group = groups.get(sig) ?? { inc, ids: [] }
    group.ids.push(id)
    groups.set(sig, group)
  }
  return [...groups.values()]
}

/**
 * The increments of one contact: every stats document it touches counts a contact (and a visit), and
 * those of the markers it is first to take count the household as contacted.
 */
export function incrementGroups(
  keys: ContactKeys,
  firstInPeriod: ReadonlySet<string>,
  channel: Channel,
): StatsChange[] {
  const changes: [string, Partial<Counters>][] = []
  for (const m of [...keys.regionMarkers, ...keys.departmentMarkers]) {
    const inc: Partial<Counters> = { contacts: 1 }
    if (channel === 'visit') inc.visits = 1
    if (firstInPeriod.has(m.marker)) inc.householdsContacted = 1
    for (const id of m.statsIds) changes.push([id, inc])
  }
  return grouped(changes)
}

/** What the household tells the plan: its latest contacts, on the region axis and per department. */
export type HouseholdContacts = Pick<Household, '_id' | 'regionPath'> &
  Partial<Pick<Household, 'lastContactAt' | 'departmentContactAt'>>

export interface ContactPlan {
  /** every stats document the contact touches, stored on the contact for the visit's confirmation */
  statsIds: string[]
  /** the markers this send inserts: the periods the household does not yet show a contact in */
  markers: Marker[]
  /** the increments, as if this send wins the contact and every marker */
  increments: StatsChange[]
  /** whether `departmentContactAt.<departmentId>` is kept for the contact's department */
  tracksDepartment: boolean
}

export function planContact(
  household: HouseholdContacts,
  contact: Pick<ContactFacts, 'departmentId' | 'at' | 'channel'>,
): ContactPlan {
  const { departmentId, at, channel } = contact
  const keys = contactKeys({ householdId: household._id, regionPath: household.regionPath, departmentId, at, channel })
  const tracksDepartment = departmentId !== null && isFieldName(departmentId)
  const proven = provenMarkers(
    keys,
    at,
    household.lastContactAt,
    tracksDepartment ? household.departmentContactAt?.[departmentId] : null,
  )
  const markers = [...keys.regionMarkers, ...keys.departmentMarkers].filter((m) => !proven.has(m.marker))
  return {
    statsIds: allStatsIds(keys),
    markers,
    increments: incrementGroups(keys, new Set(markers.map((m) => m.marker)), channel),
    tracksDepartment,
  }
}

export interface SendOutcome {
  /** the contact insert got in (false: another send of this id was stored first) */
  stored: boolean
  /** for each of the plan's markers, in order, whether this send's insert took it */
  markersWon: readonly boolean[]
}

/**
 * The decrements that put the counters right after the inserts answered. A marker someone else holds
 * means the household was already counted in that period. A contact another send stored first keeps its
 * own counts, so this send's go; a marker this send did take stays, since it belongs to the same contact
 * id, which is stored.
 */
export function planUndo(plan: ContactPlan, channel: Channel, outcome: SendOutcome): StatsChange[] {
  const undo = new Map<string, Partial<Counters>>()
  const take = (ids: readonly string[], counter: keyof Counters) => {
    for (const id of ids) {
      const c = undo.get(id) ?? {}
      c[counter] = (c[counter] ?? 0) - 1
      undo.set(id, c)
    }
  }
  plan.markers.forEach((m, i) => {
    if (!outcome.markersWon[i]) take(m.statsIds, 'householdsContacted')
  })
  if (!outcome.stored) {
    take(plan.statsIds, 'contacts')
    if (channel === 'visit') take(plan.statsIds, 'visits')
  }
  return grouped(undo)
}

/** The needs a contact keeps: ids from the contact's, so a resend stores the same ones. */
export function needsOf(contactId: string, needs: readonly { text: string }[], at: Instant): OpenNeed[] {
  return needs.map((n, i) => ({ id: `${contactId}:${i}`, text: n.text, contactId, at }))
}
