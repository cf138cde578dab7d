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
/** Tibetan titles run about twice as long as Chinese ones */
export const TITLE_MAX = 80

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

/** A named family or studio whose annual review is due: a year since it was named or last kept. */
export const DueReviewSchema = v.object({ ...NamedItemSchema.entries, due: v.string() })
export type DueReview = v.InferOutput<typeof DueReviewSchema>

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

/** A place offered to a studio, as its official members read it: the offer and which studio it is for. */
export const StudioTripOfferSchema = v.object({ ...TripOfferSchema.entries, studio: BilingualSchema })
export type StudioTripOffer = v.InferOutput<typeof StudioTripOfferSchema>

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
  /** where officials see it: the publishing office's region or one under it (its own when left out); a
   * department's is always its own */
  region: v.optional(regionCode),
  /** publishing as this department (its staff only); without it, as the caller's office */
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

// ---------------------------------------------------------------------------------------------------
// The selection (items 1-4): campaigns, nominations, reviews, the 公示 and its objections, the named list

const campaignDay = v.pipe(v.string(), v.isoDate('validation.invalid'))
const docId = v.pipe(v.string(), v.minLength(1, 'validation.required'), v.maxLength(64, 'validation.invalid'))
const fileRef = v.pipe(v.string(), v.minLength(1, 'validation.required'), v.maxLength(400, 'validation.invalid'))
const text = (max: number) =>
  v.pipe(v.string(), v.trim(), v.minLength(1, 'validation.required'), v.maxLength(max, 'validation.tooLong'))
const points = v.pipe(v.number(), v.integer('validation.invalid'), v.minValue(0, 'validation.invalid'), v.maxValue(100))

export const OpenCampaignInputSchema = v.object({
  /** made on the screen, so opening twice keeps one campaign */
  id: uuid,
  /** the prefecture whose office opens it */
  region: regionCode,
  year,
  kind: v.picklist(CAMPAIGN_KINDS, 'validation.invalid'),
  title: v.object({ 'zh-Hans': text(TITLE_MAX), bo: v.pipe(v.string(), v.trim(), v.maxLength(TITLE_MAX)) }),
  quotas: v.pipe(
    v.array(
      v.object({
        county: regionCode,
        places: v.pipe(v.number(), v.integer('validation.invalid'), v.minValue(0), v.maxValue(QUOTA_MAX)),
      }),
    ),
    v.minLength(1, 'exchange.quotasRequired'),
    v.maxLength(40, 'validation.invalid'),
  ),
  rubric: v.pipe(
    v.array(RubricCriterionSchema),
    v.minLength(1, 'exchange.rubricRequired'),
    v.maxLength(RUBRIC_MAX, 'validation.invalid'),
  ),
  deadlines: v.object({
    nomination: campaignDay,
    township: campaignDay,
    county: campaignDay,
    prefecture: campaignDay,
  }),
  publicity: v.object({
    start: campaignDay,
    days: v.pipe(
      v.number(),
      v.integer('validation.invalid'),
      v.minValue(PUBLICITY_DAYS_MIN, 'exchange.publicityShort'),
      v.maxValue(PUBLICITY_DAYS_MAX, 'validation.invalid'),
    ),
  }),
})
export type OpenCampaignInput = v.InferOutput<typeof OpenCampaignInputSchema>

export const StorySchema = v.object({
  /** in Chinese or Tibetan, as the nominator writes it */
  text: text(STORY_MAX),
  photos: v.optional(v.pipe(v.array(fileRef), v.maxLength(PHOTOS_MAX, 'validation.invalid')), []),
  voice: v.optional(fileRef),
})

export const NominateInputSchema = v.pipe(
  v.object({
    /** made on the screen: the story's files are uploaded under it first, and a resend stores one */
    id: uuid,
    campaignId: uuid,
    /** a household from the registry (a family campaign) or a studio of the network (a studio campaign) */
    householdId: v.optional(docId),
    unitId: v.optional(docId),
    story: StorySchema,
  }),
  v.check((i) => (i.householdId === undefined) !== (i.unitId === undefined), 'exchange.nomineeRequired'),
)
export type NominateInput = v.InferOutput<typeof NominateInputSchema>

