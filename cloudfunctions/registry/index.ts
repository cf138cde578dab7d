/**
 * The registry function: regions, departments, the 石榴籽 network, officials and households (lists
 * masked), roster import/export, pairing plans, re-pairing, coverage, and the household's officials.
 *
 * - myHousehold / callOfficial: household members; the full phone number only on request, audited.
 * - directory reads (regions … households): office staff over the named region, administrators.
 * - importUpload → importDryRun → importCommit → importContinue…: imports.ts.
 * - planPairing → plan → confirmPlan…, reassign, coverage: pairing.ts.
 */
import { registry } from '../../src/shared/contracts/registry'
import type { Bilingual } from '../../src/shared/contracts/registry'
import type { RoleGrant } from '../../src/shared/contracts/identity'
import { AppError } from '../../src/shared/errors'
import { normaliseRegion, regionLevel } from '../_shared/access'
import { writeAudit } from '../_shared/audit'
import type { ActionContext } from '../_shared/handler'
import { serve } from '../_shared/handler'
import { maskPhone } from '@shared/mask'
import { rosterTemplate } from './formats'
import { coll, getById, PAGE, readAll, rows } from '../_shared/db'
import { byIds, count, EMPTY_NAME, nameIn, type RegionDoc } from './data'
import { importDryRun, importUpload, runImport } from './imports'
import { exportRosterJob, store } from './exports'
import { confirmPlan, coverageOf, planPairing, reassignOfficial, showPlan } from './pairing'
import type { HouseholdStoredDoc, OfficialStoredDoc } from './views'
import { householdRow, officialRow } from './views'

function householdGrant(ctx: ActionContext): string {
  return householdRole(ctx).householdId
}

function householdRole(ctx: ActionContext): Extract<RoleGrant, { role: 'household' }> {
  const grant = ctx.scope.grants.find((g) => g.role === 'household')
  if (!grant || grant.role !== 'household') throw new AppError('FORBIDDEN')
  return grant
}

async function departmentNames(ctx: ActionContext, ids: string[]): Promise<Map<string, Bilingual>> {
  const docs = await byIds<{ _id: string; name: Bilingual }>(ctx.db, 'departments', ids, { name: true })
  return new Map([...docs].map(([id, d]) => [id, d.name]))
}

async function regionRow(ctx: ActionContext, r: RegionDoc) {
  const [households, officials] = await Promise.all([
    count(ctx.db, 'households', { regionPath: r._id }),
    count(ctx.db, 'officials', { regionPath: r._id }),
  ])
  return {
    code: r._id,
    level: r.level,
    name: r.name,
    hasChildren: r.level !== 'village',
    counts: { households, officials },
  }
}

