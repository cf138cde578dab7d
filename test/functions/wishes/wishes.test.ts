/**
 * The wishes function as built, on the local cloud: a household (or its paired official, recorded as such)
 * publishes one of its requests as a wish with its consent; offices register donors and read their region's
 * wishes masked; a donor or an office claims (one claim at a time), fulfils, and the household confirms.
 * Attackers: a donor claiming a taken wish, an official who is not the donor, another county's office, and
 * everyone who is not the village or township office trying to learn who the household is.
 */
import { randomUUID } from 'node:crypto'
import { wishes } from '@shared/contracts/wishes'
import { containsUnmaskedNumber } from '@shared/mask'
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
const AWAY_OFFICE = 'wishes-away-office'
const STRANGER_OFFICIAL = 'wishes-other-official'
const OTHER_COUNTY = '513322000000'

let h: FunctionsHarness
let home: Doc
let countyRegion: string
let official: string
let otherOfficial: string

/** a snapshot without the audit trail: an office's refusal leaves its record there, and nothing else */
const outsideAudit = (snapshot: string) => JSON.stringify({ ...JSON.parse(snapshot), audit: [], auditCounters: [] })

/** an open request of the demo household, as the requests function would have stored it */
function request(text = '孩子上学缺一件冬天的棉衣', open = true): string {
  const id = randomUUID()
  h.insert('requests', [
    {
      _id: id,
      householdId: home._id,
      officialId: null,
      open,
      regionPath: home.regionPath,
      source: 'household',
      category: 'other',
      serviceId: null,
      text,
      voice: null,
      photos: [],
      lang: 'zh-Hans',
      state: open ? 'assigned' : 'confirmed',
      events: [],
      createdAt: now(),
      updatedAt: now(),
    },
  ])
  return id
}

const publish = (requestId: string, openid = HOUSEHOLD, extra: Record<string, unknown> = {}) =>
  h.call(
    wishes,
    'publish',
    { id: randomUUID(), householdId: home._id, requestId, text: '孩子上学缺一件冬天的棉衣', consent: true, ...extra },
    openid,
  )

async function donor(name: string, extra: Record<string, unknown> = {}, by = COUNTY, region = countyRegion) {
  const id = randomUUID()
  data(await h.call(wishes, 'registerDonor', { id, region, kind: 'enterprise', name, ...extra }, by))
  return id
}

const claim = (id: string, donorId: string, openid = COUNTY, claimId = randomUUID()) =>
  h.call(wishes, 'claim', { id, claimId, donorId }, openid)

beforeAll(async () => {
  h = await startFunctions()
  const user = h.find('users', { _id: HOUSEHOLD })[0]!
  home = h.find('households', { _id: user.householdId })[0]!
  countyRegion = (home.regionPath as string[])[1]!
  official = h.find('users', { _id: OFFICIAL })[0]!.officialId as string
  otherOfficial = h
    .find('officials')
    .find((o) => o._id !== official && !(home.officialIds as string[]).includes(o._id as string))!._id
  h.insert('users', [
    { _id: AWAY_OFFICE, roles: [{ role: 'office', region: OTHER_COUNTY }] },
    { _id: STRANGER_OFFICIAL, officialId: otherOfficial, roles: [{ role: 'official', officialId: otherOfficial }] },
  ])
})

afterAll(async () => {
  await h?.close()
})

beforeEach(() => {
  for (const name of ['wishes', 'donors', 'requests']) h.lc.store.remove(name, {}, { multi: true })
})

test('the household publishes with its consent; a resend is stored once; another wish of the same request is refused', async () => {
  const requestId = request()
  const input = {
    id: randomUUID(),
    householdId: home._id,
    requestId,
    text: '  孩子上学缺一件冬天的棉衣  ',
    consent: true as const,
  }
  expect(data(await h.call(wishes, 'publish', input, HOUSEHOLD))).toEqual({
    id: input.id,
    state: 'published',
    status: 'created',
  })
  expect(data(await h.call(wishes, 'publish', input, HOUSEHOLD)).status).toBe('duplicate')
  const stored = h.find('wishes')
  expect(stored).toHaveLength(1)
  expect(stored[0]).toMatchObject({
    text: '孩子上学缺一件冬天的棉衣',
    requestId,
    villageCode: home.villageCode,
    consent: { by: { id: home._id, role: 'household' }, onBehalf: false },
  })
  const before = h.snapshot()
  expect(refusal(await publish(requestId)).reason).toBe('wishes.alreadyPublished')
  expect(h.snapshot()).toBe(before)
})

