/**
 * logContact: an official's contact with a paired household, sent once or many times (the phone's outbox
 * resends until it hears back), counted exactly once.
 *
 * Round trips (∥ = sent together): serve's caller ∥ household (the declared scope) ∥ whatever is stored
 * under the contact's id (`prefetchLogContact`) → contact insert ∥ household update ∥ the counters'
 * increments (one request per set of increments) ∥ a marker insert per period the household shows no
 * contact in yet. 2 round trips: 5 requests when the household was contacted this month already, up to 10
 * on its first contact of a month. A resend is answered after the first. The notes' moderation (an open
 * API call, not the database) starts once serve has checked the caller, beside the official's department
 * lookup when pairing did not record it.
 * Photos and the voice note are accepted only from the contact's own upload folder (`contacts/<id>/`, where
 * the outbox puts them; @fn/storage), checked before anything is read or written beyond serve's round trip.
 *
 * The counters move before the inserts have answered, as if this send won them all (domain/counting.ts);
 * a send that lost either takes its increments back in a third round trip (two sends of one contact racing
 * each other, or a household's first contact of a month racing another). Stats documents a function
 * instance has not seen yet are incremented one request each, and one that does not exist is created in a
 * third round trip; the daily timer makes the coming periods' documents in advance. A crash between the
 * writes and the taking back leaves a counter over until the recount. Two different versions of one
 * contact id sent at the same moment: the one stored wins, the other is kept for review, but the
 * household's latest contact time may follow it.
 *
 * The needs on a contact are kept with it as what the official wrote on that day; each one is also a
 * request (issue 14) that the official's outbox sends to the requests function under an id made from the
 * contact's (src/shared/needs.ts), so they are no longer gathered on the household.
 */
import { passesModeration } from '@fn/moderation'
import type { Contact, Household } from '@config/documents'
import type { ContactInput } from '@shared/contracts/contacts'
import { AppError } from '@shared/errors'
import { t } from '@shared/i18n'
import { now, periodsOf, toInstant } from '@shared/time'
import type { ActionContext, Db } from '@fn/handler'
import type { Patch } from '@fn/db'
import { collection } from '@fn/db'
import { acceptFiles } from '@fn/storage'
import { addToStats, takeBack } from './data'
import { isFieldName, needsOf, planContact, planUndo } from './domain/counting'
import { fingerprint, judgeResend } from './domain/fingerprint'
import { contactProblems, toFieldIssues } from './domain/validate'
import { pairedOfficial, scopedHousehold } from './scope'

/** What a send needs to know of a contact stored under its id. */
export type StoredContact = Pick<Contact, '_id' | 'fingerprint' | 'officialId' | 'needs'>

function readStored(db: Db, id: string): Promise<StoredContact | undefined> {
  return collection(db, 'contacts').get(id, ['fingerprint', 'officialId', 'needs'])
}

/**
 * Read beside the caller's lookup: a resend is answered from serve's round trip alone. serve quiets the
 * promise a prefetch answers, not the ones inside it, and a refused call never awaits this one.
 */
export function prefetchLogContact(input: ContactInput, db: Db) {
  const stored = readStored(db, input.id)
  stored.catch(() => undefined)
  return { stored }
}

export type LogContactPrefetch = ReturnType<typeof prefetchLogContact>

/** The notes the household will read pass moderation (a visit's notes are a comment on the household). */
function notesPass(ctx: ActionContext<unknown>, notes: string): Promise<boolean> {
  return passesModeration(ctx.cloud, [notes], ctx.caller.openid, 1)
}

