/**
 * `npm run migrate -- [--data <dir>] [--check]`: brings a local cloud's stored data to the current document
 * model (config/documents.ts) where older versions stored it otherwise — instants as `Date`s (identity,
 * audit, roster jobs, plans) or as epoch milliseconds (notices, receipts, subscriptions, forwards) become
 * ISO 8601 UTC strings. It is idempotent: a second run finds nothing to change. Stop the local cloud first
 * (`npm start` and `npm run cloud` hold the data folder). To keep a copy across it, `npm run cloud --
 * export` before and `import` after (see `npm run cloud -- --help`).
 */
import path from 'node:path'
import { openStore, type Store } from '../localcloud/store'
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

/** Converts every collection of an opened store; with `check`, counts without writing. */
export function migrate(store: Store, check = false): MigrationReport {
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
