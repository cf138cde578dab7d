/**
 * The region tree as pairing walks it: a `regionPath` is `[prefecture, county, township, village]`, so
 * depth 0 is the prefecture and depth 3 the village, and two paths share the regions of their common
 * prefix. The planner, re-pairing and the benchmark's baseline all match along it.
 */
import { LEVELS, type RegionLevel } from '@shared/region'

/** The level of a depth in a path (0 = prefecture … 3 = village); depth −1 (nothing shared) counts as the prefecture. */
export function levelAt(depth: number): RegionLevel {
  return LEVELS[Math.max(0, Math.min(depth, LEVELS.length - 1))]!
}

export const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** Sorted by id (a copy); rosters usually arrive sorted already, and checking is cheaper than sorting. */
export function sortedById<T extends { id: string }>(items: readonly T[]): T[] {
  let sorted = true
  for (let i = 1; i < items.length && sorted; i++) if (items[i - 1]!.id > items[i]!.id) sorted = false
  return sorted ? [...items] : [...items].sort(byId)
}

/** Index of the narrowest shared level of two paths (0 = prefecture … 3 = village), -1 if none. */
export function sharedDepth(a: readonly string[], b: readonly string[]): number {
  let d = -1
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) break
    d = i
  }
  return d
}

/** A scope key per depth: path[d] names the region at depth d; '' when the path stops above it. */
export function keyAt(path: readonly string[], depth: number): string {
  return path.length > depth ? (path[depth] ?? '') : ''
}

/** Indices grouped by a key, each group in the order met. */
export function groupBy(indices: Iterable<number>, key: (i: number) => string): Map<string, number[]> {
  const groups = new Map<string, number[]>()
  for (const i of indices) {
    const k = key(i)
    const g = groups.get(k)
    if (g) g.push(i)
    else groups.set(k, [i])
  }
  return groups
}

/** A binary min-heap of numbers (used with keys packing a load and an index into one number). */
export class NumberHeap {
  private readonly items: number[] = []
  get size(): number {
    return this.items.length
  }
  push(x: number): void {
    const a = this.items
    a.push(x)
    let i = a.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (a[p]! <= x) break
      a[i] = a[p]!
      i = p
    }
    a[i] = x
  }
  pop(): number | undefined {
    const a = this.items
    const top = a[0]
    const last = a.pop()
    if (a.length === 0 || last === undefined) return top
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      if (l >= a.length) break
      const r = l + 1
      const c = r < a.length && a[r]! < a[l]! ? r : l
      if (a[c]! >= last) break
      a[i] = a[c]!
      i = c
    }
    a[i] = last
    return top
  }
}
