/**
 * Aggregation in the database, for the registry's prefecture-wide figures: the database reads the
 * region's documents and answers a few grouped documents instead of 265,000 households a page at a time.
 *
 * Pipelines are written as MongoDB stage objects and sent through wx-server-sdk's chain (its `aggregate()`
 * takes no raw pipeline): every stage's value goes as EJSON, except `$match`, which the SDK serialises as a
 * query, so a `$match` holds plain equality or the SDK's commands (`db.command`), never raw `$` operators.
 * Production
 * answers 20 documents when a pipeline has no `$limit`, and a response may not pass 16 MB, so every
 * pipeline here ends in groups of a bounded number — by county (19 at most for the prefecture), or by a
 * load value — and a `$limit` above it.
 */
import type { Db } from '../_shared/handler'
import { coll } from '../_shared/db'

/** the most groups a pipeline here answers: more than Ganzi's 18 counties and any load value */
export const GROUPS = 1000

export async function aggregate<T>(db: Db, collection: string, pipeline: Record<string, unknown>[]): Promise<T[]> {
  let chain = coll(db, collection).aggregate()
  for (const stage of pipeline) {
    const [key, value] = Object.entries(stage)[0] ?? []
    if (!key?.startsWith('$')) throw new Error(`not a stage: ${JSON.stringify(stage)}`)
    chain = chain[key.slice(1)](value)
  }
  const res = (await chain.end()) as { list?: T[]; data?: T[] }
  return res.list ?? res.data ?? []
}

/** The county code of a region path (`null` for a path that stops at the prefecture). */
export const COUNTY_OF_PATH = (field: string): Record<string, unknown> => ({ $arrayElemAt: [field, 1] })
