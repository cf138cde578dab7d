/**
 * Exchange trips as built, on the local cloud: the county office makes a trip and its places are offered
 * down its order to named families and studios; the household confirms (or its paired official answers for
 * it, recorded as such); a declined or expired place passes to the next; two answers at once, or an answer
 * and the timer, never take more places than there are; the organisers read names and townships only; the
 * report after the trip is a draft notice that goes through the notices' own review. Attackers: another
 * household, an unpaired official, another county's office, an office above writing the report.
 */
import { randomUUID } from 'node:crypto'
import type { Trip } from '@config/documents'
import { exchange } from '@shared/contracts/exchange'
import type { NoticeDraft } from '@shared/contracts/notices'
import { notices } from '@shared/contracts/notices'
import { containsUnmaskedNumber } from '@shared/mask'
import { noticeMediaPath } from '@shared/storage'
import { addDays, chinaDay, epochMs, now } from '@shared/time'
import type { Doc, FunctionsHarness } from '../harness'
import { data, refusal, startFunctions } from '../harness'
import { upload } from '../uploads'

jest.setTimeout(240_000)

const HOUSEHOLD = 'demo-household-1'
const COUNTY = 'demo-office-county'
const TOWNSHIP = 'demo-office-township'
const PREFECTURE = 'demo-office-prefecture'
const REVIEWER = 'demo-reviewer-1'
const PAIRED = 'trips-paired-official'
const STRANGER_OFFICIAL = 'trips-stranger-official'
const OTHER_MEMBER = 'trips-other-member'
const STUDIO_OFFICIAL = 'trips-studio-official'
const AWAY_OFFICE = 'trips-away-office'
const OTHER_COUNTY = '513322000000'
const DAY_MS = 24 * 3600 * 1000

let h: FunctionsHarness
let home: Doc
let county: string
/** named records of the home county, the demo household's first; one revoked, one of the other county */
let named: string[]
let revoked: string
let away: string
let studio: string

function namedDoc(id: string, household: Doc | null, extra: Record<string, unknown> = {}): Doc {
  return {
    _id: id,
    campaignId: 'trips-campaign',
    year: 2026,
    kind: household ? 'family' : 'studio',
    householdId: household?._id ?? null,
    unitId: null,
    name: household ? (household.head as { name: unknown }).name : { 'zh-Hans': '工作室', bo: 'ལས་ཁང' },
    regionPath: household?.regionPath ?? [],
    status: 'active',
    history: [],
    told: 'none',
    namedAt: now(),
    updatedAt: now(),
    ...extra,
  }
}

/** a snapshot without the audit trail: an office's refusal leaves its record there, and nothing else */
const outsideAudit = (snapshot: string) => JSON.stringify({ ...JSON.parse(snapshot), audit: [], auditCounters: [] })
const stored = (id: string) => h.find('trips', { _id: id })[0] as unknown as Trip
const states = (id: string) =>
  Object.fromEntries(stored(id).candidates.map((c) => [c.namedId, standing(id, c.namedId)]))
/** where a candidate stands, as the organisers read it */
function standing(id: string, namedId: string): string {
  const events = stored(id).events.filter((e) => e.namedId === namedId)
  const last = events[events.length - 1]
  return !last
    ? 'waiting'
    : last.type === 'offer'
      ? 'offered'
      : last.type === 'confirm'
        ? 'confirmed'
        : last.type === 'decline'
          ? 'declined'
          : 'expired'
}

function tripInput(extra: Record<string, unknown> = {}) {
  const start = addDays(chinaDay(), 20)
  return {
    id: randomUUID(),
    region: county,
    title: { 'zh-Hans': '赴浙江交流', bo: 'ཀྲེ་ཅང་དུ་བརྗེ་རེས།' },
    places: { 'zh-Hans': '杭州、湖州', bo: 'ཧང་ཀྲོའུ།' },
    startDay: start,
    endDay: addDays(start, 5),
    slots: 2,
    replyDays: 3,
    named,
    ...extra,
  }
}

