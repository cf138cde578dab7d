/**
 * An `_id` pattern anchored with a literal prefix (how the dashboard reads a region's children's counters,
 * `^r:513322\d{3}000:(2026-12|now)$`) is planned as the range of ids with that prefix, as MongoDB plans it;
 * answers equal the full scan's for patterns the planner takes and for those it must leave alone.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openStore, type Store } from '@localcloud/store'
import type { Doc } from '@localcloud/store/types'

let dir: string
let store: Store
const unindexed: string[] = []
const ids: string[] = []
for (const county of ['513321', '513322', '513323'])
  for (let t = 100; t < 110; t++)
    for (const period of ['2026-11', '2026-12', 'now']) {
      ids.push(`r:${county}000000:${period}`, `r:${county}${t}000:${period}`, `r:${county}${t}001:${period}`)
      ids.push(`d:D${county}-health:${period}`)
    }
const docs: Doc[] = [...new Set(ids)].map((_id, i) => ({ _id, n: i }))

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-prefix-'))
  store = openStore(dir, { quiet: true })
  store.createCollection('stats')
  store.onUnindexedQuery = (c) => unindexed.push(c)
  store.insert('stats', docs)
})

afterAll(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const scan = (re: RegExp) =>
  docs
    .filter((d) => re.test(d._id as string))
    .map((d) => d._id)
    .sort()
const found = (re: RegExp) =>
  store
    .find('stats', { _id: re })
    .map((d) => d._id)
    .sort()

test.each([
  /^r:513322\d{3}000:(2026-12|now)$/,
  /^r:513322/,
  /^d:D513321-[a-z]+:/,
  /^r:51332?/,
  /^r:513323\d{3}00[01]:2026-1[12]$/,
])('%s is read from the ids beginning with its prefix, with the answers of a scan', (re) => {
  unindexed.length = 0
  expect(found(re)).toEqual(scan(re))
  expect(scan(re).length).toBeGreaterThan(0)
  expect(store.explain?.('stats', { _id: re })).toEqual(['_id'])
  expect(unindexed).toEqual([])
})

test.each([/513322/, /^r:5|^d:/, /^R:513322/i, /^(r|d):513322/])(
  '%s has no usable prefix and is scanned, with the right answers',
  (re) => {
    expect(found(re)).toEqual(scan(re))
    expect(store.explain?.('stats', { _id: re })).toEqual([])
  },
)
