/**
 * `dashboard.list`: the households behind one figure of the home or the drill-down — overdue for contact,
 * not contacted this month or quarter, at risk (watch, high), without a paired official, or with a need past
 * its deadline — for a region (offices, administrators) or a department (its staff, the offices over it), a
 * page at a time, longest without contact first. Each row: the head's name with the phone masked, as the
 * registry's lists show a household, the village by name, the household's officials by name, the days since
 * its latest contact and whether an office reminded its officials lately. Nothing counts or ranks the
 * officials: a row is a household that needs care.
 *
 * Round trips (∥ = sent together): caller → (a department: the department → its officials) → the page ∥ its
 * total ∥ the key's name → officials ∥ villages ∥ reminders. A department's households are those paired with
 * its officials, and their contact is the department's own (`departmentContactAt`). A need past its deadline is one the requests timer escalated
 * (`told.escalations`), read from the open requests of the key (at most PAGE of them, one list of households).
 */
import type { Household, Request } from '@config/documents'
import { reachesDepartment } from '@fn/access'
import type { ActionContext, Db } from '@fn/handler'
import { PAGE, collection } from '@fn/db'
import type { Bilingual } from '@shared/bilingual'
import { EMPTY_BILINGUAL } from '@shared/bilingual'
import type { ActionInput, ActionOutput } from '@shared/contract'
import type { ListFigure, ListRow } from '@shared/contracts/dashboard'
import { LIST_PAGE, dashboard } from '@shared/contracts/dashboard'
import { AppError } from '@shared/errors'
import { levelOf, normaliseRegion, pathOf } from '@shared/region'
import { now } from '@shared/time'
import { maskPhone } from '@shared/mask'
import type { OverdueBand, PeriodTable } from './domain/care'
import { daysSince, overdueBands, parsePeriodTable, periodStart, reminderHolds } from './domain/care'

type Input = ActionInput<typeof dashboard, 'list'>
type Output = ActionOutput<typeof dashboard, 'list'>

/** region code → days between contacts before a household is overdue: the contacts function's own map */
const periodTable: PeriodTable = parsePeriodTable(process.env.CONTACT_PERIOD_DAYS)

const ROW_FIELDS = [
  'head',
  'phone',
  'villageCode',
  'memberCount',
  'riskLevel',
  'officialIds',
  'lastContactAt',
  'departmentContactAt',
] as const
type RowSource = Pick<Household, '_id' | (typeof ROW_FIELDS)[number]>

/** Whose households: a region's subtree, or the households paired with a department's officials. */
type Whose =
  | { axis: 'region'; key: string; path: string[] }
  | { axis: 'department'; key: string; path: string[]; name: Bilingual; officialIds: string[] }

/** The key the call names, checked: a region the scope has checked, a department the caller reaches, or the
 * caller's own (an office's region, a department's own, the prefecture for an administrator). */
async function whose(input: Input, ctx: ActionContext): Promise<Whose> {
  const { db, scope } = ctx
  if (input.region) return { axis: 'region', key: input.region, path: pathOf(input.region) }
  const grants = scope.grants
  const departmentId =
    input.departmentId ?? (grants.find((g) => g.role === 'office' || g.role === 'admin') ? undefined : ownDepartment())
  function ownDepartment(): string | undefined {
    const grant = grants.find((g) => g.role === 'department')
    return grant?.role === 'department' ? grant.departmentId : undefined
  }
  if (departmentId !== undefined) {
    // a department id becomes a field path below: one with a dot could name another field
    const department = departmentId.includes('.')
      ? undefined
      : await collection(db, 'departments').get(departmentId, ['name', 'regionPath'])
    if (!department || !reachesDepartment(grants, department)) throw new AppError('FORBIDDEN')
    // its households are those paired with its officials (pairing keeps `officialIds` indexed)
    const officials = await collection(db, 'officials').findAll({ departmentId: department._id }, ['_id'])
    return {
      axis: 'department',
      key: department._id,
      path: department.regionPath,
      name: department.name,
      officialIds: officials.map((o) => o._id),
    }
  }
  const office = grants.find((g) => g.role === 'office')
  if (office?.role === 'office') {
    const region = normaliseRegion(office.region)
    return { axis: 'region', key: region, path: pathOf(region) }
  }
  const prefecture = await collection(db, 'regions').find({ level: 'prefecture' }, { fields: ['_id'], limit: 1 })
  if (!prefecture[0]) throw new AppError('NOT_FOUND')
  return { axis: 'region', key: prefecture[0]._id, path: [prefecture[0]._id] }
}

/** The query of the figure's households (not for needs past their deadline, read from requests). */
function filterOf(db: Db, who: Whose, figure: ListFigure, within: 'month' | 'quarter', at: string): object {
  const _ = db.command
  const contactField = who.axis === 'region' ? 'lastContactAt' : `departmentContactAt.${who.key}`
  const base = who.axis === 'region' ? { regionPath: who.key } : { officialIds: _.in(who.officialIds) }
  const lapsedBefore = (before: string) => _.or([{ [contactField]: null }, { [contactField]: _.lt(before) }])
  switch (figure) {
    case 'overdue': {
      // a department's households lapse by its own contact and each household's region's period, as
      // contacts' daily gauge counts them; its first band also takes any household outside its region
      const bands: OverdueBand[] = overdueBands(who.path, periodTable, at)
      const branches = bands.map((band, i) =>
        _.and([
          who.axis === 'region' || i > 0 ? { regionPath: band.region } : {},
          band.except.length ? { regionPath: _.nin(band.except) } : {},
          lapsedBefore(band.before),
        ]),
      )
      return _.and([base, branches.length === 1 ? branches[0] : _.or(branches)])
    }
    case 'notContacted':
      return _.and([base, lapsedBefore(periodStart(within, at))])
    case 'riskWatch':
      return { ...base, riskLevel: 'watch' }
    case 'riskHigh':
      return { ...base, riskLevel: 'high' }
    case 'unpaired':
      // a department's households are paired with its officials by definition
      return who.axis === 'region' ? { ...base, officialIds: _.size(0) } : { _id: _.in([]) }
    case 'needsOverdue':
      return base
  }
}

