/**
 * The annual review prompted, on the local cloud: a county office reads its named families and studios a
 * year since named or last kept (China time, the functions' clock set on either side of midnight), the longest
 * due first and counted; keeping one at its review takes it off; a revoked one and the other county's never
 * show; the prefecture reads every county's; a township or village office, which does not review, reads none.
 */
import type { Named } from '@config/documents'
import { exchange } from '@shared/contracts/exchange'
import { containsUnmaskedNumber } from '@shared/mask'
import { epochMs } from '@shared/time'
import type { Doc, FunctionsHarness } from '../harness'
import { data, refusal, startFunctions } from '../harness'

jest.setTimeout(240_000)

const COUNTY = 'demo-office-county'
const TOWNSHIP = 'demo-office-township'
const VILLAGE = 'demo-office-village'
const PREFECTURE = 'demo-office-prefecture'
const AWAY_OFFICE = 'reviews-away-office'
const OTHER_COUNTY = '513322000000'

let h: FunctionsHarness
let county: string
let prefecture: string

const by = { openid: 'reviews-setup', role: 'office' as const, id: '513300000000' }

function namedDoc(id: string, household: Doc, namedAt: string, extra: Partial<Named> = {}): Doc {
  return {
    _id: id,
    campaignId: 'reviews-campaign',
    year: Number(namedAt.slice(0, 4)),
    kind: 'family',
    householdId: household._id,
    unitId: null,
    name: (household.head as { name: unknown }).name,
    regionPath: household.regionPath,
    status: 'active',
    history: [{ type: 'named', at: namedAt, by, year: Number(namedAt.slice(0, 4)) }],
    told: 'sent',
    namedAt,
    updatedAt: namedAt,
    ...extra,
  } as unknown as Doc
}

/** sets the functions' clock to a China wall-clock instant */
function clockAt(china: string) {
  h.lc.moveClock(epochMs(`${china}+08:00`) - Date.now() - h.lc.clockOffset())
}

const due = async (openid: string, region = county) => data(await h.call(exchange, 'reviewsDue', { region }, openid))
const ids = (r: { items: { id: string }[] }) => r.items.map((n) => n.id)

beforeAll(async () => {
  h = await startFunctions()
  const home = h.find('households', { _id: h.find('users', { _id: 'demo-household-1' })[0]!.householdId })[0]!
  county = (home.regionPath as string[])[1]!
  prefecture = (home.regionPath as string[])[0]!
  const households = h.find('households', { regionPath: county }).slice(0, 5)
  const away = h.find('households', { regionPath: OTHER_COUNTY })[0]!
  h.insert('named', [
    // named at 00:00 China time on 10 March 2026 (still 9 March in UTC): due on 10 March 2027
    namedDoc('reviews-midnight', households[0]!, '2026-03-09T16:00:00.000Z'),
    // named a day earlier: due on 9 March 2027
    namedDoc('reviews-earlier', households[1]!, '2026-03-09T02:00:00.000Z'),
    // named in 2025 and kept in June 2026: due in June 2027
    namedDoc('reviews-kept', households[2]!, '2025-03-01T02:00:00.000Z', {
      history: [
        { type: 'named', at: '2025-03-01T02:00:00.000Z', by, year: 2025 },
        { type: 'kept', at: '2026-06-01T02:00:00.000Z', by, year: 2026 },
      ],
    }),
    namedDoc('reviews-revoked', households[3]!, '2025-03-01T02:00:00.000Z', { status: 'revoked' }),
    namedDoc('reviews-away', away, '2025-03-01T02:00:00.000Z'),
  ])
  h.insert('users', [{ _id: AWAY_OFFICE, roles: [{ role: 'office', region: OTHER_COUNTY }] }])
})

afterAll(async () => {
  await h?.close()
})

test('at 364 days not due, at 365 due: the day turns at China’s midnight', async () => {
  clockAt('2027-03-09T23:59:50')
  let r = await due(COUNTY)
  expect(ids(r)).toEqual(['reviews-earlier'])
  expect(r.count).toBe(1)
  expect(r.items[0]).toEqual(
    expect.objectContaining({ due: '2027-03-09', status: 'active', namedAt: '2026-03-09T02:00:00.000Z' }),
  )
  clockAt('2027-03-10T00:00:10')
  r = await due(COUNTY)
  // the longest due first
  expect(ids(r)).toEqual(['reviews-earlier', 'reviews-midnight'])
  expect(r.count).toBe(2)
  expect(r.items.map((n) => n.due)).toEqual(['2027-03-09', '2027-03-10'])
  for (const n of r.items) {
    expect(n.name['zh-Hans']).not.toBe('')
    expect(n.village['zh-Hans']).not.toBe('')
  }
  expect(containsUnmaskedNumber(JSON.stringify(r))).toBe(false)
})

test('the prefecture reads every county’s; an office that does not review reads none; another county is refused', async () => {
  clockAt('2027-03-10T09:00:00')
  expect(ids(await due(PREFECTURE, prefecture))).toEqual(['reviews-away', 'reviews-earlier', 'reviews-midnight'])
  expect(ids(await due(PREFECTURE))).toEqual(['reviews-earlier', 'reviews-midnight'])
  expect(await due(AWAY_OFFICE, OTHER_COUNTY)).toEqual({
    count: 1,
    items: [expect.objectContaining({ id: 'reviews-away' })],
  })
  const township = h.find('regions', {
    _id: (h.find('named', { _id: 'reviews-midnight' })[0]!.regionPath as string[])[2],
  })[0]!
  expect(await due(TOWNSHIP, township._id as string)).toEqual({ count: 0, items: [] })
  const village = (h.find('named', { _id: 'reviews-midnight' })[0]!.regionPath as string[])[3]!
  expect(await due(VILLAGE, village)).toEqual({ count: 0, items: [] })
  expect(refusal(await h.call(exchange, 'reviewsDue', { region: county }, AWAY_OFFICE)).code).toBe('FORBIDDEN')
})

test('kept at the review it is off the list until a year later; revoked it never comes back', async () => {
  clockAt('2027-03-10T09:00:00')
  const kept = await h.call(exchange, 'reviewNamed', { id: 'reviews-earlier', outcome: 'kept', year: 2027 }, COUNTY)
  expect(data(kept).status).toBe('active')
  expect(ids(await due(COUNTY))).toEqual(['reviews-midnight'])
  const revoke = { id: 'reviews-midnight', outcome: 'revoked' as const, year: 2027, reason: '弄虚作假' }
  expect(data(await h.call(exchange, 'reviewNamed', revoke, COUNTY)).status).toBe('revoked')
  expect(await due(COUNTY)).toEqual({ count: 0, items: [] })
  // the kept review of 2026 falls due in June 2027, the one just made in March 2028
  clockAt('2027-06-01T08:00:00')
  expect(ids(await due(COUNTY))).toEqual(['reviews-kept'])
  clockAt('2028-03-10T08:00:00')
  expect(ids(await due(COUNTY))).toEqual(['reviews-kept', 'reviews-earlier'])
})
