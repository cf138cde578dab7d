/**
 * The dashboard: an office's (or a department's) programme at a glance and one level down, read from
 * counters kept on write and by the nightly count, never by counting raw records on a call. Figures are
 * about households and how their needs are handled, never about an official's activity: there is no figure
 * per official anywhere in this contract.
 *
 * A figure that does not apply to the key (a department has no risk gauges or notices) or a rate with
 * nothing counted is null, which a screen shows as "—", never as 0.
 */
import * as v from 'valibot'
import { action, defineFunction } from '../contract'
import { BilingualSchema } from '../bilingual'
import { PeriodSchema } from './contacts'
import { PHASE_IDS, PhaseInputSchema, PhaseSchema, ProgressSchema } from '../phases'

const regionCode = v.pipe(v.string(), v.regex(/^\d{12}$/, 'validation.invalid'))
const id = v.pipe(v.string(), v.minLength(1, 'validation.required'), v.maxLength(64, 'validation.invalid'))

/** a count that may not apply to the key */
const count = v.nullable(v.number())
/** a fraction 0–1; null where nothing is counted */
const share = v.nullable(v.number())

export const AXES = ['region', 'department'] as const
export type Axis = (typeof AXES)[number]

/** The level of a key: the four region levels, or a department. */
export const KEY_LEVELS = ['prefecture', 'county', 'township', 'village', 'department'] as const

/** The 石榴籽 network's units by kind. */
export const NetworkSchema = v.object({ centre: v.number(), studio: v.number(), team: v.number() })

export const FiguresSchema = v.object({
  households: count,
  officials: count,
  /** households with at least one paired official */
  pairedHouseholds: count,
  /** pairedHouseholds / households */
  coverage: share,
  /** households contacted at least once in the period */
  householdsContacted: count,
  /** the contact target for the period where the prefecture office has set one; null while none is set */
  target: count,
  /** households overdue for contact at the period's end (the present, for the current period) */
  overdueHouseholds: count,
  visits: count,
  visitsConfirmed: count,
  riskWatch: count,
  riskHigh: count,
  /** requests collected, confirmed solved by the household, and of those solved on time, in the period */
  needsCollected: count,
  needsSolved: count,
  needsSolvedOnTime: count,
  /** the rates of every request so far (to the period's end): response, solution, on time, satisfaction */
  rates: v.object({ response: share, solution: share, onTime: share, satisfaction: share }),
  /** notices published in the period to the whole key's households, and the share of those households that read them */
  noticesPublished: count,
  noticeReadRate: share,
  /** the network's units in the region (null for a department) */
  network: v.nullable(NetworkSchema),
})
export type Figures = v.InferOutput<typeof FiguresSchema>

/** Opportunities for members (issue 16): recommendations made to the region's households' members in the
 * period, and the outcomes learned in it; a household's, never an official's. */
export const MemberOpportunitiesSchema = v.object({
  recommended: v.number(),
  applied: v.number(),
  hired: v.number(),
  enrolled: v.number(),
})
export type MemberOpportunities = v.InferOutput<typeof MemberOpportunitiesSchema>

export const KeySchema = v.object({
  axis: v.picklist(AXES),
  /** a region code or a department id */
  key: v.string(),
  name: BilingualSchema,
  level: v.picklist(KEY_LEVELS),
})
export type DashboardKey = v.InferOutput<typeof KeySchema>

const RowSchema = v.object({ ...KeySchema.entries, current: FiguresSchema, previous: FiguresSchema })
export type DashboardRow = v.InferOutput<typeof RowSchema>

// ---------------------------------------------------------------------------------------------------
// The households behind a figure, and the gentle reminder to their officials (cloudfunctions/dashboard/list.ts,
// remind.ts)

/** The figures whose households a list shows: overdue for contact, not contacted this month or quarter, at
 * risk, without a paired official, with a need past its deadline. */
export const LIST_FIGURES = ['overdue', 'notContacted', 'riskWatch', 'riskHigh', 'unpaired', 'needsOverdue'] as const
export type ListFigure = (typeof LIST_FIGURES)[number]
export const LIST_PAGE = 20
/** the most reminded households an official's list shows at once */
export const CARES_MAX = 50

/**
 * The subscription message telling an official that an office asked them to look in on a household. Its id is
 * issued per mini-program in the WeChat admin console; the function reads `CARE_TEMPLATE` from its environment
 * and falls back to this one, which the local cloud accepts like any other. Fields: thing1 the household's
 * village, thing2 what is asked, time3 when.
 */
export const CARE_TEMPLATE = 'household-care'

