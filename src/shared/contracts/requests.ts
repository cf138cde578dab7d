/**
 * Hardship relief requests (困难诉求, issue 14): the prefecture office keeps the working-day calendar, a
 * department keeps its service menu, and a household reports a difficulty — itself, through a paired
 * official's outbox, or through the office of its region. The request is routed to the unit the menu names
 * for the household's place, or to the township work office (兜底) with the reason.
 *
 * The household reads its own requests and where each is; its paired officials read them for it. Nobody
 * else reads a household's requests through these actions.
 */
import * as v from 'valibot'
import { BilingualSchema } from '../bilingual'
import { action, defineFunction } from '../contract'
import { levelOf, normaliseRegion } from '../region'
import type { RoleGrant } from './identity'
import { riskActions } from './risk'

export const REQUEST_TEXT_MAX = 500
/** a page of a household's requests, the newest first */
export const REQUESTS_PAGE = 20
export const SERVICE_NAME_MAX = 40
export const SERVICE_PREPARE_MAX = 300
/** the regions one service may list (a county's townships, with room) */
export const SERVICE_REGIONS_MAX = 40
export const CALENDAR_DAYS_MAX = 60
/** working days a household has to answer a resolution before it closes as resolved and not confirmed by the
 * household (cloudfunctions/requests/domain/clocks.ts says why this many) */
export const ANSWER_DAYS = 10

const REQUEST_STATES = [
  'submitted',
  'assigned',
  'accepted',
  'returned',
  'resolved',
  'reopened',
  'confirmed',
  'merged',
  'closed',
] as const
const LEVELS = ['township', 'county', 'prefecture'] as const

const uuid = v.pipe(
  v.string(),
  v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'validation.invalid'),
)
const id = v.pipe(v.string(), v.minLength(1, 'validation.required'), v.maxLength(64, 'validation.invalid'))
/** a category's key on the prefecture office's list, or `other` */
const category = v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]{0,31}$/, 'validation.invalid'))
const day = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.invalid'))
const year = v.pipe(
  v.number(),
  v.integer('validation.invalid'),
  v.minValue(2020, 'validation.invalid'),
  v.maxValue(2100, 'validation.invalid'),
)
const regionCode = v.pipe(v.string(), v.regex(/^\d{12}$/, 'validation.invalid'))
const bilingualName = (max: number) =>
  v.object({
    'zh-Hans': v.pipe(v.string(), v.trim(), v.maxLength(max, 'validation.tooLong')),
    bo: v.pipe(v.string(), v.trim(), v.maxLength(max, 'validation.tooLong')),
  })

export const REQUEST_PHOTOS_MAX = 9
const fileId = v.pipe(v.string(), v.minLength(1, 'validation.required'), v.maxLength(400, 'validation.invalid'))

/** A report says what the difficulty is in words, in a recording (for those who do not write), or both. */
export const ReportInputSchema = v.pipe(
  v.object({
    /** made on the phone (or the official's outbox), so a resend is stored once; it names the upload folder */
    id: uuid,
    householdId: id,
    category,
    /** may stay empty when a recording says it */
    text: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(REQUEST_TEXT_MAX, 'validation.tooLong')), ''),
    /** fileIDs under `requests/<id>/` (src/shared/storage.ts) */
    photos: v.optional(v.pipe(v.array(fileId), v.maxLength(REQUEST_PHOTOS_MAX, 'validation.invalid'))),
    voice: v.optional(fileId),
  }),
  v.forward(
    v.check((r) => r.text.length > 0 || r.voice !== undefined, 'requests.textOrVoice'),
    ['text'],
  ),
)
export type ReportInput = v.InferOutput<typeof ReportInputSchema>

const UnitSchema = v.object({ kind: v.picklist(['department', 'office']), level: v.picklist(LEVELS) })

/** A stored file with a temporary URL ('' when none could be made). */
const MediaSchema = v.object({ fileId: v.string(), url: v.string() })

/** the newest steps of a request its household reads (with the submission, always first) */
export const ITEM_EVENTS_MAX = 20

/** One step of a request as its household reads it: the unit by kind and level, never a person. Steps between
 * units (an extension asked or refused) are left out; a return is shown without the unit's reason. */
