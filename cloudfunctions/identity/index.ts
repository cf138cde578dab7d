import { identity } from '../../src/shared/contracts/identity'
import { serve } from '../_shared/handler'

export const main = serve(identity, {
  async me(_input, { caller, db }) {
    const bound = caller.roles.length > 0
    let displayName: string | undefined
    const household = caller.roles.find((grant) => grant.role === 'household')
    const official = caller.roles.find((grant) => grant.role === 'official')
    if (official && official.role === 'official') {
      const res = await db.collection('officials').where({ _id: official.officialId }).field({ name: true }).get()
      displayName = (res.data[0] as { name?: string } | undefined)?.name
    } else if (household && household.role === 'household') {
      const res = await db.collection('households').where({ _id: household.householdId }).field({ headName: true }).get()
      displayName = (res.data[0] as { headName?: string } | undefined)?.headName
    }
    return displayName === undefined ? { bound, roles: caller.roles } : { bound, roles: caller.roles, displayName }
  },
})
