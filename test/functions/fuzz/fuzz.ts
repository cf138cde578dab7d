/**
 * Property-based fuzzing of every action's input: generators of hostile values (wrong types, huge strings,
 * deep nesting, prototype keys, query operators, edge numbers, long arrays, unusual unicode), inputs built
 * from a valid sample of each action with one or more of its declared fields (found through the valibot
 * schema's `entries`) replaced, and the checks every answer must pass: a typed error other than INTERNAL,
 * or data when the generated input happens to be valid; and a refused call writes nothing (the local
 * cloud's store is watched, so the check costs nothing per case beyond the call itself).
 *
 * Each function's fuzz file runs FUZZ_RUNS cases per action (default 500), each action from its own seed
 * derived from FUZZ_SEED (fixed by default; printed with the counts, so a failure replays with the same seed).
 */
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'

import type { ActionDef, AnySchema, CallResult, FunctionContract } from '@shared/contract'
import { ERROR_CODES } from '@shared/errors'
import type { Fixtures, Who } from '../access-fixtures'
import { SAMPLES, prepare, sampleOf, targetKind, targets } from '../access-fixtures'
import type { FunctionsHarness } from '../harness'
import { FUNCTIONS_DIR, ROOT, startFunctions } from '../harness'

export const SEED = Number(process.env.FUZZ_SEED ?? 20261206)
export const RUNS = Number(process.env.FUZZ_RUNS ?? 500)

/** each action's own seed, so actions with alike schemas do not all get the same sequence of inputs */
export function seedOf(label: string): number {
  let hash = SEED | 0
  for (const char of label) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0
  return hash
}
/** the platform's callFunction payload limit; generated inputs stay under it */
const PAYLOAD_BYTES = 100 * 1024

// ---------------------------------------------------------------------------------------------------
// Hostile values

/** an object whose own key is `key` (a literal `{ __proto__: … }` would set the prototype instead) */
const withKey = (key: string, value: unknown): Record<string, unknown> => JSON.parse(JSON.stringify({ [key]: value }))

const strings = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\uD800',
    '\u202Eevil\u202C',
    'مرحبا بالعالم',
    'בדיקה',
    'བོད་ཡིག་གི་ཚིག་འབྲུ།',
    'ཀྵྐྵྒྷ྄',
    '藏文测试',
    '𝕏😀👨‍👩‍👧',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    '$where',
    '$gt',
    'a.b',
    '.',
    '..',
    '../../etc/passwd',
    'cloud://env/roster-exports/x.xlsx',
    'cloud://',
    'uploads/../users',
    '513301000000',
    '5133010000001',
    '513301',
    '000000000000',
    '999999999999',
    '2026-02-30',
    '2026-13-01',
    '9999-12-31T23:59:59.999Z',
    '0000-01-01T00:00:00.000Z',
    'NaN',
    'Infinity',
    '-0',
    '1e308',
    'null',
    'undefined',
    'true',
    '{}',
    '[]',
    '%s%n%x',
    '<script>alert(1)</script>',
    "'; DROP TABLE users; --",
    'demo-admin-1',
  ),
  // huge strings, below the payload limit even in three-byte UTF-8
  fc.constantFrom(
    'x'.repeat(30_000),
    'ཀ'.repeat(10_000),
    '\u0000'.repeat(5_000),
    '‮'.repeat(8_000),
    '1'.repeat(20_000),
  ),
)

const edgeNumbers = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 1e308, -1e308, 5e-324, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 31, -(2 ** 31), 0.5),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
)

const operators = fc.oneof(
  fc.constantFrom(
    { $gt: '' },
    { $ne: null },
    { $exists: true },
    { $regex: '.*' },
    { $in: ['', null] },
    { $where: 'true' },
    { $or: [{}] },
    { $expr: { $eq: [1, 1] } },
    { 'a.b': 1 },
    { $set: { roles: [{ role: 'admin' }] } },
  ),
  fc.record({ [`$${'gt'}`]: strings }),
)

const protoObjects = fc.oneof(
  fc.constantFrom(
    withKey('__proto__', { admin: true, role: 'admin' }),
    withKey('constructor', { prototype: { admin: true } }),
    withKey('prototype', {}),
    withKey('__proto__', null),
  ),
  fc.jsonValue().map((value) => withKey('__proto__', value)),
)

/** nesting deep enough to find recursion without a bound, and still small */
const deep = fc.integer({ min: 50, max: 1_000 }).chain((depth) =>
  fc.constantFrom('array', 'object').map((kind) => {
    let value: unknown = 'bottom'
    for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value }
    return value
  }),
)