export const ItemEventSchema = v.object({
  type: v.picklist([
    'submit',
    'assign',
    'accept',
    'progress',
    'return',
    'extendGrant',
    'resolve',
    'confirm',
    'merge',
    'close',
    /** the answer window passed: resolved, not confirmed by the household (it may still answer) */
    'unanswered',
  ]),
  at: v.string(),
  unit: v.optional(UnitSchema),
  /** a progress or resolution note, or why it was closed */
  text: v.optional(v.string()),
  /** working days an extension added, or the answer window that passed */
  days: v.optional(v.number()),
  answer: v.optional(v.picklist(['solved', 'partly', 'unsolved'])),
  rating: v.optional(v.picklist(['satisfied', 'neutral', 'unsatisfied'])),
  /** a paired official answered for the household during a visit */
  onBehalf: v.optional(v.boolean()),
  /** a unit's progress photos, only where one request is read (`item`) */
  photos: v.optional(v.array(MediaSchema)),
})
export type ItemEvent = v.InferOutput<typeof ItemEventSchema>

/** One request as the household (or its paired official) sees it: where it is and who has it, by kind and level. */
export const RequestItemSchema = v.object({
  id: v.string(),
  category: v.string(),
  text: v.string(),
  source: v.picklist(['household', 'official', 'office']),
  state: v.picklist(REQUEST_STATES),
  /** the unit handling it now; absent while with the work office that routes it */
  unit: v.optional(UnitSchema),
  /** why the township work office took it, in the reader's language */
  fallback: v.optional(v.string()),
  /** how many events it holds: what an answer sends back as `events` */
  events: v.number(),
  /** its steps, oldest first (the submission and the newest ITEM_EVENTS_MAX − 1) */
  timeline: v.array(ItemEventSchema),
  /** the overall deadline while a unit works on it (extensions included); null once resolved or finished */
  due: v.nullable(v.string()),
  /** the overall deadline passed before it was resolved */
  overdue: v.boolean(),
  /** a recording and how many photos came with the report */
  voice: v.boolean(),
  photos: v.number(),
  createdAt: v.string(),
  updatedAt: v.string(),
})
export type RequestItem = v.InferOutput<typeof RequestItemSchema>

export const ServiceInputSchema = v.object({
  /** made on the screen, so saving twice edits the same service */
  id: uuid,
  departmentId: id,
  category,
  level: v.picklist(['county', 'township'], 'validation.invalid'),
  regions: v.pipe(
    v.array(regionCode),
    v.minLength(1, 'validation.required'),
    v.maxLength(SERVICE_REGIONS_MAX, 'validation.invalid'),
  ),
  deadlineDays: v.pipe(
    v.number(),
    v.integer('validation.invalid'),
    v.minValue(1, 'validation.invalid'),
    v.maxValue(60, 'validation.invalid'),
  ),
  name: bilingualName(SERVICE_NAME_MAX),
  prepare: bilingualName(SERVICE_PREPARE_MAX),
})
export type ServiceInput = v.InferOutput<typeof ServiceInputSchema>

const ServiceSchema = v.object({
  id: v.string(),
  departmentId: v.string(),
  category: v.string(),
  level: v.picklist(['county', 'township']),
  regions: v.array(v.string()),
  deadlineDays: v.number(),
  name: BilingualSchema,
  prepare: BilingualSchema,
  active: v.boolean(),
  updatedAt: v.string(),
})

export const CalendarInputSchema = v.object({
  year,
  holidays: v.pipe(v.array(day), v.maxLength(CALENDAR_DAYS_MAX, 'validation.invalid')),
  workdays: v.pipe(v.array(day), v.maxLength(CALENDAR_DAYS_MAX, 'validation.invalid')),
})

/** Who keeps the working-day calendar: an office grant at the prefecture, or an administrator. */
export function keepsCalendar(grants: readonly RoleGrant[]): boolean {
  return grants.some(
    (g) => g.role === 'admin' || (g.role === 'office' && levelOf(normaliseRegion(g.region)) === 'prefecture'),
  )
}

/** The category list is kept by the same people as the calendar. */
export const keepsCategories = keepsCalendar

/** The category a household picks when nothing on the menu fits: always offered, never on a department's menu. */
export const OTHER_CATEGORY = 'other'
export const CATEGORY_NAME_MAX = 20
/** how many categories the list may hold, retired ones included (the list is read whole) */
export const CATEGORIES_MAX = 60

