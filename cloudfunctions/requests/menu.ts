/**
 * The prefecture office's working-day calendar and the departments' service menus. Round trips:
 * - calendar: caller → the year's document.
 * - setCalendar: caller → the year's document replaced.
 * - services: caller ∥ the department (the declared scope) → its services ∥ the regions they may cover.
 * - saveService: caller ∥ the department → the service under its id ∥ its category → the write.
 * - retireService: caller ∥ the department → the service under its id → the write.
 * - categories: caller ∥ the list (read whole).
 * - saveCategory: caller ∥ the list → the write.
 */
import type { CalendarEntry, RequestCategory, Service } from '@config/documents'
import type { Category, CategoryInput, ServiceInput } from '@shared/contracts/requests'
import { CATEGORIES_MAX, OTHER_CATEGORY, keepsCalendar, keepsCategories } from '@shared/contracts/requests'
import { RISK_CATEGORY } from '@shared/contracts/risk'
import type { MessageKey } from '@shared/i18n'
import { LANGS } from '@shared/i18n'
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

/** The department's own region and the regions one level under it: a county department's townships. */
async function placesOf(ctx: ActionContext, region: string) {
  const regions = collection(ctx.db, 'regions')
  const [own, under] = await Promise.all([
    regions.get(region),
    regions.find({ parent: region }, { fields: ['name', 'level'], orderBy: [['_id', 'asc']] }),
  ])
  return [...(own ? [own] : []), ...under].map((r) => ({ code: r._id, name: r.name, level: r.level }))
}

export async function services(_input: { departmentId: string }, ctx: ActionContext) {
  const departmentId = departmentOf(ctx)
  const department = ctx.scope.department!
  const region = department.regionPath[department.regionPath.length - 1] ?? ''
  const [items, places] = await Promise.all([
    collection(ctx.db, 'services').find({ departmentId }, { orderBy: [['updatedAt', 'desc']] }),
    placesOf(ctx, region),
  ])
  return {
    items: items.map(shown),
    department: { id: departmentId, name: department.name, level: department.level },
    places,
  }
}

/** A service id belongs to one department for good: another department's id is refused, not taken over. */
async function ownService(ctx: ActionContext, id: string): Promise<Service | undefined> {
  const stored = await collection(ctx.db, 'services').get(id)
  if (stored && stored.departmentId !== departmentOf(ctx)) throw new AppError('FORBIDDEN')
  return stored
}

function refuseField(ctx: ActionContext, path: string, reason: MessageKey): never {
  throw new AppError('INVALID_ARGUMENT', reason, undefined, [{ path, message: t(ctx.lang, reason) }])
}

export async function saveService(input: ServiceInput, ctx: ActionContext) {
  const departmentId = departmentOf(ctx)
  if (!input.name['zh-Hans'] && !input.name.bo) refuseField(ctx, 'name', 'validation.required')
  // `other` is the township work office's by routing: a service under it would never be picked
  if (input.category === OTHER_CATEGORY) refuseField(ctx, 'category', 'services.categoryOther')
  const [, category] = await Promise.all([
    ownService(ctx, input.id),
    collection(ctx.db, 'requestCategories').get(input.category),
  ])
  if (!category?.active) refuseField(ctx, 'category', 'services.categoryUnknown')
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

/** `other` as every list shows it: built in, named by the catalogue in both languages. */
function otherCategory(): Category {
  const name = Object.fromEntries(LANGS.map((lang) => [lang, t(lang, 'services.category.other')]))
  return { key: OTHER_CATEGORY, name: name as RequestCategory['name'], active: true }
}

/** The whole list, read beside the caller's lookup: a few dozen documents at most (CATEGORIES_MAX). */
export function prefetchCategories(_input: unknown, db: Db): { list: Promise<RequestCategory[]> } {
  const list = collection(db, 'requestCategories').find({}, { orderBy: [['_id', 'asc']], limit: CATEGORIES_MAX })
  list.catch(() => undefined)
  return { list }
}

type Listed = ActionContext<{ list: Promise<RequestCategory[]> }>

const STAFF_ROLES: readonly string[] = ['admin', 'office', 'department']

export async function categories(_input: object, ctx: Listed) {
  const stored = (await ctx.prefetched.list).filter((c) => c._id !== OTHER_CATEGORY)
  const staff = ctx.scope.grants.some((g) => STAFF_ROLES.includes(g.role))
  const items = stored
    .filter((c) => staff || c.active)
    .map((c): Category => ({ key: c._id, name: c.name, active: c.active, updatedAt: c.updatedAt }))
  return { items: [...items, otherCategory()] }
}

export async function saveCategory(input: CategoryInput, ctx: Listed) {
  if (!keepsCategories(ctx.scope.grants)) throw new AppError('FORBIDDEN')
  // `risk` is reserved for poverty-return risk leads (risk.ts), which go to the county's team, never a menu
  if (input.key === OTHER_CATEGORY || input.key === RISK_CATEGORY) refuseField(ctx, 'key', 'services.categoryFixed')
  const stored = await ctx.prefetched.list
  if (!stored.some((c) => c._id === input.key) && stored.length >= CATEGORIES_MAX)
    throw new AppError('INVALID_ARGUMENT', 'services.categoriesFull', { max: CATEGORIES_MAX })
  const updatedAt = now()
  await collection(ctx.db, 'requestCategories').set(input.key, {
    name: input.name,
    active: input.active,
    updatedAt,
    updatedBy: ctx.caller.openid,
  })
  return { key: input.key, updatedAt }
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
