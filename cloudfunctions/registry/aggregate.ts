/**
 * Aggregation in the database, for the registry's prefecture-wide figures: the database reads the
 * region's documents and answers a few grouped documents instead of 265,000 households a page at a time.
 *
 * Pipelines are written as MongoDB stage objects and sent through wx-server-sdk's chain (its `aggregate()`
 * takes no raw pipeline): every stage's value goes as EJSON, except `$match`, which the SDK serialises as a
 * query, so a `$match` holds plain equality or the SDK's commands (`db.command`), never raw `$` operators.
 * Production answers 20 documents when a pipeline has no `$limit`, and a response may not pass 16 MB, so
 * every pipeline here ends in groups of a bounded number — by county (19 at most for the prefecture), or
 * by a load value — and a `$limit` above it.
 */
import type { CollectionName } from '@config/documents'
import { levelOf } from '@shared/region'
import type { Db } from '@fn/db'
import { aggregated, collection } from '@fn/db'

/** the most groups a pipeline here answers: more than Ganzi's 18 counties and any load value */
export const GROUPS = 1000

/** aggregations over households in flight at once: a county's reads every household of it, and
 * wx-server-sdk gives up on a request after 15 s, queueing included */
export const AGGREGATIONS = 2

export async function aggregate<T>(db: Db, name: CollectionName, pipeline: Record<string, unknown>[]): Promise<T[]> {
  let chain = collection(db, name).aggregate()
  for (const stage of pipeline) {
    const [key, value] = Object.entries(stage)[0] ?? []
    if (!key?.startsWith('$')) throw new Error(`not a stage: ${JSON.stringify(stage)}`)
    chain = chain[key.slice(1)](value)
  }
  return aggregated<T>(chain)
}

/** The county code of a region path (`null` for a path that stops at the prefecture). */
export const COUNTY_OF_PATH = (field: string): Record<string, unknown> => ({ $arrayElemAt: [field, 1] })

/**
 * A region cut into parts one aggregation each can read inside the SDK's 15 s request timeout: a county
 * or the prefecture by its child regions, plus `=<code>` for the documents that stop at the region itself;
 * anything smaller whole.
 */
export function regionParts(region: string, children: readonly string[]): string[] {
  const level = levelOf(region)
  if ((level === 'prefecture' || level === 'county') && children.length > 0)
    return [...[...children].sort(), `=${region}`]
  return [region]
}

/** The `$match` of a part: a subtree, or (`=code`) the documents whose region path stops at `code`. */
export function partMatch(db: Db, part: string): Record<string, unknown> {
  if (!part.startsWith('=')) return { regionPath: part }
  const code = part.slice(1)
  const depth = levelOf(code) === 'prefecture' ? 1 : 2
  return { regionPath: code, [`regionPath.${depth}`]: db.command.exists(false) }
}

/** The parts of a region (`regionParts`), its child regions read in one request. */
export async function partsOf(db: Db, region: string): Promise<string[]> {
  const children = await collection(db, 'regions').find({ parent: region }, { fields: ['_id'] })
  return regionParts(
    region,
    children.map((c) => c._id),
  )
}