/** ten thousand items, the payload limit allowing */
const longArrays = fc.constantFrom<unknown[]>(
  Array.from({ length: 10_000 }, () => 0),
  Array.from({ length: 10_000 }, () => 'a'),
  Array.from({ length: 10_000 }, () => null),
  Array.from({ length: 10_000 }, (_, i) => i),
  Array.from({ length: 4_000 }, () => ({})),
)

export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 4, arbitrary: strings },
  { weight: 3, arbitrary: edgeNumbers },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], [[]], [{}]) },
  { weight: 2, arbitrary: operators },
  { weight: 2, arbitrary: protoObjects },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: longArrays },
  { weight: 2, arbitrary: fc.array(strings, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(strings, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) },
)

// ---------------------------------------------------------------------------------------------------
// Inputs shaped like an action's

interface SchemaNode {
  type: string
  entries?: Record<string, SchemaNode>
  wrapped?: SchemaNode
  options?: unknown[]
  item?: SchemaNode
}

/** the object under optional/nullable wrappers, if any */
function objectOf(node: SchemaNode | undefined): SchemaNode | undefined {
  let n = node
  while (n && !n.entries && n.wrapped) n = n.wrapped
  return n?.entries ? n : undefined
}

/** every path of declared object fields, down to `depth` objects deep (`draft.title.bo`, `sheet.members`) */
export function fieldPaths(schema: AnySchema, depth = 3): string[][] {
  const out: string[][] = []
  const walk = (node: SchemaNode | undefined, prefix: string[]) => {
    const obj = objectOf(node)
    if (!obj || prefix.length >= depth) return
    for (const [key, entry] of Object.entries(obj.entries ?? {})) {
      out.push([...prefix, key])
      walk(entry, [...prefix, key])
      // the first variant of a union of objects has fields too (a grant, a sheet's parts)
      const first = (entry as SchemaNode).options?.[0] as SchemaNode | undefined
      if (first && typeof first === 'object') walk(first, [...prefix, key])
    }
  }
  walk(schema as unknown as SchemaNode, [])
  return out
}

function setPath(base: unknown, path: string[], value: unknown, remove = false): unknown {
  const root: Record<string, unknown> =
    typeof base === 'object' && base !== null && !Array.isArray(base) ? { ...(base as object) } : {}
  let at = root
  for (const key of path.slice(0, -1)) {
    const next = at[key]
    at[key] = typeof next === 'object' && next !== null && !Array.isArray(next) ? { ...next } : {}
    at = at[key] as Record<string, unknown>
  }
  const last = path[path.length - 1]!
  if (remove) delete at[last]
  else Object.defineProperty(at, last, { value, enumerable: true, writable: true, configurable: true })
  return root
}

const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '')

/**
 * Malformed inputs for an action: the whole input hostile; one field of a valid sample replaced (or
 * removed, or given a prototype or operator key beside it); several fields replaced; extra keys added.
 */
export function inputsFor(schema: AnySchema, valid: unknown): fc.Arbitrary<unknown> {
  const paths = fieldPaths(schema)
  const pathArb = paths.length ? fc.constantFrom(...paths) : fc.constant<string[]>(['x'])
  const oneField = fc.tuple(pathArb, hostile).map(([path, value]) => setPath(valid, path, value))
  const removed = pathArb.map((path) => setPath(valid, path, undefined, true))
  const several = fc
    .array(fc.tuple(pathArb, hostile), { minLength: 2, maxLength: 4 })
    .map((changes) => changes.reduce<unknown>((input, [path, value]) => setPath(input, path, value), valid))
  const extraKey = fc
    .tuple(fc.constantFrom('__proto__', 'constructor', '$where', 'a.b', '_id', 'roles', 'openid'), hostile)
    .map(([key, value]) => setPath(valid, [key], value))
  const arb = fc.oneof(
    { weight: 2, arbitrary: hostile },
    { weight: 5, arbitrary: oneField },
    { weight: 1, arbitrary: removed },
    { weight: 2, arbitrary: several },
    { weight: 1, arbitrary: extraKey },
  )
  return arb.filter((input) => size(input) <= PAYLOAD_BYTES)
}

/** Odd events: no or a strange action, data that is no object, a strange lang, a forged timer. */
export const envelopes: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record(
    {
      action: fc.oneof(
        hostile,
        fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '', 'ME', ' me'),
      ),
      data: hostile,
      lang: fc.oneof(hostile, fc.constantFrom('bo', 'zh-Hans', 'en', '__proto__', '')),
    },
    { requiredKeys: [] },
  ),
  fc.record({ Type: fc.constant('Timer'), TriggerName: hostile, Time: hostile }, { requiredKeys: ['Type'] }),
  fc.record({ action: fc.constant('me'), data: fc.oneof(strings, edgeNumbers, fc.constantFrom(null, [], true)) }),
)

// ---------------------------------------------------------------------------------------------------
// Running and checking

