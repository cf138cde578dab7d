/**
 * Every collection's stored document, declared once. `config/cloud.ts` lists the collections with their
 * indexes keyed by these names, and functions reach the database only through the typed accessor in
 * `cloudfunctions/_shared/db.ts`, so a field renamed here fails the type check wherever it is read or
 * written. Views sent to the mini-program are derived from these shapes in each function.
 *
 * Conventions: an instant is an ISO 8601 UTC string (`Instant`, src/shared/time.ts); a calendar day is a
 * China day `YYYY-MM-DD`; region codes are 12 digits and `regionPath` is `[prefecture, county, township,
 * village]` as far down as the document sits (src/shared/region.ts); names are `Bilingual`.
 */
import type { Bilingual } from '../src/shared/bilingual'
import type { Role } from '../src/shared/contract'
import type { Channel, ContactInput, Counters, InfoSheet, Topic } from '../src/shared/contracts/contacts'
import type { FeedbackKind, FeedbackScreen, FeedbackState } from '../src/shared/contracts/feedback'
import type { AuditKind, RoleGrant } from '../src/shared/contracts/identity'
import type { NoticeDraft, NoticeStatus, PushReach } from '../src/shared/contracts/notices'
import type { RosterKind } from '../src/shared/contracts/registry'
import type { CampaignKind, NominationState, ReviewStage, RubricCriterion } from '../src/shared/contracts/exchange'
import type { OpportunityKind, OpportunityOutcome } from '../src/shared/contracts/exchange'
import type { DonorKind, WishState } from '../src/shared/contracts/wishes'
import type { PhaseId, Targets } from '../src/shared/phases'
import type { Lang, MessageKey } from '../src/shared/i18n'
import type { RegionLevel, RegionPath } from '../src/shared/region'
import type { Day, Instant } from '../src/shared/time'

// ---------------------------------------------------------------------------------------------------
// The registry: regions, departments, the 石榴籽 network, officials, households and their pairings

export interface Region {
  _id: string
  /** the same as `_id`: 12 digits, 2 province, 2 city, 2 county, 3 township, 3 village */
  code: string
  level: RegionLevel
  /** the parent's code; null for the prefecture (the root of this tree) */
  parent: string | null
  /** codes from the prefecture down to this region itself */
  path: RegionPath
  name: Bilingual
  /** villages only: a rural village (村) or an urban community (社区) */
  kind?: 'village' | 'community'
  /** townships only: a town (镇) or a rural township (乡) */
  townshipKind?: 'town' | 'township'
}

export interface Department {
  _id: string
  name: Bilingual
  level: 'prefecture' | 'county'
  regionPath: RegionPath
  /** the county's 防返贫 monitoring team (防止返贫监测帮扶专班): poverty-return risk leads go to it */
  riskTeam?: boolean
}

export type UnitKind = 'centre' | 'studio' | 'team'

export interface UnitMember {
  role: 'lead' | 'member' | 'cultivator'
  name: Bilingual
  officialId?: string
  householdId?: string
}

/** A 石榴籽 work centre (工作中心), studio (工作室) or work team (工作队); cultivators (育籽员) are studio members. */
export interface Unit {
  _id: string
  kind: UnitKind
  name: Bilingual
  regionPath: RegionPath
  members: UnitMember[]
}

export type Sex = 'male' | 'female'
export type Relation = 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'sibling' | 'other'
export type Schooling = 'none' | 'preschool' | 'primary' | 'junior' | 'senior' | 'vocational' | 'college' | 'monastic'
export type Health = 'good' | 'chronic' | 'serious' | 'disabled'
export type Work = 'farming' | 'herding' | 'migrant' | 'local' | 'public' | 'student' | 'retired' | 'monastic' | 'none'
export type RiskLevel = 'none' | 'watch' | 'high'

export interface Official {
  _id: string
  /** the roster's 干部编号: imports upsert by it */
  externalId: string
  name: Bilingual
  sex: Sex
  departmentId: string
  /** where the official lives */
  regionPath: RegionPath
  phone: string
  idNumber: string
  position: Bilingual
  /** false once the official has transferred out or retired: never planned, kept for history */
  active: boolean
  /** why and on which China day the official left (re-pairing writes both when it deactivates them) */
  endReason?: PairingEndReason
  endedAt?: Day
  /** the roster import that last wrote this record, and when */
  importJob?: string
  importedAt?: Instant
}

export interface Member {
  name: Bilingual
  relation: Relation
  sex: Sex
  birthYear: number
  idNumber: string
  schooling: Schooling
  health: Health
  work: Work
}

/** A need an official wrote on a contact, kept with it; each is also a request (src/shared/needs.ts). */
export interface OpenNeed {
  id: string
  text: string
  contactId: string
  at: Instant
}

export interface Household {
  _id: string
  /** the roster's 家庭编号: imports upsert by it, so re-importing a file never duplicates a household */
  externalId: string
  regionPath: RegionPath
  villageCode: string
  head: { name: Bilingual; idNumber: string }
  phone: string
  memberCount: number
  /** one-sheet details; the head is the member with relation 'head' */
  members: Member[]
  riskLevel: RiskLevel
  /**
   * Special categories under PIPL art. 28: shown only to roles that need them, every view audited.
   * `monastic`: a monk or nun in the family; `disability`: a member with a disability.
   */
  sensitive: { monastic: boolean; disability: boolean }
  /** current pairings, denormalised from `pairings` for the "my officials" card and coverage counts */
  officialIds: string[]
  /**
   * officialId → that official's departmentId ('' when none), kept beside `officialIds` by pairing, so a
   * contact knows the department without looking the official up; an entry ends with the pairing
   */
  officialDepartments: Record<string, string>
  lastContactAt: Instant | null
  /** departmentId → its latest contact with this household: the department axis, as lastContactAt is the region's */
  departmentContactAt?: Record<string, Instant>
  /** needs gathered here before they became requests; scripts/migrate.ts turns them into requests and removes it */
  openNeeds?: OpenNeed[]
  /** the info sheet as the paired official last saved it (members, income, students); its history in householdHistory */
  infoSheet?: InfoSheet
  /** how many times the info sheet was saved (absent before the first): a save lands only on the version it read */
  sheetVersion?: number
  sheetUpdatedAt?: Instant
  /** why the household has its risk level, and the China day that was assessed (setRiskLevel) */
  riskReason?: string
  riskDate?: Day
  /** the roster import that last wrote this record, and when */
  importJob?: string
  importedAt?: Instant
}