export async function logContact(
  input: ContactInput,
  ctx: ActionContext<LogContactPrefetch>,
): Promise<{ id: string; status: 'created' | 'duplicate' }> {
  const createdAt = now()
  const at = toInstant(input.at)
  const problems = contactProblems(input, createdAt)
  if (problems.length || !at)
    throw new AppError(
      'INVALID_ARGUMENT',
      undefined,
      undefined,
      toFieldIssues(problems, (k) => t(ctx.lang, k)),
    )
  // photos only from this contact's own upload folder, where the outbox puts them (contactPhotoPath)
  acceptFiles(ctx, 'photos', input.photos, { kind: 'contactPhoto', id: input.id })
  if (input.voiceNote) acceptFiles(ctx, 'voiceNote', [input.voiceNote], { kind: 'contactPhoto', id: input.id })
  const household = scopedHousehold(ctx)
  const officialId = pairedOfficial(ctx, household)
  const db = ctx.db
  const print = fingerprint(input)
  // A resend of something already stored is answered from the first round trip, and writes nothing
  // (except a conflicting version, kept for review).
  const stored = await ctx.prefetched.stored
  if (stored) return answerResend(ctx, input, household._id, officialId, print, stored)

  const cachedDepartment = household.officialDepartments?.[officialId]
  const [departmentId, notesOk] = await Promise.all([
    // pairing records the department beside the official; only a pairing made without it costs a read
    cachedDepartment !== undefined
      ? cachedDepartment || null
      : collection(db, 'officials')
          .get(officialId, ['departmentId'])
          .then((o) => o?.departmentId || null),
    notesPass(ctx, input.notes),
  ])
  const plan = planContact(household, { departmentId, at, channel: input.channel })
  const needs = needsOf(input.id, input.needs, at)
  const [month, quarter] = periodsOf(at)
  const doc: Contact = {
    _id: input.id,
    householdId: household._id,
    officialId,
    departmentId,
    regionPath: household.regionPath,
    channel: input.channel,
    at,
    month,
    quarter,
    topics: input.topics,
    notes: input.notes,
    notesHeld: !notesOk,
    photos: input.photos,
    voiceNote: input.voiceNote ?? null,
    location: input.channel === 'visit' && input.locationConsent ? (input.location ?? null) : null,
    needs,
    fingerprint: print,
    statsIds: plan.statsIds,
    confirmedAt: null,
    createdAt,
  }
  const _ = db.command
  // ISO instants in UTC order as strings do; $max keeps the latest when an older contact arrives late
  const max = _.max as unknown as (value: string) => unknown
  const householdUpdate: Patch<Household> = { lastContactAt: max(at) }
  if (plan.tracksDepartment) householdUpdate[`departmentContactAt.${departmentId}`] = max(at)
  // learnt once per pairing, so the next contact by this official needs no lookup
  if (cachedDepartment === undefined && isFieldName(officialId))
    householdUpdate[`officialDepartments.${officialId}`] = departmentId ?? ''

  // Everything at once: the contact insert is the gate, the markers decide "households contacted", and
  // the counters move as if both went this send's way.
  const households = collection(db, 'households')
  const marks = collection(db, 'contactMarks')
  const [inserted, , markersWon] = await Promise.all([
    collection(db, 'contacts').addOnce(doc),
    households.update(household._id, householdUpdate),
    Promise.all(plan.markers.map((m) => marks.addOnce({ _id: m.marker, contactId: input.id }))),
    Promise.all(plan.increments.map((change) => addToStats(db, change))),
  ])
  const undo = planUndo(plan, input.channel, { stored: inserted, markersWon })
  const [after] = await Promise.all([inserted ? undefined : readStored(db, input.id), takeBack(db, undo)])
  if (inserted) return { id: input.id, status: 'created' }
  return answerResend(ctx, input, household._id, officialId, print, after)
}

/** The answer to a send whose id is stored: the same content is a duplicate, other content a conflict kept for review. */
async function answerResend(
  ctx: ActionContext<unknown>,
  input: ContactInput,
  householdId: string,
  officialId: string,
  print: string,
  stored: StoredContact | undefined,
): Promise<{ id: string; status: 'duplicate' }> {
  if (judgeResend(stored, print) === 'duplicate') return { id: input.id, status: 'duplicate' }
  // Never overwrite: keep the other version for an office to review. One record per distinct version.
  await collection(ctx.db, 'contactConflicts').addOnce({
    _id: `${input.id}:${print}`,
    contactId: input.id,
    householdId,
    officialId,
    storedFingerprint: stored?.fingerprint ?? '',
    incoming: input,
    receivedAt: now(),
    reviewed: false,
  })
  throw new AppError('CONFLICT', 'contacts.conflict')
}
