/**
 * Reporting periods. The programme reports in China time (UTC+8, no daylight saving), so a contact at
 * 23:30 UTC on 31 March belongs to April. Months are `YYYY-MM`, quarters `YYYY-Qn`.
 */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000
export const DAY_MS = 24 * 60 * 60 * 1000

function chinaParts(at: Date): { year: number; month: number } {
  const shifted = new Date(at.getTime() + CHINA_OFFSET_MS)
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1 }
}

export function monthOf(at: Date): string {
  const { year, month } = chinaParts(at)
  return `${year}-${String(month).padStart(2, '0')}`
}

export function quarterOf(at: Date): string {
  const { year, month } = chinaParts(at)
  return `${year}-Q${Math.ceil(month / 3)}`
}

/** the month and the quarter a moment falls in */
export function periodsOf(at: Date): [string, string] {
  return [monthOf(at), quarterOf(at)]
}

/** Whole China-time calendar days between two moments: a contact yesterday evening is 1 day ago this morning. */
export function calendarDaysBetween(from: Date, to: Date): number {
  const day = (d: Date) => Math.floor((d.getTime() + CHINA_OFFSET_MS) / DAY_MS)
  return day(to) - day(from)
}
