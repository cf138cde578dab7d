/**
 * What the notices function tests share: a local cloud with the demo slice, the demo office, reviewer,
 * household and official, households placed around the demo household, and the review path in one call.
 */
import { randomUUID } from 'node:crypto'
import type { CallResult } from '@shared/contract'
import type { NoticeDraft } from '@shared/contracts/notices'
import { notices } from '@shared/contracts/notices'
import { type Doc, type FunctionsHarness, startFunctions } from '../harness'

export const OFFICE = 'demo-office-county'
export const REVIEWER = 'demo-reviewer-1'
export const HOUSEHOLD = 'demo-household-1'
export const OFFICIAL = 'demo-official-1'
export const OFFICE_AND_REVIEWER = 'notices-office-reviewer'

export interface World {
  h: FunctionsHarness
  /** [prefecture, county, township, village] of the demo household */
  home: string[]
  householdId: string
  officialId: string
  /** another household in the same township, another village if there is one */
  neighbourUser: string
  /** a household in another county */
  farUser: string
}

/** The answer's data; a failed call fails the test with its error. */
export async function ok<T>(promise: Promise<CallResult<T>>): Promise<T> {
  const res = await promise
  if (!res.ok) throw new Error(`call failed: ${JSON.stringify(res.error)}`)
  return res.data
}

export function draft(w: Pick<World, 'home'>, over: Partial<NoticeDraft> = {}): NoticeDraft {
  return {
    title: { 'zh-Hans': '春耕补贴发放通知', bo: 'སོ་ནམ་རོགས་སྐྱོར་བགོ་འགྲེམས་ཀྱི་བརྡ་ཐོ།' },
    body: { 'zh-Hans': '今年的春耕补贴已经发放到户，请注意查收。', bo: 'ད་ལོའི་སོ་ནམ་རོགས་སྐྱོར་ཁྱིམ་ཚང་སོ་སོར་བགོ་འགྲེམས་བྱས་ཟིན།' },
    category: 'policy',
    media: [],
    audience: { regions: [w.home[2]!], roles: 'households' },
    publishAt: null,
    expireAt: null,
    ...over,
  }
}

/** save → submit → approve → publish, answering the id */
export async function publish(w: World, d: NoticeDraft = draft(w)): Promise<string> {
  const id = randomUUID()
  await ok(w.h.call(notices, 'save', { id, draft: d }, OFFICE))
  await ok(w.h.call(notices, 'submit', { id }, OFFICE))
  await ok(w.h.call(notices, 'approve', { id }, REVIEWER))
  await ok(w.h.call(notices, 'publish', { id }, OFFICE))
  return id
}

/**
 * A user bound to `household`. Grants carry the household's regionPath since binding wrote it there;
 * `withPath: false` makes an older grant without it.
 */
export function userFor(h: FunctionsHarness, household: Doc, openid: string, withPath = true): string {
  const grant = {
    role: 'household',
    householdId: household._id,
    ...(withPath ? { regionPath: household.regionPath } : {}),
  }
  h.insert('users', [{ _id: openid, householdId: household._id, roles: [grant] }])
  return openid
}

export async function startWorld(): Promise<World> {
  const h = await startFunctions()
  const demo = h.find('users', { _id: HOUSEHOLD })[0]!
  const household = h.find('households', { _id: demo.householdId })[0]!
  const home = household.regionPath as string[]
  const households = h.find('households')
  const sameTownship = households.filter((x) => x._id !== household._id && (x.regionPath as string[])[2] === home[2])
  const neighbour = sameTownship.find((x) => (x.regionPath as string[])[3] !== home[3]) ?? sameTownship[0]!
  const far = households.find((x) => (x.regionPath as string[])[1] !== home[1])!
  h.insert('users', [
    {
      _id: OFFICE_AND_REVIEWER,
      roles: [
        { role: 'office', region: home[1] },
        { role: 'reviewer', region: home[1] },
      ],
    },
  ])
  return {
    h,
    home,
    householdId: household._id,
    officialId: h.find('users', { _id: OFFICIAL })[0]!.officialId as string,
    neighbourUser: userFor(h, neighbour, 'notices-neighbour'),
    farUser: userFor(h, far, 'notices-far'),
  }
}