/** The demo identity each role is fuzzed as (test/functions/access-fixtures.ts prepares them). */
const AS: Record<string, string> = {
  household: 'demo-household-1',
  official: 'demo-official-1',
  office: 'demo-office-county',
  reviewer: 'demo-reviewer-1',
  department: 'demo-department-1',
  admin: 'demo-admin-1',
  anyone: 'demo-household-1',
}

/** Collections a refused call may still write: the refusal's own audit record and its rate limit. */
const REFUSAL_WRITES = new Set(['audit', 'auditCounters'])

/**
 * What an action records on purpose when it refuses: a contact re-sent with other content is kept for an
 * office to review (CONFLICT); a failed code counts towards the invitation's lockout.
 */
const REFUSAL_RECORDS: Record<string, string[]> = {
  'contacts.logContact': ['contactConflicts'],
  'identity.redeemInvite': ['inviteGuards', 'invites'],
}

export interface FuzzWorld {
  h: FunctionsHarness
  fixtures: Fixtures
  identities: Who[]
  /** collections written since the last `takeWrites()` (committed writes only) */
  takeWrites(): Set<string>
}

/**
 * A copy of the built bundles for this run: a fuzz file runs for minutes, and a rebuild meanwhile would
 * take a bundle away under it. The copy sits under node_modules so the bundles still find wx-server-sdk.
 */
async function ownBundles(): Promise<string> {
  const names = ['identity', 'contacts', 'notices', 'registry', 'feedback', 'requests']
  for (let waited = 0; names.some((n) => !fs.existsSync(path.join(FUNCTIONS_DIR, n, 'index.js'))); waited++) {
    if (waited >= 60) throw new Error(`${FUNCTIONS_DIR} lacks a bundle: run \`npx tsx scripts/build-functions.ts\``)
    await new Promise((resolve) => setTimeout(resolve, 1_000))
  }
  const dir = path.join(ROOT, 'node_modules', '.cache', `fuzz-functions-${process.pid}-${Date.now()}`)
  fs.cpSync(FUNCTIONS_DIR, dir, { recursive: true })
  return dir
}

