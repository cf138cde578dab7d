/**
 * The cloud, declared once. The deploy step (`npm run deploy:config` → cloudbaserc.json, index script)
 * and the local cloud both read this file, so what runs on a laptop is what runs in WeChat Cloud.
 *
 * Production limits mirrored here: 50 functions per environment, 20 indexes per collection,
 * timeout 3 s by default (at most 60 s), one timer trigger per function with a 7-field cron in UTC+8.
 */
import type { CollectionName } from './documents'

export interface TimerTrigger {
  name: string
  type: 'timer'
  /** 7 fields: second minute hour day month weekday year (UTC+8), e.g. `0 0 2 * * * *` is 02:00 every day */
  config: string
}

/**
 * A value the function refuses to run without, set in the production function's environment by hand (never
 * committed, never in cloudbaserc.json); `npm run deploy:config` lists them. The local cloud gives each
 * function its secrets' `development` values.
 */
export interface SecretDecl {
  name: string
  /** what it protects, for whoever deploys */
  purpose: string
  development: string
}

export interface FunctionDecl {
  name: string
  /** seconds; WeChat's default is 3 */
  timeout: number
  /** MB */
  memorySize: number
  triggers?: TimerTrigger[]
  envVariables?: Record<string, string>
  secrets?: SecretDecl[]
}

export interface IndexKey {
  field: string
  direction: 1 | -1
}

export interface IndexDecl {
  name: string
  keys: IndexKey[]
  unique?: boolean
}

export interface CollectionDecl {
  indexes: IndexDecl[]
}

export interface CloudDecl {
  /** the production environment id; the local cloud uses the same name */
  envId: string
  runtime: 'Nodejs16.13' | 'Nodejs18.15'
  functions: FunctionDecl[]
  /** every collection, by the name its documents are declared under in config/documents.ts */
  collections: Record<CollectionName, CollectionDecl>
}

const asc = (...fields: string[]): IndexKey[] => fields.map((field) => ({ field, direction: 1 as const }))

