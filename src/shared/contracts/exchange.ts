/**
 * Embedded exchange (互嵌式交流, issue 16). The yearly selection of model families (民族团结进步示范家庭) and
 * excellent studios (优秀石榴籽工作室): the prefecture office opens a campaign with quotas per county, a scoring
 * rubric and a deadline for each stage; a village office or a unit (department) nominates a household from
 * the registry, or a studio from the 石榴籽 network, with its story; the household consents; the township
 * reviews first, the county scores against the rubric within its quota, the prefecture decides — nobody
 * reviews a nomination they made, and there is no voting, liking or counting of popularity anywhere. The
 * prefecture publishes its proposed list as one batch (公示) seen from a fixed day, with personal numbers
 * masked; anyone bound in a county on the list may object during the window and the county answers each;
 * the list is confirmed only when every objection has its answer, and the names are then published.
 * Named families and studios are reviewed each year and may be revoked with a reason, never deleted.
 */
import * as v from 'valibot'
import { BilingualSchema } from '../bilingual'
import { action, defineFunction } from '../contract'

export const CAMPAIGN_KINDS = ['family', 'studio'] as const
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number]

/** the reviews in the order they happen; each has its deadline in the campaign */
export const REVIEW_STAGES = ['township', 'county', 'prefecture'] as const
export type ReviewStage = (typeof REVIEW_STAGES)[number]

/** where a nomination stands: waiting for the household's consent, ready for the township, passed the
 * township, passed the county, approved by the prefecture; or stopped, or named */
export const NOMINATION_STATES = [
  'consent',
  'nominated',
  'township',
  'county',
  'approved',
  'declined',
  'refused',
  'struck',
  'named',
] as const
export type NominationState = (typeof NOMINATION_STATES)[number]

export const NAMED_STATUSES = ['active', 'revoked'] as const
export type NamedStatus = (typeof NAMED_STATUSES)[number]

/** the 公示 lasts at least this many days (the rule people follow says 5 to 7) */
export const PUBLICITY_DAYS_MIN = 5
export const PUBLICITY_DAYS_MAX = 30
export const RUBRIC_MAX = 12
export const QUOTA_MAX = 100
export const STORY_MAX = 1000
export const COMMENT_MAX = 300
export const REASON_MAX = 300
export const PHOTOS_MAX = 6
export const TITLE_MAX = 40

/** ids made on the screen, so a resend stores one */
export const uuid = v.pipe(
  v.string(),
  v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'validation.invalid'),
)
const regionCode = v.pipe(v.string(), v.regex(/^\d{12}$/, 'validation.invalid'))
const year = v.pipe(
  v.number(),
  v.integer('validation.invalid'),
  v.minValue(2020, 'validation.invalid'),
  v.maxValue(2100),
)

export const RubricCriterionSchema = v.object({
  key: v.pipe(v.string(), v.regex(/^[a-z][a-zA-Z0-9]{0,19}$/, 'validation.invalid')),
  name: BilingualSchema,
  max: v.pipe(v.number(), v.integer('validation.invalid'), v.minValue(1, 'validation.invalid'), v.maxValue(100)),
})
export type RubricCriterion = v.InferOutput<typeof RubricCriterionSchema>

/** A named family or studio as lists show it: the year, the kind, its standing; the family's head by name
 * (as the 公示 published it), never a personal number. */
export const NamedItemSchema = v.object({
  id: v.string(),
  campaignId: v.string(),
  year: v.number(),
  kind: v.picklist(CAMPAIGN_KINDS),
  name: BilingualSchema,
  village: BilingualSchema,
  status: v.picklist(NAMED_STATUSES),
  /** the latest annual review's year, when there was one */
  reviewedYear: v.optional(v.number()),
  /** why it was revoked */
  reason: v.optional(v.string()),
  namedAt: v.string(),
})
export type NamedItem = v.InferOutput<typeof NamedItemSchema>

/** A campaign as offices list it. */
export const CampaignItemSchema = v.object({
  id: v.string(),
  year: v.number(),
  kind: v.picklist(CAMPAIGN_KINDS),
  title: BilingualSchema,
  state: v.picklist(['open', 'published', 'confirmed']),
  /** the stage the calendar is in today: a stage's deadline passed moves it on */
  stage: v.picklist(['nomination', ...REVIEW_STAGES, 'waiting', 'publicity', 'closed']),
  deadlines: v.object({
    nomination: v.string(),
    township: v.string(),
    county: v.string(),
    prefecture: v.string(),
  }),
  publicity: v.object({ start: v.string(), days: v.number() }),
  createdAt: v.string(),
})
export type CampaignItem = v.InferOutput<typeof CampaignItemSchema>

