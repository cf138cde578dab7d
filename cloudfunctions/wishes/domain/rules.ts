/**
 * The rules of a wish, as plain functions: which step may follow which state, who a donor is among the
 * caller's grants, where a donor may claim, and what donors and offices read of a wish (masked).
 */
import type { Bilingual } from '@shared/bilingual'
import type { Donor, Wish, WishActor } from '@config/documents'
import type { RoleGrant } from '@shared/contracts/identity'
import type { WishItem, WishState } from '@shared/contracts/wishes'
import type { MessageKey } from '@shared/i18n'
import { maskNumbersInText } from '@shared/mask'
import { covers, normaliseRegion, pathCovered } from '@shared/region'

export type WishStep = 'claim' | 'fulfil' | 'confirm' | 'withdraw'

/** The states each step leaves from and the one it reaches. A withdrawn or confirmed wish is finished. */
export const STEPS: Record<WishStep, { from: readonly WishState[]; to: WishState; refusal: MessageKey }> = {
  claim: { from: ['published'], to: 'claimed', refusal: 'wishes.taken' },
  fulfil: { from: ['claimed'], to: 'fulfilled', refusal: 'wishes.notClaimed' },
  confirm: { from: ['fulfilled'], to: 'confirmed', refusal: 'wishes.notFulfilled' },
  // once fulfilled the goods are on their way: the household answers with confirm instead
  withdraw: { from: ['published', 'claimed'], to: 'withdrawn', refusal: 'wishes.finished' },
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

/** A donor claims wishes of households in the region it was registered for. */
export function serves(donor: Pick<Donor, 'region'>, wish: Pick<Wish, 'villageCode'>): boolean {
  return covers(donor.region, wish.villageCode)
}

/** What a donor or an office reads: no household, no name, the village only, the text's numbers masked. */
export function maskedItem(
  wish: Pick<Wish, '_id' | 'category' | 'text' | 'state' | 'claim' | 'note' | 'createdAt' | 'updatedAt'>,
  village: Bilingual,
  donor: Pick<Donor, '_id' | 'kind' | 'name'> | undefined,
): WishItem {
  return {
    id: wish._id,
    category: wish.category,
    text: maskNumbersInText(wish.text),
    village,
    state: wish.state,
    ...(donor ? { donor: { id: donor._id, kind: donor.kind, name: donor.name } } : {}),
    ...(wish.note ? { note: maskNumbersInText(wish.note) } : {}),
    createdAt: wish.createdAt,
    updatedAt: wish.updatedAt,
  }
}