test('without consent, or for a finished request, nothing is published', async () => {
  const res = await h.raw(
    'wishes',
    'publish',
    { id: randomUUID(), householdId: home._id, requestId: request(), text: '棉衣', consent: false },
    HOUSEHOLD,
  )
  expect(refusal(res)).toMatchObject({ code: 'INVALID_ARGUMENT' })
  expect(refusal(res).details?.[0]?.path).toBe('consent')
  expect(refusal(await publish(request('已经解决', false))).reason).toBe('wishes.requestFinished')
  expect(h.find('wishes')).toEqual([])
})

test('a paired official records the household’s consent on its behalf; an official not paired with it is refused', async () => {
  const requestId = request()
  data(await publish(requestId, OFFICIAL))
  expect(h.find('wishes')[0]).toMatchObject({ consent: { by: { id: official, role: 'official' }, onBehalf: true } })
  const mine = data(await h.call(wishes, 'mine', { householdId: home._id }, HOUSEHOLD))
  expect(mine.items[0]).toMatchObject({ requestId, state: 'published', consentOnBehalf: true })
  expect(refusal(await publish(request(), STRANGER_OFFICIAL)).code).toBe('FORBIDDEN')
})

test("another household's request cannot be published under one's own household", async () => {
  const away = h.find('households', { regionPath: OTHER_COUNTY })[0]!
  const foreign = randomUUID()
  h.insert('requests', [
    { _id: foreign, householdId: away._id, open: true, category: 'other', regionPath: away.regionPath },
  ])
  const before = h.snapshot()
  expect(refusal(await publish(foreign)).code).toBe('FORBIDDEN')
  expect(h.snapshot()).toBe(before)
})

test('offices read wishes masked: the village only, no household, numbers in the text masked', async () => {
  const text = '需要一台轮椅，电话13912345678，身份证513301199001011234'
  data(await publish(request(), HOUSEHOLD, { text }))
  for (const [openid, region] of [
    [COUNTY, countyRegion],
    [PREFECTURE, (home.regionPath as string[])[0]!],
  ] as const) {
    const res = await h.call(wishes, 'list', { region }, openid)
    const { items } = data(res)
    expect(items).toHaveLength(1)
    expect(items[0]!.village['zh-Hans']).not.toBe('')
    const shown = JSON.stringify(res)
    expect(containsUnmaskedNumber(shown)).toBe(false)
    expect(shown).not.toContain(home._id as string)
    const head = (home.head as { name: { 'zh-Hans': string } }).name['zh-Hans']
    expect(shown).not.toContain(head)
  }
  // another county's office reads neither the list nor the wish
  expect(refusal(await h.call(wishes, 'list', { region: countyRegion }, AWAY_OFFICE)).code).toBe('FORBIDDEN')
  expect(data(await h.call(wishes, 'list', { region: OTHER_COUNTY }, AWAY_OFFICE)).items).toEqual([])
})

test('only a village or township office over the household learns who it is, and the read is audited', async () => {
  const { id } = data(await publish(request()))
  const seen = data(await h.call(wishes, 'detail', { id }, TOWNSHIP))
  expect(seen).toMatchObject({ householdId: home._id, head: (home.head as { name: unknown }).name })
  expect(
    h
      .find('audit')
      .some((a) => a.kind === 'view' && a.actor === TOWNSHIP && a.subject === home._id && a.details === id),
  ).toBe(true)
  for (const openid of [COUNTY, PREFECTURE, AWAY_OFFICE])
    expect(refusal(await h.call(wishes, 'detail', { id }, openid)).code).toBe('FORBIDDEN')
  // a donor who is an official is no office at all
  expect(refusal(await h.raw('wishes', 'detail', { id }, OFFICIAL)).code).toBe('FORBIDDEN')
})

