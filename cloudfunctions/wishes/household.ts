/**
 * The household's side of its wishes: publishing a request as a wish with its consent, withdrawing it,
 * confirming the fulfilled wish arrived, and reading its own wishes. The household itself acts, or a paired
 * official for it (recorded as such); serve has checked that the caller reaches the household named.
 *
 * Round trips: publish: caller ∥ household → the request ∥ the wish under the phone's id → the insert.
 * withdraw, confirm: caller ∥ household → the wish → the conditional update (→ the wish again when it lost).
 * mine: caller ∥ household → the page → the donors it names.
 */
import type { Donor, Household, Wish, WishActor, WishEvent } from '@config/documents'
import type { ActionContext, Db } from '@fn/handler'
import { collection } from '@fn/db'
import type { HouseholdWish, PublishInput } from '@shared/contracts/wishes'
import { WISHES_PAGE } from '@shared/contracts/wishes'
import { AppError } from '@shared/errors'
import { now } from '@shared/time'
import type { WishStep } from './domain/rules'
import { STEPS, allows, publishable } from './domain/rules'

/** The household the call is about, and who acts for it: a member, or a paired official on its behalf. */
function actorFor(ctx: ActionContext): { household: Household; by: WishActor; onBehalf: boolean } {
  const household = ctx.scope.household
  if (!household) throw new AppError('FORBIDDEN')
  if (ctx.scope.relation === 'member')
    return { household, by: { id: household._id, role: 'household' }, onBehalf: false }
  const official = ctx.scope.grants.find(
    (g) => g.role === 'official' && (household.officialIds ?? []).includes(g.officialId),
  )
  if (ctx.scope.relation !== 'paired' || official?.role !== 'official') throw new AppError('FORBIDDEN')
  return { household, by: { id: official.officialId, role: 'official' }, onBehalf: true }
}

export async function publish(
  input: PublishInput,
  ctx: ActionContext,
): Promise<{ id: string; state: Wish['state']; status: 'created' | 'duplicate' }> {
  const { household, by, onBehalf } = actorFor(ctx)
  const wishes = collection(ctx.db, 'wishes')
  const [request, stored] = await Promise.all([
    collection(ctx.db, 'requests').get(input.requestId, ['householdId', 'open', 'category']),
    wishes.get(input.id, ['householdId', 'requestId', 'state']),
  ])
  if (stored) return resent(stored, input)
  // another household's request is refused alike whether it exists or not
  if (!request || request.householdId !== household._id) throw new AppError('FORBIDDEN', 'wishes.notYourRequest')
  if (!publishable(request)) throw new AppError('CONFLICT', 'wishes.requestFinished')
  const at = now()
  const doc: Wish = {
    _id: input.id,
    requestId: input.requestId,
    liveKey: input.requestId,
    householdId: household._id,
    regionPath: household.regionPath,
    villageCode: household.villageCode,
    category: request.category,
    text: input.text,
    state: 'published',
    consent: { by, at, onBehalf },
    claim: null,
    note: null,
    events: [{ type: 'publish', at, by }],
    createdAt: at,
    updatedAt: at,
  }
  if (await wishes.addOnce(doc)) return { id: doc._id, state: doc.state, status: 'created' }
  // the same id stored meanwhile by a publish racing this one, or another standing wish of the request
  const raced = await wishes.get(input.id, ['householdId', 'requestId', 'state'])
  if (raced) return resent(raced, input)
  throw new AppError('CONFLICT', 'wishes.alreadyPublished')
}

function resent(stored: Pick<Wish, '_id' | 'householdId' | 'requestId' | 'state'>, input: PublishInput) {
  if (stored.householdId !== input.householdId || stored.requestId !== input.requestId)
    throw new AppError('CONFLICT', 'wishes.idTaken')
  return { id: stored._id, state: stored.state, status: 'duplicate' as const }
}

/**
 * Moves the wish one step if it is still in a state the step leaves from (a conditional update, so two
 * phones cannot both move it); a step already taken is answered as done, anything else is CONFLICT.
 */
