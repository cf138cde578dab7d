/**
 * Charity wishes (微心愿, issue 14 item 6). With the household's consent one of its open requests is published
 * as a wish: the household itself consents, or its paired official records the household's consent during a
 * visit. Offices register donors for their region (departments and other units, enterprises, individual
 * officials); a donor claims a wish itself when it is linked to the caller (its official, its department),
 * or an office claims on a donor's behalf; the donor or the office marks it fulfilled; the household (or its
 * paired official for it) confirms it arrived.
 *
 * A wish is its own record with its own lifecycle (published → claimed → fulfilled → confirmed; withdrawn by
 * the household while nobody has fulfilled it), linked to its request. Donors and offices read wishes masked:
 * no household, name, ID or phone, the village only, the text with numbers masked. Only a village or township
 * office over the household learns who it is, and each such read is audited.
 */
import * as v from 'valibot'
import { BilingualSchema } from '../bilingual'
import { action, defineFunction } from '../contract'

export const WISH_STATES = ['published', 'claimed', 'fulfilled', 'confirmed', 'withdrawn'] as const
export type WishState = (typeof WISH_STATES)[number]

/** a unit (may be a department's account), an enterprise, an individual official (may be the official's
 * account), or a private individual; enterprises and private individuals have no account here, and an
 * office claims and fulfils for them */
export const DONOR_KINDS = ['unit', 'enterprise', 'official', 'individual'] as const
export type DonorKind = (typeof DONOR_KINDS)[number]

export const WISH_TEXT_MAX = 200
export const DONOR_NAME_MAX = 40
export const WISH_NOTE_MAX = 200
export const HAND_BACK_REASON_MAX = 200
/** a page of wishes in a region, the newest first */
export const WISHES_PAGE = 20
export const WISHES_PAGES_MAX = 500
/** donors a region lists on one screen (its own and those registered above it) */
export const DONORS_MAX = 200

const uuid = v.pipe(
  v.string(),
  v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'validation.invalid'),
)
const id = v.pipe(v.string(), v.minLength(1, 'validation.required'), v.maxLength(64, 'validation.invalid'))
const regionCode = v.pipe(v.string(), v.regex(/^\d{12}$/, 'validation.invalid'))
const page = v.pipe(
  v.number(),
  v.integer('validation.invalid'),
  v.minValue(0, 'validation.invalid'),
  v.maxValue(WISHES_PAGES_MAX, 'validation.invalid'),
)

export const PublishInputSchema = v.object({
  /** made on the phone, so publishing twice (a tap twice, a lost answer) stores one wish */
  id: uuid,
  householdId: id,
  requestId: uuid,
  /** the wish as donors will read it: prefilled from the request, shortened or edited by the household */
  text: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'validation.required'),
    v.maxLength(WISH_TEXT_MAX, 'validation.tooLong'),
  ),
  /** the household agreed to publish it, masked; recorded with who asked and when */
  consent: v.literal(true, 'wishes.consentRequired'),
})
export type PublishInput = v.InferOutput<typeof PublishInputSchema>

export const DonorInputSchema = v.object({
  /** made on the screen, so registering twice keeps one donor */
  id: uuid,
  /** the office's region (or one under it) whose wishes the donor may claim */
  region: regionCode,
  kind: v.picklist(DONOR_KINDS, 'validation.invalid'),
  name: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'validation.required'),
    v.maxLength(DONOR_NAME_MAX, 'validation.tooLong'),
  ),
  /** an individual official donor, who may then claim for itself */
  officialId: v.optional(id),
  /** a department donor, whose staff may then claim for it */
  departmentId: v.optional(id),
})
export type DonorInput = v.InferOutput<typeof DonorInputSchema>

export const ClaimInputSchema = v.object({
  id: uuid,
  /** made on the screen: the same claim sent again is answered as done, another claim finds it taken */
  claimId: uuid,
  donorId: uuid,
})

export const FulfilInputSchema = v.object({
  id: uuid,
  note: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(WISH_NOTE_MAX, 'validation.tooLong'))),
})

export const HandBackInputSchema = v.object({
  id: uuid,
  /** why the donor cannot deliver it, kept with the wish's events for the office */
  reason: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'validation.required'),
    v.maxLength(HAND_BACK_REASON_MAX, 'validation.tooLong'),
  ),
})

const DonorRefSchema = v.object({ id: v.string(), kind: v.picklist(DONOR_KINDS), name: v.string() })

/** One wish as donors and offices read it: the village only, no household, the text's numbers masked. */
export const WishItemSchema = v.object({
  id: v.string(),
  category: v.string(),
  text: v.string(),
  village: BilingualSchema,
  state: v.picklist(WISH_STATES),
  donor: v.optional(DonorRefSchema),
  /** fulfilled with this note by the donor or office */
  note: v.optional(v.string()),
  /** published again because its last donor handed it back, with why (numbers masked) */
  handedBack: v.optional(v.string()),
  createdAt: v.string(),
  updatedAt: v.string(),
})
export type WishItem = v.InferOutput<typeof WishItemSchema>

/** One of the household's wishes, as it and its paired officials read it. */
export const HouseholdWishSchema = v.object({
  id: v.string(),
  requestId: v.string(),
  text: v.string(),
  state: v.picklist(WISH_STATES),
  donor: v.optional(DonorRefSchema),
  note: v.optional(v.string()),
  /** a paired official recorded the household's consent */
  consentOnBehalf: v.boolean(),
  createdAt: v.string(),
  updatedAt: v.string(),
})
export type HouseholdWish = v.InferOutput<typeof HouseholdWishSchema>

