/** Units, actors and events of one township's requests, for the relief rules' tests. */
import type { RequestActor, RequestEvent, Service, UnitRef } from '@config/documents'
import { makeCalendar } from '@functions/requests/domain/calendar'
import type { Life } from '@functions/requests/domain/lifecycle'
import { apply, begin } from '@functions/requests/domain/lifecycle'
import { fromChina } from '@shared/time'

export const calendar = makeCalendar()

export const PREFECTURE = '513300000000'
export const COUNTY = '513322000000'
export const TOWNSHIP = '513322101000'
export const VILLAGE = '513322101201'
export const village = [PREFECTURE, COUNTY, TOWNSHIP, VILLAGE]

export const townshipOffice: UnitRef = { kind: 'office', id: 'office', level: 'township', region: TOWNSHIP }
export const countyOffice: UnitRef = { kind: 'office', id: 'office', level: 'county', region: COUNTY }
export const prefectureOffice: UnitRef = { kind: 'office', id: 'office', level: 'prefecture', region: PREFECTURE }
/** the county civil-affairs bureau's station in the township */
export const civilAffairs: UnitRef = { kind: 'department', id: 'dep-civil', level: 'township', region: TOWNSHIP }
/** the county housing bureau, in the county seat */
export const housing: UnitRef = { kind: 'department', id: 'dep-housing', level: 'county', region: COUNTY }

export const household: RequestActor = { id: 'h1', role: 'household' }
export const official: RequestActor = { id: 'o1', role: 'official' }
export const staff = (role: RequestActor['role'] = 'department'): RequestActor => ({ id: 'u1', role })

/** A China wall-clock time as the stored instant: `at('2026-03-02', '10:00')`. */
export function at(day: string, time = '10:00'): string {
  const instant = fromChina(day, time)
  if (!instant) throw new Error(`bad time ${day} ${time}`)
  return instant
}

export function submit(when: string): Extract<RequestEvent, { type: 'submit' }> {
  return { type: 'submit', at: when, by: household, dispatcher: townshipOffice }
}

export function assign(when: string, unit: UnitRef = civilAffairs, deadlineDays = 5): RequestEvent {
  return { type: 'assign', at: when, by: staff('office'), unit, deadlineDays }
}

/** Applies events in order and fails the test at the first refusal. */
export function play(first: Extract<RequestEvent, { type: 'submit' }>, ...events: RequestEvent[]): Life {
  let request = begin(first)
  for (const event of events) {
    const result = apply(request, event, calendar)
    if (!result.ok) throw new Error(`${event.type} refused: ${result.refusal.reason ?? result.refusal.code}`)
    request = result.request
  }
  return request
}

export function service(over: Partial<Service> = {}): Service {
  return {
    _id: 'svc-1',
    departmentId: 'dep-civil',
    category: 'subsistence',
    level: 'township',
    regions: [COUNTY],
    deadlineDays: 5,
    name: { 'zh-Hans': '低保申请', bo: 'འཚོ་བའི་འགན་ལེན།' },
    prepare: { 'zh-Hans': '户口簿', bo: 'ཐེམ་ཐོ།' },
    active: true,
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  }
}
