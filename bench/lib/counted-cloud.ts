/**
 * What the benchmarks that count database requests share: a local cloud on a temporary folder, running
 * with `trace` (the function's worker numbers each request by its round trip), over a store that tallies
 * every request again by collection and kind, as a check on the trace.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { type LocalCloud, startLocalCloud } from '@localcloud/server'
import { openStore } from '@localcloud/store/index'
import type { Store } from '@localcloud/store/types'
import { functionsOut } from '../../scripts/build-functions'

export type Counts = Record<string, { reads: number; writes: number }>

const READS = new Set(['find', 'count', 'aggregate'])
const WRITES = new Set(['insert', 'update', 'remove', 'beginTransaction', 'commitTransaction'])

function countingStore(inner: Store, counts: { current: Counts }): Store {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown
      if (typeof value !== 'function') return value
      const name = String(prop)
      const kind = READS.has(name) ? 'reads' : WRITES.has(name) ? 'writes' : undefined
      return (...args: unknown[]) => {
        if (kind) (counts.current[String(args[0])] ??= { reads: 0, writes: 0 })[kind] += 1
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
}

/** Requests in a tally: of the named collections (default all), of one kind (default both). */
export function sum(counts: Counts, collections: string[] = Object.keys(counts), kind?: 'reads' | 'writes'): number {
  return collections.reduce(
    (s, c) => s + (kind ? (counts[c]?.[kind] ?? 0) : (counts[c]?.reads ?? 0) + (counts[c]?.writes ?? 0)),
    0,
  )
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  if (!sorted.length) return 0
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number
}

export interface CountedCloud {
  /** the store itself, for loading data without counting */
  store: Store
  lc: LocalCloud
  /** the tally since it was last reset (`counts.current = {}`) */
  counts: { current: Counts }
  /**
   * Closes the local cloud and its store and opens them again on the same folder, as a restarted database:
   * what the load left on the heap is let go, and the store's cache warms up again in the background.
   */
  reopen(): Promise<CountedCloud>
  close(): Promise<void>
}

/**
 * `cacheSize`: documents the store keeps parsed in memory (default 300,000). A benchmark whose actions read
 * the whole prefecture gives it room for every document, as production's database keeps its working set
 * in memory; with less, each pass over 265,000 households parses them again from SQLite.
 */
export async function countedCloud(
  name: string,
  options: { cacheSize?: number; dataDir?: string; temporary?: boolean } = {},
): Promise<CountedCloud> {
  // a folder the caller names is kept (a seeded store to reuse); a temporary one is removed
  const keep = options.dataDir !== undefined && !options.temporary
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `bench-${name}-`))
  fs.mkdirSync(dataDir, { recursive: true })
  const counts = { current: {} as Counts }
  const store = openStore(path.join(dataDir, 'db'), { quiet: true, cacheSize: options.cacheSize })
  const lc = await startLocalCloud({
    port: 0,
    dataDir,
    functionsDir: functionsOut,
    store: countingStore(store, counts),
    quiet: true,
    // a function's INTERNAL answer says nothing; its stack is on its stderr
    functionErrors: true,
    timers: false,
    trace: true,
  })
  return {
    store,
    lc,
    counts,
    async reopen() {
      await lc.close()
      store.close()
      return countedCloud(name, { ...options, dataDir, temporary: !keep })
    },
    async close() {
      await lc.close()
      store.close()
      if (!keep) fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
