/**
 * The registry: regions, departments, the 石榴籽 network, officials and households, roster import and
 * export, auto-pairing and re-pairing, coverage, and the household's "my officials" card.
 *
 * Office actions name their region (`region`, 12 digits) so the declared `region` scope checks it before
 * the action runs; lists never carry a full phone or ID number (`list: true`, masking scan).
 */
import * as v from 'valibot'
import { BilingualSchema } from '../bilingual'
import { action, defineFunction } from '../contract'
import { LEVELS } from '../region'

const regionCode = v.pipe(v.string(), v.regex(/^\d{12}$/, 'validation.invalid'))
const id = v.pipe(v.string(), v.minLength(1, 'validation.required'), v.maxLength(80, 'validation.tooLong'))
const offset = v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)), 0)
const pageSize = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 20)
const dateOnly = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.invalid'))

export const ROSTER_KINDS = ['households', 'officials'] as const
export type RosterKind = (typeof ROSTER_KINDS)[number]
export const END_REASONS = ['transfer', 'retire', 'leave', 'manual'] as const

/**
 * Where an official's open work on a household lives, which `reassign` hands to the household's next
 * official: requests (difficulties and service orders) and scheduled contacts. A document of open work
 * names the official holding it (`officialId`) and the household (`householdId`), and carries
 * `open: true` until the work is finished; the feature that keeps it sets `open` to false then. Reassign
 * moves exactly the documents of the leaving official, for the households it re-pairs, that are still
 * open, and marks them `reassignedFrom` / `reassignedAt`.
 */
export const OPEN_WORK = ['requests', 'scheduledContacts'] as const

export const OfficialCardSchema = v.object({
  id: v.string(),
  /** in the caller's language where the roster has it, else the other */
  name: v.string(),
  department: BilingualSchema,
  /** masked (`138****5678`): the full number is fetched only when the household taps "call" */
  phoneMasked: v.string(),
})

const CountsSchema = v.object({ households: v.number(), officials: v.number() })

const RegionRowSchema = v.object({
  code: v.string(),
  level: v.picklist(LEVELS),
  name: BilingualSchema,
  /** has regions below it */
  hasChildren: v.boolean(),
  counts: CountsSchema,
})

const OfficialRowSchema = v.object({
  id: v.string(),
  externalId: v.string(),
  name: BilingualSchema,
  departmentId: v.string(),
  department: BilingualSchema,
  regionPath: v.array(v.string()),
  position: BilingualSchema,
  phoneMasked: v.string(),
  active: v.boolean(),
})

const HouseholdRowSchema = v.object({
  id: v.string(),
  externalId: v.string(),
  headName: BilingualSchema,
  idNumberMasked: v.string(),
  phoneMasked: v.string(),
  villageCode: v.string(),
  memberCount: v.number(),
  officialIds: v.array(v.string()),
})

const PairingSchema = v.object({
  officialId: v.string(),
  householdId: v.string(),
  /** the household head's name, so the history reads by name */
  householdName: BilingualSchema,
  from: v.string(),
  to: v.nullable(v.string()),
  reason: v.string(),
  endReason: v.nullable(v.string()),
})

/** One problem in one row, worded in the caller's language. */
const RowErrorSchema = v.object({ row: v.number(), column: v.string(), message: v.string() })

/** checking: rows are being compared with the database (call importContinue); checked: the dry run is complete */
export const IMPORT_STATES = ['checking', 'checked', 'committing', 'done'] as const
const ImportJobSchema = v.object({
  jobId: v.string(),
  kind: v.picklist(ROSTER_KINDS),
  region: v.string(),
  fileName: v.string(),
  state: v.picklist(IMPORT_STATES),
  /** data rows in the file */
  rows: v.number(),
  /** rows that pass every check and will be written */
  valid: v.number(),
  rowErrors: v.number(),
  ignoredColumns: v.array(v.string()),
  /** batches compared with the database so far, of `batches` (the dry run is complete when they are equal) */
  checkedBatches: v.number(),
  /** batches written so far, of `batches` */
  batchesDone: v.number(),
  batches: v.number(),
  inserted: v.number(),
  updated: v.number(),
})
export type ImportJob = v.InferOutput<typeof ImportJobSchema>
/** An import still waiting for its uploader: the dry run to finish, or the commit to start (when a row may
 * be imported) or to finish. */
export function importWaiting(job: Pick<ImportJob, 'state' | 'valid'>): boolean {
  return job.state === 'checking' || job.state === 'committing' || (job.state === 'checked' && job.valid > 0)
}