/** The households with an open need past its deadline, as ids in the order their needs were raised. */
async function overdueNeedHouseholds(db: Db, who: Whose): Promise<string[]> {
  const _ = db.command
  const where =
    who.axis === 'region'
      ? { regionPath: who.key, open: true, 'told.escalations': _.gt(0) }
      : { 'unit.kind': 'department', 'unit.id': who.key, open: true, 'told.escalations': _.gt(0) }
  const docs: Pick<Request, '_id' | 'householdId'>[] = await collection(db, 'requests').find(where, {
    fields: ['householdId'],
    orderBy: [['createdAt', 'asc']],
    limit: PAGE,
  })
  return [...new Set(docs.map((d) => d.householdId))]
}

async function keyName(db: Db, who: Whose): Promise<{ name: Bilingual; level: Output['key']['level'] }> {
  if (who.axis === 'department') return { name: who.name, level: 'department' }
  const region = await collection(db, 'regions').get(who.key, ['name', 'level'])
  return { name: region?.name ?? EMPTY_BILINGUAL, level: region?.level ?? levelOf(who.key) ?? 'prefecture' }
}

/** The names of the households' officials and villages, by id. */
async function officialNames(db: Db, ids: readonly string[]): Promise<Map<string, Bilingual>> {
  const unique = [...new Set(ids)]
  if (!unique.length) return new Map()
  const docs = await collection(db, 'officials').find(
    { _id: db.command.in(unique) },
    { fields: ['name'], limit: unique.length },
  )
  return new Map(docs.map((d) => [d._id, d.name]))
}

async function regionNames(db: Db, ids: readonly string[]): Promise<Map<string, Bilingual>> {
  const unique = [...new Set(ids)]
  if (!unique.length) return new Map()
  const docs = await collection(db, 'regions').find(
    { _id: db.command.in(unique) },
    { fields: ['name'], limit: unique.length },
  )
  return new Map(docs.map((d) => [d._id, d.name]))
}

async function rowsOf(db: Db, who: Whose, docs: RowSource[], at: string): Promise<ListRow[]> {
  const ids = docs.map((d) => d._id)
  const [officials, villages, reminders] = await Promise.all([
    officialNames(
      db,
      docs.flatMap((d) => d.officialIds),
    ),
    regionNames(
      db,
      docs.map((d) => d.villageCode),
    ),
    ids.length
      ? collection(db, 'reminders').find({ _id: db.command.in(ids) }, { fields: ['remindedAt'], limit: ids.length })
      : [],
  ])
  const reminded = new Map(reminders.map((r) => [r._id, r.remindedAt]))
  return docs.map((d) => {
    const last = who.axis === 'region' ? d.lastContactAt : (d.departmentContactAt?.[who.key] ?? null)
    const remindedAt = reminded.get(d._id)
    return {
      id: d._id,
      headName: d.head.name,
      phoneMasked: maskPhone(d.phone),
      village: villages.get(d.villageCode) ?? EMPTY_BILINGUAL,
      memberCount: d.memberCount,
      riskLevel: d.riskLevel,
      officials: d.officialIds.map((id) => ({ id, name: officials.get(id) ?? EMPTY_BILINGUAL })),
      daysSince: daysSince(last, at),
      remindedAt: remindedAt && reminderHolds(remindedAt, at) ? remindedAt : null,
    }
  })
}

export async function list(input: Input, ctx: ActionContext): Promise<Output> {
  const { db } = ctx
  const at = now()
  const who = await whose(input, ctx)
  const within = input.within ?? 'month'
  const offset = input.offset ?? 0
  const households = collection(db, 'households')
  const contactField = who.axis === 'region' ? 'lastContactAt' : `departmentContactAt.${who.key}`
  const [page, total, key] = await (async () => {
    if (input.figure === 'needsOverdue') {
      const [ids, key] = await Promise.all([overdueNeedHouseholds(db, who), keyName(db, who)])
      const shown = ids.slice(offset, offset + LIST_PAGE)
      const docs = shown.length ? await households.find({ _id: db.command.in(shown) }, { fields: ROW_FIELDS }) : []
      const byId = new Map(docs.map((d) => [d._id, d]))
      return [shown.flatMap((id) => byId.get(id) ?? []), ids.length, key] as const
    }
    const where = filterOf(db, who, input.figure, within, at)
    return Promise.all([
      households.find(where, {
        fields: ROW_FIELDS,
        orderBy: [
          [contactField as 'lastContactAt', 'asc'],
          ['_id', 'asc'],
        ],
        skip: offset,
        limit: LIST_PAGE,
      }),
      households.count(where),
      keyName(db, who),
    ])
  })()
  return {
    key: { axis: who.axis, key: who.key, ...key },
    figure: input.figure,
    within,
    total,
    households: await rowsOf(db, who, page as RowSource[], at),
    more: offset + page.length < total,
    // remind checks each household's scope itself; department staff only read
    mayRemind: ctx.scope.grants.some((g) => g.role === 'office' || g.role === 'admin'),
  }
}
