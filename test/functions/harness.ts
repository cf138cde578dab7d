/**
 * The functions harness: a local cloud on a temporary folder running the BUILT bundles (dist/functions —
 * run `npx tsx scripts/build-functions.ts` first; `npm test` does), the declared collections and indexes,
 * a seeded slice of the synthetic dataset, and calls made as a given openid the way WeChat makes them.
 *
 *   const h = await startFunctions()                       // two tiny county slices, demo identities
 *   const res = await h.call(identity, 'me', {}, 'demo-admin-1')   // typed by the contract
 *   if (res.ok) …res.data…  else …res.error.code…
 *   await h.raw('identity', 'me', { bogus: 1 }, openid)     // an event no client could type: abuse tests
 *   await h.close()
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type { ActionInput, ActionName, ActionOutput, CallResult, FunctionContract } from '@shared/contract'
import type { ErrorShape } from '@shared/errors'
import type { Lang } from '@shared/i18n'
import { type LocalCloud, startLocalCloud } from '@localcloud/server'
import type { InvocationTrace } from '@localcloud/runner'
import { collect } from '../../scripts/dataset/generate'

export type Doc = { _id: string } & Record<string, unknown>
export type Slice = Record<string, Doc[]>

/** A call's data; a refusal fails the test with the error it got. */
export function data<T>(res: CallResult<T>): T {
  if (!res.ok) throw new Error(`expected success, got ${JSON.stringify(res.error)}`)
  return res.data
}

/** A call's refusal; an answer fails the test with the data it got. */
export function refusal(res: CallResult<unknown>): ErrorShape {
  if (res.ok) throw new Error(`expected a refusal, got ${JSON.stringify(res.data)}`)
  return res.error
}

export const ROOT = path.resolve(__dirname, '..', '..')
export const FUNCTIONS_DIR = path.join(ROOT, 'dist', 'functions')

/** 康定市 (the demo identities live here) and 泸定县 (outside every county-level scope of the demo identities) */
export const HOME_COUNTY = '513301'
export const OTHER_COUNTY = '513322'

export interface SliceOptions {
  seed?: number
  /** 6-digit county codes; the demo identities come from the first */
  counties?: string[]
  /** pair officials and households (default true) */
  pair?: boolean
}

/** Tiny slices of the dataset generator, one per county, merged (shared prefecture documents once). */
export function demoSlice(opts: SliceOptions = {}): Slice {
  const counties = opts.counties ?? [HOME_COUNTY, OTHER_COUNTY]
  const out: Slice = {}
  counties.forEach((county, index) => {
    const part = collect({ seed: opts.seed ?? 1, scale: 'tiny', county, pair: opts.pair ?? true })
    for (const [collection, docs] of Object.entries(part)) {
      if (collection === 'users' && index > 0) continue
      const list = (out[collection] ??= [])
      const seen = new Set(list.map((d) => d._id))
      for (const doc of docs as unknown as Doc[]) if (!seen.has(doc._id)) list.push(doc)
    }
  })
  return out
}

export interface FunctionsHarness {
  lc: LocalCloud
  dataDir: string
  /** what was seeded */
  slice: Slice
  /** invokes a function bundle as `openid` (the runner's WeChat context), typed by the function's contract */
  call<F extends FunctionContract, K extends ActionName<F>>(
    contract: F,
    action: K,
    input: ActionInput<F, K>,
    openid: string,
    lang?: Lang,
  ): Promise<CallResult<ActionOutput<F, K>>>
  /** any event, typed by nothing: for malformed input, unknown actions and forged events */
  raw<T = unknown>(fn: string, action: string, data: unknown, openid: string, lang?: Lang): Promise<CallResult<T>>
  /** call, with the database requests and round trips the invocation made */
  callTraced<F extends FunctionContract, K extends ActionName<F>>(
    contract: F,
    action: K,
    input: ActionInput<F, K>,
    openid: string,
  ): Promise<{ res: CallResult<ActionOutput<F, K>>; trace: InvocationTrace }>
  /** the same through the H5 gateway (`POST /functions/<fn>`, `X-WX-OPENID`) */
  viaGateway<F extends FunctionContract, K extends ActionName<F>>(
    contract: F,
    action: K,
    input: ActionInput<F, K>,
    openid: string,
    lang?: Lang,
  ): Promise<CallResult<ActionOutput<F, K>>>
  /** every document of every collection */
  dump(): Slice
  /** a stable text of `dump()` for before/after comparisons */
  snapshot(): string
  /** puts the database back to a `dump()` */
  restore(state: Slice): void
  insert(collection: string, docs: Doc[]): void
  find(collection: string, filter?: Record<string, unknown>): Doc[]
  close(): Promise<void>
}

export interface StartOptions {
  slice?: Slice
  functionsDir?: string
}

export async function startFunctions(opts: StartOptions = {}): Promise<FunctionsHarness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'functions-'))
  const functionsDir = opts.functionsDir ?? FUNCTIONS_DIR
  if (!fs.existsSync(functionsDir))
    throw new Error(`${functionsDir} is missing: run \`npx tsx scripts/build-functions.ts\` first`)
  const lc = await startLocalCloud({ port: 0, dataDir, functionsDir, quiet: true, timers: false, trace: true })
  const slice = opts.slice ?? demoSlice()
  const insert = (collection: string, docs: Doc[]) => {
    if (!docs.length) return
    if (!lc.store.hasCollection(collection)) lc.store.createCollection(collection)
    lc.store.insert(
      collection,
      docs.map((d) => structuredClone(d)),
    )
  }
  for (const [collection, docs] of Object.entries(slice)) insert(collection, docs)

  const dump = (): Slice => {
    const out: Slice = {}
    for (const { name } of lc.store.listCollections())
      out[name] = (lc.store.find(name, {}) as Doc[]).sort((a, b) => (a._id < b._id ? -1 : 1))
    return out
  }

  return {
    lc,
    dataDir,
    slice,
    async call(contract, action, input, openid, lang = 'zh-Hans') {
      return (await lc.invoke(contract.name, { action, data: input, lang }, { OPENID: openid })) as never
    },
    async raw<T>(fn: string, action: string, data: unknown, openid: string, lang: Lang = 'zh-Hans') {
      return (await lc.invoke(fn, { action, data, lang }, { OPENID: openid })) as CallResult<T>
    },
    async callTraced(contract, action, input, openid) {
      const event = { action, data: input, lang: 'zh-Hans' }
      const { result, trace } = await lc.invokeTraced(contract.name, event, { OPENID: openid })
      if (!trace) throw new Error('the local cloud was started without trace')
      return { res: result as never, trace }
    },
    async viaGateway(contract, action, input, openid, lang = 'zh-Hans') {
      const response = await fetch(`${lc.url}/functions/${contract.name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-WX-OPENID': openid },
        body: JSON.stringify({ action, data: input, lang }),
      })
      return (await response.json()) as never
    },
    dump,
    snapshot: () => JSON.stringify(dump()),
    restore(state: Slice) {
      lc.reset()
      for (const [collection, docs] of Object.entries(state)) insert(collection, docs)
    },
    insert,
    find: (collection, filter = {}) => lc.store.find(collection, filter) as Doc[],
    async close() {
      await lc.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
