/**
 * Donors and offices: registering donors for a region, the wishes of a region (masked), what a donor may
 * claim, claiming and fulfilling, and — for a village or township office arranging the delivery — who the
 * household is (audited).
 *
 * Round trips (∥ = sent together):
 * - list: caller → the page → village names ∥ donors named.
 * - forDonor: caller → the donor → the page → village names ∥ donors named.
 * - registerDonor: caller → the official or department it names (when one) → the insert.
 * - donors: caller → the donors → the wishes they hold ∥ the officials and departments they are, named.
 * - myDonors: caller → the donors it is → their regions named ∥ the wishes they hold.
 * - claim: caller → the wish ∥ the donor → the conditional update.
 * - fulfil, handBack: caller → the wish → the claiming donor (when the caller is not an office over it) → the
 *   conditional update.
 * - detail: caller → the wish → the household ∥ the village ∥ the audit record.
 */
import type { Donor, Wish, WishActor } from '@config/documents'
import { householdRelation } from '@fn/access'
import { writeAudit } from '@fn/audit'
import type { ActionContext, Db } from '@fn/handler'
import { collection } from '@fn/db'
import type { Bilingual } from '@shared/bilingual'
import type { DonorInput, DonorItem, MyDonor, WishItem, WishState } from '@shared/contracts/wishes'
import { DONORS_MAX, MY_DONORS_MAX, WISHES_PAGE } from '@shared/contracts/wishes'
import { AppError } from '@shared/errors'
import { covers, pathOf } from '@shared/region'
import { now } from '@shared/time'
import { asDonor, asOffice, donorLinks, handedBackBy, linkable, maskedItem, serves } from './domain/rules'
import { donorsNamed, stepWish } from './household'

const ITEM_FIELDS = [
  'category',
  'text',
  'state',
  'claim',
  'note',
  'events',
  'villageCode',
  'createdAt',
  'updatedAt',
] as const
type ItemDoc = Pick<Wish, '_id' | (typeof ITEM_FIELDS)[number]>

async function regionNames(db: Db, codes: readonly string[]): Promise<Map<string, Bilingual>> {
  const unique = [...new Set(codes)]
  if (!unique.length) return new Map()
  const docs = await collection(db, 'regions').find(
    { _id: db.command.in(unique) },
    { fields: ['name'], limit: unique.length },
  )
  return new Map(docs.map((r) => [r._id, r.name]))
}

async function masked(db: Db, docs: ItemDoc[]): Promise<WishItem[]> {
  const [villages, donors] = await Promise.all([
    regionNames(
      db,
      docs.map((d) => d.villageCode),
    ),
    donorsNamed(
      db,
      docs.flatMap((d) => (d.claim ? [d.claim.donorId] : [])),
    ),
  ])
  return docs.map((d) =>
    maskedItem(
      d,
      villages.get(d.villageCode) ?? { 'zh-Hans': '', bo: '' },
      d.claim ? donors.get(d.claim.donorId) : undefined,
    ),
  )
}

export async function list(
  input: { region: string; state?: WishState; page?: number },
  ctx: ActionContext,
): Promise<{ items: WishItem[]; more: boolean }> {
  const docs = await collection(ctx.db, 'wishes').find(
    { regionPath: input.region, ...(input.state ? { state: input.state } : {}) },
    {
      fields: ITEM_FIELDS,
      orderBy: [
        ['createdAt', 'desc'],
        ['_id', 'desc'],
      ],
      skip: (input.page ?? 0) * WISHES_PAGE,
      limit: WISHES_PAGE + 1,
    },
  )
  return { items: await masked(ctx.db, docs.slice(0, WISHES_PAGE)), more: docs.length > WISHES_PAGE }
}