async function made(extra: Record<string, unknown> = {}): Promise<string> {
  const input = tripInput(extra)
  data(await h.call(exchange, 'saveTrip', input, COUNTY))
  return input.id
}

const answer = (tripId: string, namedId: string, what: 'confirm' | 'decline', openid = HOUSEHOLD) =>
  h.call(exchange, 'answerTrip', { tripId, namedId, answer: what }, openid)

beforeAll(async () => {
  h = await startFunctions()
  const user = h.find('users', { _id: HOUSEHOLD })[0]!
  home = h.find('households', { _id: user.householdId })[0]!
  county = (home.regionPath as string[])[1]!
  const others = h.find('households', { regionPath: county }).filter((d) => d._id !== home._id)
  const awayHousehold = h.find('households', { regionPath: OTHER_COUNTY })[0]!
  const paired = (home.officialIds as string[])[0]!
  const stranger = h
    .find('officials', { regionPath: county })
    .find((o) => !(home.officialIds as string[]).includes(o._id))!
  const unit = h.find('units', { kind: 'studio', regionPath: county })[0]!
  const unitOfficial = h
    .find('officials', { regionPath: county })
    .find((o) => o._id !== stranger._id && !(home.officialIds as string[]).includes(o._id))!
  named = ['trips-named-1', 'trips-named-2', 'trips-named-3', 'trips-named-4']
  revoked = 'trips-named-revoked'
  away = 'trips-named-away'
  studio = 'trips-named-studio'
  h.insert('named', [
    namedDoc(named[0]!, home),
    ...others.slice(0, 3).map((d, i) => namedDoc(named[i + 1]!, d)),
    namedDoc(revoked, others[3]!, { status: 'revoked' }),
    namedDoc(away, awayHousehold),
    namedDoc(studio, null, { unitId: unit._id, name: unit.name, regionPath: unit.regionPath }),
  ])
  // the studio's one official member: nobody else answers for it
  h.lc.store.update(
    'units',
    { _id: unit._id },
    { $set: { members: [{ role: 'lead', name: { 'zh-Hans': '组长', bo: 'འགོ་འཛིན' }, officialId: unitOfficial._id }] } },
  )
  h.insert('users', [
    { _id: PAIRED, officialId: paired, roles: [{ role: 'official', officialId: paired, regionPath: home.regionPath }] },
    { _id: STRANGER_OFFICIAL, officialId: stranger._id, roles: [{ role: 'official', officialId: stranger._id }] },
    { _id: STUDIO_OFFICIAL, officialId: unitOfficial._id, roles: [{ role: 'official', officialId: unitOfficial._id }] },
    {
      _id: OTHER_MEMBER,
      householdId: others[0]!._id,
      roles: [{ role: 'household', householdId: others[0]!._id, regionPath: others[0]!.regionPath }],
    },
    { _id: AWAY_OFFICE, roles: [{ role: 'office', region: OTHER_COUNTY }] },
  ])
})

afterAll(async () => {
  await h?.close()
})

beforeEach(() => {
  h.lc.store.remove('trips', {}, { multi: true })
  h.lc.moveClock(-h.lc.clockOffset())
})

test('a trip offers its places down the office’s order; saving it again keeps one trip', async () => {
  const input = tripInput()
  expect(data(await h.call(exchange, 'saveTrip', input, COUNTY))).toEqual({
    id: input.id,
    status: 'created',
    offered: 2,
  })
  expect(data(await h.call(exchange, 'saveTrip', input, COUNTY)).status).toBe('duplicate')
  expect(h.find('trips')).toHaveLength(1)
  expect(states(input.id)).toEqual({
    [named[0]!]: 'offered',
    [named[1]!]: 'offered',
    [named[2]!]: 'waiting',
    [named[3]!]: 'waiting',
  })
  const list = data(await h.call(exchange, 'trips', { region: county }, COUNTY)).items
  expect(list).toEqual([expect.objectContaining({ id: input.id, slots: 2, confirmed: 0, offered: 2 })])
  // the prefecture office sees its counties' trips
  expect(data(await h.call(exchange, 'trips', { region: '513300000000' }, PREFECTURE)).items).toHaveLength(1)
})

