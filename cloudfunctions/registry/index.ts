import { registry } from '../../src/shared/contracts/registry'
import type { Bilingual } from '../../src/shared/contracts/registry'
import { AppError } from '../../src/shared/errors'
import { rows } from '../_shared/access'
import { serve } from '../_shared/handler'
import { maskPhone } from '../_shared/mask'

interface HouseholdDoc {
  _id: string
  headName: string
  members?: unknown[]
  regionPath: string[]
  officialIds?: string[]
}
interface OfficialDoc {
  _id: string
  name: string
  departmentId: string
  phone?: string
}
interface NamedDoc {
  _id: string
  name: Bilingual
}

export const main = serve(registry, {
  async myHousehold(_input, { caller, db }) {
    const grant = caller.roles.find((role) => role.role === 'household')
    if (!grant || grant.role !== 'household') throw new AppError('FORBIDDEN')
    const _ = db.command
    const [household] = await rows<HouseholdDoc>(db.collection('households').where({ _id: grant.householdId }).limit(1))
    if (!household) throw new AppError('NOT_FOUND')
    const officialIds = household.officialIds ?? []
    const [regions, officialDocs] = await Promise.all([
      rows<NamedDoc>(
        db
          .collection('regions')
          .where({ _id: _.in(household.regionPath) })
          .limit(10),
      ),
      officialIds.length
        ? rows<OfficialDoc>(
            db
              .collection('officials')
              .where({ _id: _.in(officialIds) })
              .limit(100),
          )
        : Promise.resolve([]),
    ])
    const departmentIds = [...new Set(officialDocs.map((o) => o.departmentId))]
    const departments = departmentIds.length
      ? await rows<NamedDoc>(
          db
            .collection('departments')
            .where({ _id: _.in(departmentIds) })
            .limit(100),
        )
      : []
    const regionById = new Map(regions.map((r) => [r._id, r.name]))
    const departmentById = new Map(departments.map((d) => [d._id, d.name]))
    const empty: Bilingual = { 'zh-Hans': '', bo: '' }
    return {
      household: {
        id: household._id,
        headName: household.headName,
        memberCount: household.members?.length ?? 1,
        regionNames: household.regionPath.map((code) => regionById.get(code) ?? empty),
      },
      officials: officialDocs.map((official) => ({
        id: official._id,
        name: official.name,
        department: departmentById.get(official.departmentId) ?? empty,
        phoneMasked: maskPhone(official.phone ?? ''),
      })),
    }
  },
})
