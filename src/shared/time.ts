/**
 * Time, one way everywhere. A stored instant is an ISO 8601 UTC string (`2026-12-06T02:00:00.000Z`):
 * it sorts as a string, survives JSON across the call boundary unchanged, and reads plainly in an export.
 * A calendar day is a China day `YYYY-MM-DD`; months are `YYYY-MM`, quarters `YYYY-Qn`.
 *
 * The programme counts in China time (UTC+8). China has kept no daylight saving since 1991, so a fixed
 * +08:00 offset (dayjs's utc plugin) is exact; the timezone plugin would need the Intl time-zone data
 * that older WeChat JavaScript engines lack.
 */
import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)

/** An ISO 8601 UTC instant, as stored. */
export type Instant = string
/** A China calendar day, `YYYY-MM-DD`. */
export type Day = string

const CHINA_OFFSET_MINUTES = 8 * 60
const DAY_MS = 24 * 60 * 60 * 1000
const DAY = /^\d{4}-\d{2}-\d{2}$/

export function now(): Instant {
  return new Date().toISOString()
}

/** An instant from a `Date`, epoch milliseconds or any string `Date` parses; undefined when invalid. */
export function toInstant(value: Date | number | string): Instant | undefined {
  const date = value instanceof Date ? value : new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

/** Milliseconds since the epoch, for arithmetic and comparisons with a clock. */
export function epochMs(instant: Instant): number {
  return Date.parse(instant)
}

export function isInstant(value: unknown): value is Instant {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) && /T.*Z$/.test(value)
}

/** `instant` shifted by whole minutes, hours or days (exact durations, no calendar rules). */
export function addTime(instant: Instant, amount: number, unit: 'minute' | 'hour' | 'day'): Instant {
  const ms = unit === 'minute' ? 60_000 : unit === 'hour' ? 3_600_000 : DAY_MS
  return new Date(Date.parse(instant) + amount * ms).toISOString()
}

function china(instant: Instant | Date | number) {
  return dayjs(instant).utcOffset(CHINA_OFFSET_MINUTES)
}

/** The last China day of a deadline: deadlines are held as the instant the next day starts (24:00 China time). */
export function lastDayOf(due: Instant): Day {
  return chinaDay(Date.parse(due) - 1)
}

/** The China day an instant falls on: 23:30 UTC on 31 March is 1 April. */
export function chinaDay(instant: Instant | Date | number = Date.now()): Day {
  return china(instant).format('YYYY-MM-DD')
}

export function chinaMonth(instant: Instant | Date | number = Date.now()): string {
  return china(instant).format('YYYY-MM')
}

export function chinaQuarter(instant: Instant | Date | number = Date.now()): string {
  const shifted = china(instant)
  return `${shifted.year()}-Q${Math.floor(shifted.month() / 3) + 1}`
}

/** The month and the quarter an instant falls in. */
export function periodsOf(instant: Instant | Date | number): [string, string] {
  return [chinaMonth(instant), chinaQuarter(instant)]
}

/** `2026-12-06 10:00` in China time, as screens show a moment. */
export function chinaDateTime(instant: Instant | number): string {
  return china(instant).format('YYYY-MM-DD HH:mm')
}

export function isDay(value: unknown): value is Day {
  return typeof value === 'string' && DAY.test(value) && dayjs.utc(value).format('YYYY-MM-DD') === value
}

/** The instant a China day starts (00:00 UTC+8). */
export function dayStart(day: Day): Instant {
  return new Date(`${day}T00:00:00+08:00`).toISOString()
}

/** The instant the next China day starts: `at < nextDayStart(day)` means "on or before that day". */
export function nextDayStart(day: Day): Instant {
  return addTime(dayStart(day), 1, 'day')
}

/** A China wall-clock date and time (`2026-12-06`, `09:30`) as an instant. */
export function fromChina(day: Day, time = '00:00'): Instant | undefined {
  return toInstant(`${day}T${time.length === 5 ? `${time}:00` : time}+08:00`)
}

/** A China day `n` days after (or before) `day`. */
export function addDays(day: Day, n: number): Day {
  return dayjs.utc(day).add(n, 'day').format('YYYY-MM-DD')
}

/** Whole China calendar days from one instant to another: a contact yesterday evening is 1 day ago this morning. */
export function calendarDaysBetween(from: Instant | Date | number, to: Instant | Date | number): number {
  return dayjs.utc(chinaDay(to)).diff(dayjs.utc(chinaDay(from)), 'day')
}
