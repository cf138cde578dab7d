/**
 * Keyset pages (`_id > last`, sorted by `_id`, a limit): how `findAll` reads a whole collection a page at a
 * time. The store reads such a page's candidates in `_id` order and stops at the limit; these tests hold its
 * answers to the general path's (every match, sorted), for filters on an indexed field, on an unindexed one,
 * inside an `$and`, with `$gte`, skip and a projection, and for those it leaves to the general path.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openStore, type Store } from '@localcloud/store'
import type { Doc, Filter } from '@localcloud/store/types'

let dir: string
let store: Store

const COUNTIES = ['c1', 'c2', 'c3', 'c4', 'c5']
const docs: Doc[] = []
// inserted out of `_id` order, so insertion order (the general path's) and `_id` order differ
for (let i = 0; i < 2500; i++) {
  const n = (i * 7919) % 2500
  const county = COUNTIES[(n * 31) % 5]!
  docs.push({
    _id: `h${String(n).padStart(5, '0')}`,
    regionPath: ['p', county, `${county}-t${n % 7}`],
    income: n % 13,
    tag: n % 3 === 0 ? 'herder' : 'farmer',
  })
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-keyset-'))
  store = openStore(dir, { quiet: true })
  store.createCollection('households')
  store.applyIndexes({
    households: {
      indexes: [
        { name: 'regionPath', keys: [{ field: 'regionPath', direction: 1 }] },
        { name: 'income', keys: [{ field: 'income', direction: 1 }] },
      ],
    },
  })
  store.insert('households', docs)
})

afterAll(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** What MongoDB answers: every match, in `_id` order. */
function expected(test: (d: Doc) => boolean): string[] {
  return docs
    .filter(test)
    .map((d) => d._id as string)
    .sort()
}

/** Pages as `findAll` reads them: the filter with `_id > last`, in `_id` order, `size` at a time. */
function paged(filter: Filter, size: number, and = false): string[] {
  const out: string[] = []
  let after = ''
  for (;;) {
    const where = !after
      ? filter
      : and
        ? { $and: [filter, { _id: { $gt: after } }] }
        : { ...filter, _id: { $gt: after } }
    const page = store.find('households', where, { sort: { _id: 1 }, limit: size })
    out.push(...page.map((d) => d._id as string))
    if (page.length < size) return out
    after = page[page.length - 1]!._id as string
  }
}

const cases: [string, Filter, (d: Doc) => boolean][] = [
  ['the whole collection', {}, () => true],
  ['an equality on an indexed array field', { regionPath: 'c2' }, (d) => (d.regionPath as string[]).includes('c2')],
  [
    'an $in on the indexed field',
    { regionPath: { $in: ['c1', 'c3-t2'] } },
    (d) => (d.regionPath as string[]).some((r) => r === 'c1' || r === 'c3-t2'),
  ],
  ['an unindexed field', { tag: 'herder' }, (d) => d.tag === 'herder'],
  [
    'an indexed equality and an unindexed term',
    { regionPath: 'c4', tag: 'farmer' },
    (d) => (d.regionPath as string[]).includes('c4') && d.tag === 'farmer',
  ],
  ['a range on another index (the general path)', { income: { $gte: 9 } }, (d) => (d.income as number) >= 9],
  ['nothing', { regionPath: 'nowhere' }, () => false],
]

test.each(cases)('pages of %s equal every match in _id order', (_, filter, test) => {
  const all = expected(test)
  expect(paged(filter, 100)).toEqual(all)
  expect(paged(filter, 1000)).toEqual(all)
  expect(paged(filter, 100, true)).toEqual(all)
})

test('a $gte bound, a skip and a projection are kept', () => {
  const all = expected((d) => (d.regionPath as string[]).includes('c5'))
  const page = store.find(
    'households',
    { regionPath: 'c5', _id: { $gte: all[10]! } },
    { sort: { _id: 1 }, skip: 5, limit: 20, projection: { income: 1 } },
  )
  expect(page.map((d) => d._id)).toEqual(all.slice(15, 35))
  expect(Object.keys(page[0]!).sort()).toEqual(['_id', 'income'])
})

test('a descending or other sort, and a lookup by ids, are answered as before', () => {
  const c2 = expected((d) => (d.regionPath as string[]).includes('c2'))
  const down = store.find('households', { regionPath: 'c2' }, { sort: { _id: -1 }, limit: 5 })
  expect(down.map((d) => d._id)).toEqual([...c2].reverse().slice(0, 5))
  const ids = [c2[3]!, c2[1]!, 'missing']
  const byIds = store.find('households', { _id: { $in: ids } }, { sort: { _id: 1 }, limit: 10 })
  expect(byIds.map((d) => d._id)).toEqual([c2[1], c2[3]])
})

test('a page written to while paging sees the committed state', () => {
  const first = store.find('households', { regionPath: 'c1' }, { sort: { _id: 1 }, limit: 3 })
  store.update('households', { _id: first[1]!._id }, { $set: { regionPath: ['p', 'c2'] } })
  const again = store.find('households', { regionPath: 'c1' }, { sort: { _id: 1 }, limit: 3 })
  expect(again.map((d) => d._id)).not.toContain(first[1]!._id)
  store.update('households', { _id: first[1]!._id }, { $set: { regionPath: first[1]!.regionPath } })
})