// ---------------------------------------------------------------------------------------------------
// Exchange trips (item 5): the organising office (prefecture or county) offers a trip's places to named
// families and studios in the order it sets; each confirms or declines by its due day (a paired official
// may answer for the household during a visit, recorded as such); a declined or expired place passes to
// the next. After the trip the office's report becomes a draft notice, reviewed like every notice.
// Opportunities (item 6): departments and offices publish recruitment and enrolment outside the
// prefecture; a paired official recommends one to a member of the household; an outcome is recorded when
// someone learns it, never asked for, and counted per region.

export const TRIP_STATES = ['waiting', 'offered', 'confirmed', 'declined', 'expired'] as const
export type TripOfferState = (typeof TRIP_STATES)[number]
export const TRIP_ANSWERS = ['confirm', 'decline'] as const
export type TripAnswer = (typeof TRIP_ANSWERS)[number]
export const TRIP_SLOTS_MAX = 100
export const TRIP_CANDIDATES_MAX = 200
export const TRIP_REPLY_DAYS_MAX = 30
export const TRIP_PLACES_MAX = 200
export const REPORT_TITLE_MAX = 60
export const REPORT_BODY_MAX = 5000
export const REPORT_PHOTOS_MAX = 9

export const OPPORTUNITY_KINDS = ['job', 'study'] as const
export type OpportunityKind = (typeof OPPORTUNITY_KINDS)[number]
export const OPPORTUNITY_OUTCOMES = ['applied', 'hired', 'enrolled', 'notTaken'] as const
export type OpportunityOutcome = (typeof OPPORTUNITY_OUTCOMES)[number]
export const OPPORTUNITY_TEXT_MAX = 1000
export const OPPORTUNITIES_PAGE = 20

const day = v.pipe(v.string(), v.isoDate('validation.invalid'))
const refId = v.pipe(v.string(), v.minLength(1, 'validation.required'), v.maxLength(64, 'validation.invalid'))
const bilingualText = (max: number) =>
  v.object({
    'zh-Hans': v.pipe(v.string(), v.trim(), v.maxLength(max, 'validation.tooLong')),
    bo: v.pipe(v.string(), v.trim(), v.maxLength(max, 'validation.tooLong')),
  })
/** one language at least: the other may follow */
const written = (text: { 'zh-Hans': string; bo: string }) => text['zh-Hans'] !== '' || text.bo !== ''
const count = (min: number, max: number) =>
  v.pipe(
    v.number(),
    v.integer('validation.invalid'),
    v.minValue(min, 'validation.invalid'),
    v.maxValue(max, 'validation.invalid'),
  )

export const TripInputSchema = v.pipe(
  v.object({
    /** made on the screen: saving twice keeps one trip */
    id: uuid,
    /** the organising office's region: a prefecture or a county */
    region: regionCode,
    title: v.pipe(bilingualText(TITLE_MAX), v.check(written, 'exchange.trips.textRequired')),
    /** where the trip goes in Zhejiang, as families read it */
    places: v.pipe(bilingualText(TRIP_PLACES_MAX), v.check(written, 'exchange.trips.textRequired')),
    startDay: day,
    endDay: day,
    slots: count(1, TRIP_SLOTS_MAX),
    /** days each family or studio has to answer its offer (never past the day the trip leaves) */
    replyDays: count(1, TRIP_REPLY_DAYS_MAX),
    /** named families and studios, in the order places are offered */
    named: v.pipe(
      v.array(refId),
      v.minLength(1, 'exchange.trips.noNamed'),
      v.maxLength(TRIP_CANDIDATES_MAX, 'validation.invalid'),
      v.check((ids) => new Set(ids).size === ids.length, 'exchange.trips.namedTwice'),
    ),
  }),
  v.forward(
    v.check((t) => t.endDay >= t.startDay, 'exchange.trips.endsBeforeStart'),
    ['endDay'],
  ),
)
export type TripInput = v.InferOutput<typeof TripInputSchema>

export const TripItemSchema = v.object({
  id: v.string(),
  region: v.string(),
  title: BilingualSchema,
  places: BilingualSchema,
  startDay: v.string(),
  endDay: v.string(),
  slots: v.number(),
  confirmed: v.number(),
  /** offers waiting for an answer */
  offered: v.number(),
  /** the draft notice its report became */
  noticeId: v.optional(v.string()),
})
export type TripItem = v.InferOutput<typeof TripItemSchema>

