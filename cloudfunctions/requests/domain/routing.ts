/**
 * Which unit a new request goes to: the category, looked up in the service menu for the household's
 * place, names a department and the level that handles it (a county department in the county seat, or
 * its station in the household's township). When the menu has nothing for it — the category "other", no
 * service covering the place, or a place the service's level cannot reach — the township work office
 * takes it (兜底) and the reason is recorded with the assignment.
 */
import type { Service, UnitRef } from '@config/documents'
import { OTHER_CATEGORY } from '@shared/contracts/requests'
import type { RegionPath } from '@shared/region'
import type { MessageKey } from '@shared/i18n'
import { covers, levelOf } from '@shared/region'
import { officeAt } from './units'

/** The category a household picks when nothing on the menu fits (declared with the category list). */
export { OTHER_CATEGORY }
/** Working days the township work office has for a request nobody on the menu takes (12345's usual term). */
export const FALLBACK_DEADLINE_DAYS = 5

export interface Routed {
  unit: UnitRef
  deadlineDays: number
  serviceId: string | null
  /** why the work office took it; absent when a service did */
  fallback?: MessageKey
}

/** The household's own place: the deepest code of its path. */
function placeOf(regionPath: RegionPath): string | undefined {
  return regionPath[regionPath.length - 1]
}

/**
 * The work office that routes requests for a place and gets back what units return: the township's,
 * or the nearest one above when the place has no township. Undefined for a malformed path.
 */
export function dispatcherFor(regionPath: RegionPath): UnitRef | undefined {
  const place = placeOf(regionPath)
  if (!place || !levelOf(place)) return undefined
  return officeAt('township', place) ?? officeAt('county', place) ?? officeAt('prefecture', place)
}

/** How deep a service's covering region is for the place: the village beats the township beats the county. */
function depth(service: Service, place: string): number {
  let best = -1
  for (const region of service.regions) {
    if (!covers(region, place)) continue
    best = Math.max(best, region.replace(/0+$/, '').length)
  }
  return best
}

/** The services on the menu for a category at a place, the most specific first (then the shortest deadline). */
export function candidates(menu: readonly Service[], category: string, regionPath: RegionPath): Service[] {
  const place = placeOf(regionPath)
  if (!place) return []
  return menu
    .filter((s) => s.active && s.category === category)
    .map((service) => ({ service, depth: depth(service, place) }))
    .filter((c) => c.depth >= 0)
    .sort(
      (a, b) =>
        b.depth - a.depth ||
        a.service.deadlineDays - b.service.deadlineDays ||
        (a.service._id < b.service._id ? -1 : a.service._id > b.service._id ? 1 : 0),
    )
    .map((c) => c.service)
}

/** Where a new request goes; undefined only when the household's path is malformed. */
export function route(menu: readonly Service[], category: string, regionPath: RegionPath): Routed | undefined {
  const dispatcher = dispatcherFor(regionPath)
  const place = placeOf(regionPath)
  if (!dispatcher || !place) return undefined
  const fallback = (reason: MessageKey): Routed => ({
    unit: dispatcher,
    deadlineDays: FALLBACK_DEADLINE_DAYS,
    serviceId: null,
    fallback: reason,
  })
  if (category === OTHER_CATEGORY) return fallback('requests.fallback.other')
  const found = candidates(menu, category, regionPath)
  if (found.length === 0) return fallback('requests.fallback.noService')
  for (const service of found) {
    const office = officeAt(service.level, place)
    if (!office) continue
    return {
      unit: { kind: 'department', id: service.departmentId, level: service.level, region: office.region },
      deadlineDays: service.deadlineDays,
      serviceId: service._id,
    }
  }
  return fallback('requests.fallback.notReached')
}

/**
 * Pairs of active services the menu cannot tell apart: the same category, covering the same region at
 * the same depth. Routing still picks one (the shorter deadline, then the id), but the office should
 * say which department it means.
 */
export function menuOverlaps(menu: readonly Service[]): [string, string][] {
  const seen = new Map<string, string>()
  const overlaps: [string, string][] = []
  for (const service of menu) {
    if (!service.active) continue
    for (const region of new Set(service.regions)) {
      const key = `${service.category}|${region}`
      const other = seen.get(key)
      if (other && other !== service._id) overlaps.push([other, service._id])
      else seen.set(key, service._id)
    }
  }
  return overlaps
}