export const CategoryInputSchema = v.object({
  key: category,
  /** households pick a category by this name: both languages are required */
  name: v.object({
    'zh-Hans': v.pipe(
      v.string(),
      v.trim(),
      v.minLength(1, 'validation.required'),
      v.maxLength(CATEGORY_NAME_MAX, 'validation.tooLong'),
    ),
    bo: v.pipe(
      v.string(),
      v.trim(),
      v.minLength(1, 'validation.required'),
      v.maxLength(CATEGORY_NAME_MAX * 2, 'validation.tooLong'),
    ),
  }),
  active: v.boolean(),
})
export type CategoryInput = v.InferOutput<typeof CategoryInputSchema>

const CategorySchema = v.object({
  key: v.string(),
  name: BilingualSchema,
  active: v.boolean(),
  /** absent for the built-in `other` */
  updatedAt: v.optional(v.string()),
})
export type Category = v.InferOutput<typeof CategorySchema>

/** A region a department's service may cover, by name: the department's own region and those just under it. */
const PlaceSchema = v.object({
  code: v.string(),
  name: BilingualSchema,
  level: v.picklist(['prefecture', 'county', 'township', 'village']),
})

const reason = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'validation.required'),
  v.maxLength(REQUEST_TEXT_MAX, 'validation.tooLong'),
)
const note = v.pipe(v.string(), v.trim(), v.maxLength(REQUEST_TEXT_MAX, 'validation.tooLong'))
const days = (max: number) =>
  v.pipe(
    v.number(),
    v.integer('validation.invalid'),
    v.minValue(1, 'validation.invalid'),
    v.maxValue(max, 'validation.invalid'),
  )

/** What a unit does to a request (the rules are cloudfunctions/requests/domain/lifecycle.ts). */
export const StepSchema = v.variant('type', [
  v.object({ type: v.literal('accept') }),
  /** a note, a photo (from the request's own upload folder) or both */
  v.object({
    type: v.literal('progress'),
    note,
    photos: v.optional(v.pipe(v.array(fileId), v.maxLength(REQUEST_PHOTOS_MAX, 'validation.invalid'))),
  }),
  v.object({ type: v.literal('return'), reason }),
  v.object({ type: v.literal('resolve'), note: reason }),
  v.object({ type: v.literal('extendAsk'), days: days(30), reason }),
  v.object({ type: v.literal('extendGrant'), days: days(30) }),
  v.object({ type: v.literal('extendRefuse'), reason }),
  /** the work office that routes it sends a returned request on: to a department at a level, or keeps it */
  v.object({
    type: v.literal('assign'),
    departmentId: v.optional(id),
    level: v.picklist(['township', 'county'], 'validation.invalid'),
    deadlineDays: days(60),
  }),
  v.object({ type: v.literal('merge'), into: uuid }),
  v.object({ type: v.literal('close'), reason }),
])
export type Step = v.InferOutput<typeof StepSchema>

export const ActInputSchema = v.object({
  id: uuid,
  /** how many events the caller saw: a request that changed meanwhile is refused, not overwritten */
  events: v.pipe(
    v.number(),
    v.integer('validation.invalid'),
    v.minValue(1, 'validation.invalid'),
    v.maxValue(10_000, 'validation.invalid'),
  ),
  step: StepSchema,
})
export type ActInput = v.InferOutput<typeof ActInputSchema>

export const AnswerInputSchema = v.object({
  id: uuid,
  householdId: id,
  events: v.pipe(
    v.number(),
    v.integer('validation.invalid'),
    v.minValue(1, 'validation.invalid'),
    v.maxValue(10_000, 'validation.invalid'),
  ),
  answer: v.picklist(['solved', 'partly', 'unsolved'], 'validation.invalid'),
  rating: v.optional(v.picklist(['satisfied', 'neutral', 'unsatisfied'], 'validation.invalid')),
})
export type AnswerInput = v.InferOutput<typeof AnswerInputSchema>

/** One request in a unit's inbox: the household by its village only, the text with numbers masked. */
export const InboxItemSchema = v.object({
  id: v.string(),
  category: v.string(),
  text: v.string(),
  state: v.picklist(REQUEST_STATES),
  /** the household's place (its village code); who it is takes the audited detail */
  region: v.string(),
  /** that village's name */
  place: BilingualSchema,
  events: v.number(),
  /** the running deadline and whether the overall one has passed */
  due: v.nullable(v.string()),
  overdue: v.boolean(),
  /** the level watching it now (above its unit when escalated) */
  escalationLevel: v.picklist(LEVELS),
  /** why the caller sees it: the unit handling it, its dispatcher, a level above it was escalated to, or the
   * office asked for an extension */
  as: v.picklist(['unit', 'dispatcher', 'escalated', 'extension']),
  createdAt: v.string(),
})
export type InboxItem = v.InferOutput<typeof InboxItemSchema>
export const INBOX_PAGE = 20
export const INBOX_PAGES_MAX = 500

