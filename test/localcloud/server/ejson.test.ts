/**
 * The protocol's EJSON reader: its fast walk must read everything @cloudbase/database writes exactly as
 * the bson package's EJSON.parse does, and hand anything unusual to it.
 */
import { Binary, EJSON } from 'bson'
import { decode, resolveValues } from '@localcloud/server/ejson'

const NOW = Date.parse('2026-11-29T08:00:00Z')
const slow = (text: string) => resolveValues(EJSON.parse(text, { relaxed: true }), NOW)

const samples: Record<string, unknown>[] = [
  { _id: 'h1', n: 3, x: 1.5, big: 2 ** 40, neg: -7, zero: 0, tags: ['a', 'b'], nested: { deep: [{ k: 2 }] } },
  { at: new Date('2025-03-01T10:00:00Z'), list: [new Date(0), new Date(-1000)] },
  { name: /^扎西/i, path: { $in: ['513300000000', '513301000000'] }, age: { $gt: 30, $lte: 60 } },
  { $or: [{ a: { $exists: true } }, { 'b.c': { $ne: null } }], t: true, f: false, z: null },
  { text: 'སྨན་བཅོས་ཉེན་སྲུང་', inc: { $inc: { count: 1 } }, set: { $set: { 'x.y': [1, 2, 3] } } },
]

test.each(samples.map((s, i) => [i, s]))('sample %i reads as EJSON.parse reads it', (_i, sample) => {
  const canonical = EJSON.stringify(sample, { relaxed: false })
  const relaxed = EJSON.stringify(sample, { relaxed: true })
  expect(decode(canonical, 'data', NOW)).toEqual(slow(canonical))
  expect(decode(relaxed, 'data', NOW)).toEqual(slow(relaxed))
})

test('the server date is the clock plus its offset, nested or not', () => {
  const text = JSON.stringify({
    a: { $tcb_server_date: { offset: { $numberInt: '1000' } } },
    b: [{ $tcb_server_date: {} }],
  })
  expect(decode(text, 'data', NOW)).toEqual({ a: new Date(NOW + 1000), b: [new Date(NOW)] })
})

test('an EJSON type it does not read goes to the bson package whole', () => {
  const text = EJSON.stringify({ blob: new Binary(Buffer.from('hi')), n: 1 }, { relaxed: false })
  const out = decode(text, 'data', NOW) as { blob: unknown; n: number }
  expect(out.n).toBe(1)
  expect(out).toEqual(slow(text))
})

test('a __proto__ field stays a field', () => {
  const out = decode('{"__proto__":{"$numberInt":"5"},"a":1}', 'data', NOW) as Record<string, unknown>
  expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
  expect(Object.prototype.hasOwnProperty.call(out, '__proto__')).toBe(true)
})

test('bad text and bad dates are INVALID_PARAM', () => {
  expect(() => decode('{"a":', 'data', NOW)).toThrow(/malformed EJSON/)
  expect(() => decode('{"a":{"$date":"not a date"}}', 'data', NOW)).toThrow(/invalid date/)
  expect(() => decode(5, 'data', NOW)).toThrow(/must be an EJSON string/)
})
