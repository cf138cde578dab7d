/**
 * identity: who an openid is in the programme (roles, bindings by invitation), who may grant what, the
 * household one-sheet with its personal-data rules, and the audit search. The rules themselves are in
 * ../_shared/access.ts; this file reads and writes documents around them.
 */
import type { RoleCard, RoleGrant } from '../../src/shared/contracts/identity'
import { identity } from '../../src/shared/contracts/identity'
import type { Bilingual } from '../../src/shared/contracts/registry'
import { AppError } from '../../src/shared/errors'
import type { DepartmentRef, HouseholdRef, OfficialRef } from '../_shared/access'
import {
  CODE_MAX_FAILURES,
  HOUSEHOLD_INVITE_DAYS,
  MAX_HOUSEHOLD_MEMBERS,
  OFFICIAL_INVITE_HOURS,
  OPENID_LOCK_MINUTES,
  OPENID_MAX_FAILURES,
  SENSITIVE_FIELDS,
  grantKey,
  householdVisibility,
  mayGrant,
  mayInviteHousehold,
  mayInviteOfficial,
  mayUnbind,
  normaliseRegion,
  sameGrant,
} from '../_shared/access'
import { rows } from '../_shared/db'
import { dayStart, nextDayStart, writeAudit } from '../_shared/audit'
import type { ActionContext, Db } from '../_shared/handler'
import { serve } from '../_shared/handler'
import { maskIdNumber, maskPhone } from '@shared/mask'
import { displayCode, handleOf, hashCode, newCode, qrPayload, sameHash } from './codes'

interface UserDoc {
  _id: string
  roles: RoleGrant[]
  householdId?: string
  officialId?: string
  updatedAt?: Date
  /** when each household or official binding was made, by grant key */
  boundAt?: Record<string, Date>
}

interface InviteDoc {
  _id: string
  handle: string
  codeHash: string
  kind: 'official' | 'household'
  officialId?: string
  householdId?: string
  head?: boolean
  replaces?: string
  issuer: string
  createdAt: Date
  expiresAt: Date
  usedAt: Date | null
  usedBy: string | null
  failures: number
}

interface GuardDoc {
  _id: string
  failures: number
  lastFailureAt: Date
  lockedUntil: Date | null
}

interface MemberDoc {
  name: Bilingual
  relation: string
  sex?: string
  birthYear?: number
  idNumber: string
  schooling?: string
  work?: string
  health?: string
}

interface HouseholdDoc extends HouseholdRef {
  head: { name: Bilingual; idNumber: string }
  phone: string
  members?: MemberDoc[]
  riskLevel?: string
  sensitive?: { monastic: boolean; disability: boolean }
  officialIds: string[]
}

interface OfficialDoc extends OfficialRef {
  name: Bilingual
  active?: boolean
}

interface NamedDoc {
  _id: string
  name: Bilingual
  path?: string[]
}

const EMPTY: Bilingual = { 'zh-Hans': '', bo: '' }
const AUDIT_PAGE = 20

/* eslint-disable @typescript-eslint/no-explicit-any -- the SDK's query builders are loosely typed */
const coll = (db: Db, name: string): any => db.collection(name)

async function one<T>(db: Db, collection: string, id: string): Promise<T | undefined> {
  const [doc] = await rows<T>(coll(db, collection).where({ _id: id }).limit(1))
  return doc
}

async function loadUser(db: Db, openid: string): Promise<UserDoc | undefined> {
  return one<UserDoc>(db, 'users', openid)
}

/** Adds a grant to an openid (creating the user), keeping the denormalised `householdId`/`officialId`. */
async function addGrant(db: Db, openid: string, grant: RoleGrant): Promise<RoleGrant[]> {
  const user = await loadUser(db, openid)
  const roles = (user?.roles ?? []).filter((g) => !sameGrant(g, grant))
  roles.push(grant)
  const data: Record<string, unknown> = { roles, updatedAt: new Date() }
  if (grant.role === 'household') data.householdId = grant.householdId
  if (grant.role === 'official') data.officialId = grant.officialId
  if (grant.role === 'household' || grant.role === 'official')
    data.boundAt = { ...(user?.boundAt ?? {}), [grantKey(grant)]: new Date() }
  if (user) await coll(db, 'users').doc(openid).update({ data })
  else await coll(db, 'users').add({ data: { _id: openid, ...data } })
  return roles
}

