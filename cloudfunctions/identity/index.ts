/**
 * identity: who an openid is in the programme (roles, bindings by invitation), who may grant what, the
 * household one-sheet with its personal-data rules, and the audit search. The reach and granting rules are
 * in _shared/access.ts, the binding rules in domain/; this file reads and writes documents around them.
 */
import type { Audit, Displacement, Invite, InviteGuard, User } from '@config/documents'
import type { Bilingual } from '@shared/bilingual'
import { EMPTY_BILINGUAL, pick } from '@shared/bilingual'
import type { RoleCard, RoleGrant } from '@shared/contracts/identity'
import { HOLDERS_SHOWN, identity } from '@shared/contracts/identity'
import { AppError } from '@shared/errors'
import { maskIdNumber, maskPhone } from '@shared/mask'
import { covers, levelOf, normaliseRegion, pathOf } from '@shared/region'
import type { Instant } from '@shared/time'
import { addTime, dayStart, nextDayStart, now as currentTime } from '@shared/time'
import { SENSITIVE_FIELDS, grantKey, householdVisibility, mayGrant, officeRegions, sameGrant } from '@fn/access'
import { writeAudit } from '@fn/audit'
import type { Db, Filter } from '@fn/db'
import { collection } from '@fn/db'
import type { ActionContext, Caller, Handlers, TimerContext } from '@fn/handler'
import { serve } from '@fn/handler'
import { displayCode, handleOf, hashCode, newCode, qrPayload, sameHash } from './codes'
import {
  MAX_HOUSEHOLD_MEMBERS,
  PRUNE_INVITES_AFTER_DAYS,
  assertMayBind,
  assertNotIssuer,
  assertRedeemable,
  assertRoomForMember,
  bindingToEnd,
  displacedBy,
  grantOf,
  grantSelector,
  headsOf,
  householdGrantOf,
  inviteExpiry,
  mayInviteHousehold,
  mayInviteOfficial,
  mayUnbind,
} from './domain/binding'
import { CODE_MAX_FAILURES, OPENID_LOCK_MINUTES, OPENID_MAX_FAILURES, lockedFor, startsNewCount } from './domain/guard'

const AUDIT_PAGE = 20

/**
 * Adds one grant to an openid, creating the user when there is none. Only that grant is written
 * (`addToSet`), never the whole `roles` array read earlier, so two grants made at once both land. A binding
 * grant also keeps its record's id beside `roles` and when it was made.
 */
async function addGrant(db: Db, openid: string, grant: RoleGrant): Promise<void> {
  const _ = db.command
  const users = collection(db, 'users')
  const at = currentTime()
  const key = grantKey(grant)
  const ids: Pick<User, 'householdId' | 'officialId'> =
    grant.role === 'household'
      ? { householdId: grant.householdId }
      : grant.role === 'official'
        ? { officialId: grant.officialId }
        : {}
  const binding = grant.role === 'household' || grant.role === 'official'
  const patch = { roles: _.addToSet(grant), updatedAt: at, ...ids, ...(binding ? { [`boundAt.${key}`]: at } : {}) }
  if (await users.update(openid, patch)) return
  if (
    await users.addOnce({
      _id: openid,
      roles: [grant],
      updatedAt: at,
      ...ids,
      ...(binding ? { boundAt: { [key]: at } } : {}),
    })
  )
    return
  await users.update(openid, patch)
}

/** Removes one grant from an openid (every stored grant with its key), leaving the others as they are now.
 * A displaced binding is noted for the openid's next `me`. */
