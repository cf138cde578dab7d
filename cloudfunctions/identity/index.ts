/**
 * identity: who an openid is in the programme (roles, bindings by invitation), who may grant what, the
 * household one-sheet with its personal-data rules, and the audit search. The reach and granting rules are
 * in _shared/access.ts, the binding rules in domain/; this file reads and writes documents around them.
 */
import type { Audit, Invite, User } from '@config/documents'
import type { Bilingual } from '@shared/bilingual'
import { EMPTY_BILINGUAL, pick } from '@shared/bilingual'
import type { RoleCard, RoleGrant } from '@shared/contracts/identity'
import { HOLDERS_SHOWN, identity } from '@shared/contracts/identity'
import { AppError } from '@shared/errors'
import { maskIdNumber, maskPhone } from '@shared/mask'
import { covers, normaliseRegion, pathOf } from '@shared/region'
import type { Instant } from '@shared/time'
import { dayStart, nextDayStart, now as currentTime } from '@shared/time'
import { SENSITIVE_FIELDS, grantKey, householdVisibility, mayGrant, sameGrant } from '@fn/access'
import { writeAudit } from '@fn/audit'
import type { Db, Filter } from '@fn/db'
import { collection } from '@fn/db'
import type { ActionContext, Handlers } from '@fn/handler'
import { serve } from '@fn/handler'
import { displayCode, handleOf, hashCode, newCode, qrPayload, sameHash } from './codes'
import {
  MAX_HOUSEHOLD_MEMBERS,
  assertMayBind,
  assertRedeemable,
  assertRoomForMember,
  bindingToEnd,
  displacedBy,
  grantOf,
  inviteExpiry,
  mayInviteHousehold,
  mayInviteOfficial,
  mayUnbind,
  withGrant,
  withoutGrant,
} from './domain/binding'
import { CODE_MAX_FAILURES, OPENID_LOCK_MINUTES, afterFailure, lockedFor } from './domain/guard'

const AUDIT_PAGE = 20

/** Adds a grant to an openid (creating the user), keeping the denormalised `householdId`/`officialId`. */
async function addGrant(db: Db, openid: string, grant: RoleGrant): Promise<RoleGrant[]> {
  const users = collection(db, 'users')
  const user = await users.get(openid)
  const fields = withGrant(user, grant, currentTime(), grantKey(grant))
  if (user) await users.update(openid, fields)
  else await users.add({ _id: openid, ...fields })
  return fields.roles
}

async function removeGrant(db: Db, user: Pick<User, '_id' | 'roles'>, grant: RoleGrant): Promise<RoleGrant[]> {
  const _ = db.command
  const roles = withoutGrant(user.roles, grant)
  await collection(db, 'users').update(user._id, {
    roles,
    updatedAt: currentTime(),
    ...(grant.role === 'household' ? { householdId: _.remove() } : {}),
    ...(grant.role === 'official' ? { officialId: _.remove() } : {}),
  })
  return roles
}

async function regionNames(db: Db, codes: string[]): Promise<Bilingual[]> {
  if (!codes.length) return []
  const found = await collection(db, 'regions').find(
    { _id: db.command.in(codes) },
    { fields: ['name'], limit: codes.length },
  )
  const byId = new Map(found.map((r) => [r._id, r.name]))
  return codes.map((code) => byId.get(code) ?? EMPTY_BILINGUAL)
}

async function roleCard(db: Db, grant: RoleGrant): Promise<RoleCard> {
  const key = grantKey(grant)
  switch (grant.role) {
    case 'household': {
      // A grant made by a code carries the household's path: its names are read beside the household.
      const [h, names] = await Promise.all([
        collection(db, 'households').get(grant.householdId, ['head.name', 'regionPath']),
        grant.regionPath ? regionNames(db, grant.regionPath) : undefined,
      ])
      return {
        key,
        grant,
        label: h?.head.name ?? EMPTY_BILINGUAL,
        regionNames: h ? (names ?? (await regionNames(db, h.regionPath))) : [],
      }
    }
    case 'official': {
      const o = await collection(db, 'officials').get(grant.officialId, ['name'])
      return { key, grant, label: o?.name ?? EMPTY_BILINGUAL, regionNames: [] }
    }
    case 'office':
    case 'reviewer': {
      // The code names its ancestors: the region and its path's names are read together.
      const code = normaliseRegion(grant.region)
      const [region, names] = await Promise.all([
        collection(db, 'regions').get(code, ['name']),
        regionNames(db, pathOf(code).length ? pathOf(code) : [code]),
      ])
      return { key, grant, label: region?.name ?? EMPTY_BILINGUAL, regionNames: names }
    }
    case 'department': {
      const d = await collection(db, 'departments').get(grant.departmentId, ['name'])
      return { key, grant, label: d?.name ?? EMPTY_BILINGUAL, regionNames: [] }
    }
    case 'admin':
      return { key, grant, label: EMPTY_BILINGUAL, regionNames: [] }
  }
}

