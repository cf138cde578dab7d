/**
 * Seeded randomness for the synthetic dataset. Everything the generator draws comes from here, so the
 * same seed gives the same documents byte for byte on any machine (no Math.random, no clock).
 */

/** 32-bit FNV-1a of a string: turns a seed plus a label into an independent stream's seed. */
export function hash32(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

export interface Rng {
  /** uniform in [0, 1) */
  next(): number
  /** integer in [min, max] inclusive */
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  /** true with probability p */
  chance(p: number): boolean
  /** index drawn in proportion to the weights */
  weighted(weights: readonly number[]): number
}

/**
 * mulberry32: tiny, fast and well distributed for simulation (not for secrets). Each stream is keyed by
 * `seed:label`, so adding a draw in one county's stream never shifts another county's documents.
 */
export function rng(seed: number, label: string): Rng {
  let state = hash32(`${seed}:${label}`) || 0x9e3779b9
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)]
      if (item === undefined) throw new Error('pick from an empty list')
      return item
    },
    chance: (p) => next() < p,
    weighted: (weights) => {
      let total = 0
      for (const w of weights) total += w
      let r = next() * total
      for (let i = 0; i < weights.length; i++) {
        r -= weights[i] ?? 0
        if (r < 0) return i
      }
      return weights.length - 1
    },
  }
}

/**
 * Largest-remainder apportionment: splits `total` into integer parts proportional to `weights`, each at
 * least `floor` (when the total allows), summing exactly to `total`. Ties go to the lower index, so the
 * result is deterministic.
 */
export function apportion(total: number, weights: readonly number[], floor = 0): number[] {
  const n = weights.length
  if (n === 0) return []
  const base = Math.min(floor, Math.floor(total / n))
  const rest = total - base * n
  let sum = 0
  for (const w of weights) sum += w
  const exact = weights.map((w) => (sum > 0 ? (w / sum) * rest : rest / n))
  const parts = exact.map((x) => Math.floor(x))
  let left = rest - parts.reduce((a, b) => a + b, 0)
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i)
  for (let k = 0; left > 0; k = (k + 1) % n, left--) parts[order[k]!.i]! += 1
  return parts.map((p) => p + base)
}