/** The donor the caller is (its official, its department); any other donor is refused alike. */
async function linkedDonor(ctx: ActionContext, donorId: string) {
  const donor = await collection(ctx.db, 'donors').get(donorId)
  const actor = donor ? asDonor(ctx.scope.grants, donor) : undefined
  if (!donor || !actor) throw new AppError('FORBIDDEN', 'wishes.notYourDonor')
  return { donor, actor }
}

export async function forDonor(
  input: { donorId: string; page?: number },
  ctx: ActionContext,
): Promise<{ items: WishItem[]; more: boolean }> {
  const { donor } = await linkedDonor(ctx, input.donorId)
  const _ = ctx.db.command
  const docs = await collection(ctx.db, 'wishes').find(
    _.or([{ regionPath: donor.region, state: 'published' }, { 'claim.donorId': donor._id }]),
    {
      fields: ITEM_FIELDS,
      orderBy: [
        ['createdAt', 'desc'],
        ['_id', 'desc'],
      ],
      skip: (input.page ?? 0) * WISHES_PAGE,
      limit: WISHES_PAGE + 1,
    },
  )
  return { items: await masked(ctx.db, docs.slice(0, WISHES_PAGE)), more: docs.length > WISHES_PAGE }
}

export async function registerDonor(
  input: DonorInput,
  ctx: ActionContext,
): Promise<{ id: string; status: 'created' | 'duplicate' }> {
  const grants = ctx.scope.grants
  const links = donorLinks(input)
  // the official or department a donor is must be inside the office's own region: linking gives its users the
  // region's wishes, so nobody links a stranger's account (or one that has left) to them
  if (links.officialId) {
    const official = await collection(ctx.db, 'officials').get(links.officialId, ['regionPath', 'active'])
    if (!official || !official.active || !linkable(grants, official.regionPath))
      throw new AppError('FORBIDDEN', 'wishes.officialElsewhere')
  }
  if (links.departmentId) {
    const department = await collection(ctx.db, 'departments').get(links.departmentId, ['regionPath'])
    if (!department || !linkable(grants, department.regionPath))
      throw new AppError('FORBIDDEN', 'wishes.departmentElsewhere')
  }
  const donors = collection(ctx.db, 'donors')
  const doc: Donor = {
    _id: input.id,
    kind: input.kind,
    name: input.name,
    region: input.region,
    regionPath: pathOf(input.region),
    ...links,
    createdBy: ctx.caller.openid,
    createdAt: now(),
  }
  if (await donors.addOnce(doc)) return { id: doc._id, status: 'created' }
  const stored = await donors.get(input.id, ['region', 'name', 'kind', 'officialId', 'departmentId'])
  const same =
    stored &&
    stored.region === doc.region &&
    stored.name === doc.name &&
    stored.kind === doc.kind &&
    stored.officialId === doc.officialId &&
    stored.departmentId === doc.departmentId
  if (same) return { id: doc._id, status: 'duplicate' }
  throw new AppError('CONFLICT', 'wishes.idTaken')
}

/** How many wishes each donor holds now (claimed, not yet fulfilled). */
async function held(db: Db, donorIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  if (!donorIds.length) return counts
  const docs = await collection(db, 'wishes').find(
    { 'claim.donorId': db.command.in([...donorIds]), state: 'claimed' },
    { fields: ['claim'] },
  )
  for (const w of docs) if (w.claim) counts.set(w.claim.donorId, (counts.get(w.claim.donorId) ?? 0) + 1)
  return counts
}

/** The names of the officials and departments donors are linked to, by id. */
async function linkedNames(db: Db, docs: readonly Donor[]): Promise<Map<string, Bilingual>> {
  const _ = db.command
  const officialIds = [...new Set(docs.flatMap((d) => (d.officialId ? [d.officialId] : [])))]
  const departmentIds = [...new Set(docs.flatMap((d) => (d.departmentId ? [d.departmentId] : [])))]
  const [officials, departments] = await Promise.all([
    officialIds.length
      ? collection(db, 'officials').find({ _id: _.in(officialIds) }, { fields: ['name'], limit: officialIds.length })
      : [],
    departmentIds.length
      ? collection(db, 'departments').find(
          { _id: _.in(departmentIds) },
          { fields: ['name'], limit: departmentIds.length },
        )
      : [],
  ])
  return new Map([...officials, ...departments].map((r) => [r._id, r.name]))
}

