/**
 * Mainland mobile numbers: 11 digits starting 13–19 (MIIT numbering plan). Rosters arrive with spaces,
 * dashes, a `+86`/`0086` prefix, or as spreadsheet numbers; all are normalised before checking.
 */

/** Digits only, country prefix dropped. Returns '' for empty input. */
export function normalisePhone(raw: string | number): string {
  let s = String(raw)
    .trim()
    .replace(/[\s\-()（）]/g, '')
  if (s.startsWith('+86')) s = s.slice(3)
  else if (s.startsWith('0086')) s = s.slice(4)
  else if (s.startsWith('86') && s.length === 13) s = s.slice(2)
  return s
}

export function isValidMobile(raw: string | number): boolean {
  return /^1[3-9]\d{9}$/.test(normalisePhone(raw))
}
