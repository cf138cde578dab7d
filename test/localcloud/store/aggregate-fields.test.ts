/**
 * The store copies only the fields a pipeline's first $group or inclusion $project reads: the answers are
 * the same as with whole copies, and nothing a later stage writes reaches the stored documents.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openStore, type Store } from '@localcloud/store'
import { fieldsRead } from '@localcloud/store/index'

let dir = ''
let store: Store

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-agg-'))
  store = openStore(dir, { quiet: true })
  store.createCollection('households')
  store.insert('households', [
    { _id: 'h1', regionPath: ['p', 'c1'], officialIds: ['o1'], members: [{ name: 'a' }, { name: 'b' }] },
    { _id: 'h2', regionPath: ['p', 'c1'], officialIds: [], members: [{ name: 'c' }] },
    { _id: 'h3', regionPath: ['p', 'c2'], officialIds: ['o2'], members: [] },
  ])
})
afterEach(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

test('names the fields a $group or inclusion $project reads, or none when it may read the whole document', () => {
  expect(fieldsRead({ $group: { _id: { $arrayElemAt: ['$regionPath', 1] }, n: { $sum: 1 } } })).toEqual(
    new Set(['_id', 'regionPath']),
  )
  expect(fieldsRead({ $project: { _id: 0, county: '$regionPath', 'head.name': 1 } })).toEqual(
    new Set(['_id', 'county', 'regionPath', 'head']),
  )
  expect(fieldsRead({ $group: { _id: null, all: { $push: '$$ROOT' } } })).toBeUndefined()
  expect(fieldsRead({ $project: { members: 0 } })).toBeUndefined()
  expect(fieldsRead({ $addFields: { x: 1 } })).toBeUndefined()
})

test('groups as before, and a later stage writing into the groups leaves the stored documents alone', () => {
  const groups = store.aggregate('households', [
    { $match: { regionPath: 'p' } },
    {
      $group: {
        _id: { $arrayElemAt: ['$regionPath', 1] },
        n: { $sum: 1 },
        unpaired: { $sum: { $cond: [{ $eq: [{ $size: '$officialIds' }, 0] }, 1, 0] } },
        members: { $push: '$members' },
      },
    },
    { $sort: { _id: 1 } },
    { $addFields: { 'members.touched': true } },
  ]) as { _id: string; n: number; unpaired: number }[]
  expect(groups.map(({ _id, n, unpaired }) => ({ _id, n, unpaired }))).toEqual([
    { _id: 'c1', n: 2, unpaired: 1 },
    { _id: 'c2', n: 1, unpaired: 0 },
  ])
  expect(store.find('households', { _id: 'h1' })[0]).toEqual({
    _id: 'h1',
    regionPath: ['p', 'c1'],
    officialIds: ['o1'],
    members: [{ name: 'a' }, { name: 'b' }],
  })
})
