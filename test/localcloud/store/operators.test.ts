/**
 * The embedded store at the engine level: MongoDB query operators, update operators, find options and
 * aggregate stages. Expected results are written from MongoDB's documented semantics.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openStore, StoreError, type Store } from '@localcloud/store'

let dir: string
let store: Store

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-'))
  store = openStore(dir, { quiet: true })
  store.createCollection('households')
  store.insert('households', [
    {
      _id: 'h1',
      name: 'Dolma',
      regionPath: ['P', 'C1', 'T1'],
      members: 4,
      riskLevel: 'low',
      tags: ['a', 'b'],
      income: 1200,
      visits: [{ by: 'o1', ok: true }],
    },
    {
      _id: 'h2',
      name: 'Tashi',
      regionPath: ['P', 'C1', 'T2'],
      members: 2,
      riskLevel: 'high',
      tags: ['b'],
      income: 800,
      visits: [{ by: 'o2', ok: false }],
    },
    {
      _id: 'h3',
      name: 'Zhuoma',
      regionPath: ['P', 'C2', 'T3'],
      members: 6,
      riskLevel: 'medium',
      tags: [],
      income: 3000,
      address: { county: 'C2', town: 'T3' },
    },
    {
      _id: 'h4',
      name: 'Gesang',
      regionPath: ['P', 'C2', 'T4'],
      members: 1,
      tags: ['c', 'a', 'b'],
      income: null,
      lastContactAt: new Date('2024-03-01T00:00:00Z'),
    },
  ])
})

afterEach(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const ids = (filter: Record<string, unknown>) => store.find('households', filter).map((d) => d._id)

describe('query operators', () => {
  test('equality, array contains, dotted paths', () => {
    expect(ids({ riskLevel: 'high' })).toEqual(['h2'])
    expect(ids({ regionPath: 'C2' })).toEqual(['h3', 'h4'])
    expect(ids({ 'address.county': 'C2' })).toEqual(['h3'])
    expect(ids({ 'visits.by': 'o2' })).toEqual(['h2'])
    expect(ids({ 'regionPath.1': 'C1' })).toEqual(['h1', 'h2'])
    // whole-array equality is order sensitive
    expect(ids({ tags: ['b'] })).toEqual(['h2'])
    expect(ids({ tags: ['b', 'a'] })).toEqual([])
  })

  test('comparison: $eq $ne $gt $gte $lt $lte $in $nin', () => {
    expect(ids({ members: { $eq: 2 } })).toEqual(['h2'])
    expect(ids({ members: { $gt: 2 } })).toEqual(['h1', 'h3'])
    expect(ids({ members: { $gte: 2, $lt: 6 } })).toEqual(['h1', 'h2'])
    expect(ids({ members: { $lte: 1 } })).toEqual(['h4'])
    // $ne and $nin also match documents without the field
    expect(ids({ riskLevel: { $ne: 'low' } })).toEqual(['h2', 'h3', 'h4'])
    expect(ids({ riskLevel: { $in: ['low', 'high'] } })).toEqual(['h1', 'h2'])
    expect(ids({ riskLevel: { $nin: ['low', 'high'] } })).toEqual(['h3', 'h4'])
    expect(ids({ tags: { $in: ['c'] } })).toEqual(['h4'])
    // type bracketing: a number bound never matches null or strings
    expect(ids({ income: { $gt: 0 } })).toEqual(['h1', 'h2', 'h3'])
    expect(ids({ lastContactAt: { $gte: new Date('2024-01-01T00:00:00Z') } })).toEqual(['h4'])
  })

  test('null matches null and missing fields', () => {
    expect(ids({ income: null })).toEqual(['h4'])
    expect(ids({ riskLevel: null })).toEqual(['h4'])
  })

  test('logical: $or $and $nor $not', () => {
    expect(ids({ $or: [{ members: 1 }, { riskLevel: 'high' }] })).toEqual(['h2', 'h4'])
    expect(ids({ $and: [{ regionPath: 'C1' }, { members: { $gt: 3 } }] })).toEqual(['h1'])
    expect(ids({ $nor: [{ regionPath: 'C1' }, { members: 1 }] })).toEqual(['h3'])
    // $not also matches documents where the field is missing
    expect(ids({ riskLevel: { $not: { $eq: 'low' } } })).toEqual(['h2', 'h3', 'h4'])
  })

  test('element and array: $exists $size $all $elemMatch', () => {
    expect(ids({ riskLevel: { $exists: false } })).toEqual(['h4'])
    expect(ids({ address: { $exists: true } })).toEqual(['h3'])
    expect(ids({ tags: { $size: 0 } })).toEqual(['h3'])
    expect(ids({ tags: { $all: ['a', 'b'] } })).toEqual(['h1', 'h4'])
    expect(ids({ visits: { $elemMatch: { by: 'o1', ok: true } } })).toEqual(['h1'])
    expect(ids({ visits: { $elemMatch: { by: 'o2', ok: true } } })).toEqual([])
  })

  test('$regex and RegExp values', () => {
    expect(ids({ name: /^t/i })).toEqual(['h2'])
    expect(ids({ name: { $regex: 'oma$' } })).toEqual(['h3'])
    expect(ids({ name: { $regex: '^g', $options: 'i' } })).toEqual(['h4'])
    expect(ids({ name: { $in: [/^D/, 'Tashi'] } })).toEqual(['h1', 'h2'])
  })

  test('an unknown operator is INVALID_QUERY', () => {
    expect(() => store.find('households', { members: { $foo: 1 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_QUERY' }),
    )
    expect(() => store.count('households', { $foo: [] })).toThrow(StoreError)
  })

  test('a missing collection is COLLECTION_NOT_EXIST', () => {
    expect(() => store.find('nope', {})).toThrow(expect.objectContaining({ code: 'COLLECTION_NOT_EXIST' }))
    expect(() => store.insert('nope', [{}])).toThrow(expect.objectContaining({ code: 'COLLECTION_NOT_EXIST' }))
    expect(() => store.createCollection('households')).toThrow(expect.objectContaining({ code: 'COLLECTION_EXISTS' }))
  })
})

describe('find options and count', () => {
  test('multi-key and dotted sort, skip, limit', () => {
    store.insert('households', [{ _id: 'h5', name: 'Dawa', members: 4, address: { county: 'C1' } }])
    const sorted = store.find('households', {}, { sort: { members: -1, name: 1 } }).map((d) => d._id)
    expect(sorted).toEqual(['h3', 'h5', 'h1', 'h2', 'h4'])
    // missing fields sort first ascending (null < everything)
    expect(
      store
        .find('households', {}, { sort: { 'address.county': 1 } })
        .map((d) => d._id)
        .slice(-2),
    ).toEqual(['h5', 'h3'])
    expect(store.find('households', {}, { sort: { members: 1 }, skip: 1, limit: 2 }).map((d) => d._id)).toEqual([
      'h2',
      'h1',
    ])
    expect(store.find('households', {}, { skip: 3 }).map((d) => d._id)).toEqual(['h4', 'h5'])
    expect(store.find('households', {}, { limit: 2 }).map((d) => d._id)).toEqual(['h1', 'h2'])
  })

  test('projection: inclusion keeps _id, exclusion drops fields', () => {
    expect(store.find('households', { _id: 'h3' }, { projection: { name: 1, 'address.town': 1 } })).toEqual([
      { _id: 'h3', name: 'Zhuoma', address: { town: 'T3' } },
    ])
    expect(store.find('households', { _id: 'h2' }, { projection: { _id: 0, name: 1 } })).toEqual([{ name: 'Tashi' }])
    const [d] = store.find('households', { _id: 'h2' }, { projection: { visits: 0, tags: 0, regionPath: 0 } })
    expect(d).toEqual({ _id: 'h2', name: 'Tashi', members: 2, riskLevel: 'high', income: 800 })
  })

  test('count', () => {
    expect(store.count('households', {})).toBe(4)
    expect(store.count('households', { regionPath: 'C1' })).toBe(2)
    expect(store.count('households', { members: { $gte: 2 } })).toBe(3)
  })

  test('dates and regular expressions round-trip exactly', () => {
    store.insert('households', [
      { _id: 'x', at: new Date('2020-02-29T12:34:56.789Z'), re: /a.b/gi, deep: { list: [{ at: new Date(0) }] } },
    ])
    const [d] = store.find('households', { _id: 'x' })
    expect(d!.at).toEqual(new Date('2020-02-29T12:34:56.789Z'))
    expect(d!.re).toEqual(/a.b/gi)
    expect((d!.deep as { list: { at: Date }[] }).list[0]!.at).toBeInstanceOf(Date)
  })

  test('returned documents are copies', () => {
    const [d] = store.find('households', { _id: 'h1' })
    ;(d!.tags as string[]).push('mutated')
    expect(store.find('households', { _id: 'h1' })[0]!.tags).toEqual(['a', 'b'])
  })
})

describe('update operators', () => {
  const one = (id: string) => store.find('households', { _id: id })[0]!
  const upd = (id: string, u: Record<string, unknown>) => store.update('households', { _id: id }, u)

  test('$set with dotted paths creates nested objects; $unset removes', () => {
    upd('h1', { $set: { 'address.county': 'C1', 'address.geo.lat': 30 }, $unset: { riskLevel: '' } })
    const d = one('h1')
    expect(d.address).toEqual({ county: 'C1', geo: { lat: 30 } })
    expect('riskLevel' in d).toBe(false)
  })

  test('$inc $mul $min $max', () => {
    upd('h1', { $inc: { members: 2, visitsCount: 1 }, $mul: { income: 1.5 } })
    expect(one('h1')).toMatchObject({ members: 6, visitsCount: 1, income: 1800 })
    upd('h1', { $min: { members: 3 }, $max: { income: 1000 } })
    expect(one('h1')).toMatchObject({ members: 3, income: 1800 })
    upd('h4', { $max: { lastContactAt: new Date('2025-01-01T00:00:00Z') } })
    expect(one('h4').lastContactAt).toEqual(new Date('2025-01-01T00:00:00Z'))
    // $mul on a missing field sets 0
    upd('h2', { $mul: { score: 5 } })
    expect(one('h2').score).toBe(0)
  })

  test('$push with $each, $position and $slice', () => {
    upd('h1', { $push: { tags: 'z' } })
    expect(one('h1').tags).toEqual(['a', 'b', 'z'])
    upd('h1', { $push: { tags: { $each: ['x', 'y'], $position: 0 } } })
    expect(one('h1').tags).toEqual(['x', 'y', 'a', 'b', 'z'])
    upd('h1', { $push: { tags: { $each: ['w'], $slice: -3 } } })
    expect(one('h1').tags).toEqual(['b', 'z', 'w'])
    upd('h1', { $push: { fresh: 1 } })
    expect(one('h1').fresh).toEqual([1])
  })

  test('$addToSet with $each, $pop, $pull, $pullAll', () => {
    upd('h4', { $addToSet: { tags: { $each: ['a', 'd', 'd'] } } })
    expect(one('h4').tags).toEqual(['c', 'a', 'b', 'd'])
    upd('h4', { $pop: { tags: -1 } })
    expect(one('h4').tags).toEqual(['a', 'b', 'd'])
    upd('h4', { $pop: { tags: 1 } })
    expect(one('h4').tags).toEqual(['a', 'b'])
    upd('h4', { $pullAll: { tags: ['a', 'q'] } })
    expect(one('h4').tags).toEqual(['b'])
    upd('h1', { $pull: { visits: { by: 'o1' } } })
    expect(one('h1').visits).toEqual([])
    store.update('households', { _id: 'h3' }, { $set: { scores: [1, 5, 7, 9] } })
    upd('h3', { $pull: { scores: { $gte: 6 } } })
    expect(one('h3').scores).toEqual([1, 5])
  })

  test('$rename', () => {
    upd('h1', { $rename: { name: 'fullName' } })
    expect(one('h1')).toMatchObject({ fullName: 'Dolma' })
    expect('name' in one('h1')).toBe(false)
  })

  test('multi updates every match; single updates the first; updated counts changed documents', () => {
    expect(store.update('households', { regionPath: 'C1' }, { $set: { flagged: true } })).toEqual({ updated: 1 })
    expect(store.update('households', { regionPath: 'P' }, { $set: { flagged: true } }, { multi: true })).toEqual({
      updated: 3,
    })
    expect(store.count('households', { flagged: true })).toBe(4)
    // nothing changes, nothing counted
    expect(store.update('households', { regionPath: 'P' }, { $set: { flagged: true } }, { multi: true })).toEqual({
      updated: 0,
    })
  })

  test('replace keeps _id; upsert seeds from equality fields', () => {
    store.update('households', { _id: 'h2' }, { name: 'New', members: 9 }, { replace: true })
    expect(one('h2')).toEqual({ _id: 'h2', name: 'New', members: 9 })
    const r = store.update(
      'households',
      { externalId: 'E9', 'address.county': 'C9', members: { $gt: 1 } },
      { $set: { name: 'Upserted' }, $inc: { n: 1 } },
      { upsert: true },
    )
    expect(r.updated).toBe(0)
    const d = one(r.upsertedId!)
    expect(d).toEqual({ _id: r.upsertedId, externalId: 'E9', address: { county: 'C9' }, name: 'Upserted', n: 1 })
    const set = store.update('households', { _id: 'given' }, { name: 'Set' }, { upsert: true, replace: true })
    expect(set.upsertedId).toBe('given')
    expect(one('given')).toEqual({ _id: 'given', name: 'Set' })
  })

  test('invalid updates change nothing', () => {
    const before = store.find('households', {})
    expect(() => store.update('households', {}, { $foo: { a: 1 } }, { multi: true })).toThrow(
      expect.objectContaining({ code: 'INVALID_UPDATE' }),
    )
    expect(() => store.update('households', {}, { $inc: { members: 'x' } })).toThrow(
      expect.objectContaining({ code: 'INVALID_UPDATE' }),
    )
    expect(() => store.update('households', {}, { $set: { a: 1 }, $inc: { a: 1 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_UPDATE' }),
    )
    expect(() => store.update('households', { _id: 'h1' }, { $set: { _id: 'other' } })).toThrow(
      expect.objectContaining({ code: 'INVALID_UPDATE' }),
    )
    // $inc on a string field fails for the second match: the first must not be written either
    store.update('households', { _id: 'h2' }, { $set: { members: 'two' } })
    const mid = store.find('households', {})
    expect(() => store.update('households', {}, { $inc: { members: 1 } }, { multi: true })).toThrow(
      expect.objectContaining({ code: 'INVALID_UPDATE' }),
    )
    expect(store.find('households', {})).toEqual(mid)
    expect(before).not.toEqual(mid)
  })

  test('remove single and multi', () => {
    expect(store.remove('households', { regionPath: 'C2' })).toBe(1)
    expect(ids({})).toEqual(['h1', 'h2', 'h4'])
    expect(store.remove('households', { regionPath: 'P' }, { multi: true })).toBe(3)
    expect(store.count('households', {})).toBe(0)
  })
})

describe('aggregate', () => {
  beforeEach(() => {
    store.createCollection('officials')
    store.insert('officials', [
      { _id: 'o1', name: 'Lhamo', county: 'C1' },
      { _id: 'o2', name: 'Norbu', county: 'C1' },
    ])
    store.update('households', { _id: 'h1' }, { $set: { officialIds: ['o1', 'o2'] } })
    store.update('households', { _id: 'h2' }, { $set: { officialIds: ['o2'] } })
  })

  test('$match $group with accumulators $sort', () => {
    const out = store.aggregate('households', [
      { $match: { regionPath: 'P' } },
      {
        $group: {
          _id: { $arrayElemAt: ['$regionPath', 1] },
          n: { $sum: 1 },
          members: { $sum: '$members' },
          avg: { $avg: '$members' },
          min: { $min: '$members' },
          max: { $max: '$members' },
          names: { $push: '$name' },
          // documents without the field add nothing
          risks: { $addToSet: '$riskLevel' },
          first: { $first: '$name' },
          last: { $last: '$name' },
        },
      },
      { $sort: { _id: 1 } },
    ])
    expect(out).toEqual([
      {
        _id: 'C1',
        n: 2,
        members: 6,
        avg: 3,
        min: 2,
        max: 4,
        names: ['Dolma', 'Tashi'],
        risks: expect.arrayContaining(['low', 'high']),
        first: 'Dolma',
        last: 'Tashi',
      },
      {
        _id: 'C2',
        n: 2,
        members: 7,
        avg: 3.5,
        min: 1,
        max: 6,
        names: ['Zhuoma', 'Gesang'],
        risks: ['medium'],
        first: 'Zhuoma',
        last: 'Gesang',
      },
    ])
  })

  test('$skip $limit $count $project $addFields $unwind', () => {
    expect(
      store.aggregate('households', [{ $sort: { members: 1 } }, { $skip: 1 }, { $limit: 2 }, { $project: { _id: 1 } }]),
    ).toEqual([{ _id: 'h2' }, { _id: 'h1' }])
    expect(store.aggregate('households', [{ $match: { members: { $gt: 1 } } }, { $count: 'total' }])).toEqual([
      { total: 3 },
    ])
    expect(
      store.aggregate('households', [
        { $match: { _id: 'h1' } },
        { $unwind: '$tags' },
        { $addFields: { 'meta.big': { $gt: ['$members', 3] } } },
        { $project: { tags: 1, meta: 1, _id: 0 } },
      ]),
    ).toEqual([
      { tags: 'a', meta: { big: true } },
      { tags: 'b', meta: { big: true } },
    ])
  })

  test('$lookup joins another collection of the store', () => {
    const out = store.aggregate('households', [
      { $match: { _id: { $in: ['h1', 'h2'] } } },
      { $lookup: { from: 'officials', localField: 'officialIds', foreignField: '_id', as: 'officials' } },
      { $project: { names: '$officials.name' } },
    ])
    expect(out).toEqual([
      { _id: 'h1', names: ['Lhamo', 'Norbu'] },
      { _id: 'h2', names: ['Norbu'] },
    ])
  })

  test('aggregation never changes stored documents', () => {
    const before = store.find('households', {})
    store.aggregate('households', [{ $addFields: { 'address.extra': 1, tags: 'x' } }, { $unwind: '$regionPath' }])
    expect(store.find('households', {})).toEqual(before)
  })

  test('an unknown stage is INVALID_PIPELINE', () => {
    expect(() => store.aggregate('households', [{ $foo: {} }])).toThrow(
      expect.objectContaining({ code: 'INVALID_PIPELINE' }),
    )
    expect(() => store.aggregate('households', [{ $match: { a: { $bad: 1 } } }])).toThrow(
      expect.objectContaining({ code: 'INVALID_PIPELINE' }),
    )
  })
})
