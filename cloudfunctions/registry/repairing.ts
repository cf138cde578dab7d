/**
 * Re-pairing when an official transfers, retires or leaves: their current pairings end (history kept),
 * their households go to the nearest least-loaded official or to the one asked for, and their open work
 * on those households moves to each household's heir. The rules are domain/reassign.ts's; this file
 * loads their inputs and writes what they answer.
 *
 * An office reaches the leaving official through their home region; the households they are paired with
 * may lie outside it. Only the households the caller reaches are re-paired (their pairings closed, their
 * heirs found among the officials the caller reaches); the others keep their pairing untouched and are
 * counted in `outsideRegion`. Each call writes one audit record with the counts.
 */
import type { Official, PairingEndReason } from '@config/documents'
import { EMPTY_BILINGUAL } from '@shared/bilingual'
import { OPEN_WORK } from '@shared/contracts/registry'
import { AppError } from '@shared/errors'
import { chinaDay, type Day } from '@shared/time'
import { reachesOfficial } from '@fn/access'
import type { Db } from '@fn/db'
import { collection, PAGE } from '@fn/db'
import { FigureChanges, keepFigures } from '@fn/figures'
import type { ActionContext } from '@fn/handler'
import { heirs, loadsOf, reassign, successorRegion, withUnrecorded } from './domain/reassign'
import {
  byIds,
  departmentsOf,
  eachLimit,
  HOUSEHOLD_FACTS,
  householdStands,
  OFFICIAL_FACTS,
  officialStands,
  PARALLEL,
  pairedFacts,
  pairedUpdate,
  readRegion,
  writeWhileUnchanged,
} from './data'
import { auditPairing, callerRegion, reachesHousehold } from './reach'

export async function reassignOfficial(
  input: {
    officialId: string
    endReason: PairingEndReason
    toOfficialId?: string | undefined
    keepActive: boolean
    date?: Day | undefined
  },
  ctx: ActionContext,
) {
  const { db } = ctx
  const _ = db.command
  const date = input.date ?? chinaDay()
  const officials = collection(db, 'officials')
  const households = collection(db, 'households')
  const pairings = collection(db, 'pairings')
  // the declared scope read the leaving official beside the caller (serve)
  const leaving = ctx.scope.official
  if (!leaving) throw new AppError('NOT_FOUND')
  let target: Official | undefined
  if (input.toOfficialId !== undefined) {
    if (input.toOfficialId === input.officialId)
      throw new AppError('INVALID_ARGUMENT', 'registry.reassign.sameOfficial')
    target = await officials.get(input.toOfficialId)
    if (!target) throw new AppError(ctx.scope.grants.some((g) => g.role === 'admin') ? 'NOT_FOUND' : 'FORBIDDEN')
    if (!reachesOfficial(ctx.scope.grants, target)) throw new AppError('FORBIDDEN')
    if (target.active === false) throw new AppError('INVALID_ARGUMENT', 'registry.reassign.notActive')
  }

  const [recorded, listing] = await Promise.all([
    pairings.findAll({ officialId: input.officialId, to: null }),
    households.findAll({ officialIds: input.officialId }, ['_id']),
  ])
  const all = withUnrecorded(
    input.officialId,
    recorded,
    listing.map((h) => h._id),
  )
  // by hand the successor is the one asked for; else they come from the region `successorRegion` names,
  // their loads counted over its households
  const region = target ? undefined : successorRegion(leaving.regionPath)
  const [found, inRegion, regionHouseholds] = await Promise.all([
    byIds(
      db,
      'households',
      all.map((p) => p.householdId),
      HOUSEHOLD_FACTS,
    ),
    region
      ? readRegion(db, region, (f) => officials.findAll(f, ['regionPath', 'active']), { aboveTownship: true })
      : [],
    region ? readRegion(db, region, (f) => households.findAll(f, ['officialIds']), { aboveTownship: false }) : [],
  ])
  const open = all.filter((p) => reachesHousehold(ctx.scope.grants, found.get(p.householdId)))
  const outside = new Set(all.map((p) => p.householdId)).size - new Set(open.map((p) => p.householdId)).size
  const affected = new Map([...found].filter(([, h]) => reachesHousehold(ctx.scope.grants, h)))
  const candidates: Pick<Official, '_id' | 'regionPath' | 'active'>[] = target
    ? [target]
    : inRegion.filter((o) => reachesOfficial(ctx.scope.grants, { _id: o._id, regionPath: o.regionPath }))
  const loads = loadsOf(regionHouseholds)

  const result = reassign({
    leavingOfficialId: input.officialId,
    pairings: open,
    households: [...affected.values()].map((h) => ({
      id: h._id,
      regionPath: h.regionPath,
      officialIds: h.officialIds,
    })),
    officials: candidates.map((o) => ({ id: o._id, regionPath: o.regionPath, active: o.active })),
    loads,
    date,
    endReason: input.endReason,
    ...(input.toOfficialId !== undefined ? { toOfficialId: input.toOfficialId } : {}),
  })

  // closed pairings keep their document: `set` writes the ended record whether or not it existed
  await eachLimit(result.closed, PARALLEL, async ({ _id, ...rest }) => {
    await pairings.set(_id, rest)
  })
  const openedIds = await byIds(
    db,
    'pairings',
    result.opened.map((p) => p._id),
    ['_id'],
  )
  await pairings.addMany(result.opened.filter((p) => !openedIds.has(p._id)))
  const departments = await departmentsOf(
    db,
    result.households.flatMap((h) => h.officialIds),
  )
  const figures = new FigureChanges()
  await eachLimit(result.households, PARALLEL, async (h) => {
    const stored = affected.get(h.id)
    const before = stored?.officialIds ?? [input.officialId]
    const patch = pairedUpdate(_, before, h.officialIds, departments)
    if (!stored) {
      await households.update(h.id, patch)
      return
    }
    const was = await writeWhileUnchanged(
      _,
      stored,
      householdStands,
      (filter) => households.updateWhere(filter, patch),
      () => households.get(h.id, HOUSEHOLD_FACTS),
    )
    if (was) figures.household(was, pairedFacts(was, before, h.officialIds, departments))
  })
  if (!input.keepActive && input.endReason !== 'manual') {
    const ended = { active: false, endReason: input.endReason, endedAt: date }
    if (leaving.active === false) await officials.update(input.officialId, ended)
    else {
      // the official leaves the figures of their region and department once, however many calls end them
      const was = await writeWhileUnchanged(
        _,
        leaving,
        officialStands,
        (filter) => officials.updateWhere(filter, ended),
        () => officials.get(input.officialId, OFFICIAL_FACTS),
      )
      if (was) figures.official(was, { ...was, active: false })
    }
  }
  await keepFigures(db, figures)
  const movedRequests = await moveOpenWork(db, input.officialId, heirs(result, input.toOfficialId), date)

  const [names, heads] = await Promise.all([
    byIds(
      db,
      'officials',
      result.moves.map((m) => m.to),
      ['name'],
    ),
    byIds(
      db,
      'households',
      result.moves.map((m) => m.householdId),
      ['head'],
    ),
  ])
  await auditPairing(ctx, input.officialId, callerRegion(ctx.scope.grants), {
    endReason: input.endReason,
    ...(input.toOfficialId !== undefined ? { to: input.toOfficialId } : {}),
    closed: result.closed.length,
    opened: result.opened.length,
    unassigned: result.unassigned.length,
    outside,
  })
  return {
    outsideRegion: outside,
    closed: result.closed.length,
    opened: result.opened.length,
    moves: result.moves.map((m) => ({
      householdId: m.householdId,
      householdName: heads.get(m.householdId)?.head.name ?? EMPTY_BILINGUAL,
      to: m.to,
      toName: names.get(m.to)?.name ?? EMPTY_BILINGUAL,
    })),
    unassigned: result.unassigned,
    movedRequests,
  }
}

