/** Stored households and officials as list rows: personal numbers masked, names kept in both languages. */
import type { Household, Official } from '@config/documents'
import type { Bilingual } from '@shared/bilingual'
import { EMPTY_BILINGUAL } from '@shared/bilingual'
import { maskIdNumber, maskPhone } from '@shared/mask'

/** The fields a household row is made of: read these, not the whole document (members, sheet…). */
export const HOUSEHOLD_ROW = ['externalId', 'head', 'phone', 'villageCode', 'memberCount', 'officialIds'] as const
export type HouseholdRowSource = Pick<Household, '_id' | (typeof HOUSEHOLD_ROW)[number]>

export const OFFICIAL_ROW = ['externalId', 'name', 'departmentId', 'regionPath', 'position', 'phone', 'active'] as const
export type OfficialRowSource = Pick<Official, '_id' | (typeof OFFICIAL_ROW)[number]>

export function householdRow(h: HouseholdRowSource) {
  return {
    id: h._id,
    externalId: h.externalId,
    headName: h.head.name,
    idNumberMasked: maskIdNumber(h.head.idNumber),
    phoneMasked: maskPhone(h.phone),
    villageCode: h.villageCode,
    memberCount: h.memberCount,
    officialIds: h.officialIds,
  }
}

export function officialRow(o: OfficialRowSource, department: Bilingual | undefined) {
  return {
    id: o._id,
    externalId: o.externalId,
    name: o.name,
    departmentId: o.departmentId,
    department: department ?? EMPTY_BILINGUAL,
    regionPath: o.regionPath,
    position: o.position,
    phoneMasked: maskPhone(o.phone),
    active: o.active,
  }
}
