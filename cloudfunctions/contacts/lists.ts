/**
 * What officials and households read: the official's households, most urgent first, and a household's
 * contacts, newest first, with temporary URLs for their photos and voice notes.
 */
import type { Contact } from '@config/documents'
import { EMPTY_BILINGUAL } from '@shared/bilingual'
import type { ContactView, HouseholdRow } from '@shared/contracts/contacts'
import { now, toInstant } from '@shared/time'
import type { ActionContext } from '@fn/handler'
import { collection } from '@fn/db'
import { temporaryUrls } from '@fn/storage'
import { daysSince, isOverdue, periodDaysFor, sortByUrgency } from './domain/overdue'
import { officialOf, scopedHousehold } from './scope'
import { periodTable } from './settings'

/**
 * Round trips: serve's caller → households by officialIds ∥ this official's unconfirmed visits ∥ the open
 * requests this official holds (4 requests, 2 round trips). The household document carries everything else
 * the list shows: its last contact and risk level. A household's open needs are its open requests held by
 * this official (re-pairing hands them to the successor with the household); a need written on a contact
 * became a request, so the stored `openNeeds` of older versions is no longer read (scripts/migrate.ts turns
 * it into requests). About 4 households per official; 100 is far above any pairing, and a few visits a
 * month each keep the unconfirmed ones and the open requests well under their limits.
 */
export async function myHouseholds(
  ctx: ActionContext<unknown>,
): Promise<{ households: HouseholdRow[]; overdueCount: number; unconfirmedCount: number }> {
  const officialId = officialOf(ctx)
  const today = now()
  const [found, unconfirmed, open] = await Promise.all([
    collection(ctx.db, 'households').find(
      { officialIds: officialId },
      { fields: ['regionPath', 'head', 'memberCount', 'riskLevel', 'lastContactAt'], limit: 100 },
    ),
    collection(ctx.db, 'contacts').find(
      { officialId, channel: 'visit', confirmedAt: null },
      { fields: ['householdId'], limit: 1000 },
    ),
    collection(ctx.db, 'requests').find({ officialId, open: true }, { fields: ['householdId'], limit: 1000 }),
  ])
  const waiting = new Map<string, number>()
  for (const c of unconfirmed) waiting.set(c.householdId, (waiting.get(c.householdId) ?? 0) + 1)
  const needs = new Map<string, number>()
  for (const r of open) needs.set(r.householdId, (needs.get(r.householdId) ?? 0) + 1)
  const rows = found.map((h) => {
    const periodDays = periodDaysFor(h.regionPath, periodTable)
    const days = daysSince(h.lastContactAt, today)
    return {
      id: h._id,
      headName: h.head?.name ?? EMPTY_BILINGUAL,
      memberCount: h.memberCount ?? 1,
      regionPath: h.regionPath,
      lastContactAt: h.lastContactAt ?? null,
      daysSince: days,
      unconfirmedVisits: waiting.get(h._id) ?? 0,
      overdue: isOverdue(days, periodDays),
      periodDays,
      riskLevel: h.riskLevel ?? 'none',
      openNeeds: needs.get(h._id) ?? 0,
    }
  })
  const households = sortByUrgency(rows)
  return {
    households,
    overdueCount: households.filter((h) => h.overdue).length,
    unconfirmedCount: households.filter((h) => h.unconfirmedVisits > 0).length,
  }
}

const PAGE = 20
/** what a contact view shows; the fingerprint, counters, place and region stay in the function */
const VIEW_FIELDS = [
  'householdId',
  'officialId',
  'channel',
  'at',
  'topics',
  'notes',
  'notesHeld',
  'photos',
  'voiceNote',
  'needs',
  'confirmedAt',
] as const satisfies readonly (keyof Contact)[]

export async function householdContacts(
  input: { before?: string },
  ctx: ActionContext<unknown>,
): Promise<{ contacts: ContactView[]; more: boolean }> {
  const household = scopedHousehold(ctx)
  const member = ctx.scope.relation === 'member'
  const _ = ctx.db.command
  const before = input.before ? toInstant(input.before) : undefined
  const found = await collection(ctx.db, 'contacts').find(
    before ? { householdId: household._id, at: _.lt(before) } : { householdId: household._id },
    { fields: VIEW_FIELDS, orderBy: [['at', 'desc']], limit: PAGE + 1 },
  )
  const page = found.slice(0, PAGE)
  const officialIds = [...new Set(page.map((c) => c.officialId))]
  const officials = officialIds.length
    ? await collection(ctx.db, 'officials').find({ _id: _.in(officialIds) }, { fields: ['name'], limit: 100 })
    : []
  const names = new Map(officials.map((o) => [o._id, o.name ?? EMPTY_BILINGUAL]))
  // only the contact's own uploads get a URL: a contact stored before the check may name any file
  const urls = await temporaryUrls(
    ctx.cloud,
    page.flatMap((c) =>
      [...c.photos, ...(c.voiceNote ? [c.voiceNote] : [])].map((fileId) => ({
        fileId,
        owner: { kind: 'contactPhoto' as const, id: c._id },
      })),
    ),
  )
  const voiceUrl = (c: (typeof page)[number]) => (c.voiceNote && urls.get(c.voiceNote)) || ''
  return {
    contacts: page.map((c) => ({
      id: c._id,
      householdId: c.householdId,
      officialId: c.officialId,
      officialName: names.get(c.officialId) ?? EMPTY_BILINGUAL,
      channel: c.channel,
      at: c.at,
      topics: c.topics,
      notes: member && c.notesHeld ? '' : c.notes,
      photos: c.photos,
      photoUrls: c.photos.map((p) => urls.get(p) ?? ''),
      needs: c.needs.map((n) => n.text),
      confirmedAt: c.confirmedAt,
      voiceNote: voiceUrl(c) ? { url: voiceUrl(c) } : null,
    })),
    more: found.length > PAGE,
  }
}