export const ListRowSchema = v.object({
  id: v.string(),
  headName: BilingualSchema,
  /** masked (`138****5678`), as the registry's lists show it */
  phoneMasked: v.string(),
  village: BilingualSchema,
  memberCount: v.number(),
  riskLevel: v.picklist(['none', 'watch', 'high']),
  /** the household's officials by name: who an office reminds, never a figure about them */
  officials: v.array(v.object({ id: v.string(), name: BilingualSchema })),
  /** whole China days since the latest contact (the department's own, on the department axis); null: never */
  daysSince: v.nullable(v.number()),
  /** when an office last reminded its officials, while that reminder holds */
  remindedAt: v.nullable(v.string()),
})
export type ListRow = v.InferOutput<typeof ListRowSchema>

export const CareSchema = v.object({
  householdId: v.string(),
  headName: BilingualSchema,
  village: BilingualSchema,
  remindedAt: v.string(),
  daysSince: v.nullable(v.number()),
})
export type Care = v.InferOutput<typeof CareSchema>

/** Whose figures: a region (offices, administrators) or a department; without either, the caller's own. */
const whose = {
  region: v.optional(regionCode),
  departmentId: v.optional(id),
  /** a month `2026-11` or a quarter `2026-Q4`; the current month in China time by default */
  period: v.optional(PeriodSchema),
}

/** The tables an office exports: a key's figures, one level down, the households behind a figure, a key's
 * last 12 China months, the progress against the current phase's targets. */
export const EXPORT_TABLES = ['home', 'drill', 'list', 'trend', 'progress'] as const

/** A key's progress against the current phase's targets (src/shared/phases.ts). */
const ProgressRowSchema = v.object({ ...KeySchema.entries, progress: ProgressSchema })

/** a trend's months, at most: a year back */
export const TREND_MONTHS = 12

/** administrators first: the fuzz harness and the matrix call an action as its first role */
const STAFF = ['admin', 'office', 'department'] as const