/** A unit as a request's reader sees it: its kind and level, and its name (a department's, or the office's region's). */
const UnitNameSchema = v.object({
  kind: v.picklist(['department', 'office']),
  level: v.picklist(LEVELS),
  name: BilingualSchema,
})
export type UnitName = v.InferOutput<typeof UnitNameSchema>

export const STEP_TYPES = [
  'accept',
  'progress',
  'return',
  'resolve',
  'extendAsk',
  'extendGrant',
  'extendRefuse',
  'assign',
  'merge',
  'close',
] as const
export type StepType = (typeof STEP_TYPES)[number]

/** One entry of a request's timeline: who acted by role and unit, never by person. */
export const TimelineEntrySchema = v.object({
  /** `identify`: a risk lead's result, recorded by the county's team */
  /** `unanswered`: the household gave no answer within the window after a resolution (it may still answer) */
  type: v.picklist([...STEP_TYPES, 'submit', 'confirm', 'identify', 'unanswered']),
  at: v.string(),
  /** `routing` when the menu (or the 兜底 rule) assigned it */
  by: v.picklist(['household', 'official', 'office', 'department', 'routing']),
  unit: v.optional(UnitNameSchema),
  /** a progress or resolution note, or the reason of a return, a close, an extension asked or refused */
  text: v.optional(v.string()),
  /** working days: an assignment's deadline, an extension asked or granted, the answer window that passed */
  days: v.optional(v.number()),
  photos: v.optional(v.array(MediaSchema)),
  answer: v.optional(v.picklist(['solved', 'partly', 'unsolved'])),
  rating: v.optional(v.picklist(['satisfied', 'neutral', 'unsatisfied'])),
  onBehalf: v.optional(v.boolean()),
  /** the request a duplicate was merged into */
  into: v.optional(v.string()),
  /** why the township work office took it: a catalogue key, worded on the screen in the reader's language */
  fallback: v.optional(v.string()),
})
export type TimelineEntry = v.InferOutput<typeof TimelineEntrySchema>

/** One request for those who may read it whole (audited): its timeline, media and the household by its village. */
export const RequestDetailSchema = v.object({
  id: v.string(),
  category: v.string(),
  text: v.string(),
  source: v.picklist(['household', 'official', 'office']),
  state: v.picklist(REQUEST_STATES),
  /** how many events it holds: what a step sends back as `events` */
  events: v.number(),
  /** the household's village code beside its name: a dispatcher's departments are those of its region */
  household: v.object({ id: v.string(), name: BilingualSchema, region: v.string(), place: BilingualSchema }),
  photos: v.array(MediaSchema),
  voice: v.nullable(MediaSchema),
  unit: v.nullable(UnitNameSchema),
  dispatcher: UnitNameSchema,
  due: v.nullable(v.string()),
  overdue: v.boolean(),
  escalationLevel: v.picklist(LEVELS),
  /** an extension asked and not yet answered */
  pending: v.nullable(v.object({ days: v.number(), reason: v.string(), level: v.picklist(LEVELS) })),
  mergedInto: v.nullable(v.string()),
  /** why the caller may read it */
  as: v.picklist(['unit', 'dispatcher', 'escalated', 'extension', 'household', 'official']),
  /** the steps the caller may take now, as lifecycle.ts allows them in this state */
  steps: v.array(v.picklist(STEP_TYPES)),
  timeline: v.array(TimelineEntrySchema),
  createdAt: v.string(),
})
export type RequestDetail = v.InferOutput<typeof RequestDetailSchema>

/** The rate counters of a region or unit (cloudfunctions/requests/domain/rates.ts says what each counts). */
const RateCountersSchema = v.object({
  collected: v.number(),
  assigned: v.number(),
  responded: v.number(),
  answered: v.number(),
  solved: v.number(),
  solvedOnTime: v.number(),
  rated: v.number(),
  satisfied: v.number(),
  merged: v.number(),
  closed: v.number(),
  unconfirmed: v.number(),
})
const share = v.nullable(v.number())

