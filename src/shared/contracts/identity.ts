import * as v from 'valibot'
import { action, defineFunction } from '../contract'
import { LEVELS } from '../region'
import { isDay } from '../time'

/** A region code: 12 digits (2 province, 2 city, 2 county, 3 township, 3 village), or a 6-digit county code. */
const code = v.pipe(v.string(), v.regex(/^\d{6}(\d{6})?$/, 'validation.invalid'))
const id = v.pipe(v.string(), v.minLength(1, 'validation.required'), v.maxLength(64, 'validation.invalid'))
const openid = v.pipe(v.string(), v.minLength(1, 'validation.required'), v.maxLength(128, 'validation.invalid'))

/**
 * One role held by one WeChat user, with the record or region it applies to. Household and official grants
 * carry the record's `regionPath` (written at binding, kept by the registry when the record moves), so a
 * function knows where its caller lives from the caller's lookup alone; grants stored before it was added
 * lack it, and functions then read the record.
 */
const regionPath = v.optional(v.array(v.string()))
/**
 * Who made a granted role (office, reviewer, department, administrator): the granting openid and the
 * office regions it held then. Separation of duties reads it: a reviewer appointed by a notice's author or
 * by the author's office does not review that notice. Grants stored before it was recorded lack it.
 */
const grantedBy = v.optional(v.string())
const grantedByOffices = v.optional(v.array(v.string()))
export const RoleGrantSchema = v.variant('role', [
  v.object({ role: v.literal('household'), householdId: v.string(), head: v.optional(v.boolean()), regionPath }),
  v.object({ role: v.literal('official'), officialId: v.string(), regionPath }),
  v.object({ role: v.literal('office'), region: code, grantedBy, grantedByOffices }),
  v.object({ role: v.literal('reviewer'), region: code, grantedBy, grantedByOffices }),
  v.object({ role: v.literal('department'), departmentId: v.string(), grantedBy, grantedByOffices }),
  v.object({ role: v.literal('admin'), grantedBy, grantedByOffices }),
])
export type RoleGrant = v.InferOutput<typeof RoleGrantSchema>

/** Roles granted by someone with authority over their scope; household and official roles come only
 * from invitation codes, because binding is where the system learns who an openid is. */
export const GrantableRoleSchema = v.variant('role', [
  v.object({ role: v.literal('office'), region: code }),
  v.object({ role: v.literal('reviewer'), region: code }),
  v.object({ role: v.literal('department'), departmentId: id }),
  v.object({ role: v.literal('admin') }),
])

const BilingualSchema = v.object({ 'zh-Hans': v.string(), bo: v.string() })

/** A role as the role switcher shows it: the grant and what it is about, in both languages. */
export const RoleCardSchema = v.object({
  /** stable key for the switcher, e.g. `office:513301000000` */
  key: v.string(),
  grant: RoleGrantSchema,
  /** the household head's, the official's, the region's or the department's name */
  label: BilingualSchema,
  /** region names from the prefecture down, for office and reviewer roles and households */
  regionNames: v.array(BilingualSchema),
  /** the region the grant is about, named (never shown as a code): an office's or reviewer's region, a
   * household's village, an official's home region */
  region: v.optional(v.object({ code: v.string(), name: BilingualSchema, level: v.picklist(LEVELS) })),
  /** a department grant's department, named */
  department: v.optional(v.object({ id: v.string(), name: BilingualSchema })),
})
export type RoleCard = v.InferOutput<typeof RoleCardSchema>

/** Invitation codes are 8 digits, read out as two groups of four; spaces and dashes are ignored. */
export const InviteCodeSchema = v.pipe(
  v.string(),
  v.transform((value) => value.replace(/^shiliuzi:invite:/, '').replace(/[\s-]/g, '')),
  v.regex(/^\d{8}$/, 'invite.codeFormat'),
)

const InviteIssuedSchema = v.object({
  /** the plain code, returned once to the issuer and never stored */
  code: v.string(),
  /** `1234 5678`, for reading out on the phone */
  display: v.string(),
  /** what the QR code encodes; `Taro.scanCode` returns it as `result` */
  qr: v.string(),
  /** an ISO instant */
  expiresAt: v.string(),
})

const MemberSchema = v.object({
  name: BilingualSchema,
  relation: v.string(),
  sex: v.optional(v.string()),
  birthYear: v.optional(v.number()),
  /** full only when `revealed` */
  idNumber: v.string(),
  schooling: v.optional(v.string()),
  work: v.optional(v.string()),
  /** a sensitive category: present only for roles that need it */
  health: v.optional(v.string()),
})