export type PairingReason = 'plan' | 'manual' | 'reassign' | 'import'
export type PairingEndReason = 'transfer' | 'retire' | 'leave' | 'replan' | 'manual'

/** One official ↔ household link over time; `to` null means current. `_id` = `officialId:householdId:from`. */
export interface Pairing {
  _id: string
  officialId: string
  householdId: string
  from: Day
  to: Day | null
  reason: PairingReason
  endReason: PairingEndReason | null
}

export function pairingId(officialId: string, householdId: string, from: Day): string {
  return `${officialId}:${householdId}:${from}`
}

// ---------------------------------------------------------------------------------------------------
// Identity: who an openid is, invitations, the audit trail

export interface User {
  /** the WeChat openid */
  _id: string
  /** household and official grants carry their record's `regionPath` from the code that made them */
  roles: RoleGrant[]
  /** the household or official grant's id, kept beside `roles` so "who is bound to X" is an indexed query */
  householdId?: string
  officialId?: string
  updatedAt?: Instant
  /** when each household or official binding was made, by grant key */
  boundAt?: Record<string, Instant>
  /** bindings another phone took over by a replacement code, shown once on the next `me` */
  displaced?: Displacement[]
}

/** A binding moved away from this openid by a replacement code. */
export interface Displacement {
  /** the grant key, e.g. `official:o-1` or `household:h-1` */
  key: string
  at: Instant
}

export interface Invite {
  _id: string
  /** 4-digit lookup handle; the code itself is never stored, only its keyed hash */
  handle: string
  codeHash: string
  kind: 'official' | 'household'
  officialId?: string
  householdId?: string
  head?: boolean
  /** the openid whose binding this code moves to a new phone */
  replaces?: string
  issuer: string
  createdAt: Instant
  expiresAt: Instant
  usedAt: Instant | null
  usedBy: string | null
  failures: number
  /** when its failures reached the limit (set once, by the try that locked it) */
  lockedAt?: Instant
}

/** Failed invitation tries per openid (`_id` = openid). */
export interface InviteGuard {
  _id: string
  failures: number
  lastFailureAt: Instant
  lockedUntil: Instant | null
}

/**
 * `replace`: a replacement code moved a binding to a new phone (subject: the displaced openid);
 * `refusal`: a privileged action was refused (details: the reason); `lockout`: wrong invitation codes
 * locked an openid or a code; `suppressed`: one actor's records beyond the per-minute allowance, counted
 * in `count` (one such record per actor and minute); `export`: a roster export (subject: the region;
 * details: kind, rows, masked or full numbers and the stated reason); `import`: a committed roster import
 * (subject: the region; details: the counts).
 */
export type { AuditKind }

export interface Audit {
  _id: string
  kind: AuditKind
  /** the caller's openid */
  actor: string
  /** whose data: a household or official id, or the openid whose roles changed */
  subject: string
  /** which fields were shown, e.g. `head.idNumber`, `members.health` */
  fields: string[]
  /** `<function>.<action>` that did it */
  action: string
  /** the grant or binding concerned, e.g. `office:513301000000` */
  details?: string
  /** `suppressed` records: how many records were left out */
  count?: number
  at: Instant
}

/** Audit records written by one actor in one minute (`_id` = `<actor>|<YYYY-MM-DDTHH:mm>`), counted with `inc`. */
export interface AuditCounter {
  _id: string
  actor: string
  count: number
  at: Instant
}

// ---------------------------------------------------------------------------------------------------
// Contacts and the rollups

export type { Channel }

export interface Contact {
  /** the client's UUID: a resend never duplicates */
  _id: string
  householdId: string
  officialId: string
  departmentId: string | null
  regionPath: RegionPath
  channel: Channel
  /** when the contact happened, as the official entered it */
  at: Instant
  /** China month `YYYY-MM` and quarter `YYYY-Qn` of `at` */
  month: string
  quarter: string
  topics: Topic[]
  notes: string
  /** moderation held the notes back from the household; officials still see them */
  notesHeld: boolean
  /** cloud storage fileIDs */
  photos: string[]
  /** the official's recording (a fileID in the contact's folder); absent on contacts logged before voice notes */
  voiceNote?: string | null
  /** a visit's place, only with the official's consent */
  location: { latitude: number; longitude: number; accuracy: number } | null
  needs: OpenNeed[]
  /** the content's hash (domain/fingerprint.ts): a resend with the same one is a duplicate, else a conflict */
  fingerprint: string
  /** the stats documents the contact counted in (domain/rollup.ts) */
  statsIds: string[]
  /** when a household member confirmed the visit, and their openid */
  confirmedAt: Instant | null
  confirmedBy?: string
  createdAt: Instant
}

/** A second version of a contact id, kept for review instead of overwriting the stored one. */
export interface ContactConflict {
  _id: string
  contactId: string
  householdId: string
  officialId: string
  storedFingerprint: string
  /** the version sent, as the contract parsed it */
  incoming: ContactInput
  receivedAt: Instant
  reviewed: boolean
}

/**
 * "This household was contacted in this period" markers, `_id` `hc:<period>:<household>` or
 * `hc:<period>:<department>:<household>`: the database refuses a second insert, so the first contact counts once.
 */
