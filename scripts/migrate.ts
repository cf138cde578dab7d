/**
 * `npm run migrate -- [--data <dir>] [--check]`: brings a local cloud's stored data to the current document
 * model (config/documents.ts) where older versions stored it otherwise — instants as `Date`s (identity,
 * audit, roster jobs, plans) or as epoch milliseconds (notices, receipts, subscriptions, forwards) become
 * ISO 8601 UTC strings — and where a need written on a contact was gathered on its household (`openNeeds`)
 * before hardship requests existed, each need becomes a request (see `needsToRequests`). It is idempotent:
 * a second run finds nothing to change. Stop the local cloud first
 * (`npm start` and `npm run cloud` hold the data folder). To keep a copy across it, `npm run cloud --
 * export` before and `import` after (see `npm run cloud -- --help`).
 */
import path from 'node:path'
import type { Contact, Household, Request, RequestEvent } from '../config/documents'
import { makeCalendar } from '../cloudfunctions/requests/domain/calendar'
import { begin } from '../cloudfunctions/requests/domain/lifecycle'
import { RATE_COUNTERS, recount } from '../cloudfunctions/requests/domain/rates'
import { OTHER_CATEGORY, route } from '../cloudfunctions/requests/domain/routing'
import { openStore, type Store } from '../localcloud/store'
import { needRequestId } from '../src/shared/needs'
import { isEntry } from './lib/entry'

/** Where notices-era documents kept epoch milliseconds, by collection; `*` stands for any array index. */
const EPOCH_FIELDS: Record<string, string[]> = {
  notices: [
    'publishAt',
    'expireAt',
    'createdAt',
    'updatedAt',
    'publishedAt',
    'history.*.at',
    'draft.publishAt',
    'draft.expireAt',
    'pending.draft.publishAt',
    'pending.draft.expireAt',
  ],
  noticeReads: ['at'],
  noticeSubscriptions: ['updatedAt'],
  noticeForwards: ['at'],
}

/** Notices stored "never expires" as a far-future number; the model writes this instant. */
const NEVER = '3000-01-01T00:00:00.000Z'
const NEVER_MS = Date.parse(NEVER)

function epochToInstant(value: number): string {
  return value >= NEVER_MS || !Number.isFinite(value) ? NEVER : new Date(value).toISOString()
}

/** Every `Date` anywhere in a value as its ISO string; answers whether anything changed. */
function datesToInstants(value: unknown): { value: unknown; changed: boolean } {
  if (value instanceof Date) return { value: value.toISOString(), changed: true }
  if (Array.isArray(value)) {
    let changed = false
    const out = value.map((item) => {
      const next = datesToInstants(item)
      changed ||= next.changed
      return next.value
    })
    return { value: changed ? out : value, changed }
  }
  if (value && typeof value === 'object') {
    let changed = false
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      const next = datesToInstants(item)
      changed ||= next.changed
      out[key] = next.value
    }
    return { value: changed ? out : value, changed }
  }
  return { value, changed: false }
}

/** Numbers at `path` (dotted, `*` for every array element) as instants, in place; answers how many. */
function epochsToInstants(doc: Record<string, unknown>, path: string[]): number {
  const [head, ...rest] = path
  if (head === undefined) return 0
  if (head === '*')
    return Array.isArray(doc) ? doc.reduce((n: number, item) => n + epochsToInstants(item as never, rest), 0) : 0
  if (!doc || typeof doc !== 'object') return 0
  if (rest.length === 0) {
    if (typeof doc[head] !== 'number') return 0
    doc[head] = epochToInstant(doc[head] as number)
    return 1
  }
  return epochsToInstants(doc[head] as Record<string, unknown>, rest)
}

export interface MigrationReport {
  /** collection → documents changed */
  changed: Record<string, number>
}

const count = (report: MigrationReport, name: string, n = 1) => {
  if (n) report.changed[name] = (report.changed[name] ?? 0) + n
}

/**
 * Needs written on contacts before hardship requests existed (issue 14) become requests, and the
 * households' `openNeeds`, which gathered them, goes. Each need is a request of the category "other" under
 * the id the phone gives a contact's need line (src/shared/needs.ts), so a need already sent as a request
 * (the new contact form sends both) is found stored and left alone, and a second run adds nothing. It was
 * collected when the contact was made, by the contact's official; it is assigned now, to the township work
 * office as routing assigns "other", so its clock starts now: nobody was given it before. It is held by
 * the contact's official while still paired with the household, else by the household's first official.
 * The rate counters of the household's regions and of the unit move by what its events count, as the
 * function moves them (cloudfunctions/requests/domain/rates.ts), so the recount finds them exact. Needs of
 * a household no longer stored are left on their contact.
 */
