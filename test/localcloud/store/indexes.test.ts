/**
 * Declared indexes in the embedded store: real SQLite tables, CloudBase's unique-index rules, the
 * 20-index limit, the unindexed-query report, and indexed plans giving the same answers as full scans.
 * Also persistence: reopen, export and import.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { openStore, type Store } from '@localcloud/store'
import type { CollectionDecl } from '@config/cloud'

let dir: string
let store: Store
const unindexed: [string, unknown][] = []

const decl: Record<string, CollectionDecl> = {
  households: {
    indexes: [
      { name: 'externalId', keys: [{ field: 'externalId', direction: 1 }], unique: true },
      { name: 'regionPath', keys: [{ field: 'regionPath', direction: 1 }] },
      { name: 'income', keys: [{ field: 'income', direction: 1 }] },
      { name: 'at', keys: [{ field: 'at', direction: -1 }] },
    ],
  },
  pairings: {
    indexes: [
      {
        name: 'pair',
        keys: [
          { field: 'officialId', direction: 1 },
          { field: 'householdId', direction: 1 },
        ],
        unique: true,
      },
    ],
  },
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-index-'))
  store = openStore(dir, { quiet: true })
  unindexed.length = 0
  store.onUnindexedQuery = (c, f) => unindexed.push([c, f])
  store.applyIndexes(decl)
})

afterEach(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

test('declared indexes become SQLite indexes', () => {
  store.close()
  const db = new Database(path.join(dir, 'store.sqlite'), { readonly: true })
  const indexes = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index'").pluck().get() as number
  const names = db.prepare('SELECT name FROM _indexes ORDER BY num').pluck().all()
  db.close()
  expect(names).toEqual(['externalId', 'regionPath', 'income', 'at', 'pair'])
  // every index table is a B-tree keyed by value (WITHOUT ROWID primary keys count as indexes)
  expect(indexes).toBeGreaterThanOrEqual(5)
  store = openStore(dir, { quiet: true })
})

test('a unique index treats a missing field as null: a second document without it is a duplicate', () => {
  store.insert('households', [{ _id: 'a', name: 'no id' }])
  expect(() => store.insert('households', [{ _id: 'b', name: 'no id either' }])).toThrow(
    expect.objectContaining({ code: 'DUPLICATE_KEY' }),
  )
  expect(() => store.insert('households', [{ _id: 'c', externalId: null }])).toThrow(
    expect.objectContaining({ code: 'DUPLICATE_KEY' }),
  )
  expect(store.count('households', {})).toBe(1)
})

test('duplicate keys on insert and update write nothing', () => {
  store.insert('households', [
    { _id: 'a', externalId: 'E1' },
    { _id: 'b', externalId: 'E2' },
  ])
  // a batch with one duplicate inserts none of it
  expect(() =>
    store.insert('households', [
      { _id: 'c', externalId: 'E3' },
      { _id: 'd', externalId: 'E1' },
    ]),
  ).toThrow(expect.objectContaining({ code: 'DUPLICATE_KEY' }))
  expect(store.find('households', { _id: 'c' })).toEqual([])
  expect(() => store.update('households', { _id: 'b' }, { $set: { externalId: 'E1' } })).toThrow(
    expect.objectContaining({ code: 'DUPLICATE_KEY' }),
  )
  expect(store.find('households', { _id: 'b' })[0]!.externalId).toBe('E2')
  expect(() => store.insert('households', [{ _id: 'a', externalId: 'E9' }])).toThrow(
    expect.objectContaining({ code: 'DUPLICATE_KEY' }),
  )
  // compound unique: the pair must be unique, each field alone need not be
  store.insert('pairings', [
    { officialId: 'o1', householdId: 'h1' },
    { officialId: 'o1', householdId: 'h2' },
  ])
  expect(() => store.insert('pairings', [{ officialId: 'o1', householdId: 'h1' }])).toThrow(
    expect.objectContaining({ code: 'DUPLICATE_KEY' }),
  )
})

test('more than 20 indexes on a collection is INDEX_LIMIT', () => {
  const indexes = Array.from({ length: 21 }, (_, i) => ({
    name: `f${i}`,
    keys: [{ field: `f${i}`, direction: 1 as const }],
  }))
  expect(() => store.applyIndexes({ big: { indexes } })).toThrow(expect.objectContaining({ code: 'INDEX_LIMIT' }))
  expect(store.hasCollection('big')).toBe(false)
  expect(() => store.applyIndexes({ big: { indexes: indexes.slice(0, 20) } })).not.toThrow()
})

test('a unique index cannot be declared over existing duplicates', () => {
  store.createCollection('codes')
  store.insert('codes', [{ code: 'x' }, { code: 'x' }])
  expect(() =>
    store.applyIndexes({
      codes: { indexes: [{ name: 'code', keys: [{ field: 'code', direction: 1 }], unique: true }] },
    }),
  ).toThrow(expect.objectContaining({ code: 'DUPLICATE_KEY' }))
  expect(store.count('codes', {})).toBe(2)
})

test('declaring again keeps unchanged indexes, rebuilds changed ones and drops undeclared ones', () => {
  store.insert('households', [
    { _id: 'a', externalId: 'E1', income: 5 },
    { _id: 'b', externalId: 'E1x', income: 5 },
  ])
  store.applyIndexes({
    households: {
      indexes: [
        // the same specs as before (unique: false is the default): both kept; regionPath and at dropped
        { name: 'externalId', keys: [{ field: 'externalId', direction: 1 }], unique: true },
        { name: 'income', keys: [{ field: 'income', direction: 1 }], unique: false },
      ],
    },
  })
  expect(unindexed).toEqual([])
  expect(store.find('households', { regionPath: 'x' })).toEqual([])
  expect(unindexed).toEqual([['households', { regionPath: 'x' }]])
  // income made unique over a duplicate: refused, and every index stays as it was
  expect(() =>
    store.applyIndexes({
      households: { indexes: [{ name: 'income', keys: [{ field: 'income', direction: 1 }], unique: true }] },
    }),
  ).toThrow(expect.objectContaining({ code: 'DUPLICATE_KEY' }))
  expect(store.find('households', { income: 5 }).map((d) => d._id)).toEqual(['a', 'b'])
  expect(() => store.insert('households', [{ externalId: 'E1' }])).toThrow(
    expect.objectContaining({ code: 'DUPLICATE_KEY' }),
  )
  store.update('households', { _id: 'b' }, { $set: { income: 6 } })
  store.applyIndexes({
    households: { indexes: [{ name: 'income', keys: [{ field: 'income', direction: 1 }], unique: true }] },
  })
  expect(() => store.insert('households', [{ income: 6 }])).toThrow(expect.objectContaining({ code: 'DUPLICATE_KEY' }))
  // externalId is no longer declared: no uniqueness, and a query on it is unindexed
  store.insert('households', [{ _id: 'c', externalId: 'E1' }])
  expect(store.find('households', { externalId: 'E1' }).map((d) => d._id)).toEqual(['a', 'c'])
  expect(unindexed.at(-1)).toEqual(['households', { externalId: 'E1' }])
  // the last declaration is what reset restores
  store.reset()
  store.insert('households', [{ income: 1 }])
  expect(() => store.insert('households', [{ income: 1 }])).toThrow(expect.objectContaining({ code: 'DUPLICATE_KEY' }))
})

describe('indexed plans answer like full scans', () => {
  const docs = [
    { _id: 'd1', externalId: 'E1', regionPath: ['P', 'C1'], income: 10, at: new Date('2024-01-01T00:00:00Z') },
    { _id: 'd2', externalId: 'E2', regionPath: ['P', 'C2'], income: [0, 100], at: new Date('2024-06-01T00:00:00Z') },
    { _id: 'd3', externalId: 'E3', regionPath: 'C1', income: '50' },
    { _id: 'd4', externalId: 'E4', regionPath: [], income: null },
    { _id: 'd5', externalId: 'E5', income: 20.5, nested: { x: 1 } },
  ]
  const queries: [Record<string, unknown>, string[]][] = [
    [{ externalId: 'E2' }, ['d2']],
    [{ externalId: { $in: ['E1', 'E5', 'E9'] } }, ['d1', 'd5']],
    [{ regionPath: 'C1' }, ['d1', 'd3']],
    [{ regionPath: { $in: ['C2', 'C1'] } }, ['d1', 'd2', 'd3']],
    [{ regionPath: null }, ['d5']],
    [{ income: { $gt: 5, $lt: 50 } }, ['d1', 'd2', 'd5']],
    [{ income: { $gte: 20.5 } }, ['d2', 'd5']],
    [{ income: { $lt: 10 } }, ['d2']],
    [{ income: { $gt: '1' } }, ['d3']],
    [{ at: { $gte: new Date('2024-03-01T00:00:00Z') } }, ['d2']],
    [{ $or: [{ externalId: 'E4' }, { regionPath: 'C2' }] }, ['d2', 'd4']],
    [{ externalId: { $in: ['E1', 'E2'] }, income: { $gt: 50 } }, ['d2']],
  ]

  test.each(queries)('%j', (filter, expected) => {
    store.insert('households', docs)
    expect(store.find('households', filter).map((d) => d._id)).toEqual(expected)
    expect(store.count('households', filter)).toBe(expected.length)
    expect(unindexed).toEqual([])
  })

  test('queries no declared index serves are reported with collection and filter', () => {
    store.insert('households', docs)
    expect(store.find('households', { 'nested.x': 1 }).map((d) => d._id)).toEqual(['d5'])
    store.count('households', { $or: [{ externalId: 'E1' }, { name: 'x' }] })
    expect(unindexed).toEqual([
      ['households', { 'nested.x': 1 }],
      ['households', { $or: [{ externalId: 'E1' }, { name: 'x' }] }],
    ])
  })
})

test('data and indexes survive reopening; reopen does not load the documents', () => {
  store.insert(
    'households',
    Array.from({ length: 2000 }, (_, i) => ({ externalId: `E${i}`, regionPath: ['P', `C${i % 4}`], at: new Date(i) })),
  )
  store.close()
  const t0 = performance.now()
  store = openStore(dir, { quiet: true })
  const opened = performance.now() - t0
  expect(opened).toBeLessThan(500)
  expect(store.count('households', { regionPath: 'C3' })).toBe(500)
  expect(store.find('households', { externalId: 'E1999' })[0]!.at).toEqual(new Date(1999))
  expect(() => store.insert('households', [{ externalId: 'E5' }])).toThrow(
    expect.objectContaining({ code: 'DUPLICATE_KEY' }),
  )
})

test('export and import round-trip documents, dates, regular expressions and indexes', () => {
  store.insert('households', [
    {
      _id: 'a',
      externalId: 'E1',
      at: new Date('2024-02-03T04:05:06.007Z'),
      re: /^x.y$/i,
      deep: [{ n: 1.5 }],
      name: 'བཀྲ་ཤིས་',
    },
    { _id: 'b', externalId: 'E2', big: Number.MAX_SAFE_INTEGER },
  ])
  const out = path.join(dir, 'export')
  store.exportJsonl(out)
  expect(fs.readFileSync(path.join(out, 'households.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2)
  const before = store.find('households', {})
  store.reset()
  expect(store.count('households', {})).toBe(0)
  store.importJsonl(out)
  expect(store.find('households', {})).toEqual(before)
  expect(() => store.insert('households', [{ externalId: 'E1' }])).toThrow(
    expect.objectContaining({ code: 'DUPLICATE_KEY' }),
  )
  expect(store.listCollections()).toEqual([
    { name: 'households', count: 2 },
    { name: 'pairings', count: 0 },
  ])
})

test('dropCollection removes documents and indexes', () => {
  store.insert('households', [{ externalId: 'E1' }])
  store.dropCollection('households')
  expect(store.hasCollection('households')).toBe(false)
  store.createCollection('households')
  store.insert('households', [{ x: 1 }, { x: 2 }])
  expect(store.count('households', {})).toBe(2)
})
