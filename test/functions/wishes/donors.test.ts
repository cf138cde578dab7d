/**
 * Donors who act for themselves, on the local cloud: an office links a donor to an official or a department
 * inside its own region (never outside it: the attacker's cases), the linked official or department staff
 * find the donors they are, claim (two at once: one wins), fulfil and hand a claim back with a reason; the
 * wish is then published again with the household's consent untouched.
 */
import { randomUUID } from 'node:crypto'
import { wishes } from '@shared/contracts/wishes'
import { now } from '@shared/time'
import type { Doc, FunctionsHarness } from '../harness'
import { startFunctions, data, refusal } from '../harness'

jest.setTimeout(180_000)

const HOUSEHOLD = 'demo-household-1'
const OFFICIAL = 'demo-official-1'
const COUNTY = 'demo-office-county'
const TOWNSHIP = 'demo-office-township'
const PREFECTURE = 'demo-office-prefecture'
const DEPARTMENT = 'demo-department-1'
const STRANGER_OFFICIAL = 'donors-other-official'
const OTHER_COUNTY = '513322000000'

let h: FunctionsHarness
let home: Doc
let countyRegion: string
let township: string
let official: string
let otherOfficial: string
let departmentId: string
/** the office whose region holds the demo department, and that region */
let departmentOffice: [string, string]

/** a snapshot without the audit trail: a refusal leaves its record there, and nothing else */
const outsideAudit = (snapshot: string) => JSON.stringify({ ...JSON.parse(snapshot), audit: [], auditCounters: [] })

function request(): string {
  const id = randomUUID()
  h.insert('requests', [
    {
      _id: id,
      householdId: home._id,
      officialId: null,
      open: true,
      regionPath: home.regionPath,
      source: 'household',
      category: 'other',
      serviceId: null,
      text: '家里缺一台洗衣机',
      voice: null,
      photos: [],
      lang: 'zh-Hans',
      state: 'assigned',
      events: [],
      createdAt: now(),
      updatedAt: now(),
    },
  ])
  return id
}

async function publish(): Promise<string> {
  const input = { id: randomUUID(), householdId: home._id, requestId: request(), text: '家里缺一台洗衣机' }
  return data(await h.call(wishes, 'publish', { ...input, consent: true }, HOUSEHOLD)).id
}

const register = (extra: Record<string, unknown>, by = COUNTY, region = countyRegion) =>
  h.call(wishes, 'registerDonor', { id: randomUUID(), region, kind: 'enterprise', name: '捐赠方', ...extra }, by)

async function donor(extra: Record<string, unknown>, by = COUNTY, region = countyRegion): Promise<string> {
  return data(await register(extra, by, region)).id
}

const claim = (id: string, donorId: string, openid: string) =>
  h.call(wishes, 'claim', { id, claimId: randomUUID(), donorId }, openid)

const handBack = (id: string, openid: string, reason = '这周下乡，送不到') =>
  h.call(wishes, 'handBack', { id, reason }, openid)

beforeAll(async () => {
  h = await startFunctions()
  const user = h.find('users', { _id: HOUSEHOLD })[0]!
  home = h.find('households', { _id: user.householdId })[0]!
  const path = home.regionPath as string[]
  countyRegion = path[1]!
  township = path[2]!
  official = h.find('users', { _id: OFFICIAL })[0]!.officialId as string
  otherOfficial = h.find('officials').find((o) => o._id !== official && o.active)!._id as string
  h.insert('users', [
    { _id: STRANGER_OFFICIAL, officialId: otherOfficial, roles: [{ role: 'official', officialId: otherOfficial }] },
  ])
  const roles = h.find('users', { _id: DEPARTMENT })[0]!.roles as { departmentId?: string }[]
  departmentId = roles.find((r) => r.departmentId)!.departmentId!
  const department = h.find('departments', { _id: departmentId })[0]!
  departmentOffice = (department.regionPath as string[]).includes(countyRegion)
    ? [COUNTY, countyRegion]
    : [PREFECTURE, path[0]!]
})

afterAll(async () => {
  await h?.close()
})

beforeEach(() => {
  for (const name of ['wishes', 'donors', 'requests']) h.lc.store.remove(name, {}, { multi: true })
})

test('an office links a donor to an official of its region; that official finds it, the donors list names it', async () => {
  const id = await donor({ kind: 'official', name: '张干部', officialId: official })
  expect(h.find('donors', { _id: id })[0]).toMatchObject({ officialId: official, departmentId: null })
  const mine = data(await h.call(wishes, 'myDonors', {}, OFFICIAL))
  expect(mine.items).toEqual([
    expect.objectContaining({ id, kind: 'official', name: '张干部', region: countyRegion, claimed: 0 }),
  ])
  expect(mine.items[0]!.regionName['zh-Hans']).not.toBe('')
  expect(data(await h.call(wishes, 'myDonors', {}, STRANGER_OFFICIAL)).items).toEqual([])
  const listed = data(await h.call(wishes, 'donors', { region: countyRegion }, COUNTY)).items
  const name = h.find('officials', { _id: official })[0]!.name
  expect(listed[0]).toMatchObject({ id, linked: { kind: 'official', name } })
})