export async function stepWish(
  db: Db,
  wish: Pick<Wish, '_id' | 'state'>,
  step: WishStep,
  event: WishEvent,
  extra: Partial<Pick<Wish, 'claim' | 'note' | 'liveKey'>> = {},
  sameStep: (after: Pick<Wish, 'state' | 'claim'>) => boolean = (after) => after.state === STEPS[step].to,
  /** more the stored wish must still hold for the step to be taken (the claim a hand back gives up) */
  still: Record<string, unknown> = {},
): Promise<{ id: string; state: Wish['state']; status: 'done' | 'duplicate' }> {
  const _ = db.command
  const wishes = collection(db, 'wishes')
  if (allows(step, wish.state)) {
    const changed = await wishes.updateWhere(
      { ...still, _id: wish._id, state: _.in([...STEPS[step].from]) },
      { state: STEPS[step].to, updatedAt: event.at, events: _.push([event]), ...extra },
    )
    if (changed === 1) return { id: wish._id, state: STEPS[step].to, status: 'done' }
  }
  const after = wish.state === STEPS[step].to ? wish : await wishes.get(wish._id, ['state', 'claim'])
  if (after && sameStep(after as Pick<Wish, 'state' | 'claim'>))
    return { id: wish._id, state: after.state, status: 'duplicate' }
  throw new AppError('CONFLICT', STEPS[step].refusal)
}

async function ownWish(ctx: ActionContext, id: string, householdId: string) {
  const wish = await collection(ctx.db, 'wishes').get(id, ['householdId', 'state', 'claim'])
  if (!wish || wish.householdId !== householdId) throw new AppError('FORBIDDEN', 'wishes.notYourRequest')
  return wish
}

export async function withdraw(input: { id: string; householdId: string }, ctx: ActionContext) {
  const { household, by } = actorFor(ctx)
  const wish = await ownWish(ctx, input.id, household._id)
  const event: WishEvent = { type: 'withdraw', at: now(), by }
  // the request may be published again once its wish is withdrawn
  return stepWish(ctx.db, wish, 'withdraw', event, { liveKey: wish._id })
}

export async function confirm(input: { id: string; householdId: string }, ctx: ActionContext) {
  const { household, by } = actorFor(ctx)
  const wish = await ownWish(ctx, input.id, household._id)
  return stepWish(ctx.db, wish, 'confirm', { type: 'confirm', at: now(), by })
}

export async function donorsNamed(db: Db, ids: readonly string[]): Promise<Map<string, Donor>> {
  const unique = [...new Set(ids)]
  if (!unique.length) return new Map()
  const docs = await collection(db, 'donors').find({ _id: db.command.in(unique) }, { limit: unique.length })
  return new Map(docs.map((d) => [d._id, d]))
}

export async function mine(_input: { householdId: string }, ctx: ActionContext): Promise<{ items: HouseholdWish[] }> {
  const { household } = actorFor(ctx)
  const docs = await collection(ctx.db, 'wishes').find(
    { householdId: household._id },
    {
      fields: ['requestId', 'text', 'state', 'claim', 'note', 'consent', 'createdAt', 'updatedAt'],
      orderBy: [['createdAt', 'desc']],
      limit: WISHES_PAGE,
    },
  )
  const donors = await donorsNamed(
    ctx.db,
    docs.flatMap((d) => (d.claim ? [d.claim.donorId] : [])),
  )
  return {
    items: docs.map((d) => {
      const donor = d.claim ? donors.get(d.claim.donorId) : undefined
      return {
        id: d._id,
        requestId: d.requestId,
        text: d.text,
        state: d.state,
        ...(donor ? { donor: { id: donor._id, kind: donor.kind, name: donor.name } } : {}),
        ...(d.note ? { note: d.note } : {}),
        consentOnBehalf: d.consent.onBehalf,
        createdAt: d.createdAt,
        updatedAt: d.updatedAt,
      }
    }),
  }
}
