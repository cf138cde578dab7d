/**
 * Conformance: writes through the real wx-server-sdk. Expected documents follow MongoDB's documented
 * update semantics; `doc().set()` replaces (and creates), `update()` merges.
 */
import { type Harness, startHarness } from '../helpers'

let h: Harness
const coll = () => h.db.collection('records')
const read = async (id: string) => (await coll().doc(id).get()).data

beforeAll(async () => {
  h = await startHarness(['records'])
})
afterAll(() => h.stop())

async function fresh(id: string, data: Record<string, unknown>) {
  await coll().doc(id).set({ data })
}

describe('add', () => {
  test('single add returns the generated _id; batch add returns all ids in one call', async () => {
    const one = await coll().add({ data: { k: 'single' } })
    expect(one._id).toMatch(/^[0-9a-f]{32}$/)
    const batch = await coll().add({ data: [{ k: 'b1' }, { k: 'b2' }, { k: 'b3' }] })
    expect(batch._ids).toHaveLength(3)
    expect(new Set(batch._ids).size).toBe(3)
    expect(
      (
        await coll()
          .where({ k: h._.in(['b1', 'b2', 'b3']) })
          .count()
      ).total,
    ).toBe(3)
  })
  test('a chosen _id is kept, and a duplicate is refused with -502001', async () => {
    await coll().add({ data: { _id: 'chosen', v: 1 } })
    expect(await read('chosen')).toEqual({ _id: 'chosen', v: 1 })
    await expect(coll().add({ data: { _id: 'chosen', v: 2 } })).rejects.toMatchObject({ errCode: -502001 })
    expect(await read('chosen')).toEqual({ _id: 'chosen', v: 1 })
  })
})

describe('update operators', () => {
  test('inc, mul, min, max', async () => {
    await fresh('num', { n: 10, m: 3, lo: 5, hi: 5, keepLo: 1, keepHi: 9 })
    await coll()
      .doc('num')
      .update({
        data: { n: h._.inc(5), m: h._.mul(4), lo: h._.min(2), hi: h._.max(9), keepLo: h._.min(4), keepHi: h._.max(3) },
      })
    expect(await read('num')).toEqual({ _id: 'num', n: 15, m: 12, lo: 2, hi: 9, keepLo: 1, keepHi: 9 })
  })
  test('inc creates a missing field', async () => {
    await fresh('inc0', { label: 'x' })
    await coll()
      .doc('inc0')
      .update({ data: { visits: h._.inc(1) } })
    expect(await read('inc0')).toEqual({ _id: 'inc0', label: 'x', visits: 1 })
  })
  test('push: appends, with each and position', async () => {
    await fresh('push', { a: [1] })
    await coll()
      .doc('push')
      .update({ data: { a: h._.push([2, 3]), b: h._.push(['x']) } })
    await coll()
      .doc('push')
      .update({ data: { a: h._.push({ each: [0], position: 0 }) } })
    expect(await read('push')).toEqual({ _id: 'push', a: [0, 1, 2, 3], b: ['x'] })
  })
  test('pull with a condition, pullAll', async () => {
    await fresh('pull', { a: [1, 2, 3, 4, 5], b: [1, 2, 3, 1] })
    await coll()
      .doc('pull')
      .update({ data: { a: h._.pull(h._.gt(3)), b: h._.pullAll([1, 3]) } })
    expect(await read('pull')).toEqual({ _id: 'pull', a: [1, 2, 3], b: [2] })
  })
  test('addToSet adds only absent values', async () => {
    await fresh('set', { tags: ['a', 'b'], more: ['a'] })
    await coll()
      .doc('set')
      .update({ data: { tags: h._.addToSet('a'), more: h._.addToSet({ each: ['a', 'c', 'c'] }) } })
    expect(await read('set')).toEqual({ _id: 'set', tags: ['a', 'b'], more: ['a', 'c'] })
  })
  test('pop removes the last element, shift the first', async () => {
    await fresh('pop', { a: [1, 2, 3], b: [1, 2, 3] })
    await coll()
      .doc('pop')
      .update({ data: { a: h._.pop(), b: h._.shift() } })
    expect(await read('pop')).toEqual({ _id: 'pop', a: [1, 2], b: [2, 3] })
  })
  test('remove (unset) and rename', async () => {
    await fresh('ren', { old: 'x', gone: true, stay: 1 })
    await coll()
      .doc('ren')
      .update({ data: { gone: h._.remove(), old: h._.rename('renamed') } })
    expect(await read('ren')).toEqual({ _id: 'ren', renamed: 'x', stay: 1 })
  })
  test('a nested object merges into the existing one; _.set replaces it', async () => {
    await fresh('nest', { region: { county: 'Kangding', town: 'Lucheng' }, profile: { a: 1, b: 2 } })
    await coll()
      .doc('nest')
      .update({ data: { region: { town: 'Yala', village: 'Sewa' } } })
    await coll()
      .doc('nest')
      .update({ data: { profile: h._.set({ z: 1 }) } })
    expect(await read('nest')).toEqual({
      _id: 'nest',
      region: { county: 'Kangding', town: 'Yala', village: 'Sewa' },
      profile: { z: 1 },
    })
  })
  test('dotted keys update one nested field and into array elements', async () => {
    await fresh('dot', { region: { county: 'Kangding' }, visits: [{ n: 1 }, { n: 2 }] })
    await coll()
      .doc('dot')
      .update({ data: { 'region.county': 'Litang', 'visits.1.n': h._.inc(10) } })
    expect(await read('dot')).toEqual({ _id: 'dot', region: { county: 'Litang' }, visits: [{ n: 1 }, { n: 12 }] })
  })
  test('serverDate in an update', async () => {
    await fresh('stamp', { label: 'x' })
    const before = Date.now()
    await coll()
      .doc('stamp')
      .update({ data: { at: h.db.serverDate() } })
    const at = (await read('stamp')).at as Date
    expect(at).toBeInstanceOf(Date)
    expect(at.getTime()).toBeGreaterThanOrEqual(before)
  })
})