test('an enterprise or a private individual keeps no account, whatever ids the form sends', async () => {
  const enterprise = await donor({ kind: 'enterprise', officialId: official, departmentId })
  const individual = await donor({ kind: 'individual', name: '爱心人士', officialId: official })
  for (const id of [enterprise, individual])
    expect(h.find('donors', { _id: id })[0]).toMatchObject({ officialId: null, departmentId: null })
  expect(data(await h.call(wishes, 'myDonors', {}, OFFICIAL)).items).toEqual([])
})

test('attacker: an office cannot link an official or a department outside its own region', async () => {
  const before = h.snapshot()
  // another county's official, from the county office (its region is the donor's; the official's is not)
  const away = h.find('officials').find((o) => (o.regionPath as string[]).includes(OTHER_COUNTY))!
  const res1 = await register({ kind: 'official', officialId: away._id })
  expect(refusal(res1)).toMatchObject({ code: 'FORBIDDEN', reason: 'wishes.officialElsewhere' })
  // an official of the county but outside the township, from the township office
  const outside = h
    .find('officials')
    .find((o) => (o.regionPath as string[]).includes(countyRegion) && !(o.regionPath as string[]).includes(township))
  if (outside) {
    const res2 = await register({ kind: 'official', officialId: outside._id }, TOWNSHIP, township)
    expect(refusal(res2).reason).toBe('wishes.officialElsewhere')
  }
  // a department above the township (the prefecture's or the county's), from the township office
  const res3 = await register({ kind: 'unit', departmentId }, TOWNSHIP, township)
  expect(refusal(res3).reason).toBe('wishes.departmentElsewhere')
  // an id that names nothing is refused alike
  const res4 = await register({ kind: 'official', officialId: 'no-such-official' })
  expect(refusal(res4).reason).toBe('wishes.officialElsewhere')
  // a donor's id sent again with another account linked is not a resend
  const kept = await donor({ kind: 'official', name: '李干部' })
  const res5 = await h.call(
    wishes,
    'registerDonor',
    { id: kept, region: countyRegion, kind: 'official', name: '李干部', officialId: official },
    COUNTY,
  )
  expect(refusal(res5)).toMatchObject({ code: 'CONFLICT', reason: 'wishes.idTaken' })
  expect(h.find('donors', { _id: kept })[0]!.officialId).toBeNull()
  h.lc.store.remove('donors', { _id: kept }, { multi: true })
  expect(outsideAudit(h.snapshot())).toBe(outsideAudit(before))
})

test('attacker: an official who has left is not linked', async () => {
  h.lc.store.update('officials', { _id: otherOfficial }, { $set: { active: false } })
  try {
    const res = await register({ kind: 'official', officialId: otherOfficial }, PREFECTURE, countyRegion)
    expect(refusal(res).reason).toBe('wishes.officialElsewhere')
    expect(h.find('donors')).toEqual([])
  } finally {
    h.lc.store.update('officials', { _id: otherOfficial }, { $set: { active: true } })
  }
})

test('a department donor: its staff find it, claim, fulfil; the household confirms', async () => {
  const [office, region] = departmentOffice
  const d = await donor({ kind: 'unit', name: '民政局', departmentId }, office, region)
  expect(data(await h.call(wishes, 'myDonors', {}, DEPARTMENT)).items.map((x) => x.id)).toEqual([d])
  const id = await publish()
  expect(data(await h.call(wishes, 'forDonor', { donorId: d }, DEPARTMENT)).items.map((w) => w.id)).toEqual([id])
  data(await claim(id, d, DEPARTMENT))
  expect(data(await h.call(wishes, 'myDonors', {}, DEPARTMENT)).items[0]!.claimed).toBe(1)
  data(await h.call(wishes, 'fulfil', { id, note: '洗衣机已送到家' }, DEPARTMENT))
  const done = data(await h.call(wishes, 'forDonor', { donorId: d }, DEPARTMENT)).items[0]!
  expect(done).toMatchObject({ state: 'fulfilled', note: '洗衣机已送到家' })
  data(await h.call(wishes, 'confirm', { id, householdId: home._id }, HOUSEHOLD))
  expect(data(await h.call(wishes, 'forDonor', { donorId: d }, DEPARTMENT)).items[0]!.state).toBe('confirmed')
})