async function removeGrant(db: Db, openid: string, grant: RoleGrant, displaced?: Displacement): Promise<void> {
  const _ = db.command
  await collection(db, 'users').update(openid, {
    roles: _.pull(grantSelector(grant)),
    updatedAt: currentTime(),
    ...(grant.role === 'household' ? { householdId: _.remove() } : {}),
    ...(grant.role === 'official' ? { officialId: _.remove() } : {}),
    ...(displaced ? { displaced: _.push([displaced]) } : {}),
  })
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

/** The region a card is about, named, with its level read from its code (a malformed code has none). */
function namedRegion(code: string | undefined, name: Bilingual | undefined): RoleCard['region'] {
  const level = code ? levelOf(code) : undefined
  return code && level ? { code, name: name ?? EMPTY_BILINGUAL, level } : undefined
}

function withRegion(card: RoleCard, region: RoleCard['region']): RoleCard {
  return region ? { ...card, region } : card
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
      const path = grant.regionPath ?? h?.regionPath ?? []
      const regionNamesOf = h ? (names ?? (await regionNames(db, h.regionPath))) : []
      const card = { key, grant, label: h?.head.name ?? EMPTY_BILINGUAL, regionNames: regionNamesOf }
      return h ? withRegion(card, namedRegion(path[path.length - 1], regionNamesOf[path.length - 1])) : card
    }
    case 'official': {
      const o = await collection(db, 'officials').get(grant.officialId, ['name', 'regionPath'])
      const home = o?.regionPath?.[o.regionPath.length - 1]
      const [name] = home ? await regionNames(db, [home]) : []
      return withRegion({ key, grant, label: o?.name ?? EMPTY_BILINGUAL, regionNames: [] }, namedRegion(home, name))
    }
    case 'office':
    case 'reviewer': {
      // The code names its ancestors: the region and its path's names are read together.
      const code = normaliseRegion(grant.region)
      const [region, names] = await Promise.all([
        collection(db, 'regions').get(code, ['name']),
        regionNames(db, pathOf(code).length ? pathOf(code) : [code]),
      ])
      const card = { key, grant, label: region?.name ?? EMPTY_BILINGUAL, regionNames: names }
      return region ? withRegion(card, namedRegion(code, region.name)) : card
    }
    case 'department': {
      const d = await collection(db, 'departments').get(grant.departmentId, ['name'])
      const card = { key, grant, label: d?.name ?? EMPTY_BILINGUAL, regionNames: [] }
      return d ? { ...card, department: { id: d._id, name: d.name } } : card
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
      details: `${fields.head ? 'head' : fields.kind}${fields.replaces ? ' replacement' : ''}`,
    })
    return { code, display: displayCode(code), qr: qrPayload(code), expiresAt }
  }
}

