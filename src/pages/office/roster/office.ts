/**
 * What the registry's office screens share: the region the caller works at (their office grant, or
 * the prefecture for an administrator), and opening a file the function left in cloud storage.
 */
import { call } from '@/services/cloud'
import { useCall } from '@/services/useCall'
import { identity } from '@shared/contracts/identity'

export const PREFECTURE = '513300000000'

export function useOfficeRegion() {
  return useCall(async () => {
    const me = await call(identity, 'me', {})
    const office = me.roles.find((g) => g.role === 'office')
    if (office && office.role === 'office') return office.region
    return PREFECTURE
  })
}
