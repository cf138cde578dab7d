/**
 * `$or` planned branch by branch: with the requests collection's declared indexes, a unit's inbox (open,
 * and one of its branches: by department, by work office region, returned to it as dispatcher, watched,
 * asked of) reads each branch's index and unites the ids instead of every open request, and answers,
 * sorted and paged, exactly as a full scan of an unindexed copy does.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openStore, type Store } from '@localcloud/store'
import { cloud } from '@config/cloud'

let dirs: string[] = []
let indexed: Store
let plain: Store
const unindexed: unknown[] = []

const TOWNSHIPS = Array.from({ length: 12 }, (_, i) => `T${i + 1}`)
const DEPARTMENTS = ['civil', 'health', 'edu', 'housing', 'hr', 'water']
const STATES = ['submitted', 'assigned', 'accepted', 'returned', 'resolved']

/** 600 requests, a fifth closed, spread over units, states, watchers and extensions; some fields missing */
function requests(): Record<string, unknown>[] {
  return Array.from({ length: 600 }, (_, i) => {
    const township = TOWNSHIPS[i % TOWNSHIPS.length]!
    const department = i % 3 === 0
    const doc: Record<string, unknown> = {
      _id: `r${String(i).padStart(3, '0')}`,
      open: i % 5 !== 0,
      state: STATES[(i * 7) % STATES.length],
      // ties on purpose: the sort must break them as the scan does
      nextCheckAt: new Date(Date.UTC(2026, 0, 1 + ((i * 13) % 40))),
      regionPath: ['P', 'C1', township],
      dispatcher: { kind: 'office', id: 'office', level: 'township', region: TOWNSHIPS[(i + 1) % TOWNSHIPS.length] },
    }
    if (i % 11 !== 0)
      doc.unit = department
        ? { kind: 'department', id: DEPARTMENTS[Math.floor(i / 3) % DEPARTMENTS.length], level: 'county', region: 'C1' }
        : { kind: 'office', id: 'office', level: 'township', region: township }
    if (i % 4 === 1) doc.watchers = [`office:${township}`, 'office:C1']
    if (i % 9 === 2) doc.askedOf = `office:${TOWNSHIPS[(i + 2) % TOWNSHIPS.length]}`
    return doc
  })
}

function open(withIndexes: boolean): Store {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-or-'))
  dirs.push(dir)
  const store = openStore(dir, { quiet: true })
  if (withIndexes)
    store.applyIndexes({
      requests: cloud.collections.requests!,
      regions: { indexes: [{ name: 'tags', keys: [{ field: 'tags', direction: 1 }] }] },
    })
  else store.createCollection('requests')
  store.insert('requests', requests())
  // the place names the inbox looks up; T12 has none, so its requests' lookups find nothing
  if (!withIndexes) store.createCollection('regions')
  store.insert(
    'regions',
    TOWNSHIPS.slice(0, -1).map((t) => ({ _id: t, name: { 'zh-Hans': `乡${t}` }, tags: [t, 'all'] })),
  )
  return store
}

beforeAll(() => {
  indexed = open(true)
  plain = open(false)
  indexed.onUnindexedQuery = (c, f) => unindexed.push([c, f])
})

afterAll(() => {
  indexed.close()
  plain.close()
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
  dirs = []
})

/** the inbox's match as the function sends it (cloudfunctions/requests/work.ts) */
function inboxMatch(branches: Record<string, unknown>[], state?: string): Record<string, unknown> {
  return { $and: [{ open: true }, { $or: branches }, ...(state ? [{ state }] : [])] }
}

const department = { 'unit.kind': 'department', 'unit.id': { $in: ['health', 'edu'] } }
const office = { 'unit.kind': 'office', 'unit.region': { $in: ['T2'] } }
const returned = { state: 'returned', 'dispatcher.region': { $in: ['T2'] } }
const watched = { watchers: { $in: ['office:T2'] } }
const asked = { askedOf: { $in: ['office:T2'] } }

const cases: [string, Record<string, unknown>[], string[], string?][] = [
  ['a department', [department], ['unit.id_open']],
  [
    'a work office',
    [office, returned, watched, asked],
    ['unit.region_open', 'dispatcher.region_state', 'watchers_open', 'askedOf_open'],
  ],
  [
    'a department that is also an office',
    [department, office, returned, watched, asked],
    ['unit.id_open', 'unit.region_open', 'dispatcher.region_state', 'watchers_open', 'askedOf_open'],
  ],
  ['returned only', [returned], ['dispatcher.region_state']],
  [
    'one state',
    [office, returned, watched, asked],
    ['unit.region_open', 'dispatcher.region_state', 'watchers_open', 'askedOf_open'],
    'returned',
  ],
]