test('donors: an office registers them for its region; offices below list them; another county cannot', async () => {
  const donorId = await donor('甘孜爱心企业')
  const again = await h.call(
    wishes,
    'registerDonor',
    { id: donorId, region: countyRegion, kind: 'enterprise', name: '甘孜爱心企业' },
    COUNTY,
  )
  expect(data(again).status).toBe('duplicate')
  expect(h.find('donors')).toHaveLength(1)
  const township = (home.regionPath as string[])[2]!
  const listed = data(await h.call(wishes, 'donors', { region: township }, TOWNSHIP))
  expect(listed.items).toEqual([expect.objectContaining({ id: donorId, above: true, claimed: 0 })])
  const before = h.snapshot()
  const res = await h.call(
    wishes,
    'registerDonor',
    { id: randomUUID(), region: countyRegion, kind: 'unit', name: '外县' },
    AWAY_OFFICE,
  )
  expect(refusal(res).code).toBe('FORBIDDEN')
  // an official outside the office's reach is never linked as a donor
  const linked = await h.call(
    wishes,
    'registerDonor',
    { id: randomUUID(), region: OTHER_COUNTY, kind: 'official', name: '某干部', officialId: official },
    AWAY_OFFICE,
  )
  expect(refusal(linked).reason).toBe('wishes.officialElsewhere')
  expect(outsideAudit(h.snapshot())).toBe(outsideAudit(before))
})

test('one claim at a time: the first claim wins, its resend is answered as done, a second donor finds it taken', async () => {
  const { id } = data(await publish(request()))
  const [first, second] = [await donor('第一家企业'), await donor('第二家企业')]
  const claimId = randomUUID()
  expect(data(await claim(id, first, COUNTY, claimId))).toEqual({ id, state: 'claimed', status: 'done' })
  expect(data(await claim(id, first, COUNTY, claimId)).status).toBe('duplicate')
  const before = h.snapshot()
  expect(refusal(await claim(id, second, TOWNSHIP)).reason).toBe('wishes.taken')
  // the same donor claiming it again under a new claim is a second claim: refused too
  expect(refusal(await claim(id, first, TOWNSHIP)).reason).toBe('wishes.taken')
  expect(h.snapshot()).toBe(before)
  expect(h.find('wishes', { _id: id })[0]).toMatchObject({ state: 'claimed', claim: { id: claimId, donorId: first } })
})

test('claims racing for one wish: exactly one is stored', async () => {
  const { id } = data(await publish(request()))
  const donors = await Promise.all(['甲', '乙', '丙', '丁'].map((n) => donor(`企业${n}`)))
  const results = await Promise.all(donors.map((d, i) => claim(id, d, i % 2 ? COUNTY : TOWNSHIP)))
  expect(results.filter((r) => r.ok)).toHaveLength(1)
  expect(results.filter((r) => !r.ok).map((r) => refusal(r).reason)).toEqual([
    'wishes.taken',
    'wishes.taken',
    'wishes.taken',
  ])
  const stored = h.find('wishes', { _id: id })[0]!
  expect(stored.events as unknown[]).toHaveLength(2)
  expect(donors).toContain((stored.claim as { donorId: string }).donorId)
})