async function removeGrant(db: Db, user: UserDoc, grant: RoleGrant): Promise<RoleGrant[]> {
  const _ = db.command
  const roles = user.roles.filter((g) => !sameGrant(g, grant))
  const data: Record<string, unknown> = { roles, updatedAt: new Date() }
  if (grant.role === 'household') data.householdId = _.remove()
  if (grant.role === 'official') data.officialId = _.remove()
  await coll(db, 'users').doc(user._id).update({ data })
  return roles
}

async function regionNames(db: Db, codes: string[]): Promise<Bilingual[]> {
  if (!codes.length) return []
  const _ = db.command
  const found = await rows<NamedDoc>(
    coll(db, 'regions')
      .where({ _id: _.in(codes) })
      .limit(codes.length),
  )
  const byId = new Map(found.map((r) => [r._id, r.name]))
  return codes.map((code) => byId.get(code) ?? EMPTY)
}

async function roleCard(db: Db, grant: RoleGrant): Promise<RoleCard> {
  const key = grantKey(grant)
  switch (grant.role) {
    case 'household': {
      const h = await one<HouseholdDoc>(db, 'households', grant.householdId)
      return { key, grant, label: h?.head.name ?? EMPTY, regionNames: h ? await regionNames(db, h.regionPath) : [] }
    }
    case 'official': {
      const o = await one<OfficialDoc>(db, 'officials', grant.officialId)
      return { key, grant, label: o?.name ?? EMPTY, regionNames: [] }
    }
    case 'office':
    case 'reviewer': {
      const code = normaliseRegion(grant.region)
      const region = await one<NamedDoc>(db, 'regions', code)
      const names = await regionNames(db, region?.path ?? [code])
      return { key, grant, label: region?.name ?? EMPTY, regionNames: names }
    }
    case 'department': {
      const d = await one<NamedDoc>(db, 'departments', grant.departmentId)
      return { key, grant, label: d?.name ?? EMPTY, regionNames: [] }
    }
    case 'admin':
      return { key, grant, label: EMPTY, regionNames: [] }
  }
}

function normaliseGrant<G extends RoleGrant>(grant: G): G {
  return grant.role === 'office' || grant.role === 'reviewer'
    ? { ...grant, region: normaliseRegion(grant.region) }
    : grant
}

// ---------------------------------------------------------------------------------------------------
// Invitations

async function issueInvite(
  ctx: ActionContext,
  fields: Pick<InviteDoc, 'kind' | 'officialId' | 'householdId' | 'head' | 'replaces'>,
  hours: number,
) {
  const now = new Date()
  const expiresAt = new Date(now.getTime() + hours * 3600 * 1000)
  // The unique index on codeHash refuses a clash with a live code; a fresh draw then succeeds.
  for (let attempt = 0; ; attempt++) {
    const code = newCode()
    const doc: Omit<InviteDoc, '_id'> = {
      ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
      kind: fields.kind,
      handle: handleOf(code),
      codeHash: hashCode(code),
      issuer: ctx.caller.openid,
      createdAt: now,
      expiresAt,
      usedAt: null,
      usedBy: null,
      failures: 0,
    }
    try {
      await coll(ctx.db, 'invites').add({ data: doc })
    } catch (error) {
      if (attempt < 3) continue
      throw error
    }
    const subject = fields.officialId ?? fields.householdId ?? ''
    await writeAudit(ctx.db, {
      kind: 'invite',
      actor: ctx.caller.openid,
      subject,
      fields: [],
      action: ctx.action,
      details: fields.head ? 'head' : fields.kind,
    })
    return { code, display: displayCode(code), qr: qrPayload(code), expiresAt: expiresAt.toISOString() }
  }
}

async function countBound(db: Db, householdId: string): Promise<number> {
  const res = (await coll(db, 'users').where({ householdId }).count()) as { total: number }
  return res.total
}