export const ReviewInputSchema = v.object({
  nominationId: uuid,
  /** the stage the reviewer means to take: a nomination moved on meanwhile is answered as such */
  stage: v.picklist(REVIEW_STAGES, 'validation.invalid'),
  pass: v.boolean(),
  comment: text(COMMENT_MAX),
  /** the county's points, criterion key → points within the criterion's maximum */
  scores: v.optional(v.record(v.pipe(v.string(), v.maxLength(20)), points)),
})
export type ReviewInput = v.InferOutput<typeof ReviewInputSchema>

const ReviewSchema = v.object({
  stage: v.picklist(REVIEW_STAGES),
  pass: v.boolean(),
  comment: v.string(),
  scores: v.optional(v.record(v.string(), v.number())),
  at: v.string(),
})

/** A nomination as reviewing offices read it: the family's head by name and village, never a number. */
export const NominationItemSchema = v.object({
  id: v.string(),
  kind: v.picklist(CAMPAIGN_KINDS),
  name: BilingualSchema,
  village: BilingualSchema,
  /** the county it counts against */
  county: v.string(),
  story: v.object({ text: v.string(), photos: v.number(), voice: v.boolean() }),
  state: v.picklist(NOMINATION_STATES),
  reviews: v.array(ReviewSchema),
  score: v.nullable(v.number()),
  /** the caller's office (or unit) made it: it may never review it */
  mine: v.boolean(),
  /** the review the caller's office may take now, if any */
  next: v.optional(v.picklist(REVIEW_STAGES)),
  /** the caller's office may open the story's photos and recording (`media`) */
  media: v.optional(v.boolean()),
})
export type NominationItem = v.InferOutput<typeof NominationItemSchema>

/** A campaign whole, for the offices working on it. */
export const CampaignDetailSchema = v.object({
  ...CampaignItemSchema.entries,
  quotas: v.array(v.object({ county: v.string(), name: BilingualSchema, places: v.number(), passed: v.number() })),
  rubric: v.array(RubricCriterionSchema),
  /** the entries of the published list */
  listed: v.number(),
  /** objections not answered yet */
  unanswered: v.number(),
})
export type CampaignDetail = v.InferOutput<typeof CampaignDetailSchema>

/** A file of a nomination's story with the temporary URL the function made for the reviewer asking. */
const StoryFileSchema = v.object({ fileId: v.string(), url: v.string() })

/** A nomination's photos and recording, for an office reviewing it (never on a 公示). */
export const StoryMediaSchema = v.object({ photos: v.array(StoryFileSchema), voice: v.nullable(StoryFileSchema) })
export type StoryMedia = v.InferOutput<typeof StoryMediaSchema>

/** What a unit nominates from: the studio campaigns open for nominations, the studios of its region, and the
 * nominations it made, with where each stands. */
export const UnitNominatingSchema = v.object({
  campaigns: v.array(CampaignItemSchema),
  studios: v.array(v.object({ id: v.string(), name: BilingualSchema, place: BilingualSchema })),
  nominations: v.array(
    v.object({
      id: v.string(),
      campaignId: v.string(),
      unitId: v.string(),
      name: BilingualSchema,
      state: v.picklist(NOMINATION_STATES),
    }),
  ),
})
export type UnitNominating = v.InferOutput<typeof UnitNominatingSchema>

/** One entry of a 公示 as everyone bound in its county reads it: name, village, story — no personal number. */
export const PublicEntrySchema = v.object({
  nominationId: v.string(),
  kind: v.picklist(CAMPAIGN_KINDS),
  name: BilingualSchema,
  village: BilingualSchema,
  story: v.string(),
  /** struck by an upheld objection, or named once confirmed */
  state: v.picklist(['listed', 'struck', 'named']),
  /** the caller's own objection to it, and the county's answer once given */
  objection: v.optional(
    v.object({ reason: v.string(), answer: v.optional(v.string()), upheld: v.optional(v.boolean()) }),
  ),
})
export type PublicEntry = v.InferOutput<typeof PublicEntrySchema>

