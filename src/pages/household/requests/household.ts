/** The household the screens are about: the home passes its id; opened another way, the caller's own grant says. */
import { useEffect, useState } from 'react'
import { call } from '@/services/cloud'
import { identity } from '@shared/contracts/identity'

export function useHouseholdId(fromRoute: string | undefined): string | undefined {
  const [id, setId] = useState(fromRoute ? decodeURIComponent(fromRoute) : undefined)
  useEffect(() => {
    if (id) return
    let live = true
    call(identity, 'me', {}).then(
      (me) => {
        const grant = me.roles.find((g) => g.role === 'household')
        if (live && grant?.role === 'household') setId(grant.householdId)
      },
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [id])
  return id
}