async function countPending(db: Db, householdId: string, now: Date): Promise<number> {
  const _ = db.command
  const res = (await coll(db, 'invites')
    .where({
      householdId,
      usedAt: null,
      failures: _.lt(CODE_MAX_FAILURES),
      expiresAt: _.gt(now),
      replaces: _.exists(false),
    })
    .count()) as { total: number }
  return res.total
}

/** Records a failed try for an openid; returns true when this failure locked it. */
async function recordFailure(db: Db, openid: string, now: Date): Promise<boolean> {
  const guard = await one<GuardDoc>(db, 'inviteGuards', openid)
  const windowMs = OPENID_LOCK_MINUTES * 60 * 1000
  const fresh = !guard || now.getTime() - new Date(guard.lastFailureAt).getTime() > windowMs
  const failures = fresh ? 1 : guard.failures + 1
  const lockedUntil = failures >= OPENID_MAX_FAILURES ? new Date(now.getTime() + windowMs) : null
  await coll(db, 'inviteGuards')
    .doc(openid)
    .set({ data: { failures, lastFailureAt: now, lockedUntil } })
  return lockedUntil !== null
}

function minutesLeft(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60000))
}

// ---------------------------------------------------------------------------------------------------

export const main = serve(identity, {
  async me(_input, { caller, db }) {
    const cards = await Promise.all(caller.roles.map((grant) => roleCard(db, grant)))
    const named = cards.find((c) => c.grant.role === 'official') ?? cards.find((c) => c.grant.role === 'household')
    const displayName = named ? named.label['zh-Hans'] || named.label.bo : undefined
    const out = { bound: caller.roles.length > 0, roles: caller.roles, cards }
    return displayName ? { ...out, displayName } : out
  },

  async grantRole(input, ctx) {
    const grant = normaliseGrant(input.grant)
    const department =
      grant.role === 'department' ? await one<DepartmentRef>(ctx.db, 'departments', grant.departmentId) : undefined
    if (!mayGrant(ctx.scope.grants, grant, { department })) throw new AppError('FORBIDDEN', 'access.noAuthority')
    if (grant.role === 'department' && !department) throw new AppError('NOT_FOUND')
    if ((grant.role === 'office' || grant.role === 'reviewer') && !(await one(ctx.db, 'regions', grant.region)))
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
    const department =
      grant.role === 'department' ? await one<DepartmentRef>(ctx.db, 'departments', grant.departmentId) : undefined
    if (!mayGrant(ctx.scope.grants, grant, { department })) throw new AppError('FORBIDDEN', 'access.noAuthority')
    const user = await loadUser(ctx.db, input.openid)
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
    const official = ctx.scope.official as OfficialDoc | undefined
    if (!official || !mayInviteOfficial(ctx.scope.grants, official)) throw new AppError('FORBIDDEN')
    if (official.active === false) throw new AppError('CONFLICT', 'invite.officialInactive')
    return issueInvite(ctx, { kind: 'official', officialId: input.officialId }, OFFICIAL_INVITE_HOURS)
  },

  async inviteHousehold(input, ctx) {
    const household = ctx.scope.household
    if (!household) throw new AppError('FORBIDDEN')
    const may = mayInviteHousehold(ctx.scope.grants, household)
    if (!may || (may === 'member' && input.head)) throw new AppError('FORBIDDEN', 'invite.notHead')
    if (input.replaces) {
      const replaced = await loadUser(ctx.db, input.replaces)
      if (replaced?.householdId !== household._id) throw new AppError('NOT_FOUND', 'access.notBound')
    } else {
      const taken = (await countBound(ctx.db, household._id)) + (await countPending(ctx.db, household._id, new Date()))
      if (taken >= MAX_HOUSEHOLD_MEMBERS)
        throw new AppError('CONFLICT', 'invite.memberLimit', { max: MAX_HOUSEHOLD_MEMBERS })
    }
    return issueInvite(
      ctx,
      {
        kind: 'household',
        householdId: household._id,
        head: input.head === true ? true : undefined,
        replaces: input.replaces,
      },
      HOUSEHOLD_INVITE_DAYS * 24,
    )
  },

  async redeemInvite(input, ctx) {
    const { db, caller } = ctx
    const openid = caller.openid
    if (!openid) throw new AppError('UNAUTHENTICATED')
    const now = new Date()
    const guard = await one<GuardDoc>(db, 'inviteGuards', openid)
    if (guard?.lockedUntil && new Date(guard.lockedUntil) > now)
      throw new AppError('RATE_LIMITED', 'invite.tooManyTries', {
        minutes: minutesLeft(new Date(guard.lockedUntil), now),
      })

    const code = input.code
    const candidates = await rows<InviteDoc>(
      coll(db, 'invites')
        .where({ handle: handleOf(code) })
        .limit(100),
    )
    const hash = hashCode(code)
    const invite = candidates.find((c) => sameHash(c.codeHash, hash))
    if (!invite) {
      // A wrong secret behind a live handle counts against those codes: enough of them lock the code.
      const _ = db.command
      for (const aimed of candidates.filter((c) => c.usedAt === null))
        await coll(db, 'invites')
          .doc(aimed._id)
          .update({ data: { failures: _.inc(1) } })
      if (await recordFailure(db, openid, now))
        throw new AppError('RATE_LIMITED', 'invite.tooManyTries', { minutes: OPENID_LOCK_MINUTES })
      throw new AppError('NOT_FOUND', 'invite.unknown')
    }
    if (invite.failures >= CODE_MAX_FAILURES) throw new AppError('CONFLICT', 'invite.locked')
    if (invite.usedAt !== null) throw new AppError('CONFLICT', 'invite.used')
    if (new Date(invite.expiresAt) <= now) throw new AppError('CONFLICT', 'invite.expired')

    let grant: RoleGrant
    let name: Bilingual
    const displaced: string[] = []
    if (invite.kind === 'household' && invite.householdId) {
      const householdId = invite.householdId
      const own = caller.roles.find((g) => g.role === 'household')
      if (own?.role === 'household')
        throw new AppError(
          'CONFLICT',
          own.householdId === householdId ? 'invite.alreadyBound' : 'invite.wrongHousehold',
        )
      const household = await one<HouseholdDoc>(db, 'households', householdId)
      if (!household) throw new AppError('NOT_FOUND', 'invite.unknown')
      if (invite.replaces) displaced.push(invite.replaces)
      else if ((await countBound(db, householdId)) >= MAX_HOUSEHOLD_MEMBERS)
        throw new AppError('CONFLICT', 'invite.memberLimit', { max: MAX_HOUSEHOLD_MEMBERS })
      grant = invite.head ? { role: 'household', householdId, head: true } : { role: 'household', householdId }
      name = household.head.name
    } else if (invite.kind === 'official' && invite.officialId) {
      const officialId = invite.officialId
      if (caller.roles.some((g) => g.role === 'official')) throw new AppError('CONFLICT', 'invite.alreadyBound')
      const official = await one<OfficialDoc>(db, 'officials', officialId)
      if (!official) throw new AppError('NOT_FOUND', 'invite.unknown')
      // One official record, one phone: a new code moves the binding from the old openid.
      const holders = await rows<UserDoc>(coll(db, 'users').where({ officialId }).limit(10))
      displaced.push(...holders.map((u) => u._id).filter((id) => id !== openid))
      grant = { role: 'official', officialId }
      name = official.name
    } else {
      throw new AppError('NOT_FOUND', 'invite.unknown')
    }

    // Single use even when two phones redeem at once: only the update that finds `usedAt: null` wins.
    const claim = (await coll(db, 'invites')
      .where({ _id: invite._id, usedAt: null })
      .update({ data: { usedAt: now, usedBy: openid } })) as { stats?: { updated?: number } }
    if ((claim.stats?.updated ?? 0) !== 1) throw new AppError('CONFLICT', 'invite.used')

    for (const old of displaced) {
      const user = await loadUser(db, old)
      const held = user?.roles.find((g) => grantKey(g) === grantKey(grant))
      if (!user || !held) continue
      await removeGrant(db, user, held)
      await writeAudit(db, {
        kind: 'unbind',
        actor: openid,
        subject: old,
        fields: [],
        action: ctx.action,
        details: grantKey(held),
      })
    }
    await addGrant(db, openid, grant)
    if (guard) await coll(db, 'inviteGuards').doc(openid).remove()
    await writeAudit(db, {
      kind: 'bind',
      actor: openid,
      subject: openid,
      fields: [],
      action: ctx.action,
      details: grantKey(grant),
    })
    return { grant, name }
  },

  async unbind(input, ctx) {
    const target = input.openid ?? ctx.caller.openid
    const user =
      target === ctx.caller.openid ? { _id: target, roles: ctx.caller.roles } : await loadUser(ctx.db, target)
    const binding = user?.roles.find((g) => g.role === input.role)
    if (!user || !binding) throw new AppError('NOT_FOUND', 'access.notBound')
    if (target !== ctx.caller.openid) {
      const household =
        binding.role === 'household' ? await one<HouseholdRef>(ctx.db, 'households', binding.householdId) : undefined
      const official =
        binding.role === 'official' ? await one<OfficialRef>(ctx.db, 'officials', binding.officialId) : undefined
      if (!mayUnbind(ctx.scope.grants, binding, { household, official })) throw new AppError('FORBIDDEN')
    }
    const roles = await removeGrant(ctx.db, user as UserDoc, binding)
    await writeAudit(ctx.db, {
      kind: 'unbind',
      actor: ctx.caller.openid,
      subject: target,
      fields: [],
      action: ctx.action,
      details: grantKey(binding),
    })
    return { roles }
  },

  async householdMembers(input, { db }) {
    const users = await rows<UserDoc>(coll(db, 'users').where({ householdId: input.householdId }).limit(50))
    return {
      members: users.map((u) => {
        const grant = u.roles.find((g) => g.role === 'household' && g.householdId === input.householdId)
        const since = u.boundAt?.[`household:${input.householdId}`]
        return {
          openid: u._id,
          head: grant?.role === 'household' && grant.head === true,
          ...(since ? { since: new Date(since).toISOString() } : {}),
        }
      }),
      limit: MAX_HOUSEHOLD_MEMBERS,
    }
  },

  async householdDetail(input, ctx) {
    const relation = ctx.scope.relation
    const household = await one<HouseholdDoc>(ctx.db, 'households', input.householdId)
    if (!relation || !household) throw new AppError('FORBIDDEN')
    const visibility = householdVisibility(relation)
    const revealed = input.reveal === true && visibility.fullNumbers
    const id = (value: string) => (revealed ? value : maskIdNumber(value))
    const hiddenValues = SENSITIVE_FIELDS.memberValues as Record<string, readonly string[]>
    const members = (household.members ?? []).map((m) => {
      const out: Record<string, unknown> = {
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
      return out as { name: Bilingual; relation: string; idNumber: string }
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
    const where: Record<string, unknown> = {}
    if (input.actor) where.actor = input.actor
    if (input.subject) where.subject = input.subject
    if (input.from && input.to) where.at = _.gte(dayStart(input.from)).and(_.lt(nextDayStart(input.to)))
    else if (input.from) where.at = _.gte(dayStart(input.from))
    else if (input.to) where.at = _.lt(nextDayStart(input.to))
    const page = input.page ?? 0
    const [found, counted] = await Promise.all([
      rows<{
        _id: string
        kind: string
        actor: string
        subject: string
        fields?: string[]
        action: string
        at: Date
        details?: string
      }>(
        coll(db, 'audit')
          .where(where)
          .orderBy('at', 'desc')
          .skip(page * AUDIT_PAGE)
          .limit(AUDIT_PAGE),
      ),
      coll(db, 'audit').where(where).count() as Promise<{ total: number }>,
    ])
    return {
      entries: found.map((doc) => ({
        id: doc._id,
        kind: doc.kind as 'view',
        actor: doc.actor,
        subject: doc.subject,
        fields: doc.fields ?? [],
        action: doc.action,
        at: new Date(doc.at).toISOString(),
        ...(doc.details ? { details: doc.details } : {}),
      })),
      total: counted.total,
      pageSize: AUDIT_PAGE,
    }
  },
})
