/**
 * What the authorisation matrix and the masking scan share: every contract in src/shared/contracts, the
 * demo identities (one per role and office level, plus an unbound openid), and for each identity a target
 * inside and one outside its reach — chosen from the seeded slice by the rules the programme states
 * (DESIGN §5, issue 4), not by calling the access code under test.
 */
import fs from 'node:fs'
import path from 'node:path'
import * as v from 'valibot'

import { cloud } from '../../config/cloud'
import type { ActionDef, AnySchema, FunctionContract } from '../../src/shared/contract'
import type { RoleGrant } from '../../src/shared/contracts/identity'
import type { Doc, FunctionsHarness, Slice } from './harness'
import { FUNCTIONS_DIR, ROOT } from './harness'

export const NOBODY = 'matrix-nobody'
/** bound to a household in the demo village, so every demo office may unbind it */
export const HOME_MEMBER = 'matrix-home-member'
/** bound to a household in the other county */
export const AWAY_MEMBER = 'matrix-away-member'
/** holds grantable roles for revokeRole cells */
export const ROLE_HOLDER = 'matrix-role-holder'
const OTHER_COUNTY = '513322000000'

export interface Who {
  openid: string
  grant?: RoleGrant
}

export interface ContractEntry {
  fn: string
  name: string
  def: ActionDef
}

/** Every action of every contract module, and whether its function is built and declared. */
export function allActions(): { runnable: ContractEntry[]; skipped: string[] } {
  const dir = path.join(ROOT, 'src', 'shared', 'contracts')
  const runnable: ContractEntry[] = []
  const skipped: string[] = []
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(dir, file)) as Record<string, unknown>
    for (const value of Object.values(mod)) {
      const contract = value as FunctionContract
      if (!contract || typeof contract !== 'object' || typeof contract.name !== 'string' || !contract.actions) continue
      const built =
        cloud.functions.some((f) => f.name === contract.name) &&
        fs.existsSync(path.join(FUNCTIONS_DIR, contract.name, 'index.js'))
      for (const [name, def] of Object.entries(contract.actions)) {
        if (built) runnable.push({ fn: contract.name, name, def })
        else skipped.push(`${contract.name}.${name}`)
      }
    }
  }
  return { runnable, skipped }
}

/** The demo identities of the slice, the demo household made its head, and the extra users cells need. */
export function prepare(h: FunctionsHarness): Who[] {
  const users = h.find('users')
  const home = users.find((u) => u._id === 'demo-household-1')
  if (home?.householdId)
    h.lc.store.update(
      'users',
      { _id: home._id },
      { $set: { roles: [{ role: 'household', householdId: home.householdId, head: true }] } },
    )
  const homeHousehold = h.find('households', { _id: home?.householdId })[0]
  const awayHousehold = h.find('households', { regionPath: OTHER_COUNTY })[0]
  const regions = users.flatMap((u) =>
    (u.roles as RoleGrant[]).flatMap((g) => (g.role === 'office' || g.role === 'reviewer' ? [g.region] : [])),
  )
  const departments = users.flatMap((u) =>
    (u.roles as RoleGrant[]).flatMap((g) => (g.role === 'department' ? [g.departmentId] : [])),
  )
  h.insert('users', [
    {
      _id: HOME_MEMBER,
      householdId: homeHousehold?._id,
      roles: [{ role: 'household', householdId: homeHousehold?._id }],
    },
    {
      _id: AWAY_MEMBER,
      householdId: awayHousehold?._id,
      roles: [{ role: 'household', householdId: awayHousehold?._id }],
    },
    {
      _id: ROLE_HOLDER,
      roles: [
        ...[...new Set(regions)].map((region) => ({ role: 'reviewer', region })),
        ...[...new Set(departments)].map((departmentId) => ({ role: 'department', departmentId })),
      ],
    },
  ])
  return [
    { openid: NOBODY },
    ...users
      .sort((a, b) => (a._id < b._id ? -1 : 1))
      .map((u) => ({ openid: u._id, grant: (h.find('users', { _id: u._id })[0]!.roles as RoleGrant[])[0] })),
  ]
}

export type TargetKind = 'household' | 'official' | 'region' | 'department'

/** The input field that names an action's target under the declared scope (the convention of access.ts). */
export function targetKind(def: ActionDef): { kind: TargetKind; key: string } | undefined {
  const keys = Object.keys((def.input as unknown as { entries?: Record<string, unknown> }).entries ?? {})
  const has = (key: string) => keys.includes(key)
  if (def.scope === 'household' && has('householdId')) return { kind: 'household', key: 'householdId' }
  if (def.scope === 'region') {
    if (has('region')) return { kind: 'region', key: 'region' }
    if (has('officialId')) return { kind: 'official', key: 'officialId' }
    if (has('householdId')) return { kind: 'household', key: 'householdId' }
  }
  if (def.scope === 'department') {
    if (has('departmentId')) return { kind: 'department', key: 'departmentId' }
    if (has('officialId')) return { kind: 'official', key: 'officialId' }
  }
  return undefined
}