export interface ContactMark {
  _id: string
  /** the contact that took it; '' when the recount rebuilt it */
  contactId: string
}

/**
 * Counters per region or department per period: `_id` = `r:<region>:<period>` or `d:<department>:<period>`.
 * `period` is a China month, a quarter, or `now` (the present's gauges, regions only).
 */
export interface Stats extends Counters {
  _id: string
  axis: 'region' | 'department'
  key: string
  period: string
}

/** Changes to a household's info sheet and risk level, newest last. */
export type HouseholdHistory =
  | {
      _id: string
      householdId: string
      kind: 'infoSheet'
      version: number
      by: string
      officialId: string
      at: Instant
      value: InfoSheet
    }
  | {
      _id: string
      householdId: string
      kind: 'risk'
      by: string
      /** who set it: the paired official's id, or the region of the office (absent on entries written before) */
      officialId?: string
      office?: string
      at: Instant
      before: RiskLevel
      after: RiskLevel
      reason: string
      date: Day
    }

// ---------------------------------------------------------------------------------------------------
// Notices

export type ReaderKind = 'household' | 'official'
export type VersionStatus = 'draft' | 'submitted' | 'approved' | 'returned'

export interface NoticeEvent {
  at: Instant
  by: string
  action: 'create' | 'edit' | 'submit' | 'approve' | 'return' | 'publish' | 'retract'
  revision: number
  comment?: string
}

export interface PendingRevision {
  revision: number
  status: VersionStatus
  draft: NoticeDraft
  /** openids that edited this revision: none of them may approve it */
  editors: string[]
  returnComment: string | null
}

export interface PushState {
  state: 'waiting' | 'running' | 'done'
  /** the last subscription `_id` claimed by a dispatch run (compare-and-set): the next batch starts after it */
  cursor: string
  sent: number
  noSubscription: number
  failed: number
  /** who the audience holds and why some cannot be reached, counted by the first dispatch run (absent before) */
  reach?: PushReach
}

export interface Notice {
  _id: string
  seq: number
  status: NoticeStatus
  revision: number
  /** the text readers see once published; before that, the version under review */
  draft: NoticeDraft
  editors: string[]
  returnComment: string | null
  pending: PendingRevision | null
  /** the office that owns the notice, and that office's path: offices on it see the notice and its read rates */
  officeRegion: string
  officePath: RegionPath
  // Derived from the live draft for the feed query (indexed):
  audienceRegions: string[]
  audienceKinds: ReaderKind[]
  publishAt: Instant
  expireAt: Instant
  // Derived from the version under review for the reviewer queue:
  /** 'submitted' when a version waits for review, else null */
  reviewState: 'submitted' | null
  /** path of the lowest region containing the reviewed version's audience: reviewers on it may review */
  reviewPath: RegionPath
  publishedAt: Instant | null
  retractReason: string | null
  createdAt: Instant
  updatedAt: Instant
  history: NoticeEvent[]
  push: PushState | null
}

/** A read receipt: `_id` = `<noticeId>:<kind>-<readerId>`, so a second read changes nothing. */
export interface NoticeRead {
  _id: string
  noticeId: string
  readerKind: ReaderKind
  readerId: string
  regionPath: RegionPath
  at: Instant
}

/** Read counters per region code, per reader kind: `{ household: { r513300000000: 12, … }, official: { … } }`. */
export interface NoticeStats {
  _id: string
  household?: Record<string, number>
  official?: Record<string, number>
}

/** One user's notice subscriptions (`_id` = openid), kept as the user accepts them. */
export interface NoticeSubscription {
  _id: string
  kind: ReaderKind
  lang: Lang
  regionPath: RegionPath
  /** one-time acceptances not yet used, as far as we know; WeChat's 43101 corrects it */
  remaining: number
  updatedAt: Instant
}

/** A notice an official forwarded to a household (`_id` = `<noticeId>:<householdId>`), with the contact that carried it. */
export interface NoticeForward {
  _id: string
  noticeId: string
  householdId: string
  officialId: string
  contactId: string
  at: Instant
}

// ---------------------------------------------------------------------------------------------------
// Registry jobs: roster imports and exports, pairing plans, and their staged chunks

export type { RosterKind }

/**
 * A roster import (registry/imports.ts): the uploaded file read and validated into staged batches, those
 * compared with the database (`checkedBatches` of `batches`), then written (`batchesDone` of `batches`).
 */
export interface RosterImport {
  /** the upload's folder id (`imports/<_id>/roster.<ext>`): the upload belongs to this job, the job to `createdBy` */
  _id: string
  /** written since import and export jobs were told apart by it; older imports have no `type` */
  type?: 'import'
  kind: RosterKind
  region: string
  fileName: string
  fileID: string
  /** checking: batches are still being compared with the database; checked: the dry run is complete */
  state: 'checking' | 'checked' | 'committing' | 'done'
  rows: number
  /** rows that will be written: the file's valid rows less those the database check refused */
  valid: number
  rowErrors: number
  /** headers no roster column claims (shown, not an error) */
  ignoredColumns: string[]
  batches: number
  checkedBatches: number
  /** error chunks written so far (the next one's `n`) */
  errorChunks: number
  batchesDone: number
  inserted: number
  updated: number
  createdBy: string
  createdAt: Instant
  updatedAt: Instant
}

/**
 * A roster export (registry/exports.ts): the region read a part at a time into staged chunks, then
 * written as one XLSX file.
 */
export interface RosterExport {
  _id: string
  type: 'export'
  kind: RosterKind
  region: string
  /** region codes whose subtrees are read one by one; `=<code>`: the documents recorded at <code> itself */
  parts: string[]
  partsDone: number
  /** staged chunks so far (the next one's `n`) */
  chunks: number
  rows: number
  state: 'reading' | 'writing' | 'done'
  /** ID and phone numbers masked; false only for an allowed office that stated `reason` */
  masked: boolean
  reason?: string
  /** the written file, once `state` is done; null again once registry's `expireExports` timer deleted it */
  file: { fileID: string; url: string; fileName: string } | null
  /** when the file expires: its URL is no longer handed out, and the timer deletes it */
  expiresAt?: Instant
  createdBy: string
  createdAt: Instant
}