/** The openids bound to a household, with their roles (at most the limit's worth, and then some). */
async function boundTo(db: Db, householdId: string) {
  return collection(db, 'users').find({ householdId }, { fields: ['roles'], limit: 50 })
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

/**
 * One wrong code: it counts against the openid and against every live code behind its handle, each with
 * `inc` so that tries made at once all count. Then whatever those counts reached is locked, by conditional
 * updates that only the try crossing the limit wins, and each lockout is audited once.
 */
async function countFailure(
  ctx: ActionContext,
  guard: InviteGuard | undefined,
  candidates: readonly Invite[],
  now: Instant,
): Promise<void> {
  const { db } = ctx
  const openid = ctx.caller.openid
  const _ = db.command
  const guards = collection(db, 'inviteGuards')
  const invites = collection(db, 'invites')
  const aimed = candidates.filter((c) => c.usedAt === null)
  const counted = async () => {
    const inc = { failures: _.inc(1), lastFailureAt: now }
    if (!startsNewCount(guard, now)) return guards.update(openid, inc)
    const restart = { failures: 1, lastFailureAt: now, lockedUntil: null }
    const restarted = guard
      ? await guards.updateWhere({ _id: openid, lastFailureAt: guard.lastFailureAt }, restart)
      : Number(await guards.addOnce({ _id: openid, ...restart }))
    return restarted || guards.update(openid, inc)
  }
  await Promise.all([...aimed.map((c) => invites.update(c._id, { failures: _.inc(1) })), counted()])
  const [openidLocked, ...codesLocked] = await Promise.all([
    guards.updateWhere(
      { _id: openid, failures: _.gte(OPENID_MAX_FAILURES), lockedUntil: null },
      { lockedUntil: addTime(now, OPENID_LOCK_MINUTES, 'minute') },
    ),
    ...aimed.map((c) =>
      invites.updateWhere(
        { _id: c._id, failures: _.gte(CODE_MAX_FAILURES), lockedAt: _.exists(false) },
        { lockedAt: now },
      ),
    ),
  ])
  const lockouts = [
    ...(openidLocked ? [{ subject: openid, details: 'openid' }] : []),
    ...aimed.flatMap((c, i) => (codesLocked[i] ? [{ subject: c._id, details: 'code' }] : [])),
  ]
  await Promise.all(
    lockouts.map((l) => writeAudit(db, { kind: 'lockout', actor: openid, fields: [], action: ctx.action, ...l })),
  )
  if (openidLocked) throw new AppError('RATE_LIMITED', 'invite.tooManyTries', { minutes: OPENID_LOCK_MINUTES })
}

// ---------------------------------------------------------------------------------------------------

// Read beside the caller's lookup, from the input alone: the codes behind a typed code's handle. Nothing
// found is answered before the caller is known, and a stranger's call costs this one indexed read.
const prefetch = {
  redeemInvite: ({ code }: { code: string }, db: Db) =>
    collection(db, 'invites').find({ handle: handleOf(code) }, { limit: 100 }),
  // who holds the record a code would bind: a bound record gets a code only as a replacement
  inviteOfficial: ({ officialId }: { officialId: string }, db: Db) =>
    collection(db, 'users').find({ officialId }, { fields: ['roles'], limit: 10 }),
  inviteHousehold: ({ householdId }: { householdId: string }, db: Db) => boundTo(db, householdId),
  officialBinding: ({ officialId }: { officialId: string }, db: Db) =>
    collection(db, 'users').find({ officialId }, { fields: ['boundAt'], limit: 10 }),
}

/** An openid as an office may see it: enough to recognise the phone read out, not to name it in a call. */
function maskOpenid(openid: string): string {
  return openid.length <= 8 ? '*'.repeat(openid.length) : `${openid.slice(0, 4)}****${openid.slice(-4)}`
}

/** The caller's roles, and the bindings moved away from them that `me` has yet to show. */
async function loadCaller(openid: string, db: Db): Promise<Caller & { displaced?: Displacement[] }> {
  if (!openid) return { openid, roles: [] }
  const user = await collection(db, 'users').get(openid, ['roles', 'displaced'])
  return { openid, roles: user?.roles ?? [], ...(user?.displaced?.length ? { displaced: user.displaced } : {}) }
}

const timers = {
  /** Codes long expired (used ones expired too), guards and audit allowances nobody needs any more. */
  async pruneInvites({ db, time }: TimerContext) {
    const _ = db.command
    const dayAgo = addTime(time, -1, 'day')
    const [invites, guards, auditCounters] = await Promise.all([
      collection(db, 'invites').removeWhere({ expiresAt: _.lt(addTime(time, -PRUNE_INVITES_AFTER_DAYS, 'day')) }),
      collection(db, 'inviteGuards').removeWhere({ lastFailureAt: _.lt(dayAgo) }),
      collection(db, 'auditCounters').removeWhere({ at: _.lt(dayAgo) }),
    ])
    return { invites, guards, auditCounters }
  },
}

const options = { prefetch, timers, loadCaller }

const handlers: Handlers<typeof identity, typeof options> = {
  async me(_input, { caller, db, lang }) {
    const { displaced } = caller as Caller & { displaced?: Displacement[] }
    const [cards] = await Promise.all([
      Promise.all(caller.roles.map((grant) => roleCard(db, grant))),
      // Shown once: the note of a moved binding is cleared as it is answered.
      displaced
        ? collection(db, 'users').update(caller.openid, { displaced: db.command.pullAll(displaced) })
        : undefined,
    ])
    const named = cards.find((c) => c.grant.role === 'official') ?? cards.find((c) => c.grant.role === 'household')
    const displayName = named ? pick(named.label, lang) : undefined
    const out = {
      bound: caller.roles.length > 0,
      roles: caller.roles,
      cards,
      ...(displaced ? { displaced: displaced.map(({ key, at }) => ({ key, at })) } : {}),
    }
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
    const [region, user] = await Promise.all([
      grant.role === 'office' || grant.role === 'reviewer'
        ? collection(ctx.db, 'regions').get(grant.region, ['_id'])
        : true,
      collection(ctx.db, 'users').get(input.openid, ['roles']),
    ])
    if (!region) throw new AppError('NOT_FOUND')
    const held = user?.roles ?? []
    // Granting a role held already changes nothing (the first grant's record of who made it stays).
    if (held.some((g) => sameGrant(g, grant))) return { roles: held }
    const made: RoleGrant = {
      ...grant,
      grantedBy: ctx.caller.openid,
      grantedByOffices: officeRegions(ctx.caller.roles),
    }
    await addGrant(ctx.db, input.openid, made)
    await writeAudit(ctx.db, {
      kind: 'grant',
      actor: ctx.caller.openid,
      subject: input.openid,
      fields: [],
      action: ctx.action,
      details: grantKey(grant),
    })
    return { roles: [...held, made] }
  },

  async revokeRole(input, ctx) {
    const grant = normaliseGrant(input.grant)
    if (!mayGrant(ctx.scope.grants, grant, await grantTarget(ctx.db, grant)))
      throw new AppError('FORBIDDEN', 'access.noAuthority')
    const user = await collection(ctx.db, 'users').get(input.openid, ['roles'])
    const held = user?.roles.find((g) => sameGrant(g, grant))
    if (!user || !held) throw new AppError('NOT_FOUND', 'access.notHeld')
    await removeGrant(ctx.db, user._id, held)
    await writeAudit(ctx.db, {
      kind: 'revoke',
      actor: ctx.caller.openid,
      subject: input.openid,
      fields: [],
      action: ctx.action,
      details: grantKey(grant),
    })
    return { roles: user.roles.filter((g) => !sameGrant(g, grant)) }
  },

  async inviteOfficial(input, ctx) {
    const official = ctx.scope.official
    if (!official || !mayInviteOfficial(ctx.scope.grants, official)) throw new AppError('FORBIDDEN')
    if (official.active === false) throw new AppError('CONFLICT', 'invite.officialInactive')
    const holders = await ctx.prefetched
    // whichever phone holds the official now: one, or the replacement names nobody it could mean
    if (input.replacesBound && !input.replaces) {
      if (!holders.length) throw new AppError('NOT_FOUND', 'access.notBound')
      if (holders.length > 1) throw new AppError('CONFLICT', 'invite.targetBound')
    }
    const replaces = input.replaces ?? (input.replacesBound ? holders[0]?._id : undefined)
    if (replaces) {
      const replaced = holders.find((u) => u._id === replaces)
      const binding = replaced?.roles.find((g) => g.role === 'official' && g.officialId === official._id)
      if (!binding) throw new AppError('NOT_FOUND', 'access.notBound')
      if (!mayUnbind(ctx.scope.grants, binding, { official })) throw new AppError('FORBIDDEN', 'invite.mayNotReplace')
    } else if (holders.length) throw new AppError('CONFLICT', 'invite.targetBound')
    return issueInvite(ctx, { kind: 'official', officialId: input.officialId, replaces })
  },

  async officialBinding(input, ctx) {
    const official = ctx.scope.official
    if (!official) throw new AppError('FORBIDDEN')
    const holder = (await ctx.prefetched)[0]
    const since = holder?.boundAt?.[`official:${official._id}`]
    return {
      official: { id: official._id, name: official.name, active: official.active !== false },
      ...(holder ? { bound: { openid: maskOpenid(holder._id), ...(since ? { since } : {}) } } : {}),
    }
  },

  async inviteHousehold(input, ctx) {
    const household = ctx.scope.household
    if (!household) throw new AppError('FORBIDDEN')
    const may = mayInviteHousehold(ctx.scope.grants, household)
    if (!may || (may === 'member' && input.head)) throw new AppError('FORBIDDEN', 'invite.notHead')
    const bound = await ctx.prefetched
    const heads = headsOf(bound, household._id)
    let head = input.head === true
    if (input.replaces) {
      const replaced = bound.find((u) => u._id === input.replaces)
      const binding = replaced && householdGrantOf(replaced, household._id)
      if (!binding) throw new AppError('NOT_FOUND', 'access.notBound')
      if (input.replaces !== ctx.caller.openid && !mayUnbind(ctx.scope.grants, binding, { household }))
        throw new AppError('FORBIDDEN', 'invite.mayNotReplace')
      // The new phone takes the lost one's place, the head's included.
      head = head || heads.includes(input.replaces)
      if (head && heads.some((openid) => openid !== input.replaces))
        throw new AppError('CONFLICT', 'invite.targetBound')
    } else {
      if (head && heads.length) throw new AppError('CONFLICT', 'invite.targetBound')
      assertRoomForMember(bound.length, await countPending(ctx.db, household._id, currentTime()))
    }
    return issueInvite(ctx, {
      kind: 'household',
      householdId: household._id,
      head: head ? true : undefined,
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
      await countFailure(ctx, guard, candidates, now)
      throw new AppError('NOT_FOUND', 'invite.unknown')
    }
    // refusals here (one's own code, a locked or used code, a record bound elsewhere) are audited by serve
    assertNotIssuer(invite, openid)
    assertRedeemable(invite, now)
    assertMayBind(caller.roles, invite)

    let name: Bilingual
    let grant: RoleGrant | undefined
    let displaced: string[] = []
    if (invite.kind === 'household' && invite.householdId) {
      const householdId = invite.householdId
      const [household, bound] = await Promise.all([
        collection(db, 'households').get(householdId, ['head.name', 'regionPath']),
        boundTo(db, householdId),
      ])
      if (!household) throw new AppError('NOT_FOUND', 'invite.unknown')
      const replacing = bound.some((u) => u._id === invite.replaces)
      // A replacement whose phone was unbound meanwhile would add a phone: it counts like a new member.
      if (!replacing) assertRoomForMember(bound.length)
      if (invite.head) displacedBy(invite, openid, headsOf(bound, householdId))
      displaced = replacing && invite.replaces ? [invite.replaces] : []
      grant = grantOf(invite, household.regionPath)
      name = household.head.name
    } else if (invite.kind === 'official' && invite.officialId) {
      // One official record, one phone: a code binds it only when nobody holds it, or moves it from the
      // phone it explicitly replaces.
      const [official, holding] = await Promise.all([
        collection(db, 'officials').get(invite.officialId, ['name', 'regionPath']),
        collection(db, 'users').find({ officialId: invite.officialId }, { fields: ['_id'], limit: 10 }),
      ])
      if (!official) throw new AppError('NOT_FOUND', 'invite.unknown')
      displaced = displacedBy(
        invite,
        openid,
        holding.map((u) => u._id),
      )
      grant = grantOf(invite, official.regionPath)
      name = official.name
    } else {
      throw new AppError('NOT_FOUND', 'invite.unknown')
    }
    if (!grant) throw new AppError('NOT_FOUND', 'invite.unknown')

    // Single use even when two phones redeem at once, and only while the code is still open: the claim
    // matches only an unused, unlocked, unexpired code, so a lock made since it was read stops it.
    const _ = db.command
    const claimed = await invites.updateWhere(
      { _id: invite._id, usedAt: null, failures: _.lt(CODE_MAX_FAILURES), expiresAt: _.gt(now) },
      { usedAt: now, usedBy: openid },
    )
    if (claimed !== 1) throw new AppError('CONFLICT', 'invite.used')

    const key = grantKey(grant)
    for (const old of displaced) {
      await removeGrant(db, old, grant, { key, at: now })
      await writeAudit(db, {
        kind: 'replace',
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
    await removeGrant(ctx.db, target, binding)
    await writeAudit(ctx.db, {
      kind: 'unbind',
      actor: self,
      subject: target,
      fields: [],
      action: ctx.action,
      details: grantKey(binding),
    })
    return { roles: (holder?.roles ?? []).filter((g) => !sameGrant(g, binding)) }
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
    if (input.action) where.action = input.action
    if (input.kind) where.kind = input.kind
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
        ...(doc.count !== undefined ? { count: doc.count } : {}),
      })),
      total,
      pageSize: AUDIT_PAGE,
    }
  },
}

export const main = serve(identity, handlers, options)