export const cloud: CloudDecl = {
  envId: 'shiliuzi',
  runtime: 'Nodejs18.15',
  functions: [
    {
      name: 'identity',
      timeout: 10,
      memorySize: 256,
      // daily at 03:00 China time: long-expired codes, old guards and audit counters are removed
      triggers: [{ name: 'pruneInvites', type: 'timer', config: '0 0 3 * * * *' }],
      secrets: [
        {
          name: 'INVITE_PEPPER',
          purpose: 'key of the invitation codes’ stored hashes (HMAC-SHA256); at least 32 random characters',
          development: 'shiliuzi-local-pepper',
        },
      ],
    },
    // roster import reads a whole file (up to 300,000 rows) in one call; commits and plans run in batches
    {
      name: 'registry',
      timeout: 60,
      memorySize: 1024,
      // hourly: roster export files past their expiry are deleted from storage
      triggers: [{ name: 'expireExports', type: 'timer', config: '0 0 * * * * *' }],
    },
    {
      // the recount reads whole collections: an administrator's tool, given the longest timeout
      name: 'contacts',
      timeout: 60,
      memorySize: 512,
      // daily at 01:00 China time: overdue households and risk levels into the current month and quarter
      triggers: [{ name: 'dailyGauges', type: 'timer', config: '0 0 1 * * * *' }],
      // region code → days between contacts before a household counts as overdue (default 30)
      envVariables: { CONTACT_PERIOD_DAYS: '{}' },
    },
    {
      name: 'notices',
      timeout: 20,
      memorySize: 256,
      // push dispatch: every minute, in batches, resuming where the last run stopped
      triggers: [{ name: 'pushDispatch', type: 'timer', config: '0 * * * * * *' }],
    },
    // feedback about the app: a few reads and writes per call
    { name: 'feedback', timeout: 5, memorySize: 256 },
    // hardship relief requests: the calendar, service menus, reports and a household's requests
    {
      name: 'requests',
      timeout: 20,
      memorySize: 256,
      // escalation: every ten minutes, open requests whose next check has come
      triggers: [{ name: 'escalate', type: 'timer', config: '0 */10 * * * * *' }],
    },
    // charity wishes: a few reads and writes per call
    { name: 'wishes', timeout: 5, memorySize: 256 },
    // embedded exchange: the yearly selection, its 公示 and the named list; confirming a list writes and tells
    // a few dozen families at once
    {
      name: 'exchange',
      timeout: 20,
      memorySize: 256,
      // every 10 minutes: trip places not answered by their due expire and pass to the next family or
      // studio (the answer itself catches up too, so the timer only keeps the places moving); the function's
      // one trigger, so any other timed work of the function joins this run
      triggers: [{ name: 'tick', type: 'timer', config: '0 */10 * * * * *' }],
    },
    {
      // the dashboard: figures read from counters; the nightly count reads whole collections
      name: 'dashboard',
      timeout: 60,
      memorySize: 1024,
      // every 10 minutes (the function's one trigger): the day's count of the dashboard's counters from raw
      // data, compared with the stored ones and repaired, by the day's first run in China time; the ended
      // period's reports, each run going on where the last stopped; expired exports deleted (tick.ts)
      triggers: [{ name: 'tick', type: 'timer', config: '0 */10 * * * * *' }],
      // the households behind the overdue figure use contacts' own period per region (list.ts)
      envVariables: { CONTACT_PERIOD_DAYS: '{}' },
    },
  ],
  collections: {
    regions: {
      indexes: [
        { name: 'parent', keys: asc('parent') },
        { name: 'level', keys: asc('level') },
      ],
    },
    departments: { indexes: [{ name: 'regionPath', keys: asc('regionPath') }] },
    // a region's units by kind; the studios an official is a member of (their trip offers)
    units: {
      indexes: [
        { name: 'regionPath_kind', keys: asc('regionPath', 'kind') },
        { name: 'members_officialId', keys: asc('members.officialId') },
      ],
    },
    officials: {
      indexes: [
        { name: 'externalId', keys: asc('externalId'), unique: true },
        { name: 'regionPath', keys: asc('regionPath') },
        { name: 'departmentId', keys: asc('departmentId') },
        { name: 'idNumber', keys: asc('idNumber') },
      ],
    },
    households: {
      indexes: [
        { name: 'externalId', keys: asc('externalId'), unique: true },
        { name: 'regionPath', keys: asc('regionPath') },
        { name: 'officialIds', keys: asc('officialIds') },
        { name: 'head.idNumber', keys: asc('head.idNumber') },
      ],
    },
    pairings: {
      indexes: [
        { name: 'officialId_to', keys: asc('officialId', 'to') },
        { name: 'householdId_to', keys: asc('householdId', 'to') },
      ],
    },
    // registry: one document per roster import (progress, next batch) and its staged rows and row errors
    imports: { indexes: [{ name: 'region_createdAt', keys: asc('region', 'createdAt') }] },
    importChunks: { indexes: [{ name: 'jobId_kind_n', keys: asc('jobId', 'kind', 'n') }] },
    // registry: stored pairing plans (preview, then applied in batches) and their pairings in chunks
    plans: { indexes: [{ name: 'region_createdAt', keys: asc('region', 'createdAt') }] },
    planChunks: { indexes: [{ name: 'planId_n', keys: asc('planId', 'n') }] },
    notices: {
      indexes: [
        {
          name: 'audienceRegions_publishAt',
          keys: [
            { field: 'audienceRegions', direction: 1 },
            { field: 'publishAt', direction: -1 },
          ],
        },
        { name: 'reviewState_reviewPath', keys: asc('reviewState', 'reviewPath') },
        {
          name: 'officePath_updatedAt',
          keys: [
            { field: 'officePath', direction: 1 },
            { field: 'updatedAt', direction: -1 },
          ],
        },
        { name: 'push_state', keys: asc('push.state') },
      ],
    },
    noticeReads: {
      indexes: [
        { name: 'noticeId_readerKind', keys: asc('noticeId', 'readerKind') },
        // a reader's latest receipts, which the feed reads beside the caller
        { name: 'readerId_readerKind_at', keys: [...asc('readerId', 'readerKind'), { field: 'at', direction: -1 }] },
      ],
    },
    // one document per notice: read counters per region (`household.r<code>`), read by _id only
    noticeStats: { indexes: [] },
    noticeSubscriptions: { indexes: [{ name: 'regionPath_kind', keys: asc('regionPath', 'kind') }] },
    noticeForwards: { indexes: [{ name: 'noticeId', keys: asc('noticeId') }] },
    users: {
      indexes: [
        { name: 'householdId', keys: asc('householdId') },
        { name: 'officialId', keys: asc('officialId') },
        // a unit's staff, told of its requests by the requests timer (cloudfunctions/requests/messages.ts)
        { name: 'roles_departmentId', keys: asc('roles.departmentId') },
        { name: 'roles_region', keys: asc('roles.region') },
      ],
    },
    // identity: the code itself is never stored, only its keyed hash and its 4-digit lookup handle
    invites: {
      indexes: [
        { name: 'codeHash', keys: asc('codeHash'), unique: true },
        { name: 'handle', keys: asc('handle') },
        { name: 'householdId', keys: asc('householdId') },
        // pruning: codes long past their expiry (a used code expired too)
        { name: 'expiresAt', keys: asc('expiresAt') },
      ],
    },
    // identity: failed invitation tries per openid, `_id` = openid
    inviteGuards: { indexes: [{ name: 'lastFailureAt', keys: asc('lastFailureAt') }] },
    audit: {
      indexes: [
        {
          name: 'actor_at',
          keys: [
            { field: 'actor', direction: 1 },
            { field: 'at', direction: -1 },
          ],
        },
        {
          name: 'subject_at',
          keys: [
            { field: 'subject', direction: 1 },
            { field: 'at', direction: -1 },
          ],
        },
        { name: 'at', keys: [{ field: 'at', direction: -1 }] },
        {
          name: 'action_at',
          keys: [
            { field: 'action', direction: 1 },
            { field: 'at', direction: -1 },
          ],
        },
        {
          name: 'kind_at',
          keys: [
            { field: 'kind', direction: 1 },
            { field: 'at', direction: -1 },
          ],
        },
      ],
    },
    // identity: audit records per actor and minute (the flood allowance), `_id` = `<actor>|<minute>`
    auditCounters: { indexes: [{ name: 'at', keys: asc('at') }] },
    contacts: {
      indexes: [
        {
          name: 'householdId_at',
          keys: [
            { field: 'householdId', direction: 1 },
            { field: 'at', direction: -1 },
          ],
        },
        {
          name: 'officialId_at',
          keys: [
            { field: 'officialId', direction: 1 },
            { field: 'at', direction: -1 },
          ],
        },
      ],
    },
    contactConflicts: {
      indexes: [
        { name: 'contactId', keys: asc('contactId') },
        { name: 'reviewed', keys: asc('reviewed') },
      ],
    },
    contactMarks: { indexes: [] },
    stats: { indexes: [{ name: 'axis_key_period', keys: asc('axis', 'key', 'period') }] },
    householdHistory: {
      indexes: [
        {
          name: 'householdId_at',
          keys: [
            { field: 'householdId', direction: 1 },
            { field: 'at', direction: -1 },
          ],
        },
      ],
    },
    feedback: {
      indexes: [
        // the sender's own, newest first; answers they have not seen
        { name: 'openid_createdAt', keys: [...asc('openid'), { field: 'createdAt', direction: -1 }] },
        { name: 'openid_unseen', keys: asc('openid', 'unseen') },
        // the inbox, newest first, by state and kind
        { name: 'createdAt', keys: [{ field: 'createdAt', direction: -1 }] },
        { name: 'state_createdAt', keys: [...asc('state'), { field: 'createdAt', direction: -1 }] },
        { name: 'kind_createdAt', keys: [...asc('kind'), { field: 'createdAt', direction: -1 }] },
        { name: 'state_kind_createdAt', keys: [...asc('state', 'kind'), { field: 'createdAt', direction: -1 }] },
      ],
    },
    // feedback: one per sender, `_id` = openid, read by _id only
    feedbackQuotas: { indexes: [] },
    // a department's menu; routing reads a category's active services
    services: {
      indexes: [
        { name: 'departmentId', keys: asc('departmentId') },
        { name: 'category_active', keys: asc('category', 'active') },
      ],
    },
    // one per year, `_id` = the year, read by _id only
    calendars: { indexes: [] },
    // the prefecture office's category list, `_id` = the key: a few dozen, read whole
    requestCategories: { indexes: [] },
    // `region:<code>` or `unit:<unitKey>`, read and incremented by _id only
    requestRates: { indexes: [] },
    // `r:<region>:<period>` / `d:<department>:<period>`, read by _id (a region's children by an _id pattern)
    dashboardFigures: { indexes: [] },
    // one per household, `_id` = its id: an official's list reads those naming them, the latest first
    reminders: { indexes: [{ name: 'officialIds_remindedAt', keys: asc('officialIds', 'remindedAt') }] },
    // `care:<official>:<day>`, inserted once: at most one reminder message a day to an official
    reminderMarks: { indexes: [] },
    requests: {
      indexes: [
        // a household's own, newest first
        { name: 'householdId_createdAt', keys: [...asc('householdId'), { field: 'createdAt', direction: -1 }] },
        // re-pairing hands an official's open requests over
        { name: 'officialId_open', keys: asc('officialId', 'open') },
        // the timer: open requests whose next check has come; a unit's inbox, soonest first
        { name: 'open_nextCheckAt', keys: asc('open', 'nextCheckAt') },
        { name: 'unit_open', keys: asc('unit.kind', 'unit.id', 'unit.region', 'open') },
        // the inbox's branches, each read by its own index and the ids united: a department's (by id), a
        // work office's (by region) and the ones returned to it as dispatcher (by its region)
        { name: 'unit.id_open', keys: asc('unit.id', 'open') },
        { name: 'unit.region_open', keys: asc('unit.region', 'open') },
        { name: 'dispatcher.region_state', keys: asc('dispatcher.region', 'state', 'open') },
        { name: 'watchers_open', keys: asc('watchers', 'open') },
        // the office above a unit that asked for an extension, until it answers
        { name: 'askedOf_open', keys: asc('askedOf', 'open') },
        // a village's or township's public list of risk leads decided (category `risk`)
        { name: 'category_regionPath', keys: asc('category', 'regionPath') },
      ],
    },
    wishes: {
      indexes: [
        // one standing wish per request (a withdrawn one frees its request)
        { name: 'liveKey', keys: asc('liveKey'), unique: true },
        // the household's own, newest first
        { name: 'householdId_createdAt', keys: [...asc('householdId'), { field: 'createdAt', direction: -1 }] },
        // a region's wishes, newest first, by state
        { name: 'regionPath_createdAt', keys: [...asc('regionPath'), { field: 'createdAt', direction: -1 }] },
        {
          name: 'regionPath_state_createdAt',
          keys: [...asc('regionPath', 'state'), { field: 'createdAt', direction: -1 }],
        },
        // what a donor holds
        { name: 'claim.donorId_state', keys: asc('claim.donorId', 'state') },
      ],
    },
    donors: {
      indexes: [
        { name: 'region', keys: asc('region') },
        { name: 'regionPath', keys: asc('regionPath') },
        { name: 'officialId', keys: asc('officialId') },
        { name: 'departmentId', keys: asc('departmentId') },
      ],
    },
    // exchange: a prefecture's campaigns, a few a year
    campaigns: { indexes: [{ name: 'region_year', keys: asc('region', 'year') }] },
    nominations: {
      indexes: [
        // a campaign's nominations in a region (the reviewing township's or county's), by state
        { name: 'campaignId_regionPath_state', keys: asc('campaignId', 'regionPath', 'state') },
        // the household's own: the consent card on its home
        { name: 'householdId_state', keys: asc('householdId', 'state') },
      ],
    },
    objections: { indexes: [{ name: 'campaignId_county', keys: asc('campaignId', 'county') }] },
    // the named of a region, the newest year first; a household's badge
    named: {
      indexes: [
        { name: 'regionPath_year', keys: [...asc('regionPath'), { field: 'year', direction: -1 }] },
        { name: 'householdId', keys: asc('householdId') },
        { name: 'unitId', keys: asc('unitId') },
      ],
    },
    // exchange trips: a region's (the organisers' list), those whose open offer is due (the timer), a
    // household's own offers, a studio's
    trips: {
      indexes: [
        { name: 'regionPath_startDay', keys: [...asc('regionPath'), { field: 'startDay', direction: -1 }] },
        { name: 'nextDue', keys: asc('nextDue') },
        { name: 'householdIds', keys: asc('householdIds') },
        { name: 'candidates_unitId', keys: asc('candidates.unitId') },
      ],
    },
    // opportunities: in an office's reach, open at a household's regions (by deadline), a department's own
    opportunities: {
      indexes: [
        { name: 'regionPath_deadline', keys: asc('regionPath', 'deadline') },
        { name: 'region_deadline', keys: asc('region', 'deadline') },
        { name: 'publisher', keys: asc('publisher.role', 'publisher.id') },
      ],
    },
    // a household's recommendations, the latest first; the recount reads a county's by regionPath
    recommendations: {
      indexes: [
        { name: 'householdId_at', keys: [...asc('householdId'), { field: 'at', direction: -1 }] },
        { name: 'regionPath', keys: asc('regionPath') },
      ],
    },
    // `region:<code>`, read and incremented by _id only
    opportunityCounts: { indexes: [] },
    // the dashboard: the programme's phases, read whole (three documents)
    phases: { indexes: [] },
    // the dashboard's reports (an office's list, newest first), report runs and exports (expiry)
    dashboardFiles: {
      indexes: [
        { name: 'kind_region_period', keys: [...asc('kind', 'region'), { field: 'period', direction: -1 }] },
        { name: 'kind_expiresAt', keys: asc('kind', 'expiresAt') },
      ],
    },
  },
}

export function functionDecl(name: string): FunctionDecl | undefined {
  return cloud.functions.find((f) => f.name === name)
}