/** Roster imports and exports share the `imports` collection, told apart by `type`. */
export type RosterJob = RosterImport | RosterExport

/** A row problem as stored: a catalogue key and its parameters, worded in the reader's language when shown. */
export interface StoredRowError {
  row: number
  /** the column's header as the file wrote it */
  column: string
  code: MessageKey
  params?: Record<string, string | number>
}

/** An import's batch of valid rows (`_id` = `<jobId>:r:<n>`), removed once the batch is written. */
export interface ImportRowsChunk {
  _id: string
  jobId: string
  kind: 'rows'
  n: number
  /**
   * the batch's validated records (domain/roster/validate.ts) as one JSON string: the SDK's canonical
   * EJSON walks every value of an object, which made staging a 265k-row file outlast the timeout
   */
  payload: string
  /** row numbers the database check refused */
  rejected: number[]
  /** external ids the database already held when the batch was checked; null: not checked yet */
  known: string[] | null
  /** the file's headers of the columns a database clash is reported against */
  columns: { idNumber: string; externalId: string }
}

/**
 * An import's row errors in order of `n`: the file's (`<jobId>:e:<n>`, a thousand a chunk), then the
 * database clashes of each checked batch that had any (`<jobId>:d:<batch>`).
 */
export interface ImportErrorsChunk {
  _id: string
  jobId: string
  kind: 'errors'
  n: number
  count: number
  items: StoredRowError[]
}

/** A piece of an export's rows (`<jobId>:x:<part>:<piece>`): JSON of `[documentId, row]` pairs. */
export interface ExportRowsChunk {
  _id: string
  jobId: string
  kind: 'export'
  n: number
  payload: string
}

/** A staged piece of an import or export job, told apart by `kind`. */
export type ImportChunk = ImportRowsChunk | ImportErrorsChunk | ExportRowsChunk

/** Why a plan could not do better somewhere; stored with the plan, worded when it is shown. */
export type PlanException =
  /** households here had no active official living in this region: served from a wider scope */
  | { kind: 'noOfficials'; level: RegionLevel; region: string; households: number }
  /** an official who still has no household (only when there are no households near enough) */
  | { kind: 'idleOfficial'; officialId: string }
  /** an official paired with a household that already had one, because officials outnumber households */
  | { kind: 'sharedHousehold'; officialId: string; householdId: string }
  /** load above the target that no scope could absorb */
  | { kind: 'overTarget'; officialId: string; load: number }
  /** a township whose loads differ by more than one: kept pairings made it unavoidable */
  | { kind: 'unbalanced'; region: string; spread: number }

export interface PlanCounts {
  households: number
  officials: number
  /** households with at least one active official after the plan */
  coveredHouseholds: number
  /** active officials with at least one household after the plan */
  coveredOfficials: number
  kept: number
  added: number
  removed: number
  /** added pairings by the narrowest region official and household share */
  byLevel: Record<RegionLevel, number>
  maxTownshipSpread: number
}

/** A stored pairing plan: previewed, then applied a chunk at a time (`batchesDone` of `batches`). */
export interface Plan {
  _id: string
  region: string
  state: 'planned' | 'confirming' | 'done'
  /** the China day its pairings start and the ones it replaces end */
  date: Day
  keepExisting: boolean
  counts: PlanCounts
  /** households per official → how many officials carry that many */
  loads: { load: number; officials: number }[]
  /** the first exceptions (a plan of the prefecture may have thousands), and how many there were */
  exceptions: PlanException[]
  exceptionCount: number
  batches: number
  batchesDone: number
  /** households left alone while applying it because they lie outside `region` now */
  outsideRegion?: number
  createdBy: string
  createdAt: Instant
}

/** One household's change in a plan: officials it gains and officials whose pairing ends. */
export interface PlanOp {
  householdId: string
  add: string[]
  remove: string[]
}

/** A plan's changes in order, a few hundred households a chunk (`_id` = `<planId>:<n>`). */
export interface PlanChunk {
  _id: string
  planId: string
  n: number
  ops: PlanOp[]
}

// ---------------------------------------------------------------------------------------------------
// Feedback about the app (the feedback function)

/** One piece of feedback; `_id` is the id the sender's phone made, so a resend is stored once. */
export interface Feedback {
  _id: string
  /** the sender's openid: only "my feedback" reads by it, and the inbox never shows it */
  openid: string
  kind: FeedbackKind
  text: string
  screen?: FeedbackScreen
  /** the sender's roles when sending, and the region of the first grant that has one */
  roles: Role[]
  regionPath: RegionPath
  lang: Lang
  state: FeedbackState
  createdAt: Instant
  answer?: { text: string; at: Instant; by: string }
  /** an answer the sender has not yet seen in "my feedback" */
  unseen: boolean
}

/** One per sender (`_id` = openid): feedback sent on `day`, taken with conditional updates so concurrent
 * sends cannot pass the daily limit. */
export interface FeedbackQuota {
  _id: string
  day: Day
  count: number
}

// ---------------------------------------------------------------------------------------------------
// Hardship relief (issue 14): the service menu, the working-day calendar and requests. Their rules are
// plain functions in cloudfunctions/requests/domain/; the collections join `Documents` below and
// config/cloud.ts together with the requests function.

/** The levels a request is handled or watched at: a unit's own level and the levels it escalates to. */
export type ReliefLevel = 'township' | 'county' | 'prefecture'

