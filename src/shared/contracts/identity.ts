import * as v from 'valibot'
import { action, defineFunction } from '../contract'

const code = v.pipe(v.string(), v.regex(/^\d{6}(\d{6})?$/, 'validation.invalid'))

/** One role held by one WeChat user, with the record or region it applies to. */
export const RoleGrantSchema = v.variant('role', [
  v.object({ role: v.literal('household'), householdId: v.string(), head: v.optional(v.boolean()) }),
  v.object({ role: v.literal('official'), officialId: v.string() }),
  v.object({ role: v.literal('office'), region: code }),
  v.object({ role: v.literal('reviewer'), region: code }),
  v.object({ role: v.literal('department'), departmentId: v.string() }),
  v.object({ role: v.literal('admin') }),
])
export type RoleGrant = v.InferOutput<typeof RoleGrantSchema>

export const identity = defineFunction('identity', {
  /** Who the caller is in the programme: the start screen routes on this. */
  me: action({
    input: v.object({}),
    output: v.object({
      bound: v.boolean(),
      roles: v.array(RoleGrantSchema),
      displayName: v.optional(v.string()),
    }),
    roles: ['anyone'],
    scope: 'none',
  }),
})