/** One row of the rates: a region, or a unit (a department, or a work office) with the place it acts for. */
export const RatesRowSchema = v.object({
  /** a region code, or `department:<id>` / `office:<region>` */
  key: v.string(),
  kind: v.picklist(['region', 'department', 'office']),
  name: BilingualSchema,
  /** a unit's place, by name */
  place: v.optional(BilingualSchema),
  counters: RateCountersSchema,
  /** fractions 0–1; null where nothing is counted yet (a screen shows "—", not 0 %) */
  rates: v.object({ response: share, solution: share, onTime: share, satisfaction: share }),
})
export type RatesRow = v.InferOutput<typeof RatesRowSchema>

/** administrators first: the fuzz harness and the matrix call an action as its first role */
const STAFF = ['admin', 'office', 'department'] as const

export const requests = defineFunction('requests', {
  /** A year of the working-day calendar: the stored one, or weekends and the built-in holidays. */
  calendar: action({
    input: v.object({ year }),
    output: v.object({
      year: v.number(),
      holidays: v.array(v.string()),
      workdays: v.array(v.string()),
      /** false while nobody has entered the year (deadlines then count the built-in days or weekends only) */
      stored: v.boolean(),
    }),
    roles: STAFF,
    scope: 'none',
  }),
  /** Enters or corrects a year of the calendar (the prefecture office). */
  setCalendar: action({
    input: CalendarInputSchema,
    output: v.object({ year: v.number(), updatedAt: v.string() }),
    roles: ['admin', 'office'],
    scope: 'none',
    writes: true,
  }),
  /** A department's service menu, retired services included, with the regions its services may cover. */
  services: action({
    input: v.object({ departmentId: id }),
    output: v.object({
      items: v.array(ServiceSchema),
      department: v.object({ id: v.string(), name: BilingualSchema, level: v.picklist(['prefecture', 'county']) }),
      places: v.array(PlaceSchema),
    }),
    roles: STAFF,
    scope: 'department',
  }),
  /** Adds or edits a service on the department's menu. */
  saveService: action({
    input: ServiceInputSchema,
    output: v.object({ id: v.string(), updatedAt: v.string() }),
    roles: ['admin', 'department'],
    scope: 'department',
    writes: true,
  }),
  /** Takes a service off the menu; requests already routed to it keep their unit. */
  retireService: action({
    input: v.object({ departmentId: id, id: uuid }),
    output: v.object({ id: v.string(), updatedAt: v.string() }),
    roles: ['admin', 'department'],
    scope: 'department',
    writes: true,
  }),
  /** The prefecture office's category list, `other` last: active ones for those who report, retired ones too
   * for staff. */
  categories: action({
    input: v.object({}),
    output: v.object({ items: v.array(CategorySchema) }),
    roles: ['admin', 'office', 'department', 'official', 'household'],
    scope: 'none',
  }),
  /** Adds, renames, retires or brings back a category (the prefecture office). */
  saveCategory: action({
    input: CategoryInputSchema,
    output: v.object({ key: v.string(), updatedAt: v.string() }),
    roles: ['admin', 'office'],
    scope: 'none',
    writes: true,
  }),
  /** What a household can ask for at its place: one service per category (the one routing would pick), and
   * what to prepare. The category `other` is always open besides. */
  menu: action({
    input: v.object({ householdId: id }),
    output: v.object({
      items: v.array(
        v.object({
          category: v.string(),
          name: BilingualSchema,
          prepare: BilingualSchema,
          level: v.picklist(['county', 'township']),
          deadlineDays: v.number(),
        }),
      ),
    }),
    roles: ['household', 'official', 'office'],
    scope: 'household',
  }),
  /** Reports a difficulty for a household; a resend of the same id answers the stored request. */
  report: action({
    input: ReportInputSchema,
    output: v.object({
      id: v.string(),
      status: v.picklist(['created', 'duplicate']),
      state: v.picklist(REQUEST_STATES),
      unit: UnitSchema,
      fallback: v.optional(v.string()),
    }),
    roles: ['household', 'official', 'office'],
    scope: 'household',
    writes: true,
  }),
  /** The caller's household's requests, the newest first. */
  mine: action({
    input: v.object({}),
    output: v.object({ items: v.array(RequestItemSchema) }),
    roles: ['household'],
    scope: 'none',
    list: true,
  }),
  /** One of the caller's household's requests by its id, however old, with the report's recording and photos and
   * the units' progress photos; another household's request (or a risk lead) is refused alike whether it
   * exists or not. The household's read of its own request is not audited, as with `detail`. */
  item: action({
    input: v.object({ id: uuid }),
    output: v.object({ item: RequestItemSchema, voice: v.nullable(MediaSchema), photos: v.array(MediaSchema) }),
    roles: ['household'],
    scope: 'none',
  }),
  /** A unit's step on a request: accept, progress, return, resolve, extension asked or answered, assign after a
   * return, merge, close. Refused when the request changed since the caller saw it. */
  act: action({
    input: ActInputSchema,
    output: v.object({ id: v.string(), state: v.picklist(REQUEST_STATES), events: v.number() }),
    roles: ['office', 'department'],
    scope: 'none',
    writes: true,
  }),
  /** A unit's open requests, the soonest due first, a page at a time. */
  inbox: action({
    input: v.object({
      state: v.optional(v.picklist(REQUEST_STATES, 'validation.invalid')),
      page: v.optional(
        v.pipe(
          v.number(),
          v.integer('validation.invalid'),
          v.minValue(0, 'validation.invalid'),
          v.maxValue(INBOX_PAGES_MAX, 'validation.invalid'),
        ),
      ),
    }),
    output: v.object({ items: v.array(InboxItemSchema), more: v.boolean() }),
    roles: ['office', 'department'],
    scope: 'none',
    list: true,
  }),
  /** The household's answer to a resolution (or its paired official's, on its behalf): solved, or reopened. */
  answer: action({
    input: AnswerInputSchema,
    output: v.object({ id: v.string(), state: v.picklist(REQUEST_STATES), events: v.number() }),
    roles: ['household', 'official'],
    scope: 'household',
    writes: true,
  }),
  /** One request whole, for the unit handling it, its dispatcher, the offices it escalated to (or that answer its
   * extension), the household's paired officials and the household; every read but the household's own is audited. */
  detail: action({
    input: v.object({ id: uuid }),
    output: RequestDetailSchema,
    roles: ['office', 'department', 'household', 'official'],
    scope: 'none',
    writes: true,
  }),
  /** A paired household's requests, for its official. */
  forHousehold: action({
    input: v.object({ householdId: id }),
    output: v.object({ items: v.array(RequestItemSchema) }),
    roles: ['official'],
    scope: 'household',
    list: true,
  }),
  /** Requests collected and solved and the three rates (response, solution, satisfaction) of a region, its
   * regions one level down side by side, and each department and work office acting in it. An office reads its
   * region and below (its own without `region`); department staff read their own department's units. */
  rates: action({
    input: v.object({ region: v.optional(regionCode) }),
    output: v.object({
      /** absent for department staff, who read their units wherever they act */
      region: v.optional(v.object({ code: v.string(), name: BilingualSchema, level: v.string() })),
      total: RatesRowSchema,
      byRegion: v.array(RatesRowSchema),
      byUnit: v.array(RatesRowSchema),
    }),
    roles: STAFF,
    scope: 'none',
    list: true,
  }),
  /** Replays every request's events under a county (or, without one, checks the prefecture's counters against
   * its counties') and reports, and by default repairs, each stored rate counter that differs; with `periods`,
   * the counters of each month and quarter (`p:<period>:<id>`, the dashboard's) as well. */
  recount: action({
    input: v.object({
      county: v.optional(regionCode),
      fix: v.optional(v.boolean(), true),
      periods: v.optional(v.boolean(), false),
    }),
    output: v.object({
      checked: v.number(),
      differences: v.array(v.object({ id: v.string(), counter: v.string(), stored: v.number(), actual: v.number() })),
      /** the counties to recount one call each, then the prefecture last */
      counties: v.array(v.string()),
    }),
    roles: ['admin'],
    scope: 'global',
    writes: true,
  }),
  /** Sends a poverty-return risk lead to the county's 防返贫 team (a paired official, or a village or township
   * office); a resend of the same id answers the stored lead. */
  riskLead: action({
    ...riskActions.lead,
    roles: ['official', 'office'],
    scope: 'household',
    writes: true,
  }),
  /** A household's risk leads and their results, for its officials and the offices over it. */
  riskOf: action({ ...riskActions.of, roles: ['official', 'office'], scope: 'household', list: true }),
  /** The leads sent to the caller's 防返贫 team: waiting ones soonest due first, or decided ones newest first. */
  riskLeads: action({ ...riskActions.team, roles: ['department', 'office'], scope: 'none', list: true }),
  /** The team records the national monitoring system's result of a lead and the day it was decided. */
  riskResult: action({ ...riskActions.result, roles: ['department', 'office'], scope: 'none', writes: true }),
  /** A village's or township's public list (公示) of the households identified, for its office to print. */
  riskList: action({ ...riskActions.list, roles: ['office'], scope: 'region', list: true }),
})
