/**
 * The registry function: regions, departments, the 石榴籽 network, officials and households (lists
 * masked), roster import/export, pairing plans, re-pairing, coverage, and the household's officials.
 *
 * - myHousehold / callOfficial: household members; the full phone number only on request, audited.
 * - directory reads (regions … households): office staff over the named region, administrators.
 * - importUpload → importDryRun → importCommit → importContinue…: imports.ts; exportRoster: exports.ts.
 * - planPairing → plan → confirmPlan…: pairing.ts; reassign: repairing.ts; coverage: coverage.ts.
 */
import type { Region } from '@config/documents'
import type { Bilingual } from '@shared/bilingual'
import { EMPTY_BILINGUAL, pick } from '@shared/bilingual'
import type { RoleGrant } from '@shared/contracts/identity'
import { registry } from '@shared/contracts/registry'
import { AppError } from '@shared/errors'
import { maskPhone } from '@shared/mask'
import { levelOf, normaliseRegion, pathOf } from '@shared/region'
import { isAdmin } from '@fn/access'
import { writeAudit } from '@fn/audit'
import type { Db } from '@fn/db'
import { collection } from '@fn/db'
import type { Handlers } from '@fn/handler'
import { serve } from '@fn/handler'
import { byIds, regionNames } from './data'
import { expireExports, exportRosterJob, readExportJob, store } from './exports'
import { rosterTemplate } from './formats'
import { importDryRun, importJobs, importUpload, readImportJob, readUploadJob, runImport } from './imports'
import { coverageOf } from './coverage'
import { confirmPlan, planChanges, planPairing, showPlan } from './pairing'
import { reachesHousehold } from './reach'
import { reassignOfficial } from './repairing'
import { HOUSEHOLD_ROW, householdRow, OFFICIAL_ROW, officialRow } from './views'

function householdGrant(grants: readonly RoleGrant[]): Extract<RoleGrant, { role: 'household' }> {
  const grant = grants.find((g) => g.role === 'household')
  if (!grant || grant.role !== 'household') throw new AppError('FORBIDDEN')
  return grant
}

async function departmentNames(db: Db, ids: readonly string[]): Promise<Map<string, Bilingual>> {
  const docs = await byIds(db, 'departments', ids, ['name'])
  return new Map([...docs].map(([id, d]) => [id, d.name]))
}

/** A typed name or staff number as a case-insensitive "contains" pattern: its characters taken literally. */
function containing(db: Db, text: string) {
  return db.RegExp({ regexp: text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), options: 'i' })
}

/** The villages (communities) under a region, with their township's name, in code order. */
async function villagesOf(db: Db, region: string) {
  const code = normaliseRegion(region)
  const level = levelOf(code)
  if (!level) return []
  const regions = collection(db, 'regions')
  const villages =
    level === 'village'
      ? await regions.findAll({ _id: code }, ['parent', 'name'])
      : await regions.findAll({ level: 'village', path: code }, ['parent', 'name'])
  villages.sort((a, b) => (a._id < b._id ? -1 : 1))
  const townships = await regionNames(
    db,
    villages.map((v) => v.parent ?? ''),
  )
  return villages.map((v) => ({
    code: v._id,
    name: v.name,
    township: townships.get(v.parent ?? '') ?? EMPTY_BILINGUAL,
  }))
}

async function regionRow(db: Db, r: Pick<Region, '_id' | 'level' | 'name'>) {
  const [households, officials] = await Promise.all([
    collection(db, 'households').count({ regionPath: r._id }),
    collection(db, 'officials').count({ regionPath: r._id }),
  ])
  return {
    code: r._id,
    level: r.level,
    name: r.name,
    hasChildren: r.level !== 'village',
    counts: { households, officials },
  }
}

// Reads started beside the caller's lookup, from the input alone: nothing they find is answered before
// the caller's roles and the declared scope have been checked.
const prefetch = {
  regions: ({ region }: { region: string }, db: Db) =>
    Promise.all([collection(db, 'regions').get(region), collection(db, 'regions').findAll({ parent: region })]),
  callOfficial: ({ officialId }: { officialId: string }, db: Db) =>
    collection(db, 'officials').get(officialId, ['name', 'phone']),
  importUpload: readUploadJob,
  importDryRun: readImportJob,
  importCommit: readImportJob,
  importContinue: readImportJob,
  exportRoster: readExportJob,
}
const options = { prefetch, timers: { expireExports } }

