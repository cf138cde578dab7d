/**
 * Where each role lands. The household area is in the main package (most users, must stay light);
 * the official and office areas are subpackages, loaded only by those who open them.
 */
import type { Role } from '../shared/contract'
import type { RoleGrant } from '../shared/contracts/identity'

export const ROUTES = {
  start: '/pages/start/index',
  bind: '/pages/bind/index',
  householdHome: '/pages/household/home/index',
  officialHome: '/pages/official/home/index',
  officeHome: '/pages/office/home/index',
} as const

export type Home = 'householdHome' | 'officialHome' | 'officeHome'

export const HOME_OF_ROLE: Record<Role, Home> = {
  household: 'householdHome',
  official: 'officialHome',
  office: 'officeHome',
  reviewer: 'officeHome',
  department: 'officeHome',
  admin: 'officeHome',
}

/** The distinct homes a user's roles lead to, in the order household, official, office; each with the
 * first role that leads there (for its label). */
export function homesFor(roles: readonly RoleGrant[]): { home: Home; role: Role }[] {
  const order: Home[] = ['householdHome', 'officialHome', 'officeHome']
  return order.flatMap((home) => {
    const grant = roles.find((r) => HOME_OF_ROLE[r.role] === home)
    return grant ? [{ home, role: grant.role }] : []
  })
}
