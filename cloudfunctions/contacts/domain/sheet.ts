/**
 * The household's record as its officials and offices read it: the info sheet they see (drawn from the
 * roster's members until one is saved, with sensitive categories left out for roles that may not see
 * them) and who set each risk level, as an official or an office rather than an openid.
 */
import type { HouseholdHistory, Member } from '@config/documents'
import type { Bilingual } from '@shared/bilingual'
import { EMPTY_BILINGUAL, pick } from '@shared/bilingual'
import type { ByWhom, InfoSheet, InfoSheetView, RiskEntry } from '@shared/contracts/contacts'
import type { RoleGrant } from '@shared/contracts/identity'
import type { Lang } from '@shared/i18n'
import { covers, normaliseRegion } from '@shared/region'

type SheetMember = InfoSheetView['members'][number]

/**
 * A first sheet from the roster's members, in the caller's language, so that the official confirms or
 * corrects what the roster says instead of typing the family in again. A member the roster left without a
 * value keeps it empty: the sheet screen marks it before it can be saved.
 */
export function sheetFromRoster(members: readonly Partial<Member>[], lang: Lang): InfoSheetView {
  return {
    members: members.map((m) => {
      const out: SheetMember = { name: pick(m.name, lang), relation: m.relation ?? 'other' }
      if (m.birthYear !== undefined) out.birthYear = m.birthYear
      if (m.schooling !== undefined) out.schooling = m.schooling
      if (m.health !== undefined) out.health = m.health
      if (m.work !== undefined) out.work = m.work
      return out
    }),
    incomeSources: [],
    students: [],
  }
}

/** What a role that may see only part of the sheet is left out of (cloudfunctions/_shared/access.ts). */
export interface Hidden {
  /** members' health */
  health: boolean
  /** schooling and work values that reveal a monk or nun in the family */
  values: { schooling: readonly string[]; work: readonly string[] }
}

export const NOTHING_HIDDEN: Hidden = { health: false, values: { schooling: [], work: [] } }

/** The sheet with the hidden fields taken out, and the sensitive fields it still shows (for the audit). */
export function sheetView(sheet: InfoSheet | InfoSheetView, hidden: Hidden): { view: InfoSheetView; shown: string[] } {
  const shown = new Set<string>()
  const members = sheet.members.map((m) => {
    const out: SheetMember = { name: m.name, relation: m.relation }
    if (m.birthYear !== undefined) out.birthYear = m.birthYear
    if (m.schooling !== undefined && !hidden.values.schooling.includes(m.schooling)) out.schooling = m.schooling
    if (m.work !== undefined && !hidden.values.work.includes(m.work)) out.work = m.work
    if (m.health !== undefined && !hidden.health) {
      out.health = m.health
      shown.add('infoSheet.members.health')
    }
    if (out.schooling === 'monastic') shown.add('infoSheet.members.schooling')
    if (out.work === 'monastic') shown.add('infoSheet.members.work')
    return out
  })
  const view: InfoSheetView = {
    members,
    incomeSources: [...sheet.incomeSources],
    students: sheet.students.map((s) => ({ name: s.name, school: s.school, grade: s.grade })),
  }
  if (sheet.annualIncome !== undefined) view.annualIncome = sheet.annualIncome
  return { view, shown: [...shown].sort() }
}

/** Who set a risk level: an official's id or an office's region. */
export type Actor = { kind: 'official'; id: string } | { kind: 'office'; region: string }

type RiskHistory = Extract<HouseholdHistory, { kind: 'risk' }>

/**
 * Entries record the official or office that set them; an older entry has only the openid, read as what
 * that openid is bound as: an official paired with the household first, then any official, then an office
 * over the household.
 */
export function actorOf(
  entry: Pick<RiskHistory, 'officialId' | 'office'>,
  grants: readonly RoleGrant[],
  household: { officialIds?: readonly string[]; regionPath: readonly string[] },
): Actor | undefined {
  if (entry.officialId) return { kind: 'official', id: entry.officialId }
  if (entry.office) return { kind: 'office', region: entry.office }
  const officials = grants.flatMap((g) => (g.role === 'official' ? [g.officialId] : []))
  const paired = officials.find((id) => (household.officialIds ?? []).includes(id))
  if (paired ?? officials[0]) return { kind: 'official', id: (paired ?? officials[0])! }
  const office = grants
    .flatMap((g) => (g.role === 'office' ? [normaliseRegion(g.region)] : []))
    .find((region) => household.regionPath.some((code) => covers(region, code)))
  return office ? { kind: 'office', region: office } : undefined
}

export interface Names {
  officials: ReadonlyMap<string, Bilingual>
  regions: ReadonlyMap<string, Bilingual>
}

export function byWhom(actor: Actor | undefined, names: Names): ByWhom | null {
  if (!actor) return null
  if (actor.kind === 'official') return { kind: 'official', name: names.officials.get(actor.id) ?? EMPTY_BILINGUAL }
  return { kind: 'office', name: names.regions.get(actor.region) ?? EMPTY_BILINGUAL }
}

export function riskEntry(entry: RiskHistory, by: ByWhom | null): RiskEntry {
  return { before: entry.before, level: entry.after, reason: entry.reason, date: entry.date, at: entry.at, by }
}