/** One service a department offers on the menu (`services`). */
export interface Service {
  _id: string
  departmentId: string
  /** one of the prefecture office's categories */
  category: string
  /** a county department handles it in the county seat, or its station in the household's township */
  level: 'county' | 'township'
  /** the region codes it covers (a county, some townships); the deepest covering entry wins */
  regions: string[]
  deadlineDays: number
  name: Bilingual
  /** what the household should prepare */
  prepare: Bilingual
  active: boolean
  updatedAt: Instant
}

/** One year of the working-day calendar the prefecture office keeps (`calendars`, `_id` = the year). */
export interface CalendarEntry {
  _id: string
  year: number
  /** China days off */
  holidays: Day[]
  /** weekend China days worked (调休) */
  workdays: Day[]
  updatedAt: Instant
  updatedBy: string
}

/**
 * One category on the prefecture office's list (`requestCategories`, `_id` = the key): what a household picks
 * when it reports and what a department files a service under. `other` is always offered besides.
 */
export interface RequestCategory {
  _id: string
  name: Bilingual
  /** a retired category is offered to nobody; services and requests filed under it keep it */
  active: boolean
  updatedAt: Instant
  updatedBy: string
}

/** A unit that receives, handles or dispatches requests: a department at a region, or a work office. */
export interface UnitRef {
  kind: 'department' | 'office'
  /** the department's id; `office` for a work office */
  id: string
  level: ReliefLevel
  /** the region the unit acts for: its township, county or the prefecture */
  region: string
}

export type RequestSource = 'household' | 'official' | 'office'
export type RequestState =
  'submitted' | 'assigned' | 'accepted' | 'returned' | 'resolved' | 'reopened' | 'confirmed' | 'merged' | 'closed'
/** The household's answer to a resolution; the last two reopen the request for the same unit. */
export type HouseholdAnswer = 'solved' | 'partly' | 'unsolved'
export type Rating = 'satisfied' | 'neutral' | 'unsatisfied'

export interface RequestActor {
  /** a household, official or user id, as the function knows the caller */
  id: string
  role: 'household' | 'official' | 'office' | 'department'
}

interface RequestEventBase {
  at: Instant
  by: RequestActor
}

/** One entry of a request's timeline; the unit carries the level the event happened at. */
export type RequestEvent =
  | (RequestEventBase & { type: 'submit'; dispatcher: UnitRef })
  | (RequestEventBase & {
      type: 'assign'
      unit: UnitRef
      deadlineDays: number
      /** why the township work office took it (兜底), when routing found no unit */
      fallback?: MessageKey
    })
  | (RequestEventBase & { type: 'accept'; unit: UnitRef })
  | (RequestEventBase & { type: 'progress'; unit: UnitRef; note: string; photos: string[] })
  | (RequestEventBase & { type: 'return'; unit: UnitRef; reason: string })
  | (RequestEventBase & { type: 'extendAsk'; unit: UnitRef; days: number; reason: string })
  | (RequestEventBase & { type: 'extendGrant'; unit: UnitRef; days: number })
  | (RequestEventBase & { type: 'extendRefuse'; unit: UnitRef; reason: string })
  | (RequestEventBase & { type: 'resolve'; unit: UnitRef; note: string })
  | (RequestEventBase & {
      type: 'confirm'
      /** the unit whose resolution is answered */
      unit: UnitRef
      answer: HouseholdAnswer
      rating?: Rating
      /** a paired official answered for the household during a visit */
      onBehalf: boolean
    })
  | (RequestEventBase & { type: 'merge'; unit: UnitRef; into: string })
  | (RequestEventBase & { type: 'close'; unit: UnitRef; reason: string })
  /** a risk lead's result as the national monitoring system decided it, recorded by the county's team */
  | (RequestEventBase & { type: 'identify'; unit: UnitRef; identified: boolean; decidedOn: Day })
  /** the household gave no answer to a resolution within its answer window (cloudfunctions/requests/domain/
   * clocks.ts `answerDue`): the request leaves the open work as resolved and not confirmed; the household may
   * still answer it. `at` is the window's end, whenever the timer found it, so every run writes the same event. */
  | (RequestEventBase & { type: 'unanswered'; unit: UnitRef })

export type RequestEventType = RequestEvent['type']

/** The kinds of household the national 防返贫 monitoring watches: 脱贫不稳定户, 边缘易致贫户, 突发严重困难户. */
export type RiskKind = 'unstable' | 'edge' | 'sudden'

/** What a risk lead holds beyond a request: nothing the national monitoring system already keeps. */
export interface RiskLeadFacts {
  kind: RiskKind
  /** identified as a monitoring object or not, and the China day the national system decided it */
  identified?: boolean
  decidedOn?: Day
}

/**
 * A difficulty or service order (`requests`). `_id` is the id the phone made, so a resend is stored
 * once. Overdue and escalation are never stored: they are derived from `events` and the calendar
 * (cloudfunctions/requests/domain/clocks.ts); `nextCheckAt` only tells the timer when to look again and
 * `told` which messages it already sent.
 */
export interface Request {
  _id: string
  householdId: string
  /** the paired official who holds it for the household (OPEN_WORK: re-pairing hands it over) */
  officialId: string | null
  /** until confirmed solved, merged or closed (OPEN_WORK) */
  open: boolean
  regionPath: RegionPath
  source: RequestSource
  category: string
  serviceId: string | null
  text: string
  voice: string | null
  photos: string[]
  lang: Lang
  state: RequestState
  /** the work office that routes it and gets it back when a unit returns it */
  dispatcher: UnitRef
  /** the first unit that received it: it stays responsible for coordinating (首接负责) */
  firstUnit: UnitRef | null
  /** the unit handling it now; null while with the dispatcher */
  unit: UnitRef | null
  /** working days of the latest assignment; the overall clock keeps those of the first */
  deadlineDays: number
  events: RequestEvent[]
  mergedInto: string | null
  createdAt: Instant
  updatedAt: Instant
  nextCheckAt: Instant | null
  told: {
    warned: boolean
    escalations: number
    /** assignments and resolutions whose messages were claimed (sent, or overtaken by a later event) */
    assigned?: number
    resolved?: number
    /** subscription messages sent, refused for want of a subscription (WeChat 43101) and failed otherwise:
     * recorded once, never retried (cloudfunctions/requests/domain/messages.ts) */
    sent?: number
    refused?: number
    failed?: number
  }
  /** the unit keys of the work offices it escalated to: an index hint for their inboxes, kept by the timer */
  watchers?: string[]
  /** the unit key of the work office asked for an extension not yet answered: an index hint for its inbox,
   * kept with every step from the events (cloudfunctions/requests/work.ts) */
  askedOf?: string | null
  /** a poverty-return risk lead (category `risk`): its kind, and once decided the national system's result */
  risk?: RiskLeadFacts
  /** the official who held it before re-pairing handed it over, and the day it did */
  reassignedFrom?: string
  reassignedAt?: Day
}