describe.each(cases)('the inbox of %s', (_name, branches, plan, state) => {
  const filter = inboxMatch(branches, state)

  test('reads each branch by its own index, not every open request', () => {
    expect(indexed.explain!('requests', filter)).toEqual(plan)
    expect(unindexed).toEqual([])
  })

  test('finds, counts, sorts and pages as a full scan does', () => {
    const all = plain.find('requests', filter, { sort: { nextCheckAt: 1 } }).map((d) => d._id)
    expect(all.length).toBeGreaterThan(0)
    expect(indexed.find('requests', filter, { sort: { nextCheckAt: 1 } }).map((d) => d._id)).toEqual(all)
    expect(indexed.count('requests', filter)).toBe(all.length)
    for (const skip of [0, 5, all.length - 1]) {
      const page = { sort: { nextCheckAt: 1 as const }, skip, limit: 6 }
      expect(indexed.find('requests', filter, page).map((d) => d._id)).toEqual(all.slice(skip, skip + 6))
    }
  })

  test('the aggregate pages (sort, skip, limit, project) as a full scan does', () => {
    const pipeline = (skip: number) => [
      { $match: filter },
      { $sort: { nextCheckAt: 1 } },
      { $skip: skip },
      { $limit: 4 },
      { $project: { state: 1, nextCheckAt: 1, 'unit.region': 1 } },
    ]
    for (const skip of [0, 3, 10])
      expect(indexed.aggregate('requests', pipeline(skip))).toEqual(plain.aggregate('requests', pipeline(skip)))
  })
})

test('a branch keeps its most selective index: a unit kind shared by half the requests is not read', () => {
  expect(indexed.explain!('requests', { 'unit.kind': 'office', 'unit.region': 'T3', open: true })).toEqual([
    'unit.region_open',
  ])
})

test('a single open-requests read still uses its index, and an $or with an unindexed branch is not planned', () => {
  expect(indexed.explain!('requests', { open: true })).toEqual(['open_nextCheckAt'])
  expect(indexed.explain!('requests', { open: true, $or: [watched, { text: 'x' }] })).toEqual(['open_nextCheckAt'])
  expect(indexed.explain!('requests', { text: 'x' })).toEqual([])
})

test('when the branches yield more rows than the other term, the other term is read', () => {
  // every request with a unit, by kind, against a single household's requests
  const wide = { householdId: 'h1', $or: [{ 'unit.kind': 'office' }, { 'unit.kind': 'department' }] }
  expect(indexed.explain!('requests', wide)).toEqual(['householdId_createdAt'])
})

test('an equality $lookup reads the documents its values name and answers as with the whole collection', () => {
  const filter = inboxMatch([office, returned, watched, asked])
  const pipeline = (foreignField: string) => [
    { $match: filter },
    { $sort: { nextCheckAt: 1 } },
    { $limit: 30 },
    { $project: { state: 1, place: { $arrayElemAt: ['$regionPath', -1] }, regionPath: 1 } },
    { $lookup: { from: 'regions', localField: 'place', foreignField, as: 'places' } },
    { $lookup: { from: 'regions', localField: 'regionPath', foreignField, as: 'path' } },
    { $project: { place: 1, 'places.name': 1, 'path._id': 1 } },
  ]
  const got = indexed.aggregate('requests', pipeline('_id')) as { place: string; places: unknown[]; path: unknown[] }[]
  expect(got).toEqual(plain.aggregate('requests', pipeline('_id')))
  expect(got.length).toBeGreaterThan(0)
  for (const d of got) {
    expect(d.places).toEqual(d.place === 'T12' ? [] : [{ name: { 'zh-Hans': `乡${d.place}` } }])
    expect(d.path).toEqual(d.place === 'T12' ? [] : [{ _id: d.place }])
  }
  // an indexed array foreign field, and a missing local field (null matches missing: the whole collection)
  expect(indexed.aggregate('requests', pipeline('tags'))).toEqual(plain.aggregate('requests', pipeline('tags')))
  const missing = [
    { $match: { _id: { $in: ['r000', 'r001'] } } },
    { $lookup: { from: 'regions', localField: 'nowhere', foreignField: '_id', as: 'r' } },
    { $project: { r: 1 } },
  ]
  expect(indexed.aggregate('requests', missing)).toEqual([
    { _id: 'r000', r: [] },
    { _id: 'r001', r: [] },
  ])
})