export function needsToRequests(store: Store, check: boolean, report: MigrationReport, at: string): void {
  const names = new Set(store.listCollections().map((c) => c.name))
  if (!names.has('contacts')) return
  const stored = new Set(names.has('requests') ? store.find('requests', {}).map((r) => r._id as string) : [])
  const households = new Map<string, Household | undefined>()
  const householdOf = (id: string) => {
    if (!households.has(id)) households.set(id, store.find('households', { _id: id })[0] as Household | undefined)
    return households.get(id)
  }
  const calendar = makeCalendar()
  const rates = new Map<string, Record<string, number>>()
  const addRates = (id: string, counters: Record<string, number>) => {
    const into = rates.get(id) ?? {}
    for (const name of RATE_COUNTERS) if (counters[name]) into[name] = (into[name] ?? 0) + counters[name]!
    rates.set(id, into)
  }
  const made: Request[] = []
  for (const contact of store.find('contacts', { 'needs.0': { $exists: true } }) as unknown as Contact[]) {
    const household = householdOf(contact.householdId)
    if (!household) continue
    for (const [index, need] of contact.needs.entries()) {
      const id = needRequestId(contact._id, index)
      if (stored.has(id)) continue
      const routed = route([], OTHER_CATEGORY, household.regionPath)
      const submit = {
        type: 'submit' as const,
        at: need.at ?? contact.at,
        by: { id: contact.officialId, role: 'official' as const },
      }
      const dispatcher = routed?.unit
      if (!routed || !dispatcher) continue
      const events: RequestEvent[] = [
        { ...submit, dispatcher },
        {
          type: 'assign',
          at,
          by: { id: 'routing', role: 'office' },
          unit: routed.unit,
          deadlineDays: routed.deadlineDays,
          ...(routed.fallback ? { fallback: routed.fallback } : {}),
        },
      ]
      const paired = household.officialIds ?? []
      made.push({
        ...begin({ ...submit, dispatcher }),
        _id: id,
        householdId: household._id,
        officialId: paired.includes(contact.officialId) ? contact.officialId : (paired[0] ?? null),
        regionPath: household.regionPath,
        source: 'official',
        category: OTHER_CATEGORY,
        serviceId: null,
        text: need.text,
        voice: null,
        photos: [],
        lang: 'zh-Hans',
        state: 'assigned',
        unit: routed.unit,
        firstUnit: routed.unit,
        deadlineDays: routed.deadlineDays,
        events,
        createdAt: submit.at,
        updatedAt: at,
        nextCheckAt: at,
        told: { warned: false, escalations: 0 },
      })
      stored.add(id)
      const counted = recount(events, calendar)
      for (const code of household.regionPath) addRates(`region:${code}`, counted.total)
      for (const [key, counters] of counted.byUnit) addRates(`unit:${key}`, counters)
    }
  }
  const gathered = names.has('households') ? store.find('households', { openNeeds: { $exists: true } }) : []
  count(report, 'requests', made.length)
  count(report, 'requestRates', rates.size)
  count(report, 'households', gathered.length)
  if (check) return
  if (made.length) {
    if (!names.has('requests')) store.createCollection('requests')
    store.insert('requests', made as never)
  }
  if (rates.size && !names.has('requestRates')) store.createCollection('requestRates')
  for (const [id, inc] of rates) {
    const patch = Object.fromEntries(Object.entries(inc).map(([name, n]) => [`counters.${name}`, n]))
    if (store.find('requestRates', { _id: id }).length) store.update('requestRates', { _id: id }, { $inc: patch })
    else
      store.insert('requestRates', [
        { _id: id, counters: Object.fromEntries(RATE_COUNTERS.map((name) => [name, inc[name] ?? 0])) },
      ])
  }
  for (const household of gathered) store.update('households', { _id: household._id }, { $unset: { openNeeds: '' } })
}

/** Converts every collection of an opened store; with `check`, counts without writing. */
export function migrate(store: Store, check = false, at = new Date().toISOString()): MigrationReport {
  const report: MigrationReport = { changed: {} }
  for (const { name } of store.listCollections()) {
    let changed = 0
    for (const original of store.find(name, {})) {
      const { value, changed: hadDates } = datesToInstants(original)
      const doc = value as Record<string, unknown>
      const epochs = (EPOCH_FIELDS[name] ?? []).reduce((n, field) => n + epochsToInstants(doc, field.split('.')), 0)
      if (!hadDates && epochs === 0) continue
      changed += 1
      if (check) continue
      const { _id, ...rest } = doc
      store.update(name, { _id }, { $set: rest })
    }
    if (changed) report.changed[name] = changed
  }
  needsToRequests(store, check, report, at)
  return report
}

if (isEntry(__filename)) {
  const i = process.argv.indexOf('--data')
  const dataDir = path.resolve(i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : '.localcloud/data')
  const check = process.argv.includes('--check')
  const store = openStore(path.join(dataDir, 'db'), { quiet: true })
  try {
    const { changed } = migrate(store, check)
    const lines = Object.entries(changed).map(([name, n]) => `${name}: ${n} documents`)
    console.log(lines.length ? lines.join('\n') : 'nothing to migrate')
    if (check && lines.length) process.exitCode = 1
  } finally {
    store.close()
  }
}
