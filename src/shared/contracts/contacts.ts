/**
 * Contacts after visits: officials log every contact with a paired household (often offline, sent
 * later from the outbox), households see and confirm visits, offices read exact rollups.
 *
 * A contact's `id` is made on the phone (a UUID) and becomes the document's `_id`, so a resend of the
 * same contact can never create a second one.
 */
import * as v from 'valibot'
import { action, defineFunction } from '../contract'
import { BilingualSchema } from '../bilingual'

export const CHANNELS = ['visit', 'wechat', 'qq', 'phone'] as const
export type Channel = (typeof CHANNELS)[number]

/** policy, family virtues, customs reform (移风易俗), employment, schooling, hardship */
export const TOPICS = ['policy', 'virtues', 'customs', 'employment', 'schooling', 'hardship'] as const
export type Topic = (typeof TOPICS)[number]

export const RISK_LEVELS = ['none', 'watch', 'high'] as const
export type RiskLevel = (typeof RISK_LEVELS)[number]

export const NOTES_MAX = 1000
/** WeChat's image picker allows 9 at a time; more would not fit the 10 MB local budget once queued anyway */
export const PHOTOS_MAX = 9
export const NEEDS_MAX = 10
export const NEED_TEXT_MAX = 200
export const REASON_MAX = 500
/** phones in the field are often a few minutes off; a contact "in the future" beyond this is a mistake */
export const CLOCK_SKEW_MS = 10 * 60 * 1000

const uuid = v.pipe(
  v.string(),
  v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'validation.invalid'),
)
const id = v.pipe(v.string(), v.minLength(1, 'validation.required'), v.maxLength(64, 'validation.invalid'))
const isoTime = v.pipe(v.string(), v.isoTimestamp('validation.invalid'))
/** a cloud storage fileID (`cloud://env.xxx/path`) as `Taro.cloud.uploadFile` returns it */
const fileId = v.pipe(v.string(), v.regex(/^cloud:\/\/[^\s]{1,300}$/, 'validation.invalid'))

export const LocationSchema = v.object({
  latitude: v.pipe(v.number(), v.minValue(-90, 'validation.invalid'), v.maxValue(90, 'validation.invalid')),
  longitude: v.pipe(v.number(), v.minValue(-180, 'validation.invalid'), v.maxValue(180, 'validation.invalid')),
  /** metres, as wx.getLocation reports it */
  accuracy: v.pipe(v.number(), v.minValue(0, 'validation.invalid'), v.maxValue(100_000, 'validation.invalid')),
})

export const NeedSchema = v.object({
  text: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'validation.required'),
    v.maxLength(NEED_TEXT_MAX, 'validation.tooLong'),
  ),
})

/** What the form collects and the outbox sends; the function re-validates it, then checks the clock. */
export const ContactInputSchema = v.pipe(
  v.object({
    id: uuid,
    householdId: id,
    channel: v.picklist(CHANNELS, 'contacts.channelRequired'),
    /** when the contact happened (ISO 8601 with zone), not when it was sent */
    at: isoTime,
    topics: v.pipe(
      v.array(v.picklist(TOPICS, 'validation.invalid')),
      v.minLength(1, 'contacts.topicsRequired'),
      v.maxLength(TOPICS.length, 'validation.invalid'),
      v.check((list) => new Set(list).size === list.length, 'validation.invalid'),
    ),
    notes: v.pipe(v.string(), v.maxLength(NOTES_MAX, 'validation.tooLong')),
    photos: v.pipe(v.array(fileId), v.maxLength(PHOTOS_MAX, 'contacts.tooManyPhotos')),
    /** true only when the official agreed to share the place of this visit */
    locationConsent: v.optional(v.boolean(), false),
    location: v.optional(LocationSchema),
    needs: v.pipe(v.array(NeedSchema), v.maxLength(NEEDS_MAX, 'validation.invalid')),
  }),
  v.forward(
    v.check((c) => c.location === undefined || c.channel === 'visit', 'contacts.locationVisitOnly'),
    ['location'],
  ),
  v.forward(
    v.check((c) => c.location === undefined || c.locationConsent === true, 'contacts.locationConsent'),
    ['location'],
  ),
)
export type ContactInput = v.InferOutput<typeof ContactInputSchema>

export const HouseholdRowSchema = v.object({
  id: v.string(),
  headName: BilingualSchema,
  memberCount: v.number(),
  regionPath: v.array(v.string()),
  lastContactAt: v.nullable(v.string()),
  /** null when never contacted */
  daysSince: v.nullable(v.number()),
  overdue: v.boolean(),
  /** the overdue period that applies to this household's region */
  periodDays: v.number(),
  riskLevel: v.picklist(RISK_LEVELS),
  openNeeds: v.number(),
})
export type HouseholdRow = v.InferOutput<typeof HouseholdRowSchema>

export const ContactViewSchema = v.object({
  id: v.string(),
  householdId: v.string(),
  officialId: v.string(),
  officialName: BilingualSchema,
  channel: v.picklist(CHANNELS),
  at: v.string(),
  topics: v.array(v.picklist(TOPICS)),
  /** empty when moderation held the text back from the household */
  notes: v.string(),
  photos: v.array(v.string()),
  /** temporary download URLs, in the order of `photos` ('' where one could not be made) */
  photoUrls: v.array(v.string()),
  needs: v.array(v.string()),
  confirmedAt: v.nullable(v.string()),
})
export type ContactView = v.InferOutput<typeof ContactViewSchema>