const PlanExceptionSchema = v.object({ kind: v.string(), message: v.string() })
const PlanSchema = v.object({
  planId: v.string(),
  region: v.string(),
  state: v.picklist(['planned', 'confirming', 'done']),
  households: v.number(),
  officials: v.number(),
  coveredHouseholds: v.number(),
  coveredOfficials: v.number(),
  kept: v.number(),
  added: v.number(),
  removed: v.number(),
  byLevel: v.object({ prefecture: v.number(), county: v.number(), township: v.number(), village: v.number() }),
  maxTownshipSpread: v.number(),
  /** households per official → how many officials carry that many */
  loads: v.array(v.object({ load: v.number(), officials: v.number() })),
  exceptions: v.array(PlanExceptionSchema),
  exceptionCount: v.number(),
  batchesDone: v.number(),
  batches: v.number(),
  /** households left alone while applying it: they lie outside the plan's region now */
  outsideRegion: v.number(),
})
export type PlanView = v.InferOutput<typeof PlanSchema>

const NamedSchema = v.object({ id: v.string(), name: BilingualSchema })
/** One household a plan changes: the officials whose pairing with it begins and ends. */
const PlanChangeSchema = v.object({
  householdId: v.string(),
  headName: BilingualSchema,
  /** masked */
  phoneMasked: v.string(),
  village: BilingualSchema,
  begin: v.array(NamedSchema),
  end: v.array(NamedSchema),
})
export type PlanChange = v.InferOutput<typeof PlanChangeSchema>

const CoverageRowSchema = v.object({
  key: v.string(),
  name: BilingualSchema,
  households: v.number(),
  unpairedHouseholds: v.number(),
  officials: v.number(),
  officialsUnder: v.number(),
  officialsOver: v.number(),
})

const FileSchema = v.object({ fileID: v.string(), url: v.string(), fileName: v.string() })

/** reading: parts of the region still to read; writing: the file is being written; done: the file is ready */
export const EXPORT_STATES = ['reading', 'writing', 'done'] as const
const ExportJobSchema = v.object({
  jobId: v.string(),
  kind: v.picklist(ROSTER_KINDS),
  region: v.string(),
  state: v.picklist(EXPORT_STATES),
  /** parts of the region read so far, of `parts` (its counties or townships) */
  partsDone: v.number(),
  parts: v.number(),
  /** rows read so far; when done, the rows in the file */
  rows: v.number(),
  /** ID and phone numbers masked (the default), or full (asked for, with a reason, by a village or township office) */
  masked: v.boolean(),
  /** '' until `state` is done, and again once the file has expired (`expiresAt`) */
  ...FileSchema.entries,
  /** when the file is deleted from storage (ISO instant); '' until `state` is done */
  expiresAt: v.string(),
})
export type ExportJob = v.InferOutput<typeof ExportJobSchema>