test('only a county or prefecture office organises, with active names of its own region', async () => {
  const before = h.snapshot()
  const township = (home.regionPath as string[])[2]!
  expect(refusal(await h.call(exchange, 'saveTrip', tripInput({ region: township }), TOWNSHIP)).reason).toBe(
    'exchange.trips.organiser',
  )
  expect(refusal(await h.call(exchange, 'saveTrip', tripInput(), AWAY_OFFICE)).code).toBe('FORBIDDEN')
  expect(refusal(await h.call(exchange, 'saveTrip', tripInput({ named: [away] }), COUNTY)).reason).toBe(
    'exchange.trips.namedElsewhere',
  )
  expect(refusal(await h.call(exchange, 'saveTrip', tripInput({ named: [revoked] }), COUNTY)).reason).toBe(
    'exchange.trips.namedRevoked',
  )
  expect(refusal(await h.call(exchange, 'saveTrip', tripInput({ startDay: chinaDay() }), COUNTY)).reason).toBe(
    'exchange.trips.startsPast',
  )
  const twice = await h.raw('exchange', 'saveTrip', tripInput({ named: [named[0], named[0]] }), COUNTY)
  expect(refusal(twice).code).toBe('INVALID_ARGUMENT')
  expect(outsideAudit(h.snapshot())).toBe(outsideAudit(before))
})

test('a confirmed place is taken; a declined one passes to the next; the official’s answer is recorded as for the household', async () => {
  const id = await made()
  expect(data(await answer(id, named[0]!, 'confirm'))).toEqual({ state: 'confirmed', status: 'done' })
  expect(data(await answer(id, named[0]!, 'confirm')).status).toBe('duplicate')
  expect(refusal(await answer(id, named[0]!, 'decline')).reason).toBe('exchange.trips.offerClosed')
  // the second household's place, declined for it by... nobody else: only its member or paired officials
  expect(refusal(await answer(id, named[1]!, 'decline', HOUSEHOLD)).reason).toBe('exchange.trips.notYourOffer')
  expect(refusal(await answer(id, named[1]!, 'decline', STRANGER_OFFICIAL)).reason).toBe('exchange.trips.notYourOffer')
  expect(data(await answer(id, named[1]!, 'decline', OTHER_MEMBER)).state).toBe('declined')
  expect(states(id)).toMatchObject({ [named[1]!]: 'declined', [named[2]!]: 'offered', [named[3]!]: 'waiting' })

  const other = await made()
  data(await answer(other, named[0]!, 'decline', PAIRED))
  const row = data(await h.call(exchange, 'trip', { id: other }, COUNTY)).rows.find((r) => r.namedId === named[0])
  expect(row).toMatchObject({ state: 'declined', onBehalf: true })
})

test('the organisers read names and townships in their order, never a number; others are refused', async () => {
  const id = await made()
  data(await answer(id, named[0]!, 'confirm'))
  const res = data(await h.call(exchange, 'trip', { id }, COUNTY))
  expect(res.rows.map((r) => r.namedId)).toEqual(named)
  expect(res.rows[0]).toMatchObject({ state: 'confirmed', kind: 'family' })
  expect(res.rows[0]!.township['zh-Hans']).not.toBe('')
  expect(containsUnmaskedNumber(JSON.stringify(res))).toBe(false)
  expect(JSON.stringify(res)).not.toContain((home.head as { idNumber: string }).idNumber)
  expect(JSON.stringify(res)).not.toContain(home.phone as string)
  expect(data(await h.call(exchange, 'trip', { id }, PREFECTURE)).rows).toHaveLength(4)
  expect(refusal(await h.call(exchange, 'trip', { id }, AWAY_OFFICE)).reason).toBe('exchange.trips.notYours')
  expect(refusal(await h.call(exchange, 'trip', { id }, TOWNSHIP)).reason).toBe('exchange.trips.notYours')
})