/**
 * `replace`: a replacement code moved a binding to a new phone (subject: the displaced openid);
 * `refusal`: a privileged action was refused (details: the reason); `lockout`: wrong invitation codes
 * locked an openid or a code; `suppressed`: one actor's records beyond the per-minute allowance, counted
 * in `count` (one such record per actor and minute); `pairing`: pairings changed by re-pairing or an
 * applied plan (one record per action, the region and counts in `details`); `edit`: a household's risk
 * level or info sheet changed (the fields, never the values); `export`: a roster export (subject: the
 * region; details: kind, rows, masked or full numbers and the stated reason); `import`: a committed roster
 * import (subject: the region; details: the counts).
 */
export const AUDIT_KINDS = [
  'view',
  'grant',
  'revoke',
  'bind',
  'unbind',
  'invite',
  'replace',
  'refusal',
  'lockout',
  'suppressed',
  'pairing',
  'edit',
  'export',
  'import',
] as const
export type AuditKind = (typeof AUDIT_KINDS)[number]

export const AuditEntrySchema = v.object({
  id: v.string(),
  kind: v.picklist(AUDIT_KINDS),
  actor: v.string(),
  subject: v.string(),
  fields: v.array(v.string()),
  action: v.string(),
  /** an ISO instant */
  at: v.string(),
  details: v.optional(v.string()),
  /** `suppressed` entries: how many records were left out */
  count: v.optional(v.number()),
})
export type AuditEntry = v.InferOutput<typeof AuditEntrySchema>

/** A China calendar day that exists (`2026-02-30` and `2026-13-01` do not). */
const day = v.pipe(
  v.string(),
  v.check((s) => isDay(s), 'validation.invalid'),
)

/** How many role holders `rolesInRegion` lists (a prefecture's staff fit; the rest are counted in `total`). */
export const HOLDERS_SHOWN = 300