function normaliseGrant<G extends RoleGrant>(grant: G): G {
  return grant.role === 'office' || grant.role === 'reviewer'
    ? { ...grant, region: normaliseRegion(grant.region) }
    : grant
}

/** The department a department grant names, read only for such grants: its region decides which offices may grant it. */
async function grantTarget(db: Db, grant: RoleGrant) {
  if (grant.role !== 'department') return {}
  return { department: await collection(db, 'departments').get(grant.departmentId, ['regionPath']) }
}

/** A staff role as rolesInRegion lists it and revokeRole takes it back. */
type Held = {
  openid: string
  grant: { role: 'office' | 'reviewer'; region: string } | { role: 'department'; departmentId: string }
}

// ---------------------------------------------------------------------------------------------------
// Invitations

type InviteFor = Pick<Invite, 'kind' | 'officialId' | 'householdId' | 'head' | 'replaces'>

async function issueInvite(ctx: ActionContext, fields: InviteFor) {
  const createdAt = currentTime()
  const expiresAt = inviteExpiry(fields.kind, createdAt)
  const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as InviteFor
  // The unique index on codeHash refuses a clash with a live code; a fresh draw then succeeds.
  for (let attempt = 0; ; attempt++) {
    const code = newCode()
    try {
      await collection(ctx.db, 'invites').add({
        ...given,
        handle: handleOf(code),
        codeHash: hashCode(code),
        issuer: ctx.caller.openid,
        createdAt,
        expiresAt,
        usedAt: null,
        usedBy: null,
        failures: 0,
      })
    } catch (error) {
      if (attempt < 3) continue
      throw error
    }
    await writeAudit(ctx.db, {
      kind: 'invite',
      actor: ctx.caller.openid,
      subject: fields.officialId ?? fields.householdId ?? '',
      fields: [],
      action: ctx.action,
      details: fields.head ? 'head' : fields.kind,
    })
    return { code, display: displayCode(code), qr: qrPayload(code), expiresAt }
  }
}

async function countBound(db: Db, householdId: string): Promise<number> {
  return collection(db, 'users').count({ householdId })
}

/** Live codes for new members of a household (a code replacing a lost phone takes no new place). */
async function countPending(db: Db, householdId: string, at: Instant): Promise<number> {
  const _ = db.command
  return collection(db, 'invites').count({
    householdId,
    usedAt: null,
    failures: _.lt(CODE_MAX_FAILURES),
    expiresAt: _.gt(at),
    replaces: _.exists(false),
  })
}

// ---------------------------------------------------------------------------------------------------

// Read beside the caller's lookup, from the input alone: the codes behind a typed code's handle. Nothing
// found is answered before the caller is known, and a stranger's call costs this one indexed read.
const prefetch = {
  redeemInvite: ({ code }: { code: string }, db: Db) =>
    collection(db, 'invites').find({ handle: handleOf(code) }, { limit: 100 }),
}
const options = { prefetch }