/** A harness with the matrix's fixtures, whose store reports which collections each call wrote. */
export async function startWorld(): Promise<FuzzWorld> {
  const dir = await ownBundles()
  const h = await startFunctions({ functionsDir: dir })
  const prepared = await prepare(h).catch(async (error: unknown) => {
    // a fixture that cannot be made must not leave the local cloud holding the test process open
    await h.close()
    fs.rmSync(dir, { recursive: true, force: true })
    throw error
  })
  const { identities, fixtures } = prepared
  let written = new Set<string>()
  const pending = new Map<string, Set<string>>()
  const store = h.lc.store
  const note = (collection: string, txn: string | undefined, count: number) => {
    if (count <= 0) return
    if (!txn) written.add(collection)
    else pending.set(txn, (pending.get(txn) ?? new Set()).add(collection))
  }
  const insert = store.insert.bind(store)
  const update = store.update.bind(store)
  const remove = store.remove.bind(store)
  const commit = store.commitTransaction.bind(store)
  const abort = store.abortTransaction.bind(store)
  Object.assign(store, {
    insert: (c: string, docs: Record<string, unknown>[], txn?: string) => {
      const ids = insert(c, docs, txn)
      note(c, txn, ids.length)
      return ids
    },
    update: (...args: Parameters<typeof store.update>) => {
      const res = update(...args)
      note(args[0], args[4], res.updated + (res.upsertedId ? 1 : 0))
      return res
    },
    remove: (...args: Parameters<typeof store.remove>) => {
      const n = remove(...args)
      note(args[0], args[3], n)
      return n
    },
    commitTransaction: (txn: string) => {
      commit(txn)
      for (const c of pending.get(txn) ?? []) written.add(c)
      pending.delete(txn)
    },
    abortTransaction: (txn: string) => {
      abort(txn)
      pending.delete(txn)
    },
  })
  const close = h.close.bind(h)
  h.close = async () => {
    await close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return {
    h,
    fixtures,
    identities,
    takeWrites() {
      const out = written
      written = new Set()
      return out
    },
  }
}

export interface Tally {
  seed: number
  cases: number
  ok: number
  codes: Record<string, number>
}

/** Why an answer fails the property, or undefined when it passes. */
export function verdict(res: unknown, writes: Set<string>, mayWrite: ReadonlySet<string> = REFUSAL_WRITES) {
  const r = res as CallResult<unknown>
  if (typeof r !== 'object' || r === null || typeof r.ok !== 'boolean') return `not a result: ${JSON.stringify(r)}`
  if (r.ok) return undefined
  const code = r.error?.code
  if (!ERROR_CODES.includes(code)) return `untyped error ${JSON.stringify(r.error)}`
  if (code === 'INTERNAL') return 'INTERNAL'
  if (typeof r.error.message !== 'string' || !r.error.message)
    return `error without a message ${JSON.stringify(r.error)}`
  const stray = [...writes].filter((c) => !mayWrite.has(c))
  if (stray.length) return `refused with ${code} but wrote ${stray.join(', ')}`
  return undefined
}

/** The identity, valid sample and writes allowed on refusal for fuzzing an action. */
export function planFor(world: FuzzWorld, contract: FunctionContract, name: string) {
  const def = contract.actions[name] as ActionDef
  const role = def.roles[0]!
  const openid = AS[role]!
  const who = world.identities.find((w) => w.openid === openid) ?? { openid }
  const key = `${contract.name}.${name}`
  let valid = SAMPLES[key]?.(who, 'inside', world.fixtures)?.input
  if (valid === undefined) {
    const target = targetKind(def)
    const inside = target ? targets(world.h.dump(), who, target.kind).inside : undefined
    valid = sampleOf(def.input, target?.key, inside)
  }
  return { def, openid, valid }
}

/**
 * Runs RUNS generated inputs against one action and returns the tally; throws (through fast-check, with the
 * seed, path and shrunk input) on the first answer that fails the property.
 */
export async function fuzzAction(world: FuzzWorld, contract: FunctionContract, name: string): Promise<Tally> {
  const { def, openid, valid } = planFor(world, contract, name)
  const seed = seedOf(`${contract.name}.${name}`)
  const mayWrite = new Set([...REFUSAL_WRITES, ...(REFUSAL_RECORDS[`${contract.name}.${name}`] ?? [])])
  const tally: Tally = { seed, cases: 0, ok: 0, codes: {} }
  await fc.assert(
    fc.asyncProperty(inputsFor(def.input, valid), async (input) => {
      world.takeWrites()
      const res = await world.h.raw(contract.name, name, input, openid)
      const why = verdict(res, world.takeWrites(), mayWrite)
      tally.cases++
      if (res.ok) tally.ok++
      else tally.codes[res.error.code] = (tally.codes[res.error.code] ?? 0) + 1
      if (why) throw new Error(`${contract.name}.${name} as ${openid}: ${why}`)
    }),
    { seed, numRuns: RUNS, endOnFailure: true },
  )
  return tally
}

/** Odd events sent to a function as a caller with roles. */
export async function fuzzEnvelope(world: FuzzWorld, fn: string, openid: string, runs = RUNS): Promise<Tally> {
  const seed = seedOf(fn)
  const tally: Tally = { seed, cases: 0, ok: 0, codes: {} }
  await fc.assert(
    fc.asyncProperty(envelopes, async (event) => {
      world.takeWrites()
      const res = (await world.h.lc.invoke(fn, event, { OPENID: openid })) as CallResult<unknown>
      const why = verdict(res, world.takeWrites())
      tally.cases++
      if (res.ok) tally.ok++
      else tally.codes[res.error.code] = (tally.codes[res.error.code] ?? 0) + 1
      if (why) throw new Error(`${fn} envelope ${JSON.stringify(event).slice(0, 300)}: ${why}`)
    }),
    { seed, numRuns: runs, endOnFailure: true },
  )
  return tally
}

export function describeTally(label: string, tally: Tally, ms: number): string {
  const codes = Object.entries(tally.codes)
    .sort()
    .map(([code, n]) => `${code} ${n}`)
    .join(', ')
  return `${label}: ${tally.cases} cases (seed ${tally.seed}), ok ${tally.ok}${codes ? `, ${codes}` : ''}; ${(
    tally.cases /
    (ms / 1000)
  ).toFixed(0)} calls/s`
}

/**
 * The suite every function's fuzz file declares: its world started once, the odd events sent as
 * `envelopeOpenid`, and each action fuzzed RUNS times. Answers the world for the file's own tests.
 */
export function fuzzFunction(contract: FunctionContract, envelopeOpenid: string): () => FuzzWorld {
  let world: FuzzWorld | undefined
  const current = () => {
    if (!world) throw new Error('the fuzz world is not started')
    return world
  }
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(async () => {
    await world?.h.close()
  })
  test('odd events', async () => {
    const started = Date.now()
    const tally = await fuzzEnvelope(current(), contract.name, envelopeOpenid)
    console.log(describeTally(`${contract.name} (event)`, tally, Date.now() - started))
    expect(tally.cases).toBe(RUNS)
  })
  test.each(Object.keys(contract.actions))(`${contract.name}.%s`, async (name) => {
    const started = Date.now()
    const tally = await fuzzAction(current(), contract, name)
    console.log(describeTally(`${contract.name}.${name}`, tally, Date.now() - started))
    expect(tally.cases).toBe(RUNS)
  })
  return current
}