export const registry = defineFunction('registry', {
  /** The household home: the caller's household and its paired officials. */
  myHousehold: action({
    input: v.object({}),
    output: v.object({
      household: v.object({
        id: v.string(),
        headName: v.string(),
        memberCount: v.number(),
        /** from prefecture down to village */
        regionNames: v.array(BilingualSchema),
      }),
      officials: v.array(OfficialCardSchema),
      /** the caller is the household's head, who may invite family members */
      head: v.boolean(),
    }),
    roles: ['household'],
    scope: 'self',
    list: true,
  }),
  /**
   * The full phone number of one of the household's paired officials, to call or to add on WeChat.
   * Every reveal is audited (an `audit` record is written, hence `writes`).
   */
  callOfficial: action({
    input: v.object({ officialId: id }),
    output: v.object({ officialId: v.string(), name: v.string(), phone: v.string() }),
    roles: ['household'],
    scope: 'self',
    writes: true,
  }),

  /** A region and the regions one level under it, with household and official counts. */
  regions: action({
    input: v.object({ region: regionCode }),
    output: v.object({
      region: RegionRowSchema,
      children: v.array(RegionRowSchema),
      /** from the prefecture down to the region itself, for a breadcrumb */
      path: v.array(v.object({ code: v.string(), level: v.picklist(LEVELS), name: BilingualSchema })),
    }),
    roles: ['office', 'admin'],
    scope: 'region',
    list: true,
  }),
  /** Departments whose level covers the region (prefecture bureaus and the county's own), with staff counts. */
  departments: action({
    input: v.object({ region: regionCode }),
    output: v.object({
      departments: v.array(
        v.object({ id: v.string(), name: BilingualSchema, level: v.string(), officials: v.number() }),
      ),
    }),
    roles: ['office', 'admin'],
    scope: 'region',
    list: true,
  }),
  /** The 石榴籽 network in a region's subtree: counts by kind, and the units one page at a time. */
  network: action({
    input: v.object({
      region: regionCode,
      kind: v.optional(v.picklist(['centre', 'studio', 'team'])),
      offset,
      limit: pageSize,
    }),
    output: v.object({
      counts: v.object({ centres: v.number(), studios: v.number(), teams: v.number(), cultivators: v.number() }),
      units: v.array(
        v.object({
          id: v.string(),
          kind: v.string(),
          name: BilingualSchema,
          regionPath: v.array(v.string()),
          members: v.number(),
          cultivators: v.number(),
          lead: v.optional(BilingualSchema),
        }),
      ),
      more: v.boolean(),
    }),
    roles: ['office', 'admin'],
    scope: 'region',
    list: true,
  }),
  officials: action({
    input: v.object({
      region: regionCode,
      departmentId: v.optional(id),
      offset,
      limit: pageSize,
    }),
    output: v.object({ officials: v.array(OfficialRowSchema), total: v.number() }),
    roles: ['office', 'admin'],
    scope: 'region',
    list: true,
  }),
  /** One official with their current and past pairings (numbers masked). */
  official: action({
    input: v.object({ officialId: id }),
    output: v.object({
      official: OfficialRowSchema,
      /** the official's households in the caller's region */
      households: v.array(HouseholdRowSchema),
      /** households the official is paired with outside the caller's region: counted, never shown */
      householdsOutside: v.number(),
      /** pairings with households in the caller's region */
      history: v.array(PairingSchema),
    }),
    roles: ['office', 'admin'],
    scope: 'region',
    list: true,
  }),
  /**
   * Officials whose name (Chinese or Tibetan, any part of it) or staff number matches, among those living
   * in the region: how an office finds the official to re-pair and the one who takes over (numbers masked).
   */
  findOfficials: action({
    input: v.object({
      region: regionCode,
      query: v.pipe(v.string(), v.trim(), v.minLength(1, 'validation.required'), v.maxLength(40, 'validation.tooLong')),
      /** only officials still in post (a successor) */
      active: v.optional(v.boolean(), false),
      limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20)), 10),
    }),
    output: v.object({ officials: v.array(OfficialRowSchema), more: v.boolean() }),
    roles: ['office', 'admin'],
    scope: 'region',
    list: true,
  }),
  households: action({
    input: v.object({ region: regionCode, unpaired: v.optional(v.boolean(), false), offset, limit: pageSize }),
    output: v.object({ households: v.array(HouseholdRowSchema), total: v.number() }),
    roles: ['office', 'admin'],
    scope: 'region',
    list: true,
  }),

  /**
   * Step 1 of an import: the client has put the file in cloud storage; the function downloads it, checks
   * its size and row count, reads and validates every row and stages the valid ones, then compares them
   * with the database (duplicates, records of other regions) as far as its time allows: a large file
   * comes back `checking`, and `importContinue` finishes the dry run. Nothing in the roster is written.
   */
  importUpload: action({
    input: v.object({
      region: regionCode,
      kind: v.picklist(ROSTER_KINDS),
      fileID: v.pipe(v.string(), v.minLength(1, 'validation.required'), v.maxLength(400)),
      fileName: v.optional(v.pipe(v.string(), v.maxLength(200)), ''),
      /** rows per commit batch (smaller batches show progress more often) */
      batchSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(1000)), 500),
    }),
    output: ImportJobSchema,
    roles: ['office', 'admin'],
    scope: 'region',
    writes: true,
  }),
  /** The dry-run report of an uploaded file: its summary and every row error, a page at a time. */
  importDryRun: action({
    input: v.object({
      jobId: id,
      offset,
      limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500)), 200),
    }),
    output: v.object({ job: ImportJobSchema, errors: v.array(RowErrorSchema), more: v.boolean() }),
    roles: ['office', 'admin'],
    scope: 'region',
    list: true,
  }),
  /**
   * Starts writing the staged rows: idempotent by external id (a row whose id exists updates it), in
   * batches that fit the function's time limit. Call `importContinue` until `state` is `done`.
   */
  importCommit: action({
    input: v.object({ jobId: id, maxBatches: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))) }),
    output: ImportJobSchema,
    roles: ['office', 'admin'],
    scope: 'region',
    writes: true,
  }),
  /** Resumes a dry run still `checking`, or a commit at its next unwritten batch (after a timeout, a crash or a closed app). */
  importContinue: action({
    input: v.object({ jobId: id, maxBatches: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))) }),
    output: ImportJobSchema,
    roles: ['office', 'admin'],
    scope: 'region',
    writes: true,
  }),
  /**
   * The current roster of the region as XLSX in cloud storage (cells that look like formulas are made
   * text). A large region takes several calls: call again with the answer's `jobId` until `state` is
   * `done`; each call resumes where the last stopped.
   */
  exportRoster: action({
    input: v.object({
      region: regionCode,
      kind: v.picklist(ROSTER_KINDS),
      jobId: v.optional(id),
      /**
       * full ID and phone numbers instead of masked ones: only for a village or township office over the
       * region, with `reason` (required then), and audited
       */
      full: v.optional(v.boolean(), false),
      reason: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200)), ''),
      /** read at most this many parts in this call (tests; the screen lets the time budget decide) */
      maxParts: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    }),
    output: ExportJobSchema,
    roles: ['office', 'admin'],
    scope: 'region',
    writes: true,
  }),
  /**
   * The caller's own recent import jobs made for the region, newest first: the office home counts the ones
   * still waiting (importWaiting) and the roster screen lists them to resume. Only the uploader may continue
   * a job, so nobody else's are answered.
   */
  importJobs: action({
    input: v.object({ region: regionCode }),
    output: v.object({ jobs: v.array(ImportJobSchema) }),
    roles: ['office', 'admin'],
    scope: 'region',
    list: true,
  }),
  /**
   * The empty roster template with a sheet of instructions in both languages and, for a household roster,
   * a sheet of the region's village (community) codes with their township and names.
   */
  template: action({
    input: v.object({ kind: v.picklist(ROSTER_KINDS), region: regionCode }),
    output: FileSchema,
    roles: ['office', 'admin'],
    scope: 'region',
    writes: true,
  }),

  /** Plans pairings for a region's subtree and stores the plan for review; nothing is paired yet. */
  planPairing: action({
    input: v.object({
      region: regionCode,
      /** keep current pairings with active officials (default true) */
      keepExisting: v.optional(v.boolean(), true),
    }),
    output: PlanSchema,
    roles: ['office', 'admin'],
    scope: 'region',
    writes: true,
  }),
  /** A stored plan, as planned or as far as it has been applied. */
  plan: action({
    input: v.object({ planId: id }),
    output: PlanSchema,
    roles: ['office', 'admin'],
    scope: 'region',
    list: true,
  }),
  /** What a stored plan changes, household by household, a page at a time (numbers masked). */
  planChanges: action({
    input: v.object({
      planId: id,
      offset,
      limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50)), 20),
    }),
    output: v.object({ changes: v.array(PlanChangeSchema), total: v.number(), more: v.boolean() }),
    roles: ['office', 'admin'],
    scope: 'region',
    list: true,
  }),
  /** Applies a plan in batches; call again until `state` is `done` (each call resumes where the last stopped). */
  confirmPlan: action({
    input: v.object({ planId: id, maxBatches: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))) }),
    output: PlanSchema,
    roles: ['office', 'admin'],
    scope: 'region',
    writes: true,
  }),
  /**
   * An official transfers or leaves: their current pairings end (history kept), their households go to
   * the nearest least-loaded official (or to `toOfficialId`), and their open work on those households
   * (see OPEN_WORK) moves with them; `movedRequests` counts the documents moved.
   */
  reassign: action({
    input: v.object({
      officialId: id,
      endReason: v.picklist(END_REASONS),
      toOfficialId: v.optional(id),
      /** the official stays active (a manual hand-over of households only) */
      keepActive: v.optional(v.boolean(), false),
      date: v.optional(dateOnly),
    }),
    output: v.object({
      closed: v.number(),
      opened: v.number(),
      moves: v.array(
        v.object({ householdId: v.string(), householdName: BilingualSchema, to: v.string(), toName: BilingualSchema }),
      ),
      unassigned: v.array(v.string()),
      movedRequests: v.number(),
      /** the official's households outside the caller's region: their pairings were left as they were */
      outsideRegion: v.number(),
    }),
    roles: ['office', 'admin'],
    scope: 'region',
    writes: true,
  }),
  /** Unpaired households and officials over or under load, by region (one level down) and by department. */
  coverage: action({
    input: v.object({ region: regionCode }),
    output: v.object({
      minLoad: v.number(),
      maxLoad: v.number(),
      total: CoverageRowSchema,
      byRegion: v.array(CoverageRowSchema),
      byDepartment: v.array(CoverageRowSchema),
      /** the first unpaired households, each with its village's name */
      unpairedHouseholds: v.array(v.object({ ...HouseholdRowSchema.entries, village: BilingualSchema })),
      overOfficials: v.array(v.object({ id: v.string(), name: BilingualSchema, load: v.number() })),
      underOfficials: v.array(v.object({ id: v.string(), name: BilingualSchema, load: v.number() })),
    }),
    roles: ['office', 'admin'],
    scope: 'region',
    list: true,
  }),
})