test('two donors claim one wish at once: exactly one claim stands', async () => {
  const [office, region] = departmentOffice
  const mine = await donor({ kind: 'official', officialId: official })
  const theirs = await donor({ kind: 'unit', departmentId }, office, region)
  const id = await publish()
  const results = await Promise.all([claim(id, mine, OFFICIAL), claim(id, theirs, DEPARTMENT)])
  expect(results.filter((r) => r.ok)).toHaveLength(1)
  expect(results.filter((r) => !r.ok).map((r) => refusal(r).reason)).toEqual(['wishes.taken'])
  const stored = h.find('wishes', { _id: id })[0]!
  expect((stored.events as unknown[]).filter((e) => (e as { type: string }).type === 'claim')).toHaveLength(1)
  const winner = results[0]!.ok ? mine : theirs
  expect(stored.claim).toMatchObject({ donorId: winner })
})

test('the donor hands a claim back with its reason: published again, the consent stands, a resend is done', async () => {
  const mine = await donor({ kind: 'official', officialId: official })
  const other = await donor({ name: '另一家企业' })
  const id = await publish()
  const consent = h.find('wishes', { _id: id })[0]!.consent
  data(await claim(id, mine, OFFICIAL))
  expect(data(await handBack(id, OFFICIAL))).toEqual({ id, state: 'published', status: 'done' })
  expect(data(await handBack(id, OFFICIAL)).status).toBe('duplicate')
  const stored = h.find('wishes', { _id: id })[0]!
  expect(stored).toMatchObject({ state: 'published', claim: null, consent, liveKey: stored.requestId })
  expect((stored.events as Doc[]).at(-1)).toMatchObject({
    type: 'handBack',
    by: { id: official, role: 'official' },
    reason: '这周下乡，送不到',
  })
  expect(data(await h.call(wishes, 'myDonors', {}, OFFICIAL)).items[0]!.claimed).toBe(0)
  // the office sees why it came back, its numbers masked as the wish's text is
  data(await claim(id, mine, OFFICIAL))
  data(await handBack(id, OFFICIAL, '联系不上，电话13912345678'))
  const listed = data(await h.call(wishes, 'list', { region: countyRegion }, COUNTY)).items[0]!
  expect(listed).toMatchObject({ state: 'published', handedBack: expect.stringContaining('联系不上') })
  expect(listed.handedBack).not.toContain('13912345678')
  // any donor may take it now, the one who gave it back too
  expect(data(await h.call(wishes, 'mine', { householdId: home._id }, HOUSEHOLD)).items[0]!.state).toBe('published')
  data(await claim(id, other, COUNTY))
  expect(h.find('wishes', { _id: id })[0]!.claim).toMatchObject({ donorId: other })
  // claimed again: the hand back is history, not shown
  expect(data(await h.call(wishes, 'list', { region: countyRegion }, COUNTY)).items[0]!.handedBack).toBeUndefined()
})

test('attacker: nobody but the claiming donor or an office over the household hands a claim back', async () => {
  const mine = await donor({ kind: 'official', officialId: official })
  const id = await publish()
  data(await claim(id, mine, OFFICIAL))
  const before = h.snapshot()
  for (const openid of [STRANGER_OFFICIAL, DEPARTMENT])
    expect(refusal(await handBack(id, openid)).code).toBe('FORBIDDEN')
  // the household cannot take a donor's claim away by this way (it withdraws the wish instead)
  expect(refusal(await h.raw('wishes', 'handBack', { id, reason: '不要了' }, HOUSEHOLD)).code).toBe('FORBIDDEN')
  expect(outsideAudit(h.snapshot())).toBe(outsideAudit(before))
  // a reason is required
  const empty = await h.raw('wishes', 'handBack', { id, reason: '  ' }, OFFICIAL)
  expect(refusal(empty)).toMatchObject({ code: 'INVALID_ARGUMENT' })
  expect(refusal(empty).details?.[0]?.path).toBe('reason')
  // the township office over the household may give it back for the donor (who cannot be reached, say)
  expect(data(await handBack(id, TOWNSHIP, '捐赠方联系不上')).state).toBe('published')
  // the donor's own hand back, late, finds nothing claimed
  expect(refusal(await handBack(id, OFFICIAL)).code).toBe('FORBIDDEN')
})

test('a hand back after the claim changed hands, or of a wish nobody claimed, changes nothing', async () => {
  const mine = await donor({ kind: 'official', officialId: official })
  const other = await donor({ name: '另一家企业' })
  const id = await publish()
  expect(refusal(await handBack(id, COUNTY)).reason).toBe('wishes.notClaimed')
  data(await claim(id, mine, OFFICIAL))
  data(await handBack(id, OFFICIAL))
  data(await claim(id, other, COUNTY))
  const before = h.snapshot()
  // the earlier donor's resend arrives after another donor claimed it: not theirs to give back any more
  expect(refusal(await handBack(id, OFFICIAL)).code).toBe('FORBIDDEN')
  expect(outsideAudit(h.snapshot())).toBe(outsideAudit(before))
  data(await h.call(wishes, 'fulfil', { id }, COUNTY))
  expect(refusal(await handBack(id, COUNTY)).reason).toBe('wishes.notClaimed')
})