/**
 * Rate counters of a region (`_id` = `region:<code>`, for every code of the households' paths) or a unit
 * (`unit:<unitKey>`), moved by exact amounts with each event (cloudfunctions/requests/domain/rates.ts).
 */
export interface RequestRates {
  _id: string
  counters: Record<
    | 'collected'
    | 'assigned'
    | 'responded'
    | 'answered'
    | 'solved'
    | 'solvedOnTime'
    | 'rated'
    | 'satisfied'
    | 'merged'
    | 'closed'
    | 'unconfirmed',
    number
  >
}

// ---------------------------------------------------------------------------------------------------
// Charity wishes (the wishes function): a request published as a wish with the household's consent, and
// the donors offices register to claim and fulfil wishes

/** Who did something to a wish, as the function knows the caller. */
export interface WishActor {
  /** a household, official or department id, or an office user's openid */
  id: string
  role: 'household' | 'official' | 'office' | 'department' | 'admin'
}

export interface WishEvent {
  type: 'publish' | 'claim' | 'fulfil' | 'confirm' | 'withdraw' | 'handBack'
  at: Instant
  by: WishActor
  /** a hand back's: the claim given back and why */
  claimId?: string
  reason?: string
}

/** One wish (`wishes`); `_id` is the id the phone made, so publishing twice stores one. */
export interface Wish {
  _id: string
  requestId: string
  /** `requestId` while the wish stands, its own `_id` once withdrawn: the unique index keeps one standing
   * wish per request even when two phones publish at once */
  liveKey: string
  householdId: string
  /** the household's path: offices reach a wish by it; lists name only its village */
  regionPath: RegionPath
  villageCode: string
  category: string
  text: string
  state: WishState
  /** who recorded the household's consent; `onBehalf` when its paired official did during a visit */
  consent: { by: WishActor; at: Instant; onBehalf: boolean }
  /** the standing claim: its id (made on the claimer's screen, so a resend is answered as done) and donor */
  claim: { id: string; donorId: string; at: Instant } | null
  note: string | null
  events: WishEvent[]
  createdAt: Instant
  updatedAt: Instant
}

/** A donor an office registered (`donors`); `_id` is the id the screen made. */
export interface Donor {
  _id: string
  kind: DonorKind
  name: string
  /** the region whose wishes it may claim, and its path (offices below it list it too) */
  region: string
  regionPath: RegionPath
  /** the official or department the donor is, whose users may then claim for it themselves */
  officialId: string | null
  departmentId: string | null
  createdBy: string
  createdAt: Instant
}

// ---------------------------------------------------------------------------------------------------
// Embedded exchange (the exchange function): the yearly selection of model families and excellent studios —
// campaigns, nominations with their reviews, the 公示's objections — and the named status it leads to

/** Who did something in a selection, as the function knows the caller: an office by its region, a unit
 * (department) by its id, a household or an official by theirs; `openid` is the user who acted. */
export interface ExchangeActor {
  openid: string
  role: 'household' | 'official' | 'office' | 'department' | 'admin'
  /** the office's region, the department's, household's or official's id; the openid for an administrator */
  id: string
}

/**
 * A year's selection (`campaigns`), opened by the prefecture office; `_id` is the id its screen made.
 * Stages follow each other in the order of `deadlines` (each inclusive, a China day): nominations (with the
 * household's consent), township first review, county review with the rubric's scores (quotas per county
 * checked here), the prefecture's decision; then the 公示 from `publicity.start` for `publicity.days` days,
 * while objections may be filed; confirmed only after the window closed with every objection answered.
 */
export interface Campaign {
  _id: string
  year: number
  kind: CampaignKind
  title: Bilingual
  /** the prefecture whose office opened it */
  region: string
  /** county code → places on the named list */
  quotas: Record<string, number>
  rubric: RubricCriterion[]
  deadlines: Record<ReviewStage | 'nomination', Day>
  publicity: { start: Day; days: number }
  /** `open` until the prefecture publishes its proposed list (one batch), `confirmed` once named */
  state: 'open' | 'published' | 'confirmed'
  /** the nominations on the proposed list as published, fixed with the batch */
  listed: string[]
  publishedAt: Instant | null
  confirmedAt: Instant | null
  createdBy: ExchangeActor
  createdAt: Instant
  updatedAt: Instant
}

/** One review of a nomination: township, county (with the rubric's scores) or the prefecture's decision. */
export interface NominationReview {
  stage: ReviewStage
  pass: boolean
  comment: string
  /** county review: criterion key → points, each within the criterion's maximum */
  scores?: Record<string, number>
  by: ExchangeActor
  at: Instant
}

/**
 * A household (or a studio of the 石榴籽 network) put forward for a campaign (`nominations`); `_id` is the id
 * the nominating screen made. `state` is where it stands: waiting for the household's consent, then each
 * review passed in order, or stopped (`declined` by a review, `refused` by the household, `struck` by an
 * upheld objection); `named` once the list is confirmed.
 */
