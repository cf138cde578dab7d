/** Stored documents as list rows: personal numbers masked, names kept in both languages. */
import { maskIdNumber, maskPhone } from '@shared/mask'
import type { Bilingual } from './domain/types'
import { EMPTY_NAME } from './data'

export interface HouseholdStoredDoc {
  _id: string
  externalId?: string
  head?: { name?: Bilingual; idNumber?: string }
  phone?: string
  villageCode?: string
  memberCount?: number
  members?: unknown[]
  regionPath: string[]
  officialIds?: string[]
}

export interface OfficialStoredDoc {
  _id: string
  externalId?: string
  name?: Bilingual
  departmentId?: string
  regionPath?: string[]
  position?: Bilingual
  phone?: string
  active?: boolean
}

export function householdRow(h: HouseholdStoredDoc) {
  return {
    id: h._id,
    externalId: h.externalId ?? h._id,
    headName: h.head?.name ?? EMPTY_NAME,
    idNumberMasked: maskIdNumber(h.head?.idNumber ?? ''),
    phoneMasked: maskPhone(h.phone ?? ''),
    villageCode: h.villageCode ?? h.regionPath[h.regionPath.length - 1] ?? '',
    memberCount: h.memberCount ?? h.members?.length ?? 1,
    officialIds: h.officialIds ?? [],
  }
}

export function officialRow(o: OfficialStoredDoc, department: Bilingual | undefined) {
  return {
    id: o._id,
    externalId: o.externalId ?? o._id,
    name: o.name ?? EMPTY_NAME,
    departmentId: o.departmentId ?? '',
    department: department ?? EMPTY_NAME,
    regionPath: o.regionPath ?? [],
    position: o.position ?? EMPTY_NAME,
    phoneMasked: maskPhone(o.phone ?? ''),
    active: o.active !== false,
  }
}
