/**
 * 12-digit statistical division codes (GB/T 2260 county prefix + 3-digit township + 3-digit village):
 * a region's ancestors are its code's prefixes padded with zeros, so no lookup is needed to build a path.
 */

export type RegionLevel = 'prefecture' | 'county' | 'township' | 'village'

/** The level a 12-digit code names, read from its zero suffixes. */
export function levelOf(code: string): RegionLevel | undefined {
  if (!/^\d{12}$/.test(code)) return undefined
  if (code.slice(6) === '000000') return code.slice(4, 6) === '00' ? 'prefecture' : 'county'
  return code.slice(9) === '000' ? 'township' : 'village'
}

/** Ancestor codes of a region code, from the prefecture down to the code itself ([] if not a code). */
export function pathOf(code: string): string[] {
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