test('the household sees the places offered to it, not its place in the queue', async () => {
  const id = await made()
  const offers = data(await h.call(exchange, 'tripOffers', { householdId: home._id }, HOUSEHOLD)).items
  expect(offers).toEqual([expect.objectContaining({ tripId: id, namedId: named[0], state: 'offered' })])
  // the other household is second in a one-place trip: nothing is shown to it while it waits
  await made({ slots: 1 })
  const second = stored(id).candidates[1]!.householdId!
  expect(data(await h.call(exchange, 'tripOffers', { householdId: second }, OTHER_MEMBER)).items).toEqual([
    expect.objectContaining({ tripId: id, namedId: named[1], state: 'offered' }),
  ])
  expect(refusal(await h.call(exchange, 'tripOffers', { householdId: home._id }, OTHER_MEMBER)).code).toBe('FORBIDDEN')
})

test('an offer not answered by its due expires at the next timer run and passes on; a second run changes nothing', async () => {
  const id = await made({ replyDays: 2 })
  data(await answer(id, named[0]!, 'confirm'))
  h.lc.moveClock(2 * DAY_MS + 60_000)
  const run = data((await h.lc.fireTimer('exchange')) as never) as { expired: number; offered: number }
  expect(run).toMatchObject({ expired: 1, offered: 1 })
  expect(states(id)).toMatchObject({ [named[1]!]: 'expired', [named[2]!]: 'offered', [named[3]!]: 'waiting' })
  const expire = stored(id).events.find((e) => e.type === 'expire')!
  // expired at its due, whenever the timer came
  expect(expire.at).toBe(
    (stored(id).events.find((e) => e.type === 'offer' && e.namedId === named[1]) as { due: string }).due,
  )
  const after = JSON.stringify(stored(id))
  expect(data((await h.lc.fireTimer('exchange')) as never)).toMatchObject({ expired: 0, offered: 0 })
  expect(JSON.stringify(stored(id))).toBe(after)
  expect(refusal(await answer(id, named[1]!, 'confirm', OTHER_MEMBER)).reason).toBe('exchange.trips.offerExpired')
})

test('a late answer and timer runs at once: the place expires once and passes to the next once', async () => {
  const id = await made({ slots: 1, replyDays: 1, named: [named[1]!, named[0]!, named[2]!] })
  h.lc.moveClock(DAY_MS + 60_000)
  const results = await Promise.all([
    answer(id, named[1]!, 'confirm', OTHER_MEMBER),
    h.lc.fireTimer('exchange'),
    h.lc.fireTimer('exchange'),
    answer(id, named[1]!, 'confirm', OTHER_MEMBER),
  ])
  expect(refusal(results[0] as never).reason).toBe('exchange.trips.offerExpired')
  expect(refusal(results[3] as never).reason).toBe('exchange.trips.offerExpired')
  const events = stored(id).events
  expect(events.filter((e) => e.type === 'expire')).toHaveLength(1)
  expect(events.filter((e) => e.type === 'offer' && e.namedId === named[0])).toHaveLength(1)
  expect(states(id)).toEqual({ [named[1]!]: 'expired', [named[0]!]: 'offered', [named[2]!]: 'waiting' })
})

test('two answers at once for the last place never both take it', async () => {
  for (let round = 0; round < 3; round++) {
    const id = await made({ slots: 1, named: [named[0]!, named[1]!, named[2]!] })
    // the household declines from one phone while its official confirms for it; the next one answers as
    // soon as it is offered
    const results = await Promise.all([
      answer(id, named[0]!, 'decline', HOUSEHOLD),
      answer(id, named[0]!, 'confirm', PAIRED),
      answer(id, named[1]!, 'confirm', OTHER_MEMBER),
      answer(id, named[0]!, 'confirm', HOUSEHOLD),
    ])
    const trip = stored(id)
    const confirmed = Object.values(states(id)).filter((s) => s === 'confirmed')
    expect(confirmed.length).toBeLessThanOrEqual(1)
    expect(trip.confirmed).toBe(confirmed.length)
    const open = Object.values(states(id)).filter((s) => s === 'offered' || s === 'confirmed')
    expect(open.length).toBeLessThanOrEqual(trip.slots)
    // the household's own answers: exactly one of decline and confirm landed
    const first = states(id)[named[0]!]
    expect(['confirmed', 'declined']).toContain(first)
    const ok = results.filter((r) => (r as { ok: boolean }).ok).length
    expect(ok).toBeGreaterThanOrEqual(1)
  }
})