const first = (docs: Doc[], keep: (d: Doc) => boolean) => docs.find(keep)?._id
const path4 = (d: Doc) => (d.regionPath as string[] | undefined) ?? []

/**
 * A target inside the identity's reach (undefined when its role never reaches this kind) and one outside
 * (undefined when nothing in the slice is outside, e.g. for the prefecture office or an administrator).
 */
export function targets(slice: Slice, who: Who, kind: TargetKind): { inside?: string; outside?: string } {
  const g = who.grant
  if (kind === 'region') {
    if (g?.role === 'office' || g?.role === 'reviewer')
      return { inside: g.region, outside: g.region.startsWith('5133000') ? undefined : OTHER_COUNTY }
    if (g?.role === 'admin') return { inside: OTHER_COUNTY }
    return { outside: OTHER_COUNTY }
  }
  const docs = slice[kind === 'household' ? 'households' : kind === 'official' ? 'officials' : 'departments'] ?? []
  const any = first(docs, () => true)
  switch (g?.role) {
    case 'admin':
      return { inside: any }
    case 'office':
      return {
        inside: first(docs, (d) => path4(d).includes(g.region)),
        outside: first(docs, (d) => !path4(d).includes(g.region)),
      }
    case 'household':
      if (kind === 'household')
        return { inside: g.householdId, outside: first(docs, (d) => path4(d).includes(OTHER_COUNTY)) }
      return { outside: any }
    case 'official':
      if (kind === 'household')
        return {
          inside: first(docs, (d) => ((d.officialIds as string[]) ?? []).includes(g.officialId)),
          outside: first(docs, (d) => !((d.officialIds as string[]) ?? []).includes(g.officialId)),
        }
      if (kind === 'official') return { inside: g.officialId, outside: first(docs, (d) => d._id !== g.officialId) }
      return { outside: any }
    case 'department':
      if (kind === 'department')
        return { inside: g.departmentId, outside: first(docs, (d) => d._id !== g.departmentId) }
      if (kind === 'official')
        return {
          inside: first(docs, (d) => d.departmentId === g.departmentId),
          outside: first(docs, (d) => d.departmentId !== g.departmentId),
        }
      return { outside: any }
    default:
      return { outside: any }
  }
}

/** Hand-written inputs for actions whose target is not a plain id field (granting, unbinding, codes). */
export type Sample = (who: Who, side: 'inside' | 'outside') => { input: unknown; allowed: boolean } | undefined

function grantSample(who: Who, side: 'inside' | 'outside') {
  const g = who.grant
  const foreignOffice = { role: 'office', region: OTHER_COUNTY }
  if (side === 'inside') {
    if (g?.role === 'office') return { grant: { role: 'reviewer', region: g.region }, allowed: true }
    if (g?.role === 'department') return { grant: { role: 'department', departmentId: g.departmentId }, allowed: true }
    if (g?.role === 'admin') return { grant: { role: 'reviewer', region: OTHER_COUNTY }, allowed: true }
    return undefined
  }
  if (g?.role === 'office')
    return { grant: g.region.startsWith('5133000') ? { role: 'admin' } : foreignOffice, allowed: false }
  if (g?.role === 'admin') return undefined
  return { grant: foreignOffice, allowed: false }
}