const handlers: Handlers<typeof identity, typeof options> = {
  async me(_input, { caller, db }) {
    const cards = await Promise.all(caller.roles.map((grant) => roleCard(db, grant)))
    const named = cards.find((c) => c.grant.role === 'official') ?? cards.find((c) => c.grant.role === 'household')
    const displayName = named ? pick(named.label, 'zh-Hans') : undefined
    const out = { bound: caller.roles.length > 0, roles: caller.roles, cards }
    return displayName ? { ...out, displayName } : out
  },

  async rolesInRegion(input, { db }) {
    const region = normaliseRegion(input.region)
    const _ = db.command
    // Staff roles are few beside the households' and officials' bindings: one read of every openid holding
    // one, narrowed here by the rule that decides who may grant them (mayGrant's, for an office at `region`).
    const [departments, staff] = await Promise.all([
      collection(db, 'departments').findAll({ regionPath: region }, ['name']),
      collection(db, 'users').findAll({ 'roles.role': _.in(['office', 'reviewer', 'department']) }, ['roles']),
    ])
    const departmentNames = new Map(departments.map((d) => [d._id, d.name]))
    // the grant as revokeRole takes it back (what it was granted by stays with the stored grant)
    const held = staff
      .flatMap((user) => user.roles.map((grant) => ({ openid: user._id, grant })))
      .flatMap(({ openid, grant }): Held[] => {
        if (grant.role === 'office' || grant.role === 'reviewer') {
          const code = normaliseRegion(grant.region)
          return covers(region, code) ? [{ openid, grant: { role: grant.role, region: code } }] : []
        }
        if (grant.role === 'department' && departmentNames.has(grant.departmentId))
          return [{ openid, grant: { role: grant.role, departmentId: grant.departmentId } }]
        return []
      })
      .sort((a, b) => grantKey(a.grant).localeCompare(grantKey(b.grant)) || a.openid.localeCompare(b.openid))
    const shown = held.slice(0, HOLDERS_SHOWN)
    const codes = [...new Set(shown.flatMap(({ grant }) => ('region' in grant ? [grant.region] : [])))]
    const regionLabels = new Map((await regionNames(db, codes)).map((name, i) => [codes[i], name]))
    return {
      holders: shown.map(({ openid, grant }) => ({
        openid,
        grant,
        label:
          (grant.role === 'department' ? departmentNames.get(grant.departmentId) : regionLabels.get(grant.region)) ??
          EMPTY_BILINGUAL,
      })),
      total: held.length,
      departments: departments.map((d) => ({ id: d._id, name: d.name })).sort((a, b) => a.id.localeCompare(b.id)),
    }
  },

  async grantRole(input, ctx) {
    const grant = normaliseGrant(input.grant)
    const target = await grantTarget(ctx.db, grant)
    if (!mayGrant(ctx.scope.grants, grant, target)) throw new AppError('FORBIDDEN', 'access.noAuthority')
    if (grant.role === 'department' && !target.department) throw new AppError('NOT_FOUND')
    if (
      (grant.role === 'office' || grant.role === 'reviewer') &&
      !(await collection(ctx.db, 'regions').get(grant.region, ['_id']))
    )
      throw new AppError('NOT_FOUND')
    const roles = await addGrant(ctx.db, input.openid, grant)
    await writeAudit(ctx.db, {
      kind: 'grant',
      actor: ctx.caller.openid,
      subject: input.openid,
      fields: [],
      action: ctx.action,
      details: grantKey(grant),
    })
    return { roles }
  },

  async revokeRole(input, ctx) {
    const grant = normaliseGrant(input.grant)
    if (!mayGrant(ctx.scope.grants, grant, await grantTarget(ctx.db, grant)))
      throw new AppError('FORBIDDEN', 'access.noAuthority')
    const user = await collection(ctx.db, 'users').get(input.openid, ['roles'])
    if (!user || !user.roles.some((g) => sameGrant(g, grant))) throw new AppError('NOT_FOUND', 'access.notHeld')
    const roles = await removeGrant(ctx.db, user, grant)
    await writeAudit(ctx.db, {
      kind: 'revoke',
      actor: ctx.caller.openid,
      subject: input.openid,
      fields: [],
      action: ctx.action,
      details: grantKey(grant),
    })
    return { roles }
  },

  async inviteOfficial(input, ctx) {
    const official = ctx.scope.official
    if (!official || !mayInviteOfficial(ctx.scope.grants, official)) throw new AppError('FORBIDDEN')
    if (official.active === false) throw new AppError('CONFLICT', 'invite.officialInactive')
    return issueInvite(ctx, { kind: 'official', officialId: input.officialId })
  },

  async inviteHousehold(input, ctx) {
    const household = ctx.scope.household
    if (!household) throw new AppError('FORBIDDEN')
    const may = mayInviteHousehold(ctx.scope.grants, household)
    if (!may || (may === 'member' && input.head)) throw new AppError('FORBIDDEN', 'invite.notHead')
    if (input.replaces) {
      const replaced = await collection(ctx.db, 'users').get(input.replaces, ['householdId'])
      if (replaced?.householdId !== household._id) throw new AppError('NOT_FOUND', 'access.notBound')
    } else {
      const [bound, pending] = await Promise.all([
        countBound(ctx.db, household._id),
        countPending(ctx.db, household._id, currentTime()),
      ])
      assertRoomForMember(bound, pending)
    }
    return issueInvite(ctx, {
      kind: 'household',
      householdId: household._id,
      head: input.head === true ? true : undefined,
      replaces: input.replaces,
    })
  },

  async redeemInvite(input, ctx) {
    const { db, caller } = ctx
    const openid = caller.openid
    if (!openid) throw new AppError('UNAUTHENTICATED')
    const now = currentTime()
    const guards = collection(db, 'inviteGuards')
    const invites = collection(db, 'invites')
    const guard = await guards.get(openid)
    const wait = lockedFor(guard, now)
    if (wait !== undefined) throw new AppError('RATE_LIMITED', 'invite.tooManyTries', { minutes: wait })

    const candidates = await ctx.prefetched
    const hash = hashCode(input.code)
    const invite = candidates.find((c) => sameHash(c.codeHash, hash))
    if (!invite) {
      // A wrong secret behind a live handle counts against those codes: enough of them lock the code.
      const _ = db.command
      const next = afterFailure(guard, now)
      await Promise.all([
        ...candidates
          .filter((c) => c.usedAt === null)
          .map((aimed) => invites.update(aimed._id, { failures: _.inc(1) })),
        guards.set(openid, next),
      ])
      if (next.lockedUntil) throw new AppError('RATE_LIMITED', 'invite.tooManyTries', { minutes: OPENID_LOCK_MINUTES })
      throw new AppError('NOT_FOUND', 'invite.unknown')
    }
    assertRedeemable(invite, now)
    assertMayBind(caller.roles, invite)

    let name: Bilingual
    let grant: RoleGrant | undefined
    let holders: string[] = []
    if (invite.kind === 'household' && invite.householdId) {
      const [household, bound] = await Promise.all([
        collection(db, 'households').get(invite.householdId, ['head.name', 'regionPath']),
        invite.replaces ? 0 : countBound(db, invite.householdId),
      ])
      if (!household) throw new AppError('NOT_FOUND', 'invite.unknown')
      assertRoomForMember(bound)
      grant = grantOf(invite, household.regionPath)
      name = household.head.name
    } else if (invite.kind === 'official' && invite.officialId) {
      // One official record, one phone: a new code moves the binding from the openids holding it.
      const [official, holding] = await Promise.all([
        collection(db, 'officials').get(invite.officialId, ['name', 'regionPath']),
        collection(db, 'users').find({ officialId: invite.officialId }, { fields: ['_id'], limit: 10 }),
      ])
      if (!official) throw new AppError('NOT_FOUND', 'invite.unknown')
      holders = holding.map((u) => u._id)
      grant = grantOf(invite, official.regionPath)
      name = official.name
    } else {
      throw new AppError('NOT_FOUND', 'invite.unknown')
    }
    if (!grant) throw new AppError('NOT_FOUND', 'invite.unknown')

    // Single use even when two phones redeem at once: only the update that finds `usedAt: null` wins.
    if ((await invites.updateWhere({ _id: invite._id, usedAt: null }, { usedAt: now, usedBy: openid })) !== 1)
      throw new AppError('CONFLICT', 'invite.used')

    const key = grantKey(grant)
    for (const old of displacedBy(invite, openid, holders)) {
      const user = await collection(db, 'users').get(old, ['roles'])
      const held = user?.roles.find((g) => grantKey(g) === key)
      if (!user || !held) continue
      await removeGrant(db, user, held)
      await writeAudit(db, {
        kind: 'unbind',
        actor: openid,
        subject: old,
        fields: [],
        action: ctx.action,
        details: key,
      })
    }
    await addGrant(db, openid, grant)
    await Promise.all([
      guard ? guards.remove(openid) : undefined,
      writeAudit(db, { kind: 'bind', actor: openid, subject: openid, fields: [], action: ctx.action, details: key }),
    ])
    return { grant, name }
  },

  async unbind(input, ctx) {
    const self = ctx.caller.openid
    const target = input.openid ?? self
    const holder =
      target === self
        ? { _id: self, roles: ctx.caller.roles }
        : await collection(ctx.db, 'users').get(target, ['roles'])
    const binding = bindingToEnd(holder, input.role)
    if (target !== self) {
      const household =
        binding.role === 'household'
          ? await collection(ctx.db, 'households').get(binding.householdId, ['regionPath'])
          : undefined
      const official =
        binding.role === 'official'
          ? await collection(ctx.db, 'officials').get(binding.officialId, ['regionPath'])
          : undefined
      if (!mayUnbind(ctx.scope.grants, binding, { household, official })) throw new AppError('FORBIDDEN')
    }
    const roles = await removeGrant(ctx.db, { _id: target, roles: holder?.roles ?? [] }, binding)
    await writeAudit(ctx.db, {
      kind: 'unbind',
      actor: self,
      subject: target,
      fields: [],
      action: ctx.action,
      details: grantKey(binding),
    })
    return { roles }
  },

  async householdMembers(input, { db }) {
    const users = await collection(db, 'users').find(
      { householdId: input.householdId },
      { fields: ['roles', 'boundAt'], limit: 50 },
    )
    return {
      members: users.map((u) => {
        const grant = u.roles.find((g) => g.role === 'household' && g.householdId === input.householdId)
        const since = u.boundAt?.[`household:${input.householdId}`]
        return {
          openid: u._id,
          head: grant?.role === 'household' && grant.head === true,
          ...(since ? { since } : {}),
        }
      }),
      limit: MAX_HOUSEHOLD_MEMBERS,
    }
  },

  async householdDetail(input, ctx) {
    const { relation, household } = ctx.scope
    if (!relation || !household) throw new AppError('FORBIDDEN')
    const visibility = householdVisibility(relation)
    const revealed = input.reveal === true && visibility.fullNumbers
    const id = (value: string) => (revealed ? value : maskIdNumber(value))
    const hiddenValues = SENSITIVE_FIELDS.memberValues as Record<string, readonly string[]>
    const members = (household.members ?? []).map((m) => {
      const out: { name: Bilingual; relation: string; idNumber: string } & Record<string, unknown> = {
        name: m.name,
        relation: m.relation,
        idNumber: id(m.idNumber),
      }
      if (m.sex !== undefined) out.sex = m.sex
      if (m.birthYear !== undefined) out.birthYear = m.birthYear
      for (const key of ['schooling', 'work'] as const) {
        const value = m[key]
        if (value !== undefined && (visibility.sensitive || !hiddenValues[key]?.includes(value))) out[key] = value
      }
      if (visibility.sensitive && m.health !== undefined) out.health = m.health
      return out
    })
    const shown: string[] = []
    if (revealed) shown.push('head.idNumber', 'phone', 'members.idNumber')
    if (visibility.sensitive) shown.push('sensitive', 'members.health')
    if (shown.length)
      await writeAudit(ctx.db, {
        kind: 'view',
        actor: ctx.caller.openid,
        subject: household._id,
        fields: shown,
        action: ctx.action,
      })
    return {
      id: household._id,
      regionPath: household.regionPath,
      head: { name: household.head.name, idNumber: id(household.head.idNumber) },
      phone: revealed ? household.phone : maskPhone(household.phone),
      members,
      ...(household.riskLevel !== undefined ? { riskLevel: household.riskLevel } : {}),
      ...(visibility.sensitive && household.sensitive ? { sensitive: household.sensitive } : {}),
      officialIds: household.officialIds ?? [],
      revealed,
      mayReveal: visibility.fullNumbers,
      sensitiveShown: visibility.sensitive,
    }
  },

  async auditSearch(input, { db }) {
    const _ = db.command
    const where: Filter<Audit> = {}
    if (input.actor) where.actor = input.actor
    if (input.subject) where.subject = input.subject
    // Days are China days, both ends included: from the first day's start to before the day after the last.
    if (input.from && input.to) where.at = _.gte(dayStart(input.from)).and(_.lt(nextDayStart(input.to)))
    else if (input.from) where.at = _.gte(dayStart(input.from))
    else if (input.to) where.at = _.lt(nextDayStart(input.to))
    const page = input.page ?? 0
    const audit = collection(db, 'audit')
    const [found, total] = await Promise.all([
      audit.find(where, { orderBy: [['at', 'desc']], skip: page * AUDIT_PAGE, limit: AUDIT_PAGE }),
      audit.count(where),
    ])
    return {
      entries: found.map((doc) => ({
        id: doc._id,
        kind: doc.kind,
        actor: doc.actor,
        subject: doc.subject,
        fields: doc.fields ?? [],
        action: doc.action,
        at: doc.at,
        ...(doc.details ? { details: doc.details } : {}),
      })),
      total,
      pageSize: AUDIT_PAGE,
    }
  },
}

export const main = serve(identity, handlers, options)
