/**
 * The rate counters kept with every event: the changes `rates.increments` gives, added to the counters of
 * every region of the household's path and of the unit each change names. Sent beside the event's own
 * write; when that write loses (another actor wrote first, a resend raced), the same changes are taken back.
 * A counters document that does not exist yet is created with the change (a create that races another is
 * retried as an increment). A crash between a lost write and its taking back leaves a counter over until
 * the recount (`rates.recount`) finds it.
 *
 * Each counters document has one per month and per quarter beside it (`p:<period>:<id>`, China time), moved
 * by the same changes in the same write: the dashboard reads a period's requests from them.
 */
import type { RequestRates } from '@config/documents'
import type { Instant } from '@shared/time'
import { now, periodsOf } from '@shared/time'
import type { Db } from '@fn/handler'
import { collection } from '@fn/db'
import type { RateChange } from './domain/rates'
import { RATE_COUNTERS, emptyCounters } from './domain/rates'
import { unitKey } from './domain/units'

export const regionRatesId = (code: string) => `region:${code}`
export const unitRatesId = (key: string) => `unit:${key}`
/** the counters of one month or quarter beside an all-time counters document */
export const periodRatesId = (period: string, id: string) => `p:${period}:${id}`

/** The increments per counters document, folded. */
function perDocument(
  regionPath: readonly string[],
  changes: readonly RateChange[],
  periods: readonly string[],
): Map<string, Record<string, number>> {
  const docs = new Map<string, Record<string, number>>()
  const add = (id: string, inc: Record<string, number>) => {
    for (const key of [id, ...periods.map((period) => periodRatesId(period, id))]) {
      const into = docs.get(key) ?? {}
      for (const [name, n] of Object.entries(inc)) into[name] = (into[name] ?? 0) + n
      docs.set(key, into)
    }
  }
  for (const change of changes) {
    const inc = change.inc as Record<string, number>
    for (const code of regionPath) add(regionRatesId(code), inc)
    if (change.unit) add(unitRatesId(unitKey(change.unit)), inc)
  }
  return docs
}

export async function addRates(
  db: Db,
  regionPath: readonly string[],
  changes: readonly RateChange[],
  sign: 1 | -1 = 1,
  /** when the changes happened: the periods whose counters move with them */
  at: Instant = now(),
): Promise<void> {
  const rates = collection(db, 'requestRates')
  const _ = db.command
  await Promise.all(
    [...perDocument(regionPath, changes, periodsOf(at))].map(async ([id, inc]) => {
      const names = Object.keys(inc).filter((name) => inc[name] !== 0)
      if (names.length === 0) return
      const patch = Object.fromEntries(names.map((name) => [`counters.${name}`, _.inc(inc[name]! * sign)]))
      if ((await rates.updateWhere({ _id: id }, patch)) === 1) return
      const counters = emptyCounters()
      for (const name of RATE_COUNTERS) counters[name] = (inc[name] ?? 0) * sign
      const doc: RequestRates = { _id: id, counters }
      if (await rates.addOnce(doc)) return
      await rates.updateWhere({ _id: id }, patch)
    }),
  )
}
