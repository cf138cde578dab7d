/**
 * Errors: wx-server-sdk must yield production's errCodes, and bad requests must get CloudBase's error shape
 * (`{ code, message, requestId }`) and change nothing.
 */
import { EJSON } from 'bson'

import { type Harness, admin, request, startHarness } from '../helpers'

let h: Harness

beforeAll(async () => {
  h = await startHarness(['households'])
  await h.db.collection('households').add({
    data: [
      { _id: 'h1', name: 'Tashi', size: 5 },
      { _id: 'h2', name: 'Dolma', size: 3 },
    ],
  })
})
afterAll(() => h.stop())

/** the whole collection, to compare before and after a rejected request */
const snapshot = async () => (await h.db.collection('households').orderBy('_id', 'asc').get()).data

describe('errCodes through wx-server-sdk', () => {
  test('a missing collection is -502005 for reads and writes', async () => {
    await expect(h.db.collection('nowhere').get()).rejects.toMatchObject({ errCode: -502005 })
    await expect(h.db.collection('nowhere').add({ data: { a: 1 } })).rejects.toMatchObject({ errCode: -502005 })
    await expect(h.db.collection('nowhere').where({ a: 1 }).count()).rejects.toMatchObject({ errCode: -502005 })
  })
  test('doc().get() of a missing document throws by default', async () => {
    await expect(h.db.collection('households').doc('nobody').get()).rejects.toThrow(/nobody does not exist/)
  })
  test('with throwOnNotFound: false it answers data: null', async () => {
    const lenient = h.cloud.database({ throwOnNotFound: false })
    const res = await lenient.collection('households').doc('nobody').get()
    expect(res.data).toBeNull()
  })
  test('createCollection makes a collection usable; creating it twice fails', async () => {
    await h.db.createCollection('fresh')
    await h.db.collection('fresh').add({ data: { a: 1 } })
    expect((await h.db.collection('fresh').count()).total).toBe(1)
    await expect(h.db.createCollection('fresh')).rejects.toBeDefined()
  })
})

describe('bad input over raw HTTP', () => {
  const expectCloudError = (json: Record<string, unknown>, code?: string) => {
    expect(typeof json.code).toBe('string')
    expect(typeof json.message).toBe('string')
    expect(typeof json.requestId).toBe('string')
    if (code) expect(json.code).toBe(code)
  }

  test('malformed EJSON in a query, an update and an insert', async () => {
    const before = await snapshot()
    const q = await admin(h.lc, {
      action: 'database.getDocument',
      collectionName: 'households',
      queryType: 'WHERE',
      query: '{"name": ',
    })
    expectCloudError(q.json, 'INVALID_PARAM')
    const u = await admin(h.lc, {
      action: 'database.modifyDocument',
      collectionName: 'households',
      queryType: 'WHERE',
      query: '{}',
      data: '{"$set": {"size": {"$numberInt": }}',
      multi: true,
      merge: true,
    })
    expectCloudError(u.json, 'INVALID_PARAM')
    const i = await admin(h.lc, {
      action: 'database.insertDocument',
      collectionName: 'households',
      data: ['{"name":"ok"}', 'not json'],
    })
    expectCloudError(i.json, 'INVALID_PARAM')
    expect(await snapshot()).toEqual(before)
  })

  test('a body that is not JSON at all', async () => {
    const res = await request(`${h.lc.url}/admin`, 'POST', 'action=database.getDocument')
    expect(res.status).toBe(200)
    expectCloudError(res.json, 'INVALID_PARAM')
  })

  test('an unknown action', async () => {
    const res = await admin(h.lc, { action: 'database.dropEverything', collectionName: 'households' })
    expectCloudError(res.json)
    expect(res.json.message).toMatch(/unknown action/)
    expect(await snapshot()).toHaveLength(2)
  })

  test('an unknown query operator is refused rather than matching nothing', async () => {
    const before = await snapshot()
    const q = await admin(h.lc, {
      action: 'database.removeDocument',
      collectionName: 'households',
      queryType: 'WHERE',
      query: EJSON.stringify({ size: { $gtt: 1 } }),
      multi: true,
    })
    expectCloudError(q.json, 'DATABASE_REQUEST_FAILED')
    expect(await snapshot()).toEqual(before)
  })

  test('an unknown update operator', async () => {
    const before = await snapshot()
    const u = await admin(h.lc, {
      action: 'database.modifyDocument',
      collectionName: 'households',
      queryType: 'WHERE',
      query: '{}',
      data: EJSON.stringify({ $increment: { size: 1 } }),
      multi: true,
      merge: true,
    })
    expectCloudError(u.json, 'DATABASE_REQUEST_FAILED')
    expect(await snapshot()).toEqual(before)
  })

  test('an unknown aggregate stage', async () => {
    const res = await admin(h.lc, {
      action: 'database.aggregateDocuments',
      collectionName: 'households',
      stages: [{ stageKey: '$explode', stageValue: '{}' }],
    })
    expectCloudError(res.json, 'DATABASE_REQUEST_FAILED')
  })

  test('a payload above 6 MB is refused and nothing is written', async () => {
    const before = await snapshot()
    const huge = EJSON.stringify({ name: 'x'.repeat(7 * 1024 * 1024) })
    const res = await admin(h.lc, { action: 'database.insertDocument', collectionName: 'households', data: [huge] })
    expectCloudError(res.json, 'INVALID_PARAM')
    expect(res.json.message).toMatch(/6 MB/)
    expect(await snapshot()).toEqual(before)
  })

  test('through the SDK, an oversize add fails with an errCode and writes nothing', async () => {
    const before = await snapshot()
    await expect(
      h.db.collection('households').add({ data: { blob: 'y'.repeat(7 * 1024 * 1024) } }),
    ).rejects.toMatchObject({
      errCode: expect.any(Number),
    })
    expect(await snapshot()).toEqual(before)
  })
})