const handlers: Handlers<typeof registry, typeof options> = {
  async myHousehold(_input, { db, lang, scope }) {
    const grant = householdGrant(scope.grants)
    const household = await collection(db, 'households').get(grant.householdId, [
      'head',
      'memberCount',
      'regionPath',
      'officialIds',
    ])
    if (!household) throw new AppError('NOT_FOUND')
    const [regions, officials] = await Promise.all([
      byIds(db, 'regions', household.regionPath, ['name']),
      byIds(db, 'officials', household.officialIds, ['name', 'departmentId', 'phone']),
    ])
    const departments = await departmentNames(
      db,
      [...officials.values()].map((o) => o.departmentId),
    )
    return {
      household: {
        id: household._id,
        headName: pick(household.head.name, lang),
        memberCount: household.memberCount,
        regionNames: household.regionPath.map((code) => regions.get(code)?.name ?? EMPTY_BILINGUAL),
      },
      officials: household.officialIds.flatMap((id) => {
        const official = officials.get(id)
        if (!official) return []
        return [
          {
            id,
            name: pick(official.name, lang),
            department: departments.get(official.departmentId) ?? EMPTY_BILINGUAL,
            phoneMasked: maskPhone(official.phone),
          },
        ]
      }),
      head: grant.head === true,
    }
  },

  async callOfficial(input, ctx) {
    const householdId = householdGrant(ctx.scope.grants).householdId
    const household = await collection(ctx.db, 'households').get(householdId, ['officialIds'])
    const official = await ctx.prefetched
    if (!household || !household.officialIds.includes(input.officialId) || !official)
      throw new AppError('FORBIDDEN', 'registry.officials.notPaired')
    await writeAudit(ctx.db, {
      kind: 'view',
      actor: ctx.caller.openid,
      subject: input.officialId,
      fields: ['phone'],
      action: ctx.action,
      details: `household:${householdId}`,
    })
    return { officialId: input.officialId, name: pick(official.name, ctx.lang), phone: official.phone }
  },

  async regions(_input, ctx) {
    const [self, children] = await ctx.prefetched
    if (!self) throw new AppError('NOT_FOUND')
    children.sort((a, b) => (a._id < b._id ? -1 : 1))
    const [path, region, rows] = await Promise.all([
      byIds(ctx.db, 'regions', self.path, ['level', 'name']),
      regionRow(ctx.db, self),
      Promise.all(children.map((c) => regionRow(ctx.db, c))),
    ])
    return {
      region,
      children: rows,
      path: self.path.flatMap((p) => {
        const r = path.get(p)
        return r ? [{ code: r._id, level: r.level, name: r.name }] : []
      }),
    }
  },

  async departments(input, { db }) {
    const code = normaliseRegion(input.region)
    const level = levelOf(code)
    if (!level) return { departments: [] }
    const departments = collection(db, 'departments')
    // a county and below sees the prefecture's bureaus and its county's own; the prefecture sees all
    const county = level === 'prefecture' ? undefined : pathOf(code)[1]
    const docs = county
      ? (
          await Promise.all([departments.findAll({ regionPath: county }), departments.findAll({ level: 'prefecture' })])
        ).flat()
      : await departments.findAll({})
    docs.sort((a, b) => (a._id < b._id ? -1 : 1))
    const counts = await Promise.all(
      docs.map((d) => collection(db, 'officials').count({ departmentId: d._id, regionPath: code })),
    )
    return {
      departments: docs.map((d, i) => ({ id: d._id, name: d.name, level: d.level, officials: counts[i] ?? 0 })),
    }
  },

  async network(input, { db }) {
    const code = normaliseRegion(input.region)
    const units = collection(db, 'units')
    const [centres, studios, teams, studioMembers, page] = await Promise.all([
      units.count({ regionPath: code, kind: 'centre' }),
      units.count({ regionPath: code, kind: 'studio' }),
      units.count({ regionPath: code, kind: 'team' }),
      units.findAll({ regionPath: code, kind: 'studio' }, ['members']),
      units.find(
        { regionPath: code, ...(input.kind ? { kind: input.kind } : {}) },
        { skip: input.offset, limit: input.limit + 1 },
      ),
    ])
    const cultivators = studioMembers.reduce((a, u) => a + u.members.filter((m) => m.role === 'cultivator').length, 0)
    return {
      counts: { centres, studios, teams, cultivators },
      units: page.slice(0, input.limit).map((u) => {
        const lead = u.members.find((m) => m.role === 'lead')
        return {
          id: u._id,
          kind: u.kind,
          name: u.name,
          regionPath: u.regionPath,
          members: u.members.length,
          cultivators: u.members.filter((m) => m.role === 'cultivator').length,
          ...(lead ? { lead: lead.name } : {}),
        }
      }),
      more: page.length > input.limit,
    }
  },

  async officials(input, { db }) {
    const where = {
      regionPath: normaliseRegion(input.region),
      ...(input.departmentId ? { departmentId: input.departmentId } : {}),
    }
    const officials = collection(db, 'officials')
    const [docs, total] = await Promise.all([
      officials.find(where, { fields: OFFICIAL_ROW, skip: input.offset, limit: input.limit }),
      officials.count(where),
    ])
    const departments = await departmentNames(
      db,
      docs.map((o) => o.departmentId),
    )
    return { officials: docs.map((o) => officialRow(o, departments.get(o.departmentId))), total }
  },

  async official(input, { db, scope }) {
    // the declared scope read the official beside the caller (serve): absent, scope had refused already.
    // Scope checked the official's home region; the households they are paired with may lie elsewhere,
    // and only those in the caller's region are shown (the rest counted), history included.
    const doc = scope.official
    if (!doc) throw new AppError('NOT_FOUND')
    const [paired, history, departments] = await Promise.all([
      collection(db, 'households').findAll({ officialIds: input.officialId }, [...HOUSEHOLD_ROW, 'regionPath']),
      collection(db, 'pairings').find({ officialId: input.officialId }),
      departmentNames(db, [doc.departmentId]),
    ])
    const admin = isAdmin(scope.grants)
    const households = paired.filter((h) => reachesHousehold(scope.grants, h))
    const current = new Set(paired.map((h) => h._id))
    const reached = new Set(households.map((h) => h._id))
    // households of ended pairings only: their regions, read in one request when there are any
    const endedIds = [...new Set(history.map((p) => p.householdId))].filter((id) => !current.has(id))
    const ended = await byIds(db, 'households', endedIds, ['regionPath', 'head'])
    const names = new Map([...paired, ...ended.values()].map((h) => [h._id, h.head.name]))
    const shown = (id: string) => admin || reached.has(id) || reachesHousehold(scope.grants, ended.get(id))
    const visible = history.filter((p) => shown(p.householdId))
    visible.sort((a, b) => (a.from < b.from ? 1 : a.from > b.from ? -1 : a.householdId < b.householdId ? -1 : 1))
    return {
      official: officialRow(doc, departments.get(doc.departmentId)),
      households: households.map(householdRow),
      householdsOutside: paired.length - households.length,
      history: visible.map((p) => ({
        officialId: p.officialId,
        householdId: p.householdId,
        householdName: names.get(p.householdId) ?? EMPTY_BILINGUAL,
        from: p.from,
        to: p.to,
        reason: p.reason,
        endReason: p.endReason,
      })),
    }
  },

  async findOfficials(input, { db }) {
    const _ = db.command
    const pattern = containing(db, input.query)
    const where = _.and([
      { regionPath: normaliseRegion(input.region) },
      ...(input.active ? [{ active: _.neq(false) }] : []),
      _.or([{ 'name.zh-Hans': pattern }, { 'name.bo': pattern }, { externalId: pattern }]),
    ])
    const docs = await collection(db, 'officials').find(where, {
      fields: OFFICIAL_ROW,
      orderBy: [['_id', 'asc']],
      limit: input.limit + 1,
    })
    const shown = docs.slice(0, input.limit)
    const departments = await departmentNames(
      db,
      shown.map((o) => o.departmentId),
    )
    return {
      officials: shown.map((o) => officialRow(o, departments.get(o.departmentId))),
      more: docs.length > input.limit,
    }
  },

  async households(input, { db }) {
    const _ = db.command
    const where = {
      regionPath: normaliseRegion(input.region),
      ...(input.unpaired ? { officialIds: _.size(0) } : {}),
    }
    const households = collection(db, 'households')
    const [docs, total] = await Promise.all([
      households.find(where, { fields: HOUSEHOLD_ROW, skip: input.offset, limit: input.limit }),
      households.count(where),
    ])
    return { households: docs.map(householdRow), total }
  },

  importUpload: (input, ctx) => importUpload({ ...input, region: normaliseRegion(input.region) }, ctx),
  importDryRun: (input, ctx) => importDryRun(input, ctx),
  importCommit: (input, ctx) => runImport(ctx, input.jobId, true, input.maxBatches),
  importContinue: (input, ctx) => runImport(ctx, input.jobId, false, input.maxBatches),
  importJobs: (input, ctx) => importJobs(normaliseRegion(input.region), ctx),

  exportRoster: (input, ctx) => exportRosterJob(input, ctx),

  async template(input, ctx) {
    const region = normaliseRegion(input.region)
    const villages = await villagesOf(ctx.db, region)
    return store(ctx, `templates/roster-${input.kind}-${region}.xlsx`, await rosterTemplate(input.kind, villages))
  },

  planPairing: (input, ctx) => planPairing(input, ctx),
  plan: (input, ctx) => showPlan(input, ctx),
  planChanges: (input, ctx) => planChanges(input, ctx),
  confirmPlan: (input, ctx) => confirmPlan(input, ctx),
  reassign: (input, ctx) => reassignOfficial(input, ctx),
  coverage: (input, ctx) => coverageOf(input, ctx),
}

export const main = serve(registry, handlers, options)
