/**
 * The registry function's database helpers. Production's limits shape them: a `get()` returns at most
 * 1,000 documents, so whole-region reads go township by township (a township holds at most a few
 * thousand households), each paged; there is no bulk update, so per-document writes run a few at a
 * time in parallel; batch inserts are one request.
 */
import type { Db } from '../_shared/handler'
import { coll, PAGE, readAll, rows } from '../_shared/db'
import { normaliseRegion, regionLevel } from '../_shared/access'
import type { Bilingual } from './domain/types'

/** parallel requests for per-document writes and per-township reads */
export const PARALLEL = 8

export async function count(db: Db, collection: string, where: Record<string, unknown>): Promise<number> {
  const res = (await coll(db, collection).where(where).count()) as { total?: number }
  return res.total ?? 0
}

/** Runs `work` over `items` with at most `parallel` in flight. */
export async function eachLimit<T>(
  items: readonly T[],
  parallel: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  const runners = Array.from({ length: Math.min(parallel, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T
      await work(item)
    }
  })
  await Promise.all(runners)
}

export interface RegionDoc {
  _id: string
  code: string
  level: 'prefecture' | 'county' | 'township' | 'village'
  parent: string | null
  path: string[]
  name: Bilingual
}

/** The townships under a county or the prefecture (a township or village is its own unit). */
async function townshipsUnder(db: Db, region: string): Promise<string[]> {
  const level = regionLevel(region)
  if (level === 'county')
    return (await readAll<RegionDoc>(db, 'regions', { parent: region }, { _id: true })).map((r) => r._id)
  const all = await readAll<RegionDoc>(db, 'regions', { level: 'township' }, { _id: true, path: true })
  return all.filter((r) => r.path.includes(region)).map((r) => r._id)
}

/**
 * Every document of `collection` whose `regionPath` lies in `region`'s subtree. A county or the
 * prefecture is read township by township (one index lookup per request, never a skip past tens of
 * thousands of documents). Households always sit in a village; officials may be recorded at a county
 * or the prefecture itself, so those are read per county as well.
 */
export async function readRegion<T>(
  db: Db,
  collection: string,
  region: string,
  field?: Record<string, boolean>,
): Promise<T[]> {
  const code = normaliseRegion(region)
  const level = regionLevel(code)
  if (level === 'township' || level === 'village') return readAll<T>(db, collection, { regionPath: code }, field)
  const _ = db.command
  const townships = await townshipsUnder(db, code)
  const parts: T[][] = []
  await eachLimit(townships, PARALLEL, async (township) => {
    parts.push(await readAll<T>(db, collection, { regionPath: township }, field))
  })
  if (collection === 'households') return parts.flat()
  // documents above township level: a regionPath of one or two codes
  const counties =
    level === 'county'
      ? [code]
      : (await readAll<RegionDoc>(db, 'regions', { parent: code }, { _id: true })).map((r) => r._id)
  await eachLimit(counties, PARALLEL, async (county) => {
    parts.push(await readAll<T>(db, collection, { regionPath: county, 'regionPath.2': _.exists(false) }, field))
  })
  if (level !== 'county') {
    parts.push(await readAll<T>(db, collection, { regionPath: code, 'regionPath.1': _.exists(false) }, field))
  }
  return parts.flat()
}

export async function regionNames(db: Db, codes: readonly string[]): Promise<Map<string, Bilingual>> {
  const wanted = [...new Set(codes)]
  const _ = db.command
  const out = new Map<string, Bilingual>()
  for (let i = 0; i < wanted.length; i += PAGE) {
    const docs = await rows<RegionDoc>(
      coll(db, 'regions')
        .where({ _id: _.in(wanted.slice(i, i + PAGE)) })
        .field({ name: true })
        .limit(PAGE),
    )
    for (const d of docs) out.set(d._id, d.name)
  }
  return out
}

export async function byIds<T extends { _id: string }>(
  db: Db,
  collection: string,
  ids: readonly string[],
  field?: Record<string, boolean>,
): Promise<Map<string, T>> {
  const wanted = [...new Set(ids)]
  const _ = db.command
  const out = new Map<string, T>()
  for (let i = 0; i < wanted.length; i += PAGE) {
    let query = coll(db, collection).where({ _id: _.in(wanted.slice(i, i + PAGE)) })
    if (field) query = query.field(field)
    for (const d of await rows<T>(query.limit(PAGE))) out.set(d._id, d)
  }
  return out
}

export const EMPTY_NAME: Bilingual = { 'zh-Hans': '', bo: '' }

/** A person's name in the caller's language, else the other one. */
export function nameIn(name: Bilingual | string | undefined, lang: 'zh-Hans' | 'bo'): string {
  if (typeof name === 'string') return name
  return name?.[lang] || name?.['zh-Hans'] || name?.bo || ''
}

/** China's calendar day (UTC+8) as YYYY-MM-DD. */
export function today(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10)
}

export function newId(prefix: string): string {
  const random = Math.random().toString(36).slice(2, 10)
  return `${prefix}${Date.now().toString(36)}${random}`
}