/** CloudBase's answer for a collection that was never created (wx-server-sdk errCode -502005). */
function missingCollection(error: unknown): boolean {
  const e = error as { errCode?: number; message?: string } | undefined
  return e?.errCode === -502005 || /DATABASE_COLLECTION_NOT_EXIST/.test(String(e?.message ?? error))
}

/**
 * Hands the leaving official's open work over: in each OPEN_WORK collection, the documents held by
 * `from` (`officialId`), for one of the given households, still `open: true`, go to that household's heir
 * (one update per heir and collection, 1,000 households at a time). Returns how many documents moved.
 *
 * `requests` is reached through its typed accessor; scheduled contacts are not built yet, so that collection
 * has no stored shape in config/documents.ts and is reached by name. One not created yet holds nothing to move.
 */
async function moveOpenWork(db: Db, from: string, heirs: ReadonlyMap<string, string[]>, date: Day): Promise<number> {
  const _ = db.command
  const jobs: { name: string; to: string; householdIds: string[] }[] = []
  for (const name of OPEN_WORK) {
    for (const [to, householdIds] of heirs) {
      for (let i = 0; i < householdIds.length; i += PAGE)
        jobs.push({ name, to, householdIds: householdIds.slice(i, i + PAGE) })
    }
  }
  const missing = new Set<string>()
  let moved = 0
  await eachLimit(jobs, PARALLEL, async (job) => {
    if (missing.has(job.name)) return
    try {
      const where = { officialId: from, householdId: _.in(job.householdIds), open: true }
      const patch = { officialId: job.to, reassignedFrom: from, reassignedAt: date }
      if (job.name === 'requests') {
        // read before adding: `moved += await …` reads `moved` first and loses what a job beside it added
        const n = await collection(db, 'requests').updateWhere(where, patch)
        moved += n
        return
      }
      const res = (await db.collection(job.name).where(where).update({ data: patch })) as {
        stats?: { updated?: number }
      }
      moved += res.stats?.updated ?? 0
    } catch (error) {
      if (!missingCollection(error)) throw error
      missing.add(job.name)
    }
  })
  return moved
}
