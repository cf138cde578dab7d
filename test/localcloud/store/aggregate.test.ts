/**
 * Conformance: aggregate stages through the real wx-server-sdk, with MongoDB's stage semantics, and
 * production's 20-result default when the pipeline has no $limit.
 */
import { type Harness, startHarness } from '../helpers'

let h: Harness
let $: Harness['_']

const visits = [
  { _id: 'v1', official: 'o1', household: 'h1', minutes: 30, county: 'Kangding' },
  { _id: 'v2', official: 'o1', household: 'h2', minutes: 45, county: 'Litang' },
  { _id: 'v3', official: 'o2', household: 'h1', minutes: 20, county: 'Kangding' },
  { _id: 'v4', official: 'o2', household: 'h3', minutes: 50, county: 'Kangding' },
  { _id: 'v5', official: 'o3', household: 'h4', minutes: 10, county: 'Daofu' },
]

beforeAll(async () => {
  h = await startHarness(['visits', 'households', 'officials', 'bulk'])
  $ = h.db.command.aggregate
  await h.db.collection('visits').add({ data: visits })
  await h.db.collection('households').add({
    data: [
      { _id: 'h1', name: 'Tashi' },
      { _id: 'h2', name: 'Dolma' },
      { _id: 'h3', name: 'Pema' },
    ],
  })
  await h.db.collection('officials').add({
    data: [
      { _id: 'o1', skills: ['tibetan', 'medicine'] },
      { _id: 'o2', skills: ['tibetan'] },
      { _id: 'o3', skills: [] },
    ],
  })
  await h.db.collection('bulk').add({ data: Array.from({ length: 30 }, (_, i) => ({ i })) })
})
afterAll(() => h.stop())

const agg = (c: string) => h.db.collection(c).aggregate()

test('$match + $group + $sort: totals per official', async () => {
  const { list } = await agg('visits')
    .match({ minutes: h._.gte(10) })
    .group({ _id: '$official', total: $.sum('$minutes'), visits: $.sum(1), mean: $.avg('$minutes') })
    .sort({ _id: 1 })
    .end()
  expect(list).toEqual([
    { _id: 'o1', total: 75, visits: 2, mean: 37.5 },
    { _id: 'o2', total: 70, visits: 2, mean: 35 },
    { _id: 'o3', total: 10, visits: 1, mean: 10 },
  ])
})

test('$sort + $skip + $limit', async () => {
  const { list } = await agg('visits').sort({ minutes: -1 }).skip(1).limit(2).end()
  expect(list.map((d: { _id: string }) => d._id)).toEqual(['v2', 'v1'])
})

test('$count', async () => {
  const { list } = await agg('visits').match({ county: 'Kangding' }).count('n').end()
  expect(list).toEqual([{ n: 3 }])
})

test('$project: inclusion, exclusion of _id, computed fields', async () => {
  const { list } = await agg('visits')
    .match({ _id: 'v1' })
    .project({ _id: 0, minutes: 1, doubled: $.multiply(['$minutes', 2]) })
    .end()
  expect(list).toEqual([{ minutes: 30, doubled: 60 }])
})

test('$lookup joins another collection', async () => {
  const { list } = await agg('visits')
    .match({ official: 'o2' })
    .lookup({ from: 'households', localField: 'household', foreignField: '_id', as: 'home' })
    .sort({ _id: 1 })
    .project({ household: 1, home: 1 })
    .end()
  expect(list).toEqual([
    { _id: 'v3', household: 'h1', home: [{ _id: 'h1', name: 'Tashi' }] },
    { _id: 'v4', household: 'h3', home: [{ _id: 'h3', name: 'Pema' }] },
  ])
})

test('$unwind: one document per element; empty arrays are dropped', async () => {
  const { list } = await agg('officials').unwind('$skills').end()
  expect(list).toEqual([
    { _id: 'o1', skills: 'tibetan' },
    { _id: 'o1', skills: 'medicine' },
    { _id: 'o2', skills: 'tibetan' },
  ])
})

test('$addFields keeps the document and adds computed fields', async () => {
  const { list } = await agg('visits')
    .match({ _id: 'v1' })
    .addFields({ hours: $.divide(['$minutes', 60]) })
    .end()
  expect(list).toEqual([{ ...visits[0], hours: 0.5 }])
})

test('without $limit an aggregate answers at most 20 documents; with one, as many as asked', async () => {
  expect((await agg('bulk').match({}).end()).list).toHaveLength(20)
  expect((await agg('bulk').match({}).limit(25).end()).list).toHaveLength(25)
})
