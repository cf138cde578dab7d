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
})
