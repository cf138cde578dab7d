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

/** a routine keeping in touch (日常联系), policy, family virtues, customs reform (移风易俗), employment, schooling, hardship */
export const TOPICS = ['routine', 'policy', 'virtues', 'customs', 'employment', 'schooling', 'hardship'] as const
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
/** a voice note is a few words for the record, not an interview */
export const VOICE_NOTE_MAX_SEC = 60

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
    /** optional: a phone call or a visit counts whether or not the official names what it was about */
    topics: v.pipe(
      v.array(v.picklist(TOPICS, 'validation.invalid')),
      v.maxLength(TOPICS.length, 'validation.invalid'),
      v.check((list) => new Set(list).size === list.length, 'validation.invalid'),
    ),
    notes: v.pipe(v.string(), v.maxLength(NOTES_MAX, 'validation.tooLong')),
    photos: v.pipe(v.array(fileId), v.maxLength(PHOTOS_MAX, 'contacts.tooManyPhotos')),
    /** the official's recording, uploaded into the contact's own folder like its photos */
    voiceNote: v.optional(fileId),
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
  /** this official's visits the household has not confirmed yet */
  unconfirmedVisits: v.number(),
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
  /** the official's recording as a temporary URL; null when there is none (or no URL could be made) */
  voiceNote: v.nullable(v.object({ url: v.string() })),
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

/** the info sheet's picklists, in the order the sheet screen offers them */
export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other'] as const
export const SCHOOLING = [
  'none',
  'preschool',
  'primary',
  'junior',
  'senior',
  'vocational',
  'college',
  'monastic',
] as const
export const HEALTH = ['good', 'chronic', 'serious', 'disabled'] as const
export const WORK = [
  'farming',
  'herding',
  'migrant',
  'local',
  'public',
  'student',
  'retired',
  'monastic',
  'none',
] as const

const MemberSheetSchema = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'validation.required'), v.maxLength(40, 'validation.tooLong')),
  relation: v.picklist(RELATIONS),
  birthYear: v.pipe(v.number(), v.integer(), v.minValue(1900), v.maxValue(2100)),
  schooling: v.picklist(SCHOOLING),
  health: v.picklist(HEALTH),
  work: v.picklist(WORK),
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

/** who saved a sheet or set a risk level: an official by name, or an office by its region's name */
const ByWhomSchema = v.object({ kind: v.picklist(['official', 'office']), name: BilingualSchema })
export type ByWhom = v.InferOutput<typeof ByWhomSchema>

/** The sheet as a caller may see it: a member's health and a monastic schooling or work are left out for
 * roles that may not see sensitive categories (cloudfunctions/_shared/access.ts). */
export const InfoSheetViewSchema = v.object({
  members: v.array(
    v.object({
      name: v.string(),
      relation: v.picklist(RELATIONS),
      /** absent where the roster gave none: the sheet screen asks for it */
      birthYear: v.optional(v.number()),
      schooling: v.optional(v.picklist(SCHOOLING)),
      health: v.optional(v.picklist(HEALTH)),
      work: v.optional(v.picklist(WORK)),
    }),
  ),
  incomeSources: v.array(v.picklist(INCOME_SOURCES)),
  annualIncome: v.optional(v.number()),
  students: v.array(v.object({ name: v.string(), school: v.string(), grade: v.string() })),
})
export type InfoSheetView = v.InferOutput<typeof InfoSheetViewSchema>

export const RiskEntrySchema = v.object({
  before: v.picklist(RISK_LEVELS),
  level: v.picklist(RISK_LEVELS),
  reason: v.string(),
  /** the China day the situation was assessed */
  date: v.string(),
  /** when it was saved */
  at: v.string(),
  by: v.nullable(ByWhomSchema),
})
export type RiskEntry = v.InferOutput<typeof RiskEntrySchema>

export const HouseholdRecordSchema = v.object({
  village: BilingualSchema,
  /** the stored sheet, or one drawn from the roster's members when none is stored (`stored` false) */
  sheet: InfoSheetViewSchema,
  stored: v.boolean(),
  /** how many times it was saved or confirmed; 0 before the first */
  version: v.number(),
  confirmedAt: v.nullable(v.string()),
  confirmedBy: v.nullable(ByWhomSchema),
  risk: v.object({ level: v.picklist(RISK_LEVELS), reason: v.nullable(v.string()), date: v.nullable(v.string()) }),
  /** the risk level's changes, newest first (the latest 20) */
  history: v.array(RiskEntrySchema),
  /** only the household's paired officials save its sheet */
  mayEditSheet: v.boolean(),
  /** paired officials and village or township offices set its risk level */
  mayEditRisk: v.boolean(),
  sensitiveShown: v.boolean(),
})
export type HouseholdRecord = v.InferOutput<typeof HouseholdRecordSchema>

export const contacts = defineFunction('contacts', {
  /** The official's paired households, most urgent first, in one call. */
  myHouseholds: action({
    input: v.object({}),
    output: v.object({
      households: v.array(HouseholdRowSchema),
      overdueCount: v.number(),
      /** households with a visit of this official's they have not confirmed yet */
      unconfirmedCount: v.number(),
    }),
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
  /** The household's info sheet (who last saved or confirmed it, and when) and its risk level with the
   * history of changes: for its paired officials and the offices over its village. Audited when sensitive
   * categories are shown. */
  householdRecord: action({
    input: v.object({ householdId: id }),
    output: HouseholdRecordSchema,
    roles: ['official', 'office'],
    scope: 'household',
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
