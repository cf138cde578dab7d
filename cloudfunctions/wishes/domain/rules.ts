/**
 * The rules of a wish, as plain functions: which step may follow which state, who a donor is among the
 * caller's grants, where a donor may claim, and what donors and offices read of a wish (masked).
 */
import type { Bilingual } from '@shared/bilingual'
import type { Donor, Wish, WishActor } from '@config/documents'
import type { RoleGrant } from '@shared/contracts/identity'
import type { DonorKind, WishItem, WishState } from '@shared/contracts/wishes'
import type { MessageKey } from '@shared/i18n'
import { maskNumbersInText } from '@shared/mask'
import { covers, normaliseRegion, pathCovered } from '@shared/region'

export type WishStep = 'claim' | 'fulfil' | 'confirm' | 'withdraw' | 'handBack'

/** The states each step leaves from and the one it reaches. A withdrawn or confirmed wish is finished. */
export const STEPS: Record<WishStep, { from: readonly WishState[]; to: WishState; refusal: MessageKey }> = {
  claim: { from: ['published'], to: 'claimed', refusal: 'wishes.taken' },
  fulfil: { from: ['claimed'], to: 'fulfilled', refusal: 'wishes.notClaimed' },
  confirm: { from: ['fulfilled'], to: 'confirmed', refusal: 'wishes.notFulfilled' },
  // once fulfilled the goods are on their way: the household answers with confirm instead
  withdraw: { from: ['published', 'claimed'], to: 'withdrawn', refusal: 'wishes.finished' },
  // a donor that cannot deliver gives the wish back to every donor; nothing of the household's changes
  handBack: { from: ['claimed'], to: 'published', refusal: 'wishes.notClaimed' },
}

export function allows(step: WishStep, state: WishState): boolean {
  return STEPS[step].from.includes(state)
}

/** The request states a wish may be published from: the request is still being worked on. */
export function publishable(request: { open: boolean }): boolean {
  return request.open
}

/** The role the caller acts in for a donor linked to it, or undefined when the donor is not the caller. */
export function asDonor(grants: readonly RoleGrant[], donor: Pick<Donor, 'officialId' | 'departmentId'>) {
  for (const g of grants) {
    if (g.role === 'official' && donor.officialId && g.officialId === donor.officialId)
      return { id: g.officialId, role: 'official' } satisfies WishActor
    if (g.role === 'department' && donor.departmentId && g.departmentId === donor.departmentId)
      return { id: g.departmentId, role: 'department' } satisfies WishActor
  }
  return undefined
}

/** An office over the household (or an administrator) acting on a wish in its region. */
export function asOffice(grants: readonly RoleGrant[], wish: Pick<Wish, 'regionPath'>, openid: string) {
  if (grants.some((g) => g.role === 'office' && pathCovered(normaliseRegion(g.region), wish.regionPath)))
    return { id: openid, role: 'office' } satisfies WishActor
  if (grants.some((g) => g.role === 'admin')) return { id: openid, role: 'admin' } satisfies WishActor
  return undefined
}

/**
 * Whether an office may link a donor to an account (an official, a department) whose place is `regionPath`:
 * only inside one of its own office regions, or an administrator. Reaching the official by a department grant
 * does not count: the link is the office's act.
 */
export function linkable(grants: readonly RoleGrant[], regionPath: readonly string[]): boolean {
  return grants.some(
    (g) => g.role === 'admin' || (g.role === 'office' && pathCovered(normaliseRegion(g.region), regionPath)),
  )
}

/** The account fields a donor of this kind keeps: an official for an individual official, a department for a
 * unit, none for an enterprise or a private individual. */
export function donorLinks(input: { kind: DonorKind; officialId?: string; departmentId?: string }) {
  return {
    officialId: input.kind === 'official' ? (input.officialId ?? null) : null,
    departmentId: input.kind === 'unit' ? (input.departmentId ?? null) : null,
  }
}

/** A resent hand back: the wish is no longer claimed and the last step on it is this actor's hand back. */
export function handedBackBy(wish: Pick<Wish, 'state' | 'events'>, actor: WishActor): boolean {
  const last = wish.events[wish.events.length - 1]
  return wish.state !== 'claimed' && last?.type === 'handBack' && last.by.id === actor.id && last.by.role === actor.role
}

/** A donor claims wishes of households in the region it was registered for. */
export function serves(donor: Pick<Donor, 'region'>, wish: Pick<Wish, 'villageCode'>): boolean {
  return covers(donor.region, wish.villageCode)
}

/** What a donor or an office reads: no household, no name, the village only, the text's numbers masked. */
export function maskedItem(
  wish: Pick<Wish, '_id' | 'category' | 'text' | 'state' | 'claim' | 'note' | 'events' | 'createdAt' | 'updatedAt'>,
  village: Bilingual,
  donor: Pick<Donor, '_id' | 'kind' | 'name'> | undefined,
): WishItem {
  const last = wish.events[wish.events.length - 1]
  return {
    id: wish._id,
    category: wish.category,
    text: maskNumbersInText(wish.text),
    village,
    state: wish.state,
    ...(donor ? { donor: { id: donor._id, kind: donor.kind, name: donor.name } } : {}),
    ...(wish.note ? { note: maskNumbersInText(wish.note) } : {}),
    ...(last?.type === 'handBack' && wish.state === 'published'
      ? { handedBack: maskNumbersInText(last.reason ?? '') }
      : {}),
    createdAt: wish.createdAt,
    updatedAt: wish.updatedAt,
  }
}