export const COUNTER_NAMES = [
  'contacts',
  'householdsContacted',
  'visits',
  'visitsConfirmed',
  'overdueHouseholds',
  'riskNone',
  'riskWatch',
  'riskHigh',
] as const
export type CounterName = (typeof COUNTER_NAMES)[number]
export const CountersSchema = v.object(
  Object.fromEntries(COUNTER_NAMES.map((name) => [name, v.number()])) as Record<CounterName, v.NumberSchema<undefined>>,
)
export type Counters = v.InferOutput<typeof CountersSchema>

/** `2025-03` (a month) or `2025-Q1` (a quarter), in China time */
export const PeriodSchema = v.pipe(v.string(), v.regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, 'validation.invalid'))

const MemberSheetSchema = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'validation.required'), v.maxLength(40, 'validation.tooLong')),
  relation: v.picklist(['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other']),
  birthYear: v.pipe(v.number(), v.integer(), v.minValue(1900), v.maxValue(2100)),
  schooling: v.picklist(['none', 'preschool', 'primary', 'junior', 'senior', 'vocational', 'college', 'monastic']),
  health: v.picklist(['good', 'chronic', 'serious', 'disabled']),
  work: v.picklist(['farming', 'herding', 'migrant', 'local', 'public', 'student', 'retired', 'monastic', 'none']),
})

export const INCOME_SOURCES = [
  'farming',
  'herding',
  'cordyceps',
  'migrant',
  'local',
  'subsidy',
  'business',
  'other',
] as const

export const InfoSheetSchema = v.object({
  members: v.pipe(v.array(MemberSheetSchema), v.minLength(1, 'validation.required'), v.maxLength(30)),
  incomeSources: v.pipe(v.array(v.picklist(INCOME_SOURCES)), v.maxLength(INCOME_SOURCES.length)),
  /** yuan per year, as the household reports it */
  annualIncome: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(10_000_000))),
  students: v.pipe(
    v.array(
      v.object({
        name: v.pipe(
          v.string(),
          v.trim(),
          v.minLength(1, 'validation.required'),
          v.maxLength(40, 'validation.tooLong'),
        ),
        school: v.pipe(v.string(), v.maxLength(80, 'validation.tooLong')),
        grade: v.pipe(v.string(), v.maxLength(20, 'validation.tooLong')),
      }),
    ),
    v.maxLength(20),
  ),
})
export type InfoSheet = v.InferOutput<typeof InfoSheetSchema>

export const contacts = defineFunction('contacts', {
  /** The official's paired households, most urgent first, in one call. */
  myHouseholds: action({
    input: v.object({}),
    output: v.object({ households: v.array(HouseholdRowSchema), overdueCount: v.number() }),
    roles: ['official'],
    scope: 'self',
    list: true,
  }),
  /** Idempotent by `id`: a resend answers `duplicate`; the same id with other content is a CONFLICT. */
  logContact: action({
    input: ContactInputSchema,
    output: v.object({ id: v.string(), status: v.picklist(['created', 'duplicate']) }),
    roles: ['official'],
    scope: 'household',
    writes: true,
  }),
  /** Contacts logged with a household, newest first: for its members and its officials. */
  householdContacts: action({
    input: v.object({ householdId: v.optional(id), before: v.optional(isoTime) }),
    output: v.object({ contacts: v.array(ContactViewSchema), more: v.boolean() }),
    roles: ['household', 'official'],
    scope: 'household',
    list: true,
  }),
  /** One tap by a household member: "yes, this visit happened". */
  confirmVisit: action({
    input: v.object({ householdId: id, contactId: uuid }),
    output: v.object({ id: v.string(), confirmedAt: v.string() }),
    roles: ['household'],
    scope: 'household',
    writes: true,
  }),
  updateInfoSheet: action({
    input: v.object({ householdId: id, sheet: InfoSheetSchema }),
    output: v.object({ version: v.number() }),
    roles: ['official'],
    scope: 'household',
    writes: true,
  }),
  /** 防止返贫监测: only the household's officials or the office of its village (or above) */
  setRiskLevel: action({
    input: v.object({
      householdId: id,
      level: v.picklist(RISK_LEVELS),
      reason: v.pipe(
        v.string(),
        v.trim(),
        v.minLength(1, 'validation.required'),
        v.maxLength(REASON_MAX, 'validation.tooLong'),
      ),
      /** YYYY-MM-DD: when the situation was assessed */
      date: v.pipe(v.string(), v.isoDate('validation.invalid')),
    }),
    output: v.object({ riskLevel: v.picklist(RISK_LEVELS), changed: v.boolean() }),
    roles: ['official', 'office'],
    scope: 'household',
    writes: true,
  }),
  rollup: action({
    input: v.object({
      axis: v.picklist(['region', 'department']),
      key: id,
      period: PeriodSchema,
    }),
    output: v.object({ axis: v.string(), key: v.string(), period: v.string(), counters: CountersSchema }),
    roles: ['office', 'department', 'admin'],
    scope: 'region',
    list: true,
  }),
  /** Rebuilds every counter from the raw records and reports where the stored ones differed. */
  recount: action({
    input: v.object({ fix: v.optional(v.boolean(), true) }),
    output: v.object({
      checked: v.number(),
      differences: v.array(v.object({ id: v.string(), counter: v.string(), stored: v.number(), actual: v.number() })),
    }),
    roles: ['admin'],
    scope: 'global',
    writes: true,
  }),
})
