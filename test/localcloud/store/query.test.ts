/**
 * Conformance: reads through the real wx-server-sdk. Expected results follow MongoDB's documented query
 * semantics (comparison, logical, element and array operators; dotted paths; array-contains equality).
 */
import { type Harness, admin, ids, startHarness } from '../helpers'

let h: Harness

const households = [
  {
    _id: 'h1',
    name: 'Tashi',
    age: 34,
    size: 5,
    region: { county: 'Kangding', town: 'Lucheng' },
    tags: ['herder', 'poor'],
    visits: [
      { by: 'o1', n: 2 },
      { by: 'o2', n: 1 },
    ],
    phone: null,
  },
  {
    _id: 'h2',
    name: 'Dolma',
    age: 28,
    size: 3,
    region: { county: 'Litang', town: 'Gaocheng' },
    tags: ['farmer'],
    visits: [{ by: 'o1', n: 5 }],
  },
  {
    _id: 'h3',
    name: 'Pema',
    age: 51,
    size: 7,
    region: { county: 'Kangding', town: 'Yala' },
    tags: [],
    visits: [],
    phone: '13800000000',
  },
  {
    _id: 'h4',
    name: 'tenzin',
    age: 45,
    size: 2,
    region: { county: 'Daofu', town: 'Xianshui' },
    tags: ['herder', 'farmer'],
  },
]

beforeAll(async () => {
  h = await startHarness(['households', 'many', 'stamps'])
  await h.db.collection('households').add({ data: households })
})
afterAll(() => h.stop())

const where = (q: unknown) => h.db.collection('households').where(q).get()

describe('comparison operators', () => {
  test('eq / neq', async () => {
    expect(ids(await where({ age: h._.eq(28) }))).toEqual(['h2'])
    expect(ids(await where({ 'region.county': h._.neq('Kangding') }))).toEqual(['h2', 'h4'])
  })
  test('gt / gte / lt / lte', async () => {
    expect(ids(await where({ age: h._.gt(34) }))).toEqual(['h3', 'h4'])
    expect(ids(await where({ age: h._.gte(34) }))).toEqual(['h1', 'h3', 'h4'])
    expect(ids(await where({ age: h._.lt(34) }))).toEqual(['h2'])
    expect(ids(await where({ age: h._.lte(34) }))).toEqual(['h1', 'h2'])
  })
  test('in / nin', async () => {
    expect(ids(await where({ name: h._.in(['Tashi', 'Pema', 'Nobody']) }))).toEqual(['h1', 'h3'])
    expect(ids(await where({ name: h._.nin(['Tashi', 'Pema']) }))).toEqual(['h2', 'h4'])
  })
})

describe('logical operators', () => {
  test('and, at top level and on one field', async () => {
    expect(ids(await where(h._.and([{ age: h._.gt(30) }, { size: h._.lt(6) }])))).toEqual(['h1', 'h4'])
    expect(ids(await where({ age: h._.gt(30).and(h._.lt(50)) }))).toEqual(['h1', 'h4'])
  })
  test('or', async () => {
    expect(ids(await where(h._.or([{ age: h._.lt(30) }, { size: h._.gt(6) }])))).toEqual(['h2', 'h3'])
    expect(ids(await where({ age: h._.lt(30).or(h._.gt(50)) }))).toEqual(['h2', 'h3'])
  })
  test('nor: documents matching none of the clauses', async () => {
    expect(ids(await where(h._.nor([{ tags: 'herder' }, { age: h._.gt(50) }])))).toEqual(['h2'])
  })
  test('not', async () => {
    expect(ids(await where({ age: h._.not(h._.gt(40)) }))).toEqual(['h1', 'h2'])
  })
})

describe('element and array operators', () => {
  test('exists: a null value exists, a missing field does not', async () => {
    expect(ids(await where({ phone: h._.exists(true) }))).toEqual(['h1', 'h3'])
    expect(ids(await where({ phone: h._.exists(false) }))).toEqual(['h2', 'h4'])
  })
  test('size', async () => {
    expect(ids(await where({ tags: h._.size(2) }))).toEqual(['h1', 'h4'])
    expect(ids(await where({ tags: h._.size(0) }))).toEqual(['h3'])
  })
  test('elemMatch: one element satisfies every condition', async () => {
    expect(ids(await where({ visits: h._.elemMatch({ by: 'o1', n: h._.gt(3) }) }))).toEqual(['h2'])
    // without elemMatch the conditions may be met by different elements
    expect(ids(await where({ 'visits.by': 'o2', 'visits.n': h._.gt(1) }))).toEqual(['h1'])
  })
  test('all', async () => {
    expect(ids(await where({ tags: h._.all(['herder', 'farmer']) }))).toEqual(['h4'])
  })
  test('equality on an array field matches arrays containing the value', async () => {
    expect(ids(await where({ tags: 'farmer' }))).toEqual(['h2', 'h4'])
  })
  test('dotted paths, nested-object form and paths through arrays', async () => {
    expect(ids(await where({ 'region.county': 'Kangding' }))).toEqual(['h1', 'h3'])
    expect(ids(await where({ region: { county: 'Kangding' } }))).toEqual(['h1', 'h3'])
    expect(ids(await where({ 'visits.by': 'o2' }))).toEqual(['h1'])
  })
})