describe('set, update, remove', () => {
  test('doc().set() replaces the whole document', async () => {
    await fresh('rep', { a: 1, b: { c: 2 } })
    const res = await coll()
      .doc('rep')
      .set({ data: { only: true } })
    expect(res.stats).toEqual({ updated: 1, created: 0 })
    expect(await read('rep')).toEqual({ _id: 'rep', only: true })
  })
  test('doc().set() on a missing document creates it (upsert)', async () => {
    const res = await coll()
      .doc('brand-new')
      .set({ data: { v: 1 } })
    expect(res.stats.created).toBe(1)
    expect(res._id).toBe('brand-new')
    expect(await read('brand-new')).toEqual({ _id: 'brand-new', v: 1 })
  })
  test('doc().update() on a missing document changes nothing', async () => {
    const res = await coll()
      .doc('absent')
      .update({ data: { v: 1 } })
    expect(res.stats.updated).toBe(0)
    expect((await coll().where({ _id: 'absent' }).count()).total).toBe(0)
  })
  test('where().update() updates every match', async () => {
    await coll().add({
      data: [
        { group: 'g', v: 1 },
        { group: 'g', v: 2 },
        { group: 'g', v: 3 },
        { group: 'other', v: 4 },
      ],
    })
    const res = await coll()
      .where({ group: 'g', v: h._.gte(2) })
      .update({ data: { seen: true } })
    expect(res.stats.updated).toBe(2)
    const seen = await coll().where({ seen: true }).get()
    expect(seen.data.map((d: { v: number }) => d.v).sort()).toEqual([2, 3])
  })
  test('where().remove() removes every match; doc().remove() one', async () => {
    await coll().add({ data: [{ bin: 1 }, { bin: 1 }, { bin: 2 }] })
    const res = await coll().where({ bin: 1 }).remove()
    expect(res.stats.removed).toBe(2)
    const [left] = (await coll().where({ bin: 2 }).get()).data
    expect((await coll().doc(left._id).remove()).stats.removed).toBe(1)
    expect(
      (
        await coll()
          .where({ bin: h._.exists(true) })
          .count()
      ).total,
    ).toBe(0)
  })
})