export interface Nomination {
  _id: string
  campaignId: string
  kind: CampaignKind
  householdId: string | null
  unitId: string | null
  /** the household's or studio's path: its township and county review it */
  regionPath: RegionPath
  /** the nominating village office or unit, who may never review it */
  nominator: ExchangeActor
  story: { text: string; lang: Lang; photos: string[]; voice: string | null }
  /** a household's own yes or no (studios are put forward by their unit and need none) */
  consent: { given: boolean; at: Instant; by: string; lang: Lang } | null
  state: NominationState
  reviews: NominationReview[]
  /** the county review's total, kept for the list's order */
  score: number | null
  createdAt: Instant
  updatedAt: Instant
}

/** An objection to an entry on a published list (`objections`), filed during the 公示 by anyone bound. */
export interface Objection {
  _id: string
  campaignId: string
  nominationId: string
  /** the county that answers it: the nomination's */
  county: string
  by: ExchangeActor
  reason: string
  at: Instant
  /** the county's answer; `upheld` strikes the entry from the list */
  answer: { text: string; upheld: boolean; by: ExchangeActor; at: Instant } | null
}

/** A step in a named family's or studio's standing: named, kept at an annual review, revoked (with why). */
export interface NamedEvent {
  type: 'named' | 'kept' | 'revoked'
  at: Instant
  by: ExchangeActor
  /** the year an annual review was for */
  year?: number
  reason?: string
}

/**
 * A model family or excellent studio (`named`), `_id` = the nomination's. Never deleted: a revocation sets
 * `status` and keeps why in `history`, for audit. Trip places are offered to the `active` ones.
 */
export interface Named {
  _id: string
  campaignId: string
  year: number
  kind: CampaignKind
  householdId: string | null
  unitId: string | null
  /** the family's head or the studio, as published */
  name: Bilingual
  regionPath: RegionPath
  status: 'active' | 'revoked'
  history: NamedEvent[]
  /** the family told by subscription message: claimed once (sent, refused for want of a subscription, or
   * failed), never retried */
  told: 'pending' | 'claimed' | 'sent' | 'refused' | 'failed' | 'none'
  namedAt: Instant
  updatedAt: Instant
}

// ---------------------------------------------------------------------------------------------------
// Exchange trips and opportunities for members (the exchange function's trips.ts and opportunities.ts)

/** A named family or studio on a trip, copied from `named` when the trip was made (its name as published). */
export interface TripCandidate {
  namedId: string
  kind: CampaignKind
  householdId: string | null
  unitId: string | null
  name: Bilingual
  regionPath: RegionPath
}

/** What happened to a place: offered (with the instant the answer is due), confirmed or declined (by the
 * household, or by its paired official for it), or expired at its due instant. */
export type TripEvent =
  | { type: 'offer'; namedId: string; at: Instant; due: Instant }
  | { type: 'confirm' | 'decline'; namedId: string; at: Instant; by: ExchangeActor; onBehalf: boolean }
  | { type: 'expire'; namedId: string; at: Instant }

/**
 * An exchange trip to Zhejiang (`trips`), `_id` the id its screen made. Where each candidate stands is folded
 * from `events` (cloudfunctions/exchange/domain/trips.ts); `seq` changes with every write, which lands only
 * on the version it was computed from, so two answers at once never both take the last place.
 */
export interface Trip {
  _id: string
  /** the organising office's region (a prefecture or a county) and its path */
  region: string
  regionPath: RegionPath
  title: Bilingual
  places: Bilingual
  startDay: Day
  endDay: Day
  slots: number
  replyDays: number
  /** in the order places are offered */
  candidates: TripCandidate[]
  /** the candidates' households, for a household's own offers */
  householdIds: string[]
  events: TripEvent[]
  seq: number
  /** the earliest due of an open offer (or far in the future): the timer reads the trips whose time came */
  nextDue: Instant
  confirmed: number
  /** the draft notice the organisers' report became */
  report: { noticeId: string; at: Instant; by: ExchangeActor } | null
  createdBy: ExchangeActor
  createdAt: Instant
  updatedAt: Instant
}

/** A recruitment or enrolment opportunity outside the prefecture (`opportunities`), seen by the officials
 * and offices of `region` and below. */
export interface Opportunity {
  _id: string
  kind: OpportunityKind
  title: Bilingual
  body: Bilingual
  place: Bilingual
  deadline: Day
  region: string
  regionPath: RegionPath
  /** the department (by id) or office (by region) that published it; only it edits */
  publisher: ExchangeActor
  /** recommendations made of it */
  recommended: number
  createdAt: Instant
  updatedAt: Instant
}

/** An opportunity a paired official recommended to a member of a household (`recommendations`), `_id` the
 * id the official's screen made; the outcome is whatever someone learned last, or null. */
export interface Recommendation {
  _id: string
  opportunityId: string
  householdId: string
  member: { index: number; name: Bilingual }
  /** the household's path: each region on it counts the recommendation */
  regionPath: RegionPath
  by: ExchangeActor
  at: Instant
  outcome: OpportunityOutcome | null
  outcomeAt: Instant | null
  outcomeBy: ExchangeActor | null
}

export type OpportunityCounters = Record<'recommended' | OpportunityOutcome, number>

/** Counters of a region's recommendations (`_id` = `region:<code>` all time and `region:<code>:<period>` for the
 * China month and quarter of each recommendation and outcome, for every code of the households' paths), moved
 * with each recommendation and outcome; recomputable from `recommendations`. */
export interface OpportunityCounts {
  _id: string
  counters: OpportunityCounters
}

/** The id of a region's opportunity counters: all time, or of a period (`2026-12`, `2026-Q4`). */
export function opportunityCountsId(code: string, period?: string): string {
  return period ? `region:${code}:${period}` : `region:${code}`
}

// ---------------------------------------------------------------------------------------------------