test('a studio’s place is answered by an official of the studio', async () => {
  const id = await made({ named: [studio, named[0]!], slots: 1 })
  expect(refusal(await answer(id, studio, 'confirm', PAIRED)).reason).toBe('exchange.trips.notYourOffer')
  expect(data(await answer(id, studio, 'confirm', STUDIO_OFFICIAL))).toEqual({ state: 'confirmed', status: 'done' })
})

test('a studio’s official members see the places offered to it; other officials see none', async () => {
  const id = await made({ named: [studio, named[0]!], slots: 1 })
  const unitId = h.find('named', { _id: studio })[0]!.unitId as string
  const name = h.find('units', { _id: unitId })[0]!.name
  const offers = data(await h.call(exchange, 'studioTripOffers', {}, STUDIO_OFFICIAL)).items
  expect(offers).toEqual([
    expect.objectContaining({ tripId: id, namedId: studio, state: 'offered', studio: name, due: expect.any(String) }),
  ])
  expect(data(await h.call(exchange, 'studioTripOffers', {}, PAIRED)).items).toEqual([])
  expect(data(await h.call(exchange, 'studioTripOffers', {}, STRANGER_OFFICIAL)).items).toEqual([])
  expect(refusal(await h.call(exchange, 'studioTripOffers', {}, HOUSEHOLD)).code).toBe('FORBIDDEN')
  expect(data(await answer(id, studio, 'decline', STUDIO_OFFICIAL)).state).toBe('declined')
  // declined, it stays on the studio's list as such, and the place went to the next family
  expect(data(await h.call(exchange, 'studioTripOffers', {}, STUDIO_OFFICIAL)).items.map((o) => o.state)).toEqual([
    'declined',
  ])
  expect(states(id)[named[0]!]).toBe('offered')
})

test('after the trip the organisers’ report is a draft notice of their office, reviewed and published like any', async () => {
  const id = await made()
  const noticeId = randomUUID()
  const report = {
    id,
    noticeId,
    title: { 'zh-Hans': '我们从浙江回来了', bo: '' },
    body: { 'zh-Hans': '十户家庭参观了湖州的茶园和学校。', bo: '' },
    photos: [],
  }
  expect(refusal(await h.call(exchange, 'tripReport', report, COUNTY)).reason).toBe('exchange.trips.notOver')
  const end = stored(id).endDay
  h.lc.moveClock(epochMs(`${end}T12:00:00+08:00`) - Date.now())
  const foreign = { ...report, photos: ['cloud://shiliuzi.bucket/contacts/someone/p.jpg'] }
  expect(refusal(await h.call(exchange, 'tripReport', foreign, COUNTY)).reason).toBe('storage.foreignFile')
  expect(refusal(await h.call(exchange, 'tripReport', report, PREFECTURE)).reason).toBe('exchange.trips.notYours')
  expect(data(await h.call(exchange, 'tripReport', report, COUNTY))).toEqual({ noticeId, status: 'created' })
  expect(data(await h.call(exchange, 'tripReport', report, COUNTY)).status).toBe('duplicate')
  expect(refusal(await h.call(exchange, 'tripReport', { ...report, noticeId: randomUUID() }, COUNTY)).reason).toBe(
    'exchange.trips.reported',
  )
  expect(h.find('notices', { _id: noticeId })[0]).toMatchObject({ status: 'draft', officeRegion: county })
  // the notices function takes it from there: the office submits, a reviewer approves, the office publishes
  expect(data(await h.call(notices, 'submit', { id: noticeId }, COUNTY)).status).toBe('submitted')
  expect(data(await h.call(notices, 'approve', { id: noticeId }, REVIEWER)).status).toBe('approved')
  expect(data(await h.call(notices, 'publish', { id: noticeId }, COUNTY)).status).toBe('published')
  const feed = data(await h.call(notices, 'feed', {}, HOUSEHOLD)).items
  expect(feed.some((n) => n.id === noticeId)).toBe(true)
})