export const DonorItemSchema = v.object({
  id: v.string(),
  kind: v.picklist(DONOR_KINDS),
  name: v.string(),
  region: v.string(),
  /** registered by an office above the caller's region (it may claim here too) */
  above: v.boolean(),
  /** the official or department whose users claim for it themselves, by name */
  linked: v.optional(v.object({ kind: v.picklist(['official', 'department']), name: BilingualSchema })),
  /** wishes it holds now (claimed, not yet fulfilled) */
  claimed: v.number(),
  createdAt: v.string(),
})
export type DonorItem = v.InferOutput<typeof DonorItemSchema>

/** A donor the caller is (its official, its department), with the region it gives in. */
export const MyDonorSchema = v.object({
  id: v.string(),
  kind: v.picklist(DONOR_KINDS),
  name: v.string(),
  region: v.string(),
  regionName: BilingualSchema,
  /** wishes it holds now (claimed, not yet fulfilled) */
  claimed: v.number(),
})
export type MyDonor = v.InferOutput<typeof MyDonorSchema>

/** donors one official or department may be, one per region at most in practice */
export const MY_DONORS_MAX = 20

const StepOutput = v.object({
  id: v.string(),
  state: v.picklist(WISH_STATES),
  status: v.picklist(['done', 'duplicate']),
})

const HOUSEHOLD_SIDE = ['household', 'official'] as const
/** administrators first: the fuzz harness and the matrix call an action as its first role */
const OFFICES = ['admin', 'office'] as const
const CLAIMERS = ['admin', 'office', 'official', 'department'] as const

export const wishes = defineFunction('wishes', {
  /** Publishes one of the household's open requests as a wish, with the household's consent. */
  publish: action({
    input: PublishInputSchema,
    output: v.object({ id: v.string(), state: v.picklist(WISH_STATES), status: v.picklist(['created', 'duplicate']) }),
    roles: HOUSEHOLD_SIDE,
    scope: 'household',
    writes: true,
  }),
  /** Takes a wish back while nobody has fulfilled it; a donor holding it sees it withdrawn. */
  withdraw: action({
    input: v.object({ id: uuid, householdId: id }),
    output: StepOutput,
    roles: HOUSEHOLD_SIDE,
    scope: 'household',
    writes: true,
  }),
  /** The household's word that the fulfilled wish arrived. */
  confirm: action({
    input: v.object({ id: uuid, householdId: id }),
    output: StepOutput,
    roles: HOUSEHOLD_SIDE,
    scope: 'household',
    writes: true,
  }),
  /** The household's wishes, the newest first. */
  mine: action({
    input: v.object({ householdId: id }),
    output: v.object({ items: v.array(HouseholdWishSchema) }),
    roles: HOUSEHOLD_SIDE,
    scope: 'household',
    list: true,
  }),
  /** Wishes of the households in a region, masked, the newest first, by state. */
  list: action({
    input: v.object({
      region: regionCode,
      state: v.optional(v.picklist(WISH_STATES, 'validation.invalid')),
      page: v.optional(page),
    }),
    output: v.object({ items: v.array(WishItemSchema), more: v.boolean() }),
    roles: OFFICES,
    scope: 'region',
    list: true,
  }),
  /** What a donor linked to the caller may claim (published in its region) and what it holds, masked. */
  forDonor: action({
    input: v.object({ donorId: uuid, page: v.optional(page) }),
    output: v.object({ items: v.array(WishItemSchema), more: v.boolean() }),
    roles: ['official', 'department'],
    scope: 'none',
    list: true,
  }),
  /** The donors the caller is: registered for its official or its department. The home shows the way to
   * the wishes only when there is one. */
  myDonors: action({
    input: v.object({}),
    output: v.object({ items: v.array(MyDonorSchema) }),
    roles: ['official', 'department'],
    scope: 'none',
    list: true,
  }),
  /** Registers a donor for a region in the office's reach, linked to an official or a department there or to
   * no account at all. */
  registerDonor: action({
    input: DonorInputSchema,
    output: v.object({ id: v.string(), status: v.picklist(['created', 'duplicate']) }),
    roles: OFFICES,
    scope: 'region',
    writes: true,
  }),
  /** The donors who may claim wishes in a region: registered there or below, and above it. */
  donors: action({
    input: v.object({ region: regionCode }),
    output: v.object({ items: v.array(DonorItemSchema) }),
    roles: OFFICES,
    scope: 'region',
    list: true,
  }),
  /** Claims a published wish for a donor: the donor itself, or an office over the household for it. One
   * claim at a time: the wish is taken only if it is still published when the claim is written. */
  claim: action({
    input: ClaimInputSchema,
    output: StepOutput,
    roles: CLAIMERS,
    scope: 'none',
    writes: true,
  }),
  /** Marks a claimed wish fulfilled: the claiming donor itself, or an office over the household. */
  fulfil: action({
    input: FulfilInputSchema,
    output: StepOutput,
    roles: CLAIMERS,
    scope: 'none',
    writes: true,
  }),
  /** Gives a claimed wish back with a reason: the claiming donor itself, or an office over the household. The
   * wish is published again for any donor; the household's consent stands. */
  handBack: action({
    input: HandBackInputSchema,
    output: StepOutput,
    roles: CLAIMERS,
    scope: 'none',
    writes: true,
  }),
  /** Who the household is, for a village or township office arranging the delivery (audited). */
  detail: action({
    input: v.object({ id: uuid }),
    output: v.object({
      id: v.string(),
      householdId: v.string(),
      requestId: v.string(),
      head: BilingualSchema,
      village: BilingualSchema,
    }),
    roles: ['office'],
    scope: 'none',
  }),
})