export async function donors(input: { region: string }, ctx: ActionContext): Promise<{ items: DonorItem[] }> {
  const _ = ctx.db.command
  const docs = await collection(ctx.db, 'donors').find(
    _.or([{ regionPath: input.region }, { region: _.in(pathOf(input.region)) }]),
    { orderBy: [['createdAt', 'desc']], limit: DONORS_MAX },
  )
  const [counts, names] = await Promise.all([
    held(
      ctx.db,
      docs.map((d) => d._id),
    ),
    linkedNames(ctx.db, docs),
  ])
  return {
    items: docs.map((d) => {
      const linkedId = d.officialId ?? d.departmentId
      const linked = linkedId ? names.get(linkedId) : undefined
      return {
        id: d._id,
        kind: d.kind,
        name: d.name,
        region: d.region,
        above: d.region !== input.region && covers(d.region, input.region),
        ...(linked
          ? { linked: { kind: d.officialId ? ('official' as const) : ('department' as const), name: linked } }
          : {}),
        claimed: counts.get(d._id) ?? 0,
        createdAt: d.createdAt,
      }
    }),
  }
}

/** The official and department ids the caller holds grants for. */
function ownAccounts(ctx: ActionContext): WishActor[] {
  return ctx.scope.grants.flatMap((g): WishActor[] =>
    g.role === 'official'
      ? [{ id: g.officialId, role: 'official' }]
      : g.role === 'department'
        ? [{ id: g.departmentId, role: 'department' }]
        : [],
  )
}

export async function myDonors(_input: Record<string, never>, ctx: ActionContext): Promise<{ items: MyDonor[] }> {
  const _ = ctx.db.command
  const accounts = ownAccounts(ctx)
  const officialIds = accounts.flatMap((a) => (a.role === 'official' ? [a.id] : []))
  const departmentIds = accounts.flatMap((a) => (a.role === 'department' ? [a.id] : []))
  const branches = [
    ...(officialIds.length ? [{ officialId: _.in(officialIds) }] : []),
    ...(departmentIds.length ? [{ departmentId: _.in(departmentIds) }] : []),
  ]
  if (!branches.length) return { items: [] }
  const docs = await collection(ctx.db, 'donors').find(branches.length === 1 ? branches[0]! : _.or(branches), {
    orderBy: [['createdAt', 'desc']],
    limit: MY_DONORS_MAX,
  })
  const [names, counts] = await Promise.all([
    regionNames(
      ctx.db,
      docs.map((d) => d.region),
    ),
    held(
      ctx.db,
      docs.map((d) => d._id),
    ),
  ])
  return {
    items: docs.map((d) => ({
      id: d._id,
      kind: d.kind,
      name: d.name,
      region: d.region,
      regionName: names.get(d.region) ?? { 'zh-Hans': '', bo: '' },
      claimed: counts.get(d._id) ?? 0,
    })),
  }
}

export async function claim(input: { id: string; claimId: string; donorId: string }, ctx: ActionContext) {
  const [wish, donor] = await Promise.all([
    collection(ctx.db, 'wishes').get(input.id, ['regionPath', 'villageCode', 'state', 'claim']),
    collection(ctx.db, 'donors').get(input.donorId),
  ])
  const actor =
    (wish && asOffice(ctx.scope.grants, wish, ctx.caller.openid)) ||
    (wish && donor ? asDonor(ctx.scope.grants, donor) : undefined)
  // a wish outside the caller's reach is refused alike whether it exists or not
  if (!wish || !actor) throw new AppError('FORBIDDEN', 'wishes.notYourWish')
  if (!donor || !serves(donor, wish)) throw new AppError('FORBIDDEN', 'wishes.donorElsewhere')
  const at = now()
  return stepWish(
    ctx.db,
    wish,
    'claim',
    { type: 'claim', at, by: actor },
    { claim: { id: input.claimId, donorId: donor._id, at } },
    (after) => after.claim?.id === input.claimId,
  )
}

