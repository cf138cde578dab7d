/**
 * Regions, one way everywhere. Codes are the 12-digit statistical division codes (2 province, 2 city,
 * 2 county, 3 township, 3 village): a region's ancestors are its code's prefixes padded with zeros, so no
 * lookup is needed to build a path, and "everything in region R" is the indexed query `{ regionPath: R }`.
 *
 * Scope fails closed: a code that is not a well-formed prefecture, county, township or village code has
 * no level, no path, covers nothing and is covered by nothing.
 */

export const LEVELS = ['prefecture', 'county', 'township', 'village'] as const
export type RegionLevel = (typeof LEVELS)[number]

/** `[prefecture, county, township, village]`, as far down as the document sits. */
export type RegionPath = string[]

/** The level a 12-digit code names, read from its zero suffixes; undefined for anything else. */
export function levelOf(code: unknown): RegionLevel | undefined {
  if (typeof code !== 'string' || !/^\d{12}$/.test(code) || code.slice(2, 4) === '00') return undefined
  if (code.slice(6) === '000000') return code.slice(4, 6) === '00' ? 'prefecture' : 'county'
  if (code.slice(6, 9) === '000') return undefined
  return code.slice(9) === '000' ? 'township' : 'village'
}

export function isRegionCode(code: unknown): code is string {
  return levelOf(code) !== undefined
}

/** A 6-digit county code (as rosters and people write it) becomes its 12-digit form; others pass through. */
export function normaliseRegion(code: string): string {
  return /^\d{6}$/.test(code) ? `${code}000000` : code
}

const PREFIX_LENGTH: Record<RegionLevel, number> = { prefecture: 4, county: 6, township: 9, village: 12 }

/** The part of a code its descendants share (`513301000000` → `513301`); undefined when malformed. */
export function regionPrefix(code: string): string | undefined {
  const level = levelOf(code)
  return level ? code.slice(0, PREFIX_LENGTH[level]) : undefined
}

/** Ancestor codes of a region code, from the prefecture down to the code itself ([] if not a code). */
export function pathOf(code: string): RegionPath {
  const level = levelOf(code)
  if (!level) return []
  const path = [`${code.slice(0, 4)}00000000`]
  if (level === 'prefecture') return path
  path.push(`${code.slice(0, 6)}000000`)
  if (level === 'county') return path
  path.push(`${code.slice(0, 9)}000`)
  if (level === 'township') return path
  path.push(code)
  return path
}

/** The code one level up, or undefined for the prefecture and malformed codes. */
export function parentOf(code: string): string | undefined {
  const path = pathOf(code)
  return path.length > 1 ? path[path.length - 2] : undefined
}

/** Whether region `outer` is `inner` or one of its ancestors. */
export function covers(outer: string, inner: string): boolean {
  const prefix = regionPrefix(outer)
  return prefix !== undefined && isRegionCode(inner) && inner.startsWith(prefix)
}

/** Whether a document with this `regionPath` lies in the subtree of `region`. */
export function pathCovered(region: string, regionPath: readonly string[] | undefined): boolean {
  return !!regionPath && regionPath.some((code) => covers(region, code))
}