/** A named family or studio on a trip, as the organisers read it: the name and township, never a number. */
export const TripRowSchema = v.object({
  namedId: v.string(),
  kind: v.picklist(CAMPAIGN_KINDS),
  name: BilingualSchema,
  township: BilingualSchema,
  state: v.picklist(TRIP_STATES),
  due: v.optional(v.string()),
  answeredAt: v.optional(v.string()),
  /** a paired official answered for the household during a visit */
  onBehalf: v.optional(v.boolean()),
})
export type TripRow = v.InferOutput<typeof TripRowSchema>

/** A place offered to the household, as it (and its paired officials) reads it. */
export const TripOfferSchema = v.object({
  tripId: v.string(),
  namedId: v.string(),
  title: BilingualSchema,
  places: BilingualSchema,
  startDay: v.string(),
  endDay: v.string(),
  state: v.picklist(TRIP_STATES),
  due: v.optional(v.string()),
  onBehalf: v.optional(v.boolean()),
})
export type TripOffer = v.InferOutput<typeof TripOfferSchema>

export const TripReportInputSchema = v.pipe(
  v.object({
    id: uuid,
    /** made on the screen before the photos are uploaded into the notice's folder */
    noticeId: uuid,
    title: bilingualText(REPORT_TITLE_MAX),
    body: bilingualText(REPORT_BODY_MAX),
    photos: v.pipe(
      v.array(v.pipe(v.string(), v.minLength(1, 'validation.required'), v.maxLength(512, 'validation.invalid'))),
      v.maxLength(REPORT_PHOTOS_MAX, 'validation.invalid'),
    ),
  }),
  v.forward(
    v.check(
      (r) => (r.title['zh-Hans'] !== '' && r.body['zh-Hans'] !== '') || (r.title.bo !== '' && r.body.bo !== ''),
      'notice.languageRequired',
    ),
    ['body'],
  ),
)
export type TripReportInput = v.InferOutput<typeof TripReportInputSchema>

export const OpportunityInputSchema = v.object({
  /** made on the screen: saving again edits it (its publisher only) */
  id: uuid,
  /** where officials see it: the publishing office's region or one under it, or the department's */
  region: regionCode,
  /** publishing as this department (its staff only); without it, as the office of `region` */
  departmentId: v.optional(refId),
  kind: v.picklist(OPPORTUNITY_KINDS, 'validation.invalid'),
  title: v.pipe(bilingualText(TITLE_MAX), v.check(written, 'exchange.trips.textRequired')),
  body: v.pipe(bilingualText(OPPORTUNITY_TEXT_MAX), v.check(written, 'exchange.trips.textRequired')),
  /** the employer or school and where it is, outside the prefecture */
  place: v.pipe(bilingualText(TRIP_PLACES_MAX), v.check(written, 'exchange.trips.textRequired')),
  /** the last China day to apply */
  deadline: day,
})
export type OpportunityInput = v.InferOutput<typeof OpportunityInputSchema>

export const OpportunityItemSchema = v.object({
  id: v.string(),
  kind: v.picklist(OPPORTUNITY_KINDS),
  title: BilingualSchema,
  body: BilingualSchema,
  place: BilingualSchema,
  deadline: v.string(),
  region: v.string(),
  /** the caller published it and may edit it */
  mine: v.boolean(),
  /** recommendations made of it so far */
  recommended: v.number(),
  createdAt: v.string(),
})
export type OpportunityItem = v.InferOutput<typeof OpportunityItemSchema>

export const RecommendationItemSchema = v.object({
  id: v.string(),
  opportunityId: v.string(),
  title: BilingualSchema,
  kind: v.picklist(OPPORTUNITY_KINDS),
  deadline: v.string(),
  member: BilingualSchema,
  outcome: v.nullable(v.picklist(OPPORTUNITY_OUTCOMES)),
  at: v.string(),
})
export type RecommendationItem = v.InferOutput<typeof RecommendationItemSchema>

export const OpportunityCountersSchema = v.object({
  recommended: v.number(),
  applied: v.number(),
  hired: v.number(),
  enrolled: v.number(),
  notTaken: v.number(),
})

const TRIP_ANSWERERS = ['household', 'official'] as const
const PUBLISHERS = ['admin', 'office', 'department'] as const

/** administrators first: the fuzz harness and the matrix call an action as its first role */
const OFFICES = ['admin', 'office'] as const

