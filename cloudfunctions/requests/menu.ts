/**
 * The prefecture office's working-day calendar and the departments' service menus. Round trips:
 * - calendar: caller → the year's document.
 * - setCalendar: caller → the year's document replaced.
 * - services: caller ∥ the department (the declared scope) → the department's services.
 * - saveService, retireService: caller ∥ the department ∥ the service under its id → the write.
 */
import type { CalendarEntry, Service } from '@config/documents'
import type { ServiceInput } from '@shared/contracts/requests'
import { keepsCalendar } from '@shared/contracts/requests'
import { AppError } from '@shared/errors'
import { t } from '@shared/i18n'
import { chinaDay, now } from '@shared/time'
import type { ActionContext, Db } from '@fn/handler'
import { PAGE, collection } from '@fn/db'
import { candidates } from './domain/routing'
import type { CalendarYear, WorkingCalendar } from './domain/calendar'
import { DEFAULT_YEARS, makeCalendar, yearProblems } from './domain/calendar'

/** The year as stored, else the built-in one, else weekends only. */
function yearOf(stored: CalendarEntry | undefined, year: number): CalendarYear & { stored: boolean } {
  if (stored) return { year, holidays: stored.holidays, workdays: stored.workdays, stored: true }
  const builtIn = DEFAULT_YEARS.find((y) => y.year === year)
  return { year, holidays: builtIn?.holidays ?? [], workdays: builtIn?.workdays ?? [], stored: false }
}

/**
 * The working-day calendar around now (last year to next year), stored or built in: every open request's
 * clocks fall in it. Read beside the caller's lookup, so it costs no round trip of its own.
 */
export function prefetchCalendar(db: Db): Promise<WorkingCalendar> {
  const year = Number(chinaDay(now()).slice(0, 4))
  const years = [year - 1, year, year + 1]
  const read = collection(db, 'calendars')
    .find({ _id: db.command.in(years.map(String)) })
    .then((stored) =>
      makeCalendar(
        years.map((y) =>
          yearOf(
            stored.find((s) => s.year === y),
            y,
          ),
        ),
      ),
    )
  read.catch(() => undefined)
  return read
}

export async function calendar(input: { year: number }, ctx: ActionContext) {
  const stored = await collection(ctx.db, 'calendars').get(String(input.year))
  return yearOf(stored, input.year)
}

export async function setCalendar(input: CalendarYear, ctx: ActionContext) {
  if (!keepsCalendar(ctx.scope.grants)) throw new AppError('FORBIDDEN')
  const problems = yearProblems(input)
  if (problems.length) {
    const holidays = new Set(input.holidays)
    throw new AppError(
      'INVALID_ARGUMENT',
      undefined,
      undefined,
      problems.map(({ day }) => ({
        path: holidays.has(day) ? 'holidays' : 'workdays',
        message: `${day}: ${t(ctx.lang, 'validation.invalid')}`,
      })),
    )
  }
  const updatedAt = now()
  await collection(ctx.db, 'calendars').set(String(input.year), {
    year: input.year,
    holidays: [...new Set(input.holidays)].sort(),
    workdays: [...new Set(input.workdays)].sort(),
    updatedAt,
    updatedBy: ctx.caller.openid,
  })
  return { year: input.year, updatedAt }
}

function departmentOf(ctx: ActionContext): string {
  const department = ctx.scope.department
  if (!department) throw new AppError('FORBIDDEN')
  return department._id
}

const shown = (s: Service) => ({
  id: s._id,
  departmentId: s.departmentId,
  category: s.category,
  level: s.level,
  regions: s.regions,
  deadlineDays: s.deadlineDays,
  name: s.name,
  prepare: s.prepare,
  active: s.active,
  updatedAt: s.updatedAt,
})

export async function services(_input: { departmentId: string }, ctx: ActionContext) {
  const items = await collection(ctx.db, 'services').find(
    { departmentId: departmentOf(ctx) },
    { orderBy: [['updatedAt', 'desc']] },
  )
  return { items: items.map(shown) }
}

/** A service id belongs to one department for good: another department's id is refused, not taken over. */
async function ownService(ctx: ActionContext, id: string): Promise<Service | undefined> {
  const stored = await collection(ctx.db, 'services').get(id)
  if (stored && stored.departmentId !== departmentOf(ctx)) throw new AppError('FORBIDDEN')
  return stored
}

export async function saveService(input: ServiceInput, ctx: ActionContext) {
  const departmentId = departmentOf(ctx)
  if (!input.name['zh-Hans'] && !input.name.bo)
    throw new AppError('INVALID_ARGUMENT', undefined, undefined, [
      { path: 'name', message: t(ctx.lang, 'validation.required') },
    ])
  await ownService(ctx, input.id)
  const updatedAt = now()
  await collection(ctx.db, 'services').set(input.id, {
    departmentId,
    category: input.category,
    level: input.level,
    regions: [...new Set(input.regions)],
    deadlineDays: input.deadlineDays,
    name: input.name,
    prepare: input.prepare,
    active: true,
    updatedAt,
  })
  return { id: input.id, updatedAt }
}

export async function retireService(input: { departmentId: string; id: string }, ctx: ActionContext) {
  const stored = await ownService(ctx, input.id)
  if (!stored) throw new AppError('NOT_FOUND')
  const updatedAt = now()
  await collection(ctx.db, 'services').update(input.id, { active: false, updatedAt })
  return { id: input.id, updatedAt }
}

/**
 * The services a household's place is served by, one per category: the one routing would pick. Round
 * trips: caller ∥ household (the declared scope) → the active services (the whole menu is one page: a few
 * hundred services for the prefecture).
 */
export async function menu(_input: { householdId: string }, ctx: ActionContext) {
  const household = ctx.scope.household
  if (!household) throw new AppError('FORBIDDEN')
  const active = await collection(ctx.db, 'services').find({ active: true }, { limit: PAGE })
  const categories = [...new Set(active.map((s) => s.category))].sort()
  const items = categories.flatMap((category) => {
    const [service] = candidates(active, category, household.regionPath)
    return service
      ? [
          {
            category,
            name: service.name,
            prepare: service.prepare,
            level: service.level,
            deadlineDays: service.deadlineDays,
          },
        ]
      : []
  })
  return { items }
}
