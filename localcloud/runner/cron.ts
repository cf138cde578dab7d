/**
 * WeChat Cloud timer triggers: 7 fields, `second minute hour day month weekday year`, evaluated in UTC+8.
 * Each field takes `*`, numbers, ranges `a-b`, lists `a,b`, steps `*\/n` `a-b/n` `a/n`; months and weekdays
 * also take English abbreviations (JAN, MON). As in Vixie cron, when both day and weekday are restricted
 * a time matches either of them.
 */

const BEIJING_OFFSET_MS = 8 * 3600_000

interface FieldSpec {
  min: number
  max: number
  names?: string[]
}

const SPECS: FieldSpec[] = [
  { min: 0, max: 59 },
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  { min: 1970, max: 2199 },
]

export interface Cron {
  source: string
  fields: Set<number>[]
  dayRestricted: boolean
  weekdayRestricted: boolean
}

function parseValue(text: string, spec: FieldSpec): number {
  const upper = text.toUpperCase()
  const named = spec.names?.indexOf(upper) ?? -1
  if (named >= 0) return named + (spec.names?.length === 12 ? 1 : 0)
  if (!/^\d+$/.test(text)) throw new Error(`bad cron value "${text}"`)
  const n = Number(text)
  // 7 is Sunday too in most crons
  if (spec.max === 6 && n === 7) return 0
  if (n < spec.min || n > spec.max) throw new Error(`cron value ${n} outside ${spec.min}-${spec.max}`)
  return n
}

function parseField(text: string, spec: FieldSpec): Set<number> {
  const out = new Set<number>()
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined]
    const step = stepText === undefined ? 1 : Number(stepText)
    if (!Number.isInteger(step) || step < 1) throw new Error(`bad cron step "${part}"`)
    let lo: number
    let hi: number
    if (range === '*' || range === '?') {
      lo = spec.min
      hi = spec.max
    } else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string]
      lo = parseValue(a, spec)
      hi = parseValue(b, spec)
    } else {
      lo = parseValue(range, spec)
      hi = stepText === undefined ? lo : spec.max
    }
    if (lo > hi) throw new Error(`bad cron range "${part}"`)
    for (let v = lo; v <= hi; v += step) out.add(v)
  }
  return out
}

export function parseCron(source: string): Cron {
  const parts = source.trim().split(/\s+/)
  if (parts.length !== 7)
    throw new Error(`a WeChat Cloud timer takes 7 fields (sec min hour day month weekday year): "${source}"`)
  const fields = parts.map((p, i) => parseField(p, SPECS[i] as FieldSpec))
  const restricted = (p: string | undefined) => p !== '*' && p !== '?'
  return { source, fields, dayRestricted: restricted(parts[3]), weekdayRestricted: restricted(parts[5]) }
}

/** whether the cron fires at this instant (second precision), read in UTC+8 */
export function cronMatches(cron: Cron, at: Date): boolean {
  const t = new Date(at.getTime() + BEIJING_OFFSET_MS)
  const [sec, min, hour, day, month, weekday, year] = cron.fields as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ]
  if (!sec.has(t.getUTCSeconds()) || !min.has(t.getUTCMinutes()) || !hour.has(t.getUTCHours())) return false
  if (!month.has(t.getUTCMonth() + 1) || !year.has(t.getUTCFullYear())) return false
  const dayOk = day.has(t.getUTCDate())
  const weekdayOk = weekday.has(t.getUTCDay())
  if (cron.dayRestricted && cron.weekdayRestricted) return dayOk || weekdayOk
  return dayOk && weekdayOk
}

/** the next firing strictly after `from`, searched up to a year ahead; undefined if none */
export function nextFiring(cron: Cron, from: Date): Date | undefined {
  let t = Math.floor(from.getTime() / 1000) * 1000 + 1000
  const end = t + 366 * 86_400_000
  while (t < end) {
    const d = new Date(t)
    const local = new Date(t + BEIJING_OFFSET_MS)
    const [sec, min, hour] = cron.fields as [Set<number>, Set<number>, Set<number>]
    // skip whole hours or minutes that cannot match, so a yearly cron is found in milliseconds
    if (!hour.has(local.getUTCHours())) {
      t += 3600_000 - (local.getUTCMinutes() * 60 + local.getUTCSeconds()) * 1000
      continue
    }
    if (!min.has(local.getUTCMinutes())) {
      t += 60_000 - local.getUTCSeconds() * 1000
      continue
    }
    if (sec.has(local.getUTCSeconds()) && cronMatches(cron, d)) return d
    t += 1000
  }
  return undefined
}