describe('regular expressions', () => {
  test('db.RegExp with options and a JavaScript literal', async () => {
    expect(ids(await where({ name: h.db.RegExp({ regexp: '^t', options: 'i' }) }))).toEqual(['h1', 'h4'])
    expect(ids(await where({ name: /^t/ }))).toEqual(['h4'])
    expect(ids(await where({ 'region.town': /cheng$/ }))).toEqual(['h1', 'h2'])
  })
})

describe('get options', () => {
  test('orderBy, skip and limit', async () => {
    const res = await h.db.collection('households').orderBy('age', 'desc').skip(1).limit(2).get()
    expect(res.data.map((d: { _id: string }) => d._id)).toEqual(['h4', 'h1'])
  })
  test('orderBy on two fields', async () => {
    const res = await h.db.collection('households').orderBy('region.county', 'asc').orderBy('age', 'desc').get()
    expect(res.data.map((d: { _id: string }) => d._id)).toEqual(['h4', 'h3', 'h1', 'h2'])
  })
  test('field: inclusion keeps _id, exclusion drops only the named fields', async () => {
    const inc = await h.db.collection('households').doc('h2').field({ name: true }).get()
    expect(inc.data).toEqual({ _id: 'h2', name: 'Dolma' })
    const exc = await h.db
      .collection('households')
      .where({ _id: 'h4' })
      .field({ tags: false, region: false, visits: false })
      .get()
    expect(exc.data).toEqual([{ _id: 'h4', name: 'tenzin', age: 45, size: 2 }])
  })
  test('doc().get() returns the one document', async () => {
    const res = await h.db.collection('households').doc('h3').get()
    expect(res.data).toEqual(households[2])
  })
  test('count', async () => {
    expect((await h.db.collection('households').where({ tags: 'herder' }).count()).total).toBe(2)
    expect((await h.db.collection('households').count()).total).toBe(4)
  })
})

describe('limits', () => {
  beforeAll(async () => {
    const docs = Array.from({ length: 1200 }, (_, i) => ({ i }))
    // batch add is one request per call
    await h.db.collection('many').add({ data: docs.slice(0, 600) })
    await h.db.collection('many').add({ data: docs.slice(600) })
  })
  test('get() without limit answers 100 documents', async () => {
    expect((await h.db.collection('many').get()).data).toHaveLength(100)
  })
  test('limit(1000) answers 1000, and more than 1000 is capped at 1000', async () => {
    expect((await h.db.collection('many').limit(1000).get()).data).toHaveLength(1000)
    expect((await h.db.collection('many').limit(1200).get()).data).toHaveLength(1000)
  })
  test('the server enforces the same limits on raw requests', async () => {
    const big = await admin(h.lc, {
      action: 'database.getDocument',
      collectionName: 'many',
      queryType: 'WHERE',
      limit: 5000,
    })
    expect(big.json.data.list).toHaveLength(1000)
    const none = await admin(h.lc, { action: 'database.getDocument', collectionName: 'many', queryType: 'WHERE' })
    expect(none.json.data.list).toHaveLength(100)
  })
  test('count is not limited', async () => {
    expect((await h.db.collection('many').count()).total).toBe(1200)
  })
})

describe('serverDate', () => {
  test('is the server clock, with an offset in milliseconds, and can be queried against', async () => {
    const before = Date.now()
    const { _id } = await h.db
      .collection('stamps')
      .add({ data: { at: h.db.serverDate(), later: h.db.serverDate({ offset: 3_600_000 }) } })
    const after = Date.now()
    const { data } = await h.db.collection('stamps').doc(_id).get()
    expect(data.at).toBeInstanceOf(Date)
    expect(data.at.getTime()).toBeGreaterThanOrEqual(before)
    expect(data.at.getTime()).toBeLessThanOrEqual(after)
    expect(data.later.getTime() - data.at.getTime()).toBe(3_600_000)
    expect(
      ids(
        await h.db
          .collection('stamps')
          .where({ later: h._.gt(h.db.serverDate()) })
          .get(),
      ),
    ).toEqual([_id])
  })
  test('dates round-trip as Date', async () => {
    const d = new Date('2026-03-01T08:00:00.000Z')
    const { _id } = await h.db.collection('stamps').add({ data: { d } })
    const { data } = await h.db.collection('stamps').doc(_id).get()
    expect(data.d).toEqual(d)
    expect(
      ids(
        await h.db
          .collection('stamps')
          .where({ d: h._.gte(new Date('2026-01-01')) })
          .get(),
      ),
    ).toEqual([_id])
  })
})