export const PublicitySchema = v.object({
  campaignId: v.string(),
  year: v.number(),
  kind: v.picklist(CAMPAIGN_KINDS),
  title: BilingualSchema,
  start: v.string(),
  /** the last day objections may be filed */
  end: v.string(),
  /** objections may be filed today */
  open: v.boolean(),
  confirmed: v.boolean(),
  entries: v.array(PublicEntrySchema),
})
export type Publicity = v.InferOutput<typeof PublicitySchema>

export const ObjectionItemSchema = v.object({
  id: v.string(),
  nominationId: v.string(),
  name: BilingualSchema,
  village: BilingualSchema,
  reason: v.string(),
  /** who objected, by kind only: the objector is not named to the office answering */
  by: v.picklist(['household', 'official', 'office', 'department']),
  at: v.string(),
  answer: v.optional(v.object({ text: v.string(), upheld: v.boolean(), at: v.string() })),
  /** the caller's office may answer it (the nomination's county) */
  mayAnswer: v.boolean(),
})
export type ObjectionItem = v.InferOutput<typeof ObjectionItemSchema>

/** What the household's home shows: a nomination waiting for its consent, its named status, a 公示 on. */
export const HouseholdExchangeSchema = v.object({
  consents: v.array(
    v.object({
      nominationId: v.string(),
      campaignId: v.string(),
      year: v.number(),
      kind: v.picklist(CAMPAIGN_KINDS),
      title: BilingualSchema,
      story: v.string(),
      /** the nomination deadline: consent after it is too late */
      until: v.string(),
    }),
  ),
  named: v.array(v.object({ id: v.string(), year: v.number(), kind: v.picklist(CAMPAIGN_KINDS) })),
  /** a 公示 the household may read now */
  publicity: v.boolean(),
})
export type HouseholdExchange = v.InferOutput<typeof HouseholdExchangeSchema>

const Step = v.object({ id: v.string(), state: v.picklist(NOMINATION_STATES) })

/** The subscription message a named family receives; the function reads `EXCHANGE_TEMPLATE_NAMED` from its
 * environment and falls back to this id, which the local cloud accepts like any other (thing1 the campaign,
 * thing2 what happened, time3 when). The household is asked to accept it when it consents. */
export const EXCHANGE_TEMPLATES = { named: 'exchange-named' } as const

/** Who may take part: households, officials, offices and units; administrators read and step in. */
const BOUND = ['household', 'official', 'office', 'department'] as const
const NOMINATORS = ['office', 'department'] as const

/** administrators first: the fuzz harness and the matrix call an action as its first role */
const OFFICES = ['admin', 'office'] as const

