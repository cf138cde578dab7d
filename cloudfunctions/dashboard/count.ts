/**
 * The day's count (the `tick` trigger's first run of a China day, tick.ts) and the recount: the dashboard's own counters counted from
 * the raw households, officials, units, notices and read counters (domain/count.ts), compared with what is
 * stored, and — unless only checking — written back. Every difference is answered and logged, so a night
 * whose counters moved for a reason other than the day's imports and pairings shows in the function's log.
 *
 * Periods are China time: the count writes the present (`…:now`) and the month and quarter `at` falls in;
 * a past period keeps what its last count wrote.
 *
 * Reads whole collections a page at a time (households with three fields): the function's 60 s and 1 GB
 * hold the full prefecture (bench: `npm run bench -- dashboard`).
 */
import type { DashboardFigures, NoticeStats } from '@config/documents'
import type { Instant } from '@shared/time'
import { now } from '@shared/time'
import type { Db } from '@fn/db'
import { collection, isDuplicate } from '@fn/db'
// the periods a count writes are those every write keeps (the month, the quarter, and in a period's first
// hour the ones just ended), so the two never disagree about which documents exist
import { gaugePeriods } from '@fn/figures'
import type { TimerContext } from '@fn/handler'
import type { Difference } from './domain/count'
import { Count, compare } from './domain/count'

/**
 * Counts every dashboard counter as of `at` from the raw records. Households and officials are counted a page
 * at a time as they arrive and let go: the function holds the counters, never the prefecture's records.
 */
export async function countAll(db: Db, at: Instant): Promise<DashboardFigures[]> {
  const count = new Count(at, gaugePeriods(at))
  const [, , units, notices] = await Promise.all([
    // by `_id` alone, the one order every page reads from its index without sorting what it passes over
    collection(db, 'households').eachPage({}, ['regionPath', 'officialIds', 'officialDepartments'], (page) => {
      for (const h of page) count.addHousehold(h)
    }),
    // every official, wherever they live: a department counts its own
    collection(db, 'officials').eachPage({}, ['regionPath', 'departmentId', 'active'], (page) => {
      for (const o of page) count.addOfficial(o)
    }),
    collection(db, 'units').findAll({}, ['kind', 'regionPath']),
    collection(db, 'notices').findAll({ publishedAt: db.command.neq(null) }, [
      'status',
      'audienceRegions',
      'audienceKinds',
      'publishedAt',
    ]),
  ])
  for (const u of units) count.addUnit(u)
  const ids = notices.map((n) => n._id)
  const stats = new Map<string, NoticeStats>()
  for (let i = 0; i < ids.length; i += 1000) {
    const page = await collection(db, 'noticeStats').find(
      { _id: db.command.in(ids.slice(i, i + 1000)) },
      { limit: 1000 },
    )
    for (const s of page) stats.set(s._id, s)
  }
  for (const n of notices) count.addNotice(n, stats.get(n._id))
  return count.documents()
}

/** The stored counters of the documents a count as of `at` writes (the present and its month and quarter). */
async function storedAt(db: Db, at: Instant): Promise<Map<string, DashboardFigures>> {
  const periods = ['now', ...gaugePeriods(at)]
  const docs = await collection(db, 'dashboardFigures').findAll({
    _id: db.RegExp({ regexp: `:(${periods.join('|')})$` }),
  } as never)
  return new Map(docs.map((d) => [d._id, d]))
}

/** documents per insert request: a few hundred bytes each */
const INSERT_BATCH = 500

export interface Recounted {
  checked: number
  differences: Difference[]
}

/** Counts, compares with what is stored and, with `fix`, writes the counted values over every difference. */
export async function recount(db: Db, fix: boolean, at: Instant = now()): Promise<Recounted> {
  const [expected, stored] = await Promise.all([countAll(db, at), storedAt(db, at)])
  const differences = compare(stored, expected)
  if (fix) {
    const changed = new Set(differences.map((d) => d.id))
    const figures = collection(db, 'dashboardFigures')
    const put = async (docs: DashboardFigures[]) => {
      for (let i = 0; i < docs.length; i += 20)
        await Promise.all(docs.slice(i, i + 20).map(({ _id, ...doc }) => figures.set(_id, doc)))
    }
    // documents new to this count (a new month's, a first count's) go in many to a request
    const missing = expected.filter((d) => !stored.has(d._id))
    for (let i = 0; i < missing.length; i += INSERT_BATCH) {
      const batch = missing.slice(i, i + INSERT_BATCH)
      try {
        await figures.addMany(batch)
      } catch (error) {
        // another count got there first with some of them: each is written on its own
        if (!isDuplicate(error)) throw error
        await put(batch)
      }
    }
    await put(expected.filter((d) => stored.has(d._id) && changed.has(d._id)))
    // documents the raw records no longer give hold zeros
    const counted = new Set(expected.map((d) => d._id))
    const gone = [...changed].filter((id) => !counted.has(id))
    for (const id of gone) {
      const doc = stored.get(id)
      if (doc)
        await figures.set(id, {
          ...doc,
          households: 0,
          officials: 0,
          pairedHouseholds: 0,
          ...(doc.network ? { network: { centre: 0, studio: 0, team: 0 } } : {}),
          ...(doc.noticesPublished !== undefined ? { noticesPublished: 0, noticeReads: 0, noticeAudience: 0 } : {}),
          countedAt: at,
        })
    }
  }
  return { checked: new Set([...stored.keys(), ...expected.map((d) => d._id)]).size, differences }
}

/** The day's count of the `tick` trigger (tick.ts), as of the moment the platform fired it. */
export async function nightlyCount(ctx: TimerContext): Promise<Recounted> {
  const result = await recount(ctx.db, true, ctx.time)
  if (result.differences.length)
    console.log(
      `[dashboard] nightly count: ${result.differences.length} figures differed from the stored counters and were repaired`,
      JSON.stringify(result.differences.slice(0, 50)),
    )
  return result
}