/** Collection name → its stored document. Adding a collection here and in config/cloud.ts is all it takes. */
/**
 * The dashboard's own counters (the dashboard function's nightly count), beside contacts' `stats`, the
 * requests' `requestRates` and `noticeStats`: `_id` `r:<region>:<period>` or `d:<department>:<period>`, and
 * `…:now` for the present. Gauges (households, officials, pairings, the network) are the picture as of the
 * count, copied into the current month and quarter, so a past period keeps its last picture; households,
 * officials and pairings also move with the registry's writes in between (cloudfunctions/_shared/figures.ts);
 * notices are those published in the period.
 */
export interface DashboardFigures {
  _id: string
  axis: 'region' | 'department'
  key: string
  period: string
  households: number
  officials: number
  pairedHouseholds: number
  /** region only: the 石榴籽 network's units by kind */
  network?: Record<UnitKind, number>
  /** region only: notices published in the period to all the region's households, and the reads of them by
   * the region's households (reads counted by `noticeStats`) */
  noticesPublished?: number
  noticeReads?: number
  /** the audience those notices had: the region's households, once per notice */
  noticeAudience?: number
  countedAt: Instant
}

// ---------------------------------------------------------------------------------------------------
// The dashboard's phases and spreadsheets (cloudfunctions/dashboard/phases.ts, exports.ts, reports.ts)

/** One of the programme's phases as the prefecture office saved it (`phases`, `_id` = the phase's id);
 * a phase nobody saved is the built-in one (src/shared/phases.ts). */
export interface PhaseDoc {
  _id: PhaseId
  from: Day
  to: Day
  targets: Targets
  updatedBy: string
  updatedAt: Instant
}

/** A file in cloud storage the dashboard wrote, and where it lives. */
export interface DashboardFileRef {
  fileID: string
  fileName: string
}

/**
 * A region's monthly or quarterly report (`_id` = `report:<period>:<region>`): taken once by whichever timer
 * run gets to it first (`making`, with `takenAt`), then `done` with its file. A run that finds a report
 * `making` for longer than a run lasts takes it over; the file's path is fixed by period and region, so a
 * second writing replaces the first and never adds a file.
 */
export interface DashboardReport {
  _id: string
  kind: 'report'
  region: string
  regionPath: RegionPath
  level: RegionLevel
  period: string
  periodKind: 'month' | 'quarter'
  state: 'making' | 'done'
  takenAt: Instant
  madeAt: Instant | null
  file: DashboardFileRef | null
}

/** How far the timer got through the regions for a period (`_id` = `run:<period>`): regions in `_id` order. */
export interface DashboardReportRun {
  _id: string
  kind: 'run'
  period: string
  /** the last region whose report was made or found made; '' before the first */
  after: string
  done: boolean
  updatedAt: Instant
}

/** A table an office exported (`_id` = `export:<id>`): the file is deleted from storage once expired. */
export interface DashboardExport {
  _id: string
  kind: 'export'
  /** the region or department the table is about */
  key: string
  table: string
  createdBy: string
  createdAt: Instant
  expiresAt: Instant
  file: DashboardFileRef | null
}

/**
 * The day's count claimed by one run of the dashboard's timer (`_id` = `count:<China day>`): the first tick of a
 * China day counts, a missed one is caught up by the next, and two runs at once count once. A claim left
 * unfinished (the run died) is taken over after a while.
 */
export interface DashboardCountRun {
  _id: string
  kind: 'count'
  day: Day
  done: boolean
  updatedAt: Instant
}

export type DashboardFile = DashboardReport | DashboardReportRun | DashboardExport | DashboardCountRun

/**
 * A gentle reminder to a household's officials that it needs care (the dashboard function's `remind`), one per
 * household: `_id` is the household's id. It shows in each official's list until they put it aside, anyone
 * contacts the household, or it lapses (cloudfunctions/dashboard/domain/care.ts); never a mark against them.
 */
export interface Reminder {
  _id: string
  householdId: string
  regionPath: RegionPath
  /** the household's officials when it was reminded */
  officialIds: string[]
  /** the user who reminded, and the office region they acted for (null for an administrator) */
  by: { openid: string; region: string | null }
  remindedAt: Instant
  /** officialId → when that official put it aside */
  dismissed: Record<string, Instant>
  /** the subscription messages, claimed once per reminding (null until claimed), and their outcomes */
  told: { at: Instant; sent: number; refused: number; failed: number } | null
}

/** "This official was sent a reminder message today": `_id` `care:<officialId>:<China day>`, inserted once. */
export interface ReminderMark {
  _id: string
  at: Instant
}

export interface Documents {
  regions: Region
  departments: Department
  units: Unit
  officials: Official
  households: Household
  pairings: Pairing
  imports: RosterJob
  importChunks: ImportChunk
  plans: Plan
  planChunks: PlanChunk
  notices: Notice
  noticeReads: NoticeRead
  noticeStats: NoticeStats
  noticeSubscriptions: NoticeSubscription
  noticeForwards: NoticeForward
  users: User
  invites: Invite
  inviteGuards: InviteGuard
  audit: Audit
  auditCounters: AuditCounter
  contacts: Contact
  contactConflicts: ContactConflict
  contactMarks: ContactMark
  stats: Stats
  householdHistory: HouseholdHistory
  feedback: Feedback
  feedbackQuotas: FeedbackQuota
  services: Service
  calendars: CalendarEntry
  requestCategories: RequestCategory
  requests: Request
  requestRates: RequestRates
  dashboardFigures: DashboardFigures
  reminders: Reminder
  reminderMarks: ReminderMark
  wishes: Wish
  donors: Donor
  campaigns: Campaign
  nominations: Nomination
  objections: Objection
  named: Named
  trips: Trip
  opportunities: Opportunity
  recommendations: Recommendation
  opportunityCounts: OpportunityCounts
  phases: PhaseDoc
  dashboardFiles: DashboardFile
}

export type CollectionName = keyof Documents