/** a notice as stored, apart from its id, its instants and its photo's folder (each notice uploads into its own) */
function sameParts(doc: Doc) {
  const differs = new Set(['_id', 'createdAt', 'updatedAt', 'publishedAt', 'publishAt', 'push', 'history', 'draft'])
  const rest = Object.fromEntries(Object.entries(doc).filter(([key]) => !differs.has(key)))
  const draft = doc.draft as { media: { kind: string; fileID: string }[] }
  const history = doc.history as { action: string; revision: number; by: string }[]
  return {
    ...rest,
    draft: { ...draft, media: draft.media.map((m) => ({ kind: m.kind, file: m.fileID.split('/').at(-1) })) },
    history: history.map((e) => [e.action, e.revision, e.by]),
  }
}

test('a report’s draft is the draft the notice editor saves for the same text, and its review goes alike', async () => {
  const id = await made()
  h.lc.moveClock(epochMs(`${stored(id).endDay}T12:00:00+08:00`) - Date.now())
  const [reportId, editorId] = [randomUUID(), randomUUID()]
  // one photo in each notice's own upload folder, under the same name
  const photo = (noticeId: string) => upload(h, noticeMediaPath(noticeId, 'trip-photo', 'jpg'), 'picture')
  const title = { 'zh-Hans': '赴浙江交流回来了', bo: 'ཀྲེ་ཅང་ནས་ཕྱིར་ལོག་བྱུང་།' }
  const body = { 'zh-Hans': '四户家庭参观了湖州的茶园。', bo: 'ཁྱིམ་ཚང་བཞི་ཡིས་ཧུའུ་ཀྲོའུ་ཡི་ཇ་ཞིང་ལ་ལྟ་སྐོར་བྱས།' }
  const report = { id, noticeId: reportId, title, body, photos: [await photo(reportId)] }
  expect(data(await h.call(exchange, 'tripReport', report, COUNTY)).status).toBe('created')
  const draft: NoticeDraft = {
    title,
    body,
    category: 'other',
    media: [{ kind: 'image', fileID: await photo(editorId) }],
    audience: { regions: [county], roles: 'both' },
    publishAt: null,
    expireAt: null,
  }
  expect(data(await h.call(notices, 'save', { id: editorId, draft }, COUNTY))).toEqual({
    id: editorId,
    status: 'draft',
    revision: 1,
  })
  const notice = (noticeId: string) => h.find('notices', { _id: noticeId })[0]!
  expect(sameParts(notice(reportId))).toEqual(sameParts(notice(editorId)))
  // each step of the review answers both alike and leaves them alike
  const steps: [string, (noticeId: string) => Promise<unknown>][] = [
    ['submit', async (n) => data(await h.call(notices, 'submit', { id: n }, COUNTY))],
    ['approve', async (n) => data(await h.call(notices, 'approve', { id: n }, REVIEWER))],
    ['publish', async (n) => data(await h.call(notices, 'publish', { id: n }, COUNTY))],
  ]
  for (const [step, run] of steps) {
    expect([step, await run(reportId)]).toEqual([step, await run(editorId)])
    expect(sameParts(notice(reportId))).toEqual(sameParts(notice(editorId)))
  }
  const ids: string[] = [reportId, editorId]
  const feed = data(await h.call(notices, 'feed', {}, HOUSEHOLD)).items.filter((n) => ids.includes(n.id))
  const shown = feed.map(({ id: _id, publishedAt: _at, ...rest }) => rest)
  expect(shown).toHaveLength(2)
  expect(shown[0]).toEqual(shown[1])
})