export const main = serve(registry, {
  async myHousehold(_input, ctx) {
    const { db, lang } = ctx
    const grant = householdRole(ctx)
    const household = await getById<HouseholdStoredDoc & { headName?: string }>(db, 'households', grant.householdId)
    if (!household) throw new AppError('NOT_FOUND')
    const officialIds = household.officialIds ?? []
    const [regions, officials] = await Promise.all([
      byIds<{ _id: string; name: Bilingual }>(db, 'regions', household.regionPath, { name: true }),
      byIds<OfficialStoredDoc>(db, 'officials', officialIds, { name: true, departmentId: true, phone: true }),
    ])
    const departments = await departmentNames(
      ctx,
      [...officials.values()].map((o) => o.departmentId ?? ''),
    )
    return {
      household: {
        id: household._id,
        headName: nameIn(household.head?.name ?? household.headName, lang),
        memberCount: household.memberCount ?? household.members?.length ?? 1,
        regionNames: household.regionPath.map((code) => regions.get(code)?.name ?? EMPTY_NAME),
      },
      officials: officialIds.flatMap((id) => {
        const official = officials.get(id)
        if (!official) return []
        return [
          {
            id,
            name: nameIn(official.name, lang),
            department: departments.get(official.departmentId ?? '') ?? EMPTY_NAME,
            phoneMasked: maskPhone(official.phone ?? ''),
          },
        ]
      }),
      head: grant.head === true,
    }
  },

  async callOfficial(input, ctx) {
    const householdId = householdGrant(ctx)
    const household = await getById<HouseholdStoredDoc>(ctx.db, 'households', householdId, { officialIds: true })
    if (!household || !(household.officialIds ?? []).includes(input.officialId))
      throw new AppError('FORBIDDEN', 'registry.officials.notPaired')
    const official = await getById<OfficialStoredDoc>(ctx.db, 'officials', input.officialId, {
      name: true,
      phone: true,
    })
    if (!official) throw new AppError('FORBIDDEN', 'registry.officials.notPaired')
    await writeAudit(ctx.db, {
      kind: 'view',
      actor: ctx.caller.openid,
      subject: input.officialId,
      fields: ['phone'],
      action: ctx.action,
      details: `household:${householdId}`,
    })
    return { officialId: input.officialId, name: nameIn(official.name, ctx.lang), phone: official.phone ?? '' }
  },

  async regions(input, ctx) {
    const code = normaliseRegion(input.region)
    const self = await getById<RegionDoc>(ctx.db, 'regions', code)
    if (!self) throw new AppError('NOT_FOUND')
    const children = await readAll<RegionDoc>(ctx.db, 'regions', { parent: code })
    children.sort((a, b) => (a._id < b._id ? -1 : 1))
    const path = await byIds<RegionDoc>(ctx.db, 'regions', self.path)
    return {
      region: await regionRow(ctx, self),
      children: await Promise.all(children.map((c) => regionRow(ctx, c))),
      path: self.path.flatMap((p) => {
        const r = path.get(p)
        return r ? [{ code: r._id, level: r.level, name: r.name }] : []
      }),
    }
  },

  async departments(input, ctx) {
    const code = normaliseRegion(input.region)
    const level = regionLevel(code)
    const county = level === 'prefecture' || level === 'province' ? undefined : `${code.slice(0, 6)}000000`
    const docs = county
      ? [
          ...(await readAll<{ _id: string; name: Bilingual; level: string; regionPath: string[] }>(
            ctx.db,
            'departments',
            { regionPath: county },
          )),
          ...(await readAll<{ _id: string; name: Bilingual; level: string; regionPath: string[] }>(
            ctx.db,
            'departments',
            { level: 'prefecture' },
          )),
        ]
      : await readAll<{ _id: string; name: Bilingual; level: string }>(ctx.db, 'departments', {})
    docs.sort((a, b) => (a._id < b._id ? -1 : 1))
    const counts = await Promise.all(
      docs.map((d) => count(ctx.db, 'officials', { departmentId: d._id, regionPath: code })),
    )
    return {
      departments: docs.map((d, i) => ({ id: d._id, name: d.name, level: d.level, officials: counts[i] ?? 0 })),
    }
  },

  async network(input, ctx) {
    const code = normaliseRegion(input.region)
    const [centres, studios, teams] = await Promise.all(
      (['centre', 'studio', 'team'] as const).map((kind) => count(ctx.db, 'units', { regionPath: code, kind })),
    )
    const studioMembers = await readAll<{ members?: { role: string }[] }>(
      ctx.db,
      'units',
      { regionPath: code, kind: 'studio' },
      { members: true },
    )
    const cultivators = studioMembers.reduce(
      (a, u) => a + (u.members ?? []).filter((m) => m.role === 'cultivator').length,
      0,
    )
    const where: Record<string, unknown> = { regionPath: code, ...(input.kind ? { kind: input.kind } : {}) }
    const units = await rows<{
      _id: string
      kind: string
      name: Bilingual
      regionPath: string[]
      members?: { role: string; name: Bilingual }[]
    }>(
      coll(ctx.db, 'units')
        .where(where)
        .skip(input.offset)
        .limit(input.limit + 1),
    )
    return {
      counts: { centres: centres ?? 0, studios: studios ?? 0, teams: teams ?? 0, cultivators },
      units: units.slice(0, input.limit).map((u) => {
        const lead = (u.members ?? []).find((m) => m.role === 'lead')
        return {
          id: u._id,
          kind: u.kind,
          name: u.name,
          regionPath: u.regionPath,
          members: (u.members ?? []).length,
          cultivators: (u.members ?? []).filter((m) => m.role === 'cultivator').length,
          ...(lead ? { lead: lead.name } : {}),
        }
      }),
      more: units.length > input.limit,
    }
  },

  async officials(input, ctx) {
    const code = normaliseRegion(input.region)
    const where: Record<string, unknown> = {
      regionPath: code,
      ...(input.departmentId ? { departmentId: input.departmentId } : {}),
    }
    const [docs, total] = await Promise.all([
      rows<OfficialStoredDoc>(coll(ctx.db, 'officials').where(where).skip(input.offset).limit(input.limit)),
      count(ctx.db, 'officials', where),
    ])
    const departments = await departmentNames(
      ctx,
      docs.map((o) => o.departmentId ?? ''),
    )
    return { officials: docs.map((o) => officialRow(o, departments.get(o.departmentId ?? ''))), total }
  },

  async official(input, ctx) {
    const doc = await getById<OfficialStoredDoc>(ctx.db, 'officials', input.officialId)
    if (!doc) throw new AppError('NOT_FOUND')
    const [households, history, departments] = await Promise.all([
      readAll<HouseholdStoredDoc>(ctx.db, 'households', { officialIds: input.officialId }),
      rows<{
        officialId: string
        householdId: string
        from: string
        to: string | null
        reason: string
        endReason: string | null
      }>(coll(ctx.db, 'pairings').where({ officialId: input.officialId }).limit(PAGE)),
      departmentNames(ctx, [doc.departmentId ?? '']),
    ])
    history.sort((a, b) => (a.from < b.from ? 1 : a.from > b.from ? -1 : a.householdId < b.householdId ? -1 : 1))
    return {
      official: officialRow(doc, departments.get(doc.departmentId ?? '')),
      households: households.map(householdRow),
      history: history.map((p) => ({
        officialId: p.officialId,
        householdId: p.householdId,
        from: p.from,
        to: p.to,
        reason: p.reason,
        endReason: p.endReason,
      })),
    }
  },

  async households(input, ctx) {
    const _ = ctx.db.command
    const where: Record<string, unknown> = {
      regionPath: normaliseRegion(input.region),
      ...(input.unpaired ? { officialIds: _.size(0) } : {}),
    }
    const [docs, total] = await Promise.all([
      rows<HouseholdStoredDoc>(coll(ctx.db, 'households').where(where).skip(input.offset).limit(input.limit)),
      count(ctx.db, 'households', where),
    ])
    return { households: docs.map(householdRow), total }
  },

  importUpload: (input, ctx) => importUpload({ ...input, region: normaliseRegion(input.region) }, ctx),
  importDryRun: (input, ctx) => importDryRun(input, ctx),
  importCommit: (input, ctx) => runImport(ctx, input.jobId, true, input.maxBatches),
  importContinue: (input, ctx) => runImport(ctx, input.jobId, false, input.maxBatches),

  exportRoster: (input, ctx) => exportRosterJob(input, ctx),

  async template(input, ctx) {
    return store(ctx, `templates/roster-${input.kind}.xlsx`, await rosterTemplate(input.kind))
  },

  planPairing: (input, ctx) => planPairing(input, ctx),
  plan: (input, ctx) => showPlan(input, ctx),
  confirmPlan: (input, ctx) => confirmPlan(input, ctx),
  reassign: (input, ctx) => reassignOfficial(input, ctx),
  coverage: (input, ctx) => coverageOf(input, ctx),
})