export const identity = defineFunction('identity', {
  /** Who the caller is in the programme: the start screen routes on this, the role switcher lists `cards`. */
  me: action({
    input: v.object({}),
    output: v.object({
      bound: v.boolean(),
      roles: v.array(RoleGrantSchema),
      displayName: v.optional(v.string()),
      cards: v.array(RoleCardSchema),
      /** bindings a replacement code moved to another phone since the last `me` (grant key, ISO instant) */
      displaced: v.optional(v.array(v.object({ key: v.string(), at: v.string() }))),
    }),
    roles: ['anyone'],
    scope: 'none',
  }),

  /** Who holds an office, reviewer or department role within a region: office and reviewer grants for the
   * region or below, department grants for the departments an office there may appoint (their `regionPath`
   * holds the region); `departments` are those, for the appointing form. At most `HOLDERS_SHOWN` holders. */
  rolesInRegion: action({
    input: v.object({ region: code }),
    output: v.object({
      holders: v.array(
        v.object({
          openid: v.string(),
          grant: GrantableRoleSchema,
          /** the region's or the department's name */
          label: BilingualSchema,
        }),
      ),
      total: v.number(),
      departments: v.array(v.object({ id: v.string(), name: BilingualSchema })),
    }),
    roles: ['office', 'admin'],
    scope: 'region',
    list: true,
  }),

  /** Gives an openid an office, reviewer, department or administrator role (rules: cloudfunctions/_shared/access.ts). */
  grantRole: action({
    input: v.object({ openid, grant: GrantableRoleSchema }),
    output: v.object({ roles: v.array(RoleGrantSchema) }),
    roles: ['office', 'department', 'admin'],
    scope: 'region',
    writes: true,
  }),

  revokeRole: action({
    input: v.object({ openid, grant: GrantableRoleSchema }),
    output: v.object({ roles: v.array(RoleGrantSchema) }),
    roles: ['office', 'department', 'admin'],
    scope: 'region',
    writes: true,
  }),

  /** A code that binds its redeemer to an official record (office over the official's home region,
   * the official's department, or an administrator). Valid 72 hours. An official already bound to a phone
   * gets a code only as a replacement: `replaces` names that phone's openid, or `replacesBound` asks for
   * whichever phone holds the official now (the office sees it only masked, `officialBinding`); only
   * someone who may end that binding may issue it. */
  inviteOfficial: action({
    input: v.object({ officialId: id, replaces: v.optional(openid), replacesBound: v.optional(v.boolean()) }),
    output: InviteIssuedSchema,
    roles: ['office', 'department', 'admin'],
    scope: 'region',
    writes: true,
  }),

  /** A code that binds its redeemer to a household: issued by a paired official or the office over the
   * household's village (any member, the head included), or by the household head (family members only).
   * `replaces` names the openid of a lost phone: redeeming moves that member's binding (only someone who may
   * end that binding issues it). A head code for a household whose head is bound must replace the head.
   * Valid 7 days. */
  inviteHousehold: action({
    input: v.object({ householdId: id, head: v.optional(v.boolean()), replaces: v.optional(openid) }),
    output: InviteIssuedSchema,
    roles: ['household', 'official', 'office', 'admin'],
    scope: 'household',
    writes: true,
  }),

  /** Whether an official is bound to a phone, for moving a lost phone's binding: the phone's openid
   * masked (recognised when read out, never copied) and since when. An office over the official's home
   * region, or an administrator. */
  officialBinding: action({
    input: v.object({ officialId: id }),
    output: v.object({
      official: v.object({ id: v.string(), name: BilingualSchema, active: v.boolean() }),
      /** absent when no phone holds the official */
      bound: v.optional(v.object({ openid: v.string(), since: v.optional(v.string()) })),
    }),
    roles: ['office', 'admin'],
    scope: 'region',
  }),

  /** Binds the caller with a code (typed, or the QR payload). Open to everyone: this is how one starts. */
  redeemInvite: action({
    input: v.object({ code: InviteCodeSchema }),
    output: v.object({ grant: RoleGrantSchema, name: BilingualSchema }),
    roles: ['anyone'],
    scope: 'none',
    writes: true,
  }),

  /** Ends a household or official binding: one's own (no `openid`), a family member's (the head), or
   * anyone's in the caller's office subtree. */
  unbind: action({
    input: v.object({ role: v.picklist(['household', 'official']), openid: v.optional(openid) }),
    output: v.object({ roles: v.array(RoleGrantSchema) }),
    roles: ['household', 'official', 'office', 'admin'],
    scope: 'self',
    writes: true,
  }),

  /** The openids bound to a household, for the head's "family members" list and the office. */
  householdMembers: action({
    input: v.object({ householdId: id }),
    output: v.object({
      /** `since`: when the phone was bound, an ISO instant (bindings older than the record of it have none) */
      members: v.array(v.object({ openid: v.string(), head: v.boolean(), since: v.optional(v.string()) })),
      limit: v.number(),
    }),
    roles: ['household', 'official', 'office', 'admin'],
    scope: 'household',
    list: true,
  }),

  /**
   * One household's one-sheet. ID-card and phone numbers come masked unless `reveal` is asked by a role
   * that may see them (the household itself, a paired official, a village or township office); every
   * reveal writes an audit record. Sensitive categories are left out for roles that do not need them.
   */
  householdDetail: action({
    input: v.object({ householdId: id, reveal: v.optional(v.boolean()) }),
    output: v.object({
      id: v.string(),
      regionPath: v.array(v.string()),
      head: v.object({ name: BilingualSchema, idNumber: v.string() }),
      phone: v.string(),
      members: v.array(MemberSchema),
      riskLevel: v.optional(v.string()),
      sensitive: v.optional(v.object({ monastic: v.boolean(), disability: v.boolean() })),
      officialIds: v.array(v.string()),
      revealed: v.boolean(),
      /** whether this caller may ask for `reveal` */
      mayReveal: v.boolean(),
      sensitiveShown: v.boolean(),
    }),
    roles: ['household', 'official', 'office', 'admin'],
    scope: 'household',
  }),

  /** The audit log, newest first, by actor, subject, action (`<function>.<action>`), kind and date range
   * (China days, both ends included). */
  auditSearch: action({
    input: v.object({
      actor: v.optional(v.string()),
      subject: v.optional(v.string()),
      action: v.optional(v.pipe(v.string(), v.maxLength(64, 'validation.invalid'))),
      kind: v.optional(v.picklist(AUDIT_KINDS)),
      from: v.optional(day),
      to: v.optional(day),
      page: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000))),
    }),
    output: v.object({ entries: v.array(AuditEntrySchema), total: v.number(), pageSize: v.number() }),
    roles: ['admin'],
    scope: 'global',
    list: true,
  }),
})