export const exchange = defineFunction('exchange', {
  /** The campaigns a region's office works on: those of its prefecture, the newest year first. */
  campaigns: action({
    input: v.object({ region: regionCode }),
    output: v.object({ items: v.array(CampaignItemSchema) }),
    roles: OFFICES,
    scope: 'region',
    list: true,
  }),
  /** The model families and excellent studios of a region, active and revoked, the newest year first. */
  named: action({
    input: v.object({ region: regionCode, year: v.optional(year) }),
    output: v.object({ items: v.array(NamedItemSchema) }),
    roles: OFFICES,
    scope: 'region',
    list: true,
  }),
  /** Creates a trip and offers its first places down the office's order (a prefecture or county office). */
  saveTrip: action({
    input: TripInputSchema,
    output: v.object({ id: v.string(), status: v.picklist(['created', 'duplicate']), offered: v.number() }),
    roles: OFFICES,
    scope: 'region',
    writes: true,
  }),
  /** The trips organised in a region, the latest first. */
  trips: action({
    input: v.object({ region: regionCode }),
    output: v.object({ items: v.array(TripItemSchema) }),
    roles: OFFICES,
    scope: 'region',
    list: true,
  }),
  /** One trip for its organisers: every named family and studio in the office's order and where each stands. */
  trip: action({
    input: v.object({ id: uuid }),
    output: v.object({ trip: TripItemSchema, rows: v.array(TripRowSchema) }),
    roles: OFFICES,
    scope: 'none',
    list: true,
  }),
  /** The household's answer to the place offered to it, or its paired official's for it during a visit; a
   * studio's from an official of the studio. */
  answerTrip: action({
    input: v.object({ tripId: uuid, namedId: refId, answer: v.picklist(TRIP_ANSWERS, 'validation.invalid') }),
    output: v.object({ state: v.picklist(TRIP_STATES), status: v.picklist(['done', 'duplicate']) }),
    roles: TRIP_ANSWERERS,
    scope: 'none',
    writes: true,
  }),
  /** The trip places offered to a household, answered or not. */
  tripOffers: action({
    input: v.object({ householdId: refId }),
    output: v.object({ items: v.array(TripOfferSchema) }),
    roles: TRIP_ANSWERERS,
    scope: 'household',
    list: true,
  }),
  /** The organisers' report after the trip, as a draft notice of their office (reviewed before publishing). */
  tripReport: action({
    input: TripReportInputSchema,
    output: v.object({ noticeId: v.string(), status: v.picklist(['created', 'duplicate']) }),
    roles: OFFICES,
    scope: 'none',
    writes: true,
  }),
  /** Publishes or edits an opportunity (a department for its region, an office for its region or below). */
  saveOpportunity: action({
    input: OpportunityInputSchema,
    output: v.object({ id: v.string(), status: v.picklist(['created', 'updated']) }),
    roles: PUBLISHERS,
    scope: 'none',
    writes: true,
  }),
  /** The opportunities in the caller's reach (a department's own), the latest deadline first. */
  opportunities: action({
    input: v.object({ page: v.optional(count(0, 500)) }),
    output: v.object({ items: v.array(OpportunityItemSchema), more: v.boolean() }),
    roles: PUBLISHERS,
    scope: 'none',
    list: true,
  }),
  /** For a paired official at the household's page: the opportunities open there, and the household's
   * recommendations with what is known of them. */
  householdOpportunities: action({
    input: v.object({ householdId: refId }),
    output: v.object({
      open: v.array(OpportunityItemSchema),
      recommendations: v.array(RecommendationItemSchema),
      members: v.array(v.object({ index: v.number(), name: BilingualSchema })),
    }),
    roles: ['official'],
    scope: 'household',
    list: true,
  }),
  /** A paired official recommends an open opportunity to a member of the household. */
  recommend: action({
    input: v.object({ id: uuid, householdId: refId, opportunityId: uuid, member: count(0, 50) }),
    output: v.object({ id: v.string(), status: v.picklist(['created', 'duplicate']) }),
    roles: ['official'],
    scope: 'household',
    writes: true,
  }),
  /** What became of a recommendation, when someone learns it (never asked for). */
  recordOutcome: action({
    input: v.object({ id: uuid, householdId: refId, outcome: v.picklist(OPPORTUNITY_OUTCOMES, 'validation.invalid') }),
    output: v.object({ outcome: v.picklist(OPPORTUNITY_OUTCOMES), status: v.picklist(['done', 'duplicate']) }),
    roles: ['official', 'office'],
    scope: 'household',
    writes: true,
  }),
  /** Recommendations and their outcomes counted for a region and each region under it (kept on write). */
  opportunityCounts: action({
    input: v.object({ region: regionCode }),
    output: v.object({
      total: OpportunityCountersSchema,
      rows: v.array(v.object({ region: v.string(), name: BilingualSchema, counters: OpportunityCountersSchema })),
    }),
    roles: OFFICES,
    scope: 'region',
    list: true,
  }),
})
