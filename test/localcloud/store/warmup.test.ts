/**
 * The background cache warm-up after open: reads and writes made while it runs see the latest committed
 * state, documents keep their insertion order, and it stops cleanly on close or when the cache is full.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openStore, type Store } from '@localcloud/store'

const N = 1000
let dir: string
let store: Store

const id = (i: number) => `h${String(i).padStart(4, '0')}`
const tick = () => new Promise<void>((r) => setImmediate(r))

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-warmup-'))
  const s = openStore(dir, { quiet: true, warmUp: false })
  s.applyIndexes({
    households: {
      indexes: [
        { name: 'externalId', keys: [{ field: 'externalId', direction: 1 }], unique: true },
        { name: 'regionPath', keys: [{ field: 'regionPath', direction: 1 }] },
      ],
    },
  })
  s.insert(
    'households',
    Array.from({ length: N }, (_, i) => ({
      _id: id(i),
      externalId: `E${i}`,
      regionPath: ['P', `T${i % 10}`],
      income: i,
      at: new Date(Date.UTC(2024, 0, 1 + (i % 300))),
    })),
  )
  s.close()
})

afterEach(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

test('reads and writes during the warm-up see the latest state, in insertion order', async () => {
  // one page of rows per event-loop turn, so the writes below land before, inside and after its cursor
  store = openStore(dir, { quiet: true, warmUpChunkMs: 0 })
  const done = store.warmedUp!()
  expect(store.find('households', { externalId: 'E900' })).toEqual([
    { _id: 'h0900', externalId: 'E900', regionPath: ['P', 'T0'], income: 900, at: new Date(Date.UTC(2024, 0, 1)) },
  ])
  await tick()
  await tick()
  // ahead of the warm-up: an update, a removal, and a read by region that caches documents out of order
  store.update('households', { _id: 'h0950' }, { $set: { income: -1 } })
  store.remove('households', { _id: 'h0951' })
  expect(store.find('households', { regionPath: 'T3' })).toHaveLength(100)
  await tick()
  // behind it: an update and a removal of documents it has already parsed
  store.update('households', { _id: 'h0001' }, { $inc: { income: 1000 } })
  store.remove('households', { _id: 'h0002' })
  store.insert('households', [{ _id: 'new1', externalId: 'X1', regionPath: ['P', 'T3'], income: 5 }])
  const report = await done
  expect(report.complete).toBe(true)
  expect(report.chunks).toBeGreaterThan(3)

  const all = store.find('households', {})
  expect(all).toHaveLength(N - 2 + 1)
  // natural order is insertion order, whatever order the cache was filled in
  expect(all.map((d) => d._id)).toEqual([
    ...Array.from({ length: N }, (_, i) => id(i)).filter((x) => x !== 'h0002' && x !== 'h0951'),
    'new1',
  ])
  expect(all.find((d) => d._id === 'h0950')!.income).toBe(-1)
  expect(all.find((d) => d._id === 'h0001')!.income).toBe(1001)
  expect(store.find('households', { regionPath: 'T3' }, { sort: { income: -1 }, limit: 2 }).map((d) => d._id)).toEqual([
    'h0993',
    'h0983',
  ])
  expect(store.find('households', { income: { $gte: 999 } }).map((d) => d._id)).toEqual(['h0001', 'h0999'])
  // returned documents are copies: changing one changes nothing stored
  all[0]!.income = 123
  expect(store.find('households', { _id: 'h0000' })[0]!.income).toBe(0)
})

test('lookups by a unique field follow keys changed during and after the warm-up', async () => {
  store = openStore(dir, { quiet: true, warmUpChunkMs: 0 })
  const done = store.warmedUp!()
  await tick()
  // ahead of the warm-up's cursor and behind it
  store.update('households', { _id: 'h0990' }, { $set: { externalId: 'moved990' } })
  store.update('households', { _id: 'h0003' }, { $set: { externalId: 'moved3' } })
  await done
  const ext = (e: unknown) => store.find('households', { externalId: e as string }).map((d) => d._id)
  expect(ext('E990')).toEqual([])
  expect(ext('moved990')).toEqual(['h0990'])
  expect(ext('E3')).toEqual([])
  expect(ext('moved3')).toEqual(['h0003'])
  // two documents trade a key within one commit
  const t = store.beginTransaction()
  store.update('households', { _id: 'h0010' }, { $set: { externalId: 'Z' } }, {}, t)
  store.update('households', { _id: 'h0011' }, { $set: { externalId: 'E10' } }, {}, t)
  store.commitTransaction(t)
  expect(ext('E10')).toEqual(['h0011'])
  expect(ext('E11')).toEqual([])
  expect(ext('Z')).toEqual(['h0010'])
  // a refused write changes nothing
  expect(() => store.insert('households', [{ _id: 'dup', externalId: 'E12' }])).toThrow(/duplicate/)
  expect(ext('E12')).toEqual(['h0012'])
  store.remove('households', { _id: 'h0013' })
  store.insert('households', [{ _id: 'again', externalId: 'E13' }])
  expect(ext('E13')).toEqual(['again'])
  expect(
    store.find('households', { externalId: { $in: ['E10', 'E11', 'Z', 'E13', 'E14', 'nope'] } }).map((d) => d._id),
  ).toEqual(['h0010', 'h0011', 'h0014', 'again'])
  // other kinds of value still go to the index table
  store.update('households', { _id: 'h0020' }, { $set: { externalId: 7 } })
  expect(store.find('households', { externalId: 7 }).map((d) => d._id)).toEqual(['h0020'])
  expect(store.find('households', { externalId: { $in: [7, 'E21'] } }).map((d) => d._id)).toEqual(['h0020', 'h0021'])
})

test('$in on a unique field once warm: insertion order, each match once, limit and skip, copies', async () => {
  store = openStore(dir, { quiet: true })
  await store.warmedUp!()
  const ids = (e: unknown[], o = {}) => store.find('households', { externalId: { $in: e } }, o).map((d) => d._id)
  expect(ids(['E7', 'E3', 'E7', 'nope', 'E5'])).toEqual(['h0003', 'h0005', 'h0007'])
  expect(ids(['E7', 'E3', 'E5'], { limit: 2 })).toEqual(['h0003', 'h0005'])
  expect(ids(['E7', 'E3', 'E5'], { skip: 1 })).toEqual(['h0005', 'h0007'])
  expect(ids([])).toEqual([])
  expect(store.count('households', { externalId: { $in: ['E7', 'E3', 'E7'] } })).toBe(2)
  // values the key map does not hold, and conditions beside $in, take the general path
  expect(ids([null, 'E9'])).toEqual(['h0009'])
  expect(store.find('households', { externalId: { $in: ['E1', 'E2'], $ne: 'E1' } }).map((d) => d._id)).toEqual([
    'h0002',
  ])
  const [doc] = store.find('households', { externalId: { $in: ['E4'] } })
  doc!.income = -5
  ;(doc!.regionPath as string[]).push('changed')
  expect(store.find('households', { _id: 'h0004' })[0]).toMatchObject({ income: 4, regionPath: ['P', 'T4'] })
  // an update through the $in result's document is seen by the next lookup
  store.update('households', { externalId: { $in: ['E4'] } }, { $set: { income: 44 } })
  expect(store.find('households', { externalId: { $in: ['E4'] } })[0]!.income).toBe(44)
})

test('an eviction after the warm-up drops the key maps; unique lookups still answer the latest state', async () => {
  store = openStore(dir, { quiet: true, cacheSize: N + 5 })
  expect((await store.warmedUp!()).complete).toBe(true)
  store.update('households', { _id: 'h0000' }, { $set: { income: -1 } })
  // beyond the cache: the largest collection drops its oldest tenth
  store.insert(
    'households',
    Array.from({ length: 10 }, (_, i) => ({ _id: `more${i}`, externalId: `M${i}`, regionPath: ['P', 'T0'] })),
  )
  store.update('households', { _id: 'h0001' }, { $set: { externalId: 'moved1' } })
  const byExt = (e: unknown) => store.find('households', { externalId: e as never }).map((d) => [d._id, d.income])
  expect(byExt('E0')).toEqual([['h0000', -1]])
  expect(byExt('E1')).toEqual([])
  expect(byExt('moved1')).toEqual([['h0001', 1]])
  expect(byExt('M9')).toEqual([['more9', undefined]])
  expect(byExt({ $in: ['M3', 'E0', 'moved1', 'E1'] })).toEqual([
    ['h0000', -1],
    ['h0001', 1],
    ['more3', undefined],
  ])
})

test('the warm-up stops when the cache is full; reads beyond it still come from disk', async () => {
  store = openStore(dir, { quiet: true, cacheSize: 300 })
  const report = await store.warmedUp!()
  expect(report.complete).toBe(false)
  expect(report.documents).toBe(300)
  expect(store.count('households', { income: { $lt: 1000 } })).toBe(N)
  expect(store.find('households', { externalId: { $in: ['E999', 'E5', 'E500'] } }).map((d) => d.income)).toEqual([
    5, 500, 999,
  ])
})

test('closing during the warm-up ends it', async () => {
  store = openStore(dir, { quiet: true, warmUpChunkMs: 0 })
  const done = store.warmedUp!()
  await tick()
  store.close()
  const report = await done
  expect(report.complete).toBe(false)
  expect(report.documents).toBeLessThan(N)
  await tick()
  store = openStore(dir, { quiet: true, warmUp: false })
  expect(store.count('households', {})).toBe(N)
})