test('a donor linked to an official claims and fulfils itself; another official may not act as that donor', async () => {
  const { id } = data(await publish(request()))
  const mine = await donor('干部本人', { kind: 'official', officialId: official })
  const visible = data(await h.call(wishes, 'forDonor', { donorId: mine }, OFFICIAL))
  expect(visible.items.map((w) => w.id)).toEqual([id])
  expect(refusal(await h.call(wishes, 'forDonor', { donorId: mine }, STRANGER_OFFICIAL)).code).toBe('FORBIDDEN')
  expect(refusal(await claim(id, mine, STRANGER_OFFICIAL)).code).toBe('FORBIDDEN')
  expect(refusal(await claim(id, mine, DEPARTMENT)).code).toBe('FORBIDDEN')
  data(await claim(id, mine, OFFICIAL))
  expect(refusal(await h.call(wishes, 'fulfil', { id }, STRANGER_OFFICIAL)).code).toBe('FORBIDDEN')
  expect(data(await h.call(wishes, 'fulfil', { id, note: '棉衣已送到村委会' }, OFFICIAL)).state).toBe('fulfilled')
  expect(h.find('wishes', { _id: id })[0]!.events).toEqual([
    expect.objectContaining({ type: 'publish', by: { id: home._id, role: 'household' } }),
    expect.objectContaining({ type: 'claim', by: { id: official, role: 'official' } }),
    expect.objectContaining({ type: 'fulfil', by: { id: official, role: 'official' } }),
  ])
})

test("another county's office and a donor registered elsewhere cannot claim or fulfil", async () => {
  const { id } = data(await publish(request()))
  const here = await donor('本县企业')
  const elsewhere = await donor('外县企业', {}, AWAY_OFFICE, OTHER_COUNTY)
  const before = h.snapshot()
  expect(refusal(await claim(id, here, AWAY_OFFICE)).code).toBe('FORBIDDEN')
  expect(refusal(await claim(id, elsewhere, PREFECTURE)).reason).toBe('wishes.donorElsewhere')
  expect(refusal(await h.call(wishes, 'fulfil', { id }, AWAY_OFFICE)).code).toBe('FORBIDDEN')
  expect(outsideAudit(h.snapshot())).toBe(outsideAudit(before))
})

test('fulfilled, then the household confirms; steps out of order are refused and a repeat is answered as done', async () => {
  const { id } = data(await publish(request()))
  const d = await donor('爱心企业')
  const confirmEarly = await h.call(wishes, 'confirm', { id, householdId: home._id }, HOUSEHOLD)
  expect(refusal(confirmEarly).reason).toBe('wishes.notFulfilled')
  expect(refusal(await h.call(wishes, 'fulfil', { id }, COUNTY)).reason).toBe('wishes.notClaimed')
  data(await claim(id, d))
  expect(data(await h.call(wishes, 'fulfil', { id, note: '已送到' }, TOWNSHIP)).status).toBe('done')
  expect(data(await h.call(wishes, 'fulfil', { id, note: '已送到' }, TOWNSHIP)).status).toBe('duplicate')
  const mine = data(await h.call(wishes, 'mine', { householdId: home._id }, HOUSEHOLD))
  expect(mine.items[0]).toMatchObject({ state: 'fulfilled', donor: { id: d, name: '爱心企业' }, note: '已送到' })
  expect(data(await h.call(wishes, 'confirm', { id, householdId: home._id }, HOUSEHOLD)).status).toBe('done')
  expect(data(await h.call(wishes, 'confirm', { id, householdId: home._id }, HOUSEHOLD)).status).toBe('duplicate')
  const withdraw = await h.call(wishes, 'withdraw', { id, householdId: home._id }, HOUSEHOLD)
  expect(refusal(withdraw).reason).toBe('wishes.finished')
})

test('a withdrawn wish leaves its donor and frees its request to be published again', async () => {
  const requestId = request()
  const { id } = data(await publish(requestId))
  const d = await donor('爱心企业')
  data(await claim(id, d))
  expect(data(await h.call(wishes, 'donors', { region: countyRegion }, COUNTY)).items[0]!.claimed).toBe(1)
  expect(data(await h.call(wishes, 'withdraw', { id, householdId: home._id }, HOUSEHOLD)).state).toBe('withdrawn')
  expect(data(await h.call(wishes, 'donors', { region: countyRegion }, COUNTY)).items[0]!.claimed).toBe(0)
  expect(refusal(await h.call(wishes, 'fulfil', { id }, COUNTY)).reason).toBe('wishes.notClaimed')
  expect(data(await publish(requestId)).status).toBe('created')
})