export const exchange = defineFunction('exchange', {
  /** Opens a year's campaign for the prefecture (its office only): quotas per county, the rubric, the
   * deadlines of each stage and the 公示's start and length. */
  open: action({
    input: OpenCampaignInputSchema,
    output: v.object({ id: v.string(), status: v.picklist(['created', 'duplicate']) }),
    roles: OFFICES,
    scope: 'region',
    writes: true,
  }),
  /** One campaign whole and the nominations of a region in it, as its offices review them (masked). */
  queue: action({
    input: v.object({ campaignId: uuid, region: regionCode }),
    output: v.object({ campaign: CampaignDetailSchema, items: v.array(NominationItemSchema) }),
    roles: OFFICES,
    scope: 'region',
    list: true,
  }),
  /** A village office puts a household forward, a village office or a unit of its region a studio, with its
   * story, before the nomination deadline; a household's nomination then waits for its consent. */
  nominate: action({
    input: NominateInputSchema,
    output: v.object({
      id: v.string(),
      state: v.picklist(NOMINATION_STATES),
      status: v.picklist(['created', 'duplicate']),
    }),
    roles: NOMINATORS,
    scope: 'none',
    writes: true,
  }),
  /** For a unit's staff: the studio campaigns open for nominations, the studios of the unit's region and the
   * unit's own nominations. A unit nominates studios only: its staff never reach households. */
  unitNominating: action({
    input: v.object({ departmentId: docId }),
    output: UnitNominatingSchema,
    roles: ['department'],
    scope: 'department',
    list: true,
  }),
  /** A nomination's photos and recording as temporary URLs, for an office that reviews it (township, county
   * or prefecture over it, never the one that nominated), once the household has said yes; each read audited. */
  media: action({
    input: v.object({ nominationId: uuid }),
    output: StoryMediaSchema,
    roles: ['office'],
    scope: 'none',
    writes: true,
  }),
  /** The household says yes or no to being put forward. */
  consent: action({
    input: v.object({ householdId: docId, nominationId: uuid, given: v.boolean() }),
    output: Step,
    roles: ['household'],
    scope: 'household',
    writes: true,
  }),
  /** A township, county or prefecture review, in that order and by each stage's deadline; never by the
   * office or unit that made the nomination; the county's within its quota, with the rubric's points. */
  review: action({
    input: ReviewInputSchema,
    output: Step,
    roles: ['office'],
    scope: 'none',
    writes: true,
  }),
  /** Publishes the proposed list as one batch, seen from the 公示's start day. */
  publish: action({
    input: v.object({ campaignId: uuid }),
    output: v.object({ listed: v.number(), start: v.string(), end: v.string() }),
    roles: OFFICES,
    scope: 'none',
    writes: true,
  }),
  /** The 公示 the caller may read: lists whose start day has come, the entries of the caller's county. */
  publicity: action({
    input: v.object({}),
    output: v.object({ items: v.array(PublicitySchema) }),
    roles: [...BOUND, 'admin'],
    scope: 'none',
    list: true,
  }),
  /** An objection to an entry of a 公示 the caller reads, with its reason, while the window is open. */
  object: action({
    input: v.object({ id: uuid, campaignId: uuid, nominationId: uuid, reason: text(REASON_MAX) }),
    output: v.object({ id: v.string(), status: v.picklist(['created', 'duplicate']) }),
    roles: BOUND,
    scope: 'none',
    writes: true,
  }),
  /** The objections to a campaign's entries in a region (the objector by kind only). */
  objections: action({
    input: v.object({ campaignId: uuid, region: regionCode }),
    output: v.object({ items: v.array(ObjectionItemSchema) }),
    roles: OFFICES,
    scope: 'region',
    list: true,
  }),
  /** The county's answer to an objection; an upheld one strikes the entry from the list. */
  answer: action({
    input: v.object({ objectionId: uuid, upheld: v.boolean(), text: text(REASON_MAX) }),
    output: v.object({ id: v.string(), upheld: v.boolean() }),
    roles: ['office'],
    scope: 'none',
    writes: true,
  }),
  /** Confirms the list once the 公示 is over and every objection answered: the names are published and the
   * families told. */
  confirm: action({
    input: v.object({ campaignId: uuid }),
    output: v.object({
      named: v.number(),
      told: v.object({ sent: v.number(), refused: v.number(), failed: v.number() }),
    }),
    roles: OFFICES,
    scope: 'none',
    writes: true,
  }),
  /** The annual review of a named family or studio: kept for the year, or revoked with a reason (kept in
   * its history, never deleted). */
  reviewNamed: action({
    input: v.object({
      id: docId,
      outcome: v.picklist(['kept', 'revoked'], 'validation.invalid'),
      year,
      reason: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(REASON_MAX, 'validation.tooLong'))),
    }),
    output: v.object({ id: v.string(), status: v.picklist(NAMED_STATUSES) }),
    roles: OFFICES,
    scope: 'none',
    writes: true,
  }),
  /** What the household's home shows of the exchange. */
  mine: action({
    input: v.object({ householdId: docId }),
    output: HouseholdExchangeSchema,
    roles: ['household'],
    scope: 'household',
    list: true,
  }),
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
  /** The region's named families and studios whose annual review is due, the longest due first, and how many
   * (a county or prefecture office: those that review; nothing for the others). */
  reviewsDue: action({
    input: v.object({ region: regionCode }),
    output: v.object({ count: v.number(), items: v.array(DueReviewSchema) }),
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
  /** The trip places offered to the studios the calling official is a member of, answered or not. */
  studioTripOffers: action({
    input: v.object({}),
    output: v.object({ items: v.array(StudioTripOfferSchema) }),
    roles: ['official'],
    scope: 'none',
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