export const dashboard = defineFunction('dashboard', {
  /** The key's figures for the period and the one before it. */
  home: action({
    input: v.object(whose),
    output: v.object({
      ...KeySchema.entries,
      period: v.string(),
      previousPeriod: v.string(),
      current: FiguresSchema,
      previous: FiguresSchema,
      /** for a month: its quarter so far, households contacted against the quarter's target and beside the
       * quarter before (`previous`, households contacted in `previousPeriod`) */
      quarter: v.nullable(
        v.object({
          period: v.string(),
          householdsContacted: count,
          target: count,
          previousPeriod: v.string(),
          previous: count,
        }),
      ),
      /** when the nightly count last ran for the key (null before its first run) */
      countedAt: v.nullable(v.string()),
      /** a region's opportunities for members in the period and the one before; null for a department */
      opportunities: v.nullable(v.object({ current: MemberOpportunitiesSchema, previous: MemberOpportunitiesSchema })),
    }),
    roles: STAFF,
    scope: 'region',
    list: true,
  }),
  /**
   * One level down, side by side: each child region of the key (`axis: 'region'`), or each department of
   * the region (`axis: 'department'`), with the same figures.
   */
  drill: action({
    input: v.object({ ...whose, axis: v.optional(v.picklist(AXES), 'region') }),
    output: v.object({
      parent: KeySchema,
      axis: v.picklist(AXES),
      period: v.string(),
      previousPeriod: v.string(),
      rows: v.array(RowSchema),
    }),
    roles: STAFF,
    scope: 'region',
    list: true,
  }),
  /**
   * The key's figures for each of its last China months (TREND_MONTHS by default), oldest first, the current
   * month last: the trends chart's, put together as `home`'s are.
   */
  trend: action({
    input: v.object({
      region: whose.region,
      departmentId: whose.departmentId,
      months: v.optional(
        v.pipe(
          v.number(),
          v.integer('validation.invalid'),
          v.minValue(1, 'validation.invalid'),
          v.maxValue(TREND_MONTHS, 'validation.invalid'),
        ),
      ),
    }),
    output: v.object({
      ...KeySchema.entries,
      months: v.array(v.object({ period: v.string(), figures: FiguresSchema })),
    }),
    roles: STAFF,
    scope: 'region',
    list: true,
  }),
  /** The programme's three phases, their dates and targets (the built-in ones where nobody saved), and today's. */
  phases: action({
    input: v.object({}),
    output: v.object({
      phases: v.array(PhaseSchema),
      current: v.nullable(v.picklist(PHASE_IDS)),
      today: v.string(),
      /** whether the caller sets them: the prefecture office or an administrator */
      editable: v.boolean(),
    }),
    roles: STAFF,
    scope: 'none',
  }),
  /** A phase's dates and targets, set by the prefecture office (or an administrator) and audited. */
  savePhase: action({
    input: PhaseInputSchema,
    output: v.object({ id: v.picklist(PHASE_IDS), updatedAt: v.string() }),
    roles: ['admin', 'office'],
    scope: 'none',
    writes: true,
  }),
  /**
   * How far the key (a region, or the caller's own region or department) and each region one level down
   * have come against the current phase's targets, this quarter so far.
   */
  progress: action({
    input: v.object({ region: v.optional(regionCode) }),
    output: v.object({
      phase: v.nullable(PhaseSchema),
      period: v.string(),
      own: ProgressRowSchema,
      rows: v.array(ProgressRowSchema),
    }),
    roles: STAFF,
    scope: 'region',
    list: true,
  }),
  /**
   * Counts the dashboard's own counters from the raw records as of now, reports each figure that differs from
   * the stored one and (by default) repairs it: what the nightly count does, for an administrator.
   */
  recount: action({
    input: v.object({ fix: v.optional(v.boolean(), true) }),
    output: v.object({
      checked: v.number(),
      /** how many figures differed; `differences` names the first hundred */
      differing: v.number(),
      differences: v.array(v.object({ id: v.string(), counter: v.string(), stored: v.number(), actual: v.number() })),
    }),
    roles: ['admin'],
    scope: 'global',
    writes: true,
  }),
  /**
   * The households behind one figure of the key, a page at a time, longest without contact first: masked as
   * the registry's lists are, with their officials by name and the days since their latest contact.
   */
  list: action({
    input: v.object({
      region: whose.region,
      departmentId: whose.departmentId,
      figure: v.picklist(LIST_FIGURES),
      /** for `notContacted`: this China month (default) or this quarter */
      within: v.optional(v.picklist(['month', 'quarter'])),
      offset: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)), 0),
    }),
    output: v.object({
      key: KeySchema,
      figure: v.picklist(LIST_FIGURES),
      within: v.picklist(['month', 'quarter']),
      total: v.number(),
      households: v.array(ListRowSchema),
      more: v.boolean(),
      /** an office or administrator over these households may remind their officials; department staff read */
      mayRemind: v.boolean(),
    }),
    roles: STAFF,
    scope: 'region',
    list: true,
  }),
  /**
   * A gentle reminder to the household's officials: the household shows in their lists as one that needs care,
   * and a subscription message goes to those who accepted one (at most one a day each). Reminding it again
   * within a week changes nothing (`already`, with when it was reminded and until when that holds).
   */
  remind: action({
    input: v.object({ householdId: id }),
    output: v.object({
      status: v.picklist(['reminded', 'already', 'unpaired']),
      remindedAt: v.nullable(v.string()),
      until: v.nullable(v.string()),
      /** how many officials the reminder reaches */
      officials: v.number(),
    }),
    roles: ['admin', 'office'],
    scope: 'household',
    writes: true,
  }),
  /** The official's households an office asked them to look in on, the latest first. */
  cares: action({
    input: v.object({}),
    output: v.object({ households: v.array(CareSchema) }),
    roles: ['official'],
    scope: 'self',
    list: true,
  }),
  /** The official puts a reminded household aside: it leaves their list (not their colleagues'). */
  putAside: action({
    input: v.object({ householdId: id }),
    output: v.object({ putAside: v.boolean() }),
    roles: ['official'],
    scope: 'household',
    writes: true,
  }),
  /** The region's monthly and quarterly reports (the caller's own region by default). */
  reports: action({
    input: v.object({ region: v.optional(regionCode) }),
    output: v.object({
      region: v.string(),
      name: BilingualSchema,
      level: v.picklist(KEY_LEVELS),
      /** the last ended months and quarters, the latest first; `madeAt` null until the report is made */
      reports: v.array(
        v.object({ period: v.string(), kind: v.picklist(['month', 'quarter']), madeAt: v.nullable(v.string()) }),
      ),
    }),
    roles: ['admin', 'office'],
    scope: 'region',
    list: true,
  }),
  /** A temporary link to one report's spreadsheet (made now if no timer run has made it); audited as an export. */
  openReport: action({
    input: v.object({ region: regionCode, period: PeriodSchema }),
    output: v.object({ url: v.string(), fileName: v.string() }),
    roles: ['admin', 'office'],
    scope: 'region',
    writes: true,
  }),
  /**
   * A dashboard table written as XLSX by the function from its own answers (the key's figures, one level
   * down, the households behind a figure: masked, a key's last 12 China months, the progress against the
   * phase's targets), kept in cloud storage for an hour and answered with a temporary link; audited as an
   * export. No table counts per official: only these five can be named.
   */
  exportTable: action({
    input: v.object({
      table: v.picklist(EXPORT_TABLES, 'reports.noOfficialCounts'),
      region: whose.region,
      departmentId: whose.departmentId,
      period: whose.period,
      axis: v.optional(v.picklist(AXES, 'reports.noOfficialCounts'), 'region'),
      figure: v.optional(v.picklist(LIST_FIGURES), 'overdue'),
      within: v.optional(v.picklist(['month', 'quarter'])),
    }),
    output: v.object({
      fileID: v.string(),
      url: v.string(),
      fileName: v.string(),
      expiresAt: v.string(),
      rows: v.number(),
    }),
    roles: STAFF,
    scope: 'region',
    writes: true,
  }),
})
