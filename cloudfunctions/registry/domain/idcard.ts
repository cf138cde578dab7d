/**
 * Citizen ID numbers (公民身份号码) per GB 11643-1999: 6-digit address code (the county of first
 * registration, GB/T 2260), 8-digit birth date YYYYMMDD, 3-digit sequence (odd for men, even for women)
 * and a check character computed with ISO 7064 MOD 11-2 over the first 17 digits ('X' stands for 10).
 */

export type IdNumberProblem = 'format' | 'birthDate' | 'region' | 'checksum'

export interface IdNumberCheck {
  ok: boolean
  /** the first rule the number breaks, in the order a person would fix them */
  problem?: IdNumberProblem
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const CHECK_CHARS = '10X98765432'

/** Province-level codes in GB/T 2260 (mainland 11–65; 71 Taiwan, 81 Hong Kong, 82 Macao as printed on cards). */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82',
]) // prettier-ignore

/** The check character for the first 17 digits. */
export function checkChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!
  return CHECK_CHARS[sum % 11]!
}

/** Trims and upper-cases a typed number (a lower-case x is a common way to write the check character). */
export function normaliseIdNumber(raw: string): string {
  return raw.trim().toUpperCase()
}

/** Birth date as `YYYY-MM-DD`, or undefined when the digits are not a real calendar date. */
export function birthDate(id: string): string | undefined {
  const y = Number(id.slice(6, 10))
  const m = Number(id.slice(10, 12))
  const d = Number(id.slice(12, 14))
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return undefined
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
}

/** The 6-digit address code (county of first registration). */
export function addressCode(id: string): string {
  return id.slice(0, 6)
}

export function sexOf(id: string): 'male' | 'female' {
  return Number(id[16]) % 2 === 1 ? 'male' : 'female'
}

/**
 * Validates a number. `today` (YYYY-MM-DD) bounds the birth date; births before 1900 are rejected too,
 * as no living registrant has one.
 */
export function checkIdNumber(raw: string, today = '2100-01-01'): IdNumberCheck {
  const id = normaliseIdNumber(raw)
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' }
  const birth = birthDate(id)
  if (!birth || birth < '1900-01-01' || birth > today) return { ok: false, problem: 'birthDate' }
  if (!PROVINCES.has(id.slice(0, 2))) return { ok: false, problem: 'region' }
  if (checkChar(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'checksum' }
  return { ok: true }
}

export function isValidIdNumber(raw: string, today?: string): boolean {
  return checkIdNumber(raw, today).ok
}

/** Builds a valid number; `sequence` is 0–999 and its parity must match the person's sex. */
export function makeIdNumber(region6: string, birth: string, sequence: number): string {
  const first17 = `${region6}${birth.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`
  return first17 + checkChar(first17)
}