/** An office over the household, or the claiming donor itself; undefined for anyone else. */
async function claimant(ctx: ActionContext, wish: Pick<Wish, 'regionPath' | 'claim'>) {
  const office = asOffice(ctx.scope.grants, wish, ctx.caller.openid)
  if (office || !wish.claim) return office
  const donor = await collection(ctx.db, 'donors').get(wish.claim.donorId, ['officialId', 'departmentId'])
  return donor ? asDonor(ctx.scope.grants, donor) : undefined
}

export async function fulfil(input: { id: string; note?: string }, ctx: ActionContext) {
  const wish = await collection(ctx.db, 'wishes').get(input.id, ['regionPath', 'state', 'claim'])
  const actor = wish ? await claimant(ctx, wish) : undefined
  if (!wish || !actor) throw new AppError('FORBIDDEN', 'wishes.notYourWish')
  const claimId = wish.claim?.id
  return stepWish(
    ctx.db,
    wish,
    'fulfil',
    { type: 'fulfil', at: now(), by: actor },
    { note: input.note || null },
    (after) => ['fulfilled', 'confirmed'].includes(after.state) && after.claim?.id === claimId,
  )
}

export async function handBack(input: { id: string; reason: string }, ctx: ActionContext) {
  const wish = await collection(ctx.db, 'wishes').get(input.id, ['regionPath', 'state', 'claim', 'events'])
  const actor = wish ? await claimant(ctx, wish) : undefined
  // the same hand back sent again finds the claim gone: answered as done to the one who gave it back
  const again = wish && (actor ? [actor] : ownAccounts(ctx)).some((a) => handedBackBy(wish, a))
  if (wish && again) return { id: wish._id, state: wish.state, status: 'duplicate' as const }
  if (!wish || !actor) throw new AppError('FORBIDDEN', 'wishes.notYourWish')
  const claimId = wish.claim?.id
  if (!claimId) throw new AppError('CONFLICT', 'wishes.notClaimed')
  return stepWish(
    ctx.db,
    wish,
    'handBack',
    { type: 'handBack', at: now(), by: actor, claimId, reason: input.reason },
    { claim: null },
    () => false,
    // only the claim this caller saw: a wish claimed again meanwhile is another donor's
    { 'claim.id': claimId },
  )
}

export async function detail(input: { id: string }, ctx: ActionContext) {
  const wish = await collection(ctx.db, 'wishes').get(input.id, [
    'householdId',
    'requestId',
    'regionPath',
    'villageCode',
  ])
  // who the household is: for the village or township office over it, as its full numbers are
  const relation = wish
    ? householdRelation(ctx.scope.grants, { _id: wish.householdId, regionPath: wish.regionPath })
    : undefined
  if (!wish || relation !== 'localOffice') throw new AppError('FORBIDDEN', 'wishes.notLocal')
  const [household, villages] = await Promise.all([
    collection(ctx.db, 'households').get(wish.householdId, ['head.name']),
    regionNames(ctx.db, [wish.villageCode]),
    writeAudit(ctx.db, {
      kind: 'view',
      actor: ctx.caller.openid,
      subject: wish.householdId,
      fields: ['household.head.name'],
      action: ctx.action,
      details: wish._id,
    }),
  ])
  if (!household) throw new AppError('NOT_FOUND')
  return {
    id: wish._id,
    householdId: wish.householdId,
    requestId: wish.requestId,
    head: household.head.name,
    village: villages.get(wish.villageCode) ?? { 'zh-Hans': '', bo: '' },
  }
}