export const SAMPLES: Record<string, Sample> = {
  'identity.grantRole': (who, side) => {
    const s = grantSample(who, side)
    return s && { input: { openid: 'matrix-new-user', grant: s.grant }, allowed: s.allowed }
  },
  'identity.revokeRole': (who, side) => {
    const s = grantSample(who, side)
    return s && { input: { openid: ROLE_HOLDER, grant: s.grant }, allowed: s.allowed }
  },
  'identity.unbind': (who, side) => {
    const g = who.grant
    if (side === 'inside') {
      if (g?.role === 'household' || g?.role === 'official') return { input: { role: g.role }, allowed: true }
      if (g?.role === 'office' || g?.role === 'admin')
        return { input: { role: 'household', openid: HOME_MEMBER }, allowed: true }
      return undefined
    }
    if (g?.role === 'admin' || (g?.role === 'office' && g.region.startsWith('5133000'))) return undefined
    return { input: { role: 'household', openid: AWAY_MEMBER }, allowed: false }
  },
  'identity.redeemInvite': (_who, side) =>
    side === 'inside' ? { input: { code: '1234 5678' }, allowed: true } : undefined,
  'contacts.rollup': (who, side) => {
    const g = who.grant
    const region = (key: string) => ({ axis: 'region', key, period: '2026-01' })
    if (g?.role === 'office')
      return side === 'inside'
        ? { input: region(g.region), allowed: true }
        : g.region.startsWith('5133000')
          ? undefined
          : { input: region(OTHER_COUNTY), allowed: false }
    if (g?.role === 'department')
      return side === 'inside'
        ? { input: { axis: 'department', key: g.departmentId, period: '2026-Q1' }, allowed: true }
        : { input: { axis: 'department', key: 'matrix-other-department', period: '2026-Q1' }, allowed: false }
    if (g?.role === 'admin') return side === 'inside' ? { input: region(OTHER_COUNTY), allowed: true } : undefined
    return side === 'outside' ? { input: region(OTHER_COUNTY), allowed: false } : undefined
  },
  'notices.save': (who, side) => {
    const g = who.grant
    const draft = (region: string) => ({
      id: '6f1c2a9e-3b7d-4c2e-9a41-2f0d5b8c7e11',
      draft: {
        title: { 'zh-Hans': '矩阵测试通知', bo: 'ཚོད་ལྟའི་བརྡ་ཐོ།' },
        body: { 'zh-Hans': '矩阵测试正文', bo: 'ཚོད་ལྟའི་ནང་དོན།' },
        category: 'policy',
        media: [],
        audience: { regions: [region], roles: 'households' },
        publishAt: null,
        expireAt: null,
      },
    })
    if (g?.role === 'office')
      return side === 'inside'
        ? { input: draft(g.region), allowed: true }
        : g.region.startsWith('5133000')
          ? undefined
          : { input: draft(OTHER_COUNTY), allowed: false }
    return side === 'outside' ? { input: draft(OTHER_COUNTY), allowed: false } : undefined
  },
}

/**
 * Actions whose handler narrows the declared scope with a finer rule its issue states: the inside cell is
 * refused for these identities. Setting a household's poverty-return risk level is for its paired officials
 * and village or township offices (issue 6), not for county and prefecture offices.
 */
const upperOffice = (who: Who) => who.grant?.role === 'office' && /^\d{6}000000$/.test(who.grant.region)
export const NARROWER: Record<string, (who: Who) => boolean> = {
  'contacts.setRiskLevel': upperOffice,
}

// ---------------------------------------------------------------------------------------------------
// Inputs generated from a schema, for actions no sample covers

const STRINGS = [
  'x',
  'matrix',
  '6f1c2a9e-3b7d-4c2e-9a41-2f0d5b8c7e11',
  '2026-01-01',
  '2026-01-01T08:00:00.000Z',
  '2026-01-01T08:00:00+08:00',
  '12345678',
  '513301000000',
  'zh-Hans',
]
const NUMBERS = [0, 1, 2000, 2, 10, 100, 0.5]

interface Node {
  type: string
  entries?: Record<string, Node>
  wrapped?: Node
  options?: (Node | string)[]
  item?: Node
  literal?: unknown
  enum?: Record<string, unknown>
}

export function sampleOf(schema: AnySchema, targetKey?: string, target?: string): unknown {
  const node = schema as unknown as Node
  const ok = (value: unknown) => v.is(schema, value)
  switch (node.type) {
    case 'object':
    case 'loose_object':
    case 'strict_object': {
      const out: Record<string, unknown> = {}
      for (const [key, entry] of Object.entries(node.entries ?? {})) {
        if (key === targetKey) out[key] = target
        else if (!['optional', 'exact_optional', 'nullish'].includes(entry.type))
          out[key] = sampleOf(entry as unknown as AnySchema)
      }
      return out
    }
    case 'optional':
    case 'exact_optional':
    case 'nullish':
    case 'nullable':
      return node.wrapped ? sampleOf(node.wrapped as unknown as AnySchema) : undefined
    case 'string':
      return STRINGS.find(ok) ?? 'x'
    case 'number':
      return NUMBERS.find(ok) ?? 0
    case 'boolean':
      return false
    case 'literal':
      return node.literal
    case 'picklist':
      return node.options?.[0]
    case 'enum':
      return Object.values(node.enum ?? {})[0]
    case 'array': {
      if (ok([])) return []
      return node.item ? [sampleOf(node.item as unknown as AnySchema)] : []
    }
    case 'variant':
    case 'union':
      return typeof node.options?.[0] === 'object' ? sampleOf(node.options[0] as unknown as AnySchema) : undefined
    default:
      return undefined
  }
}
