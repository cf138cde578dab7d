import * as v from 'valibot'
import { action, defineFunction } from '../contract'

/** A name in both written languages; either may be empty where the source had only one. */
export const BilingualSchema = v.object({ 'zh-Hans': v.string(), bo: v.string() })
export type Bilingual = v.InferOutput<typeof BilingualSchema>

export const OfficialCardSchema = v.object({
  id: v.string(),
  name: v.string(),
  department: BilingualSchema,
  /** masked (`138****5678`): the full number is fetched only when the household taps "call" */
  phoneMasked: v.string(),
})

export const registry = defineFunction('registry', {
  /** The household home: the caller's household and its paired officials. */
  myHousehold: action({
    input: v.object({}),
    output: v.object({
      household: v.object({
        id: v.string(),
        headName: v.string(),
        memberCount: v.number(),
        /** from prefecture down to village */
        regionNames: v.array(BilingualSchema),
      }),
      officials: v.array(OfficialCardSchema),
    }),
    roles: ['household'],
    scope: 'self',
    list: true,
  }),
})
