/**
 * The exchange function's selection as built, on the local cloud: a prefecture opens a campaign; a village
 * office (or a unit) nominates, the household consents; township, county (points and quota) and prefecture
 * review in order and by their deadlines, never the office that nominated; the prefecture publishes one
 * batch seen from its start day (the functions' clock moved), masked, by the counties concerned; objections
 * during the window, answered by the county; confirmation refused while one is unanswered; the named told;
 * the annual review and a revocation kept in the history and the audit trail.
 */
import { randomUUID } from 'node:crypto'
import type { CallResult } from '@shared/contract'
import { EXCHANGE_TEMPLATES, exchange } from '@shared/contracts/exchange'
import { containsUnmaskedNumber } from '@shared/mask'
import { addDays, chinaDay } from '@shared/time'
import type { Doc, FunctionsHarness } from '../harness'
import { data, refusal, startFunctions } from '../harness'

jest.setTimeout(240_000)

const HOUSEHOLD = 'demo-household-1'
const OFFICIAL = 'demo-official-1'
const VILLAGE = 'demo-office-village'
const TOWNSHIP = 'demo-office-township'
const COUNTY = 'demo-office-county'
const PREFECTURE = 'demo-office-prefecture'
const ADMIN = 'demo-admin-1'
const AWAY_OFFICE = 'exchange-away-office'
const AWAY_MEMBER = 'exchange-away-member'
/** a village office that also serves its township: it nominates, and may not review what it nominated */
const BOTH = 'exchange-village-and-township'
const NEIGHBOUR = 'exchange-neighbour'
const OTHER_COUNTY = '513322000000'
const PREFECTURE_CODE = '513300000000'
const DAY = 86_400_000
const PHONE = '13912345678'

let h: FunctionsHarness
let home: Doc
let neighbour: Doc
let away: Doc
let path: string[]
let studio: Doc

const ok = <T>(res: CallResult<T>) => data(res)
const code = (res: CallResult<unknown>) => refusal(res).code
const reason = (res: CallResult<unknown>) => refusal(res).reason
const today = () => chinaDay(Date.now() + h.lc.clockOffset())
const moveDays = (n: number) => h.lc.moveClock(n * DAY)

/** deadlines from today: nomination +2, township +4, county +6, prefecture +8, 公示 from +10 for 5 days */
function campaignInput(extra: Record<string, unknown> = {}) {
  const d = (n: number) => addDays(today(), n)
  return {
    id: randomUUID(),
    region: PREFECTURE_CODE,
    year: 2026,
    kind: 'family' as const,
    title: { 'zh-Hans': '2026年度民族团结进步示范家庭评选', bo: '2026 ལོའི་ཚད་ལྡན་ཁྱིམ་ཚང་འདེམས་སྒྲུག' },
    quotas: [
      { county: path[1]!, places: 2 },
      { county: OTHER_COUNTY, places: 1 },
    ],
    rubric: [
      { key: 'unity', name: { 'zh-Hans': '民族团结', bo: 'མི་རིགས་མཐུན་སྒྲིལ' }, max: 60 },
      { key: 'family', name: { 'zh-Hans': '家风', bo: 'ཁྱིམ་ཚང་གི་གཤིས་ལུགས' }, max: 40 },
    ],
    deadlines: { nomination: d(2), township: d(4), county: d(6), prefecture: d(8) },
    publicity: { start: d(10), days: 5 },
    ...extra,
  }
}

async function openCampaign(extra: Record<string, unknown> = {}): Promise<string> {
  const input = campaignInput(extra)
  ok(await h.call(exchange, 'open', input as never, PREFECTURE))
  return input.id
}

const story = (text = `这家人三代和睦，帮助邻里，多年资助藏汉学生上学。联系电话 ${PHONE}`) => ({ text })

async function nominate(campaignId: string, householdId = home._id as string, by = VILLAGE) {
  const id = randomUUID()
  const res = await h.call(exchange, 'nominate', { id, campaignId, householdId, story: story() }, by)
  return { id, res }
}

const review = (nominationId: string, stage: 'township' | 'county' | 'prefecture', by: string, extra = {}) =>
  h.call(
    exchange,
    'review',
    {
      nominationId,
      stage,
      pass: true,
      comment: '事迹属实',
      ...(stage === 'county' ? { scores: { unity: 50, family: 30 } } : {}),
      ...extra,
    },
    by,
  )

/** a nomination of the demo household carried to the prefecture's approval */
async function approved(campaignId: string, householdId = home._id as string, member = HOUSEHOLD) {
  const { id } = await nominate(campaignId, householdId)
  ok(await h.call(exchange, 'consent', { householdId, nominationId: id, given: true }, member))
  ok(await review(id, 'township', TOWNSHIP))
  ok(await review(id, 'county', COUNTY))
  ok(await review(id, 'prefecture', PREFECTURE))
  return id
}

beforeAll(async () => {
  h = await startFunctions()
  const user = h.find('users', { _id: HOUSEHOLD })[0]!
  home = h.find('households', { _id: user.householdId })[0]!
  path = home.regionPath as string[]
  neighbour = h.find('households', { villageCode: home.villageCode }).find((x) => x._id !== home._id)!
  away = h.find('households', { regionPath: OTHER_COUNTY })[0]!
  studio = h.find('units', { kind: 'studio', regionPath: path[1] })[0]!
  h.insert('users', [
    { _id: AWAY_OFFICE, roles: [{ role: 'office', region: OTHER_COUNTY }] },
    {
      _id: AWAY_MEMBER,
      householdId: away._id,
      roles: [{ role: 'household', householdId: away._id, regionPath: away.regionPath }],
    },
    {
      _id: NEIGHBOUR,
      householdId: neighbour._id,
      roles: [{ role: 'household', householdId: neighbour._id, regionPath: neighbour.regionPath }],
    },
    {
      _id: BOTH,
      roles: [
        { role: 'office', region: path[3] },
        { role: 'office', region: path[2] },
      ],
    },
  ])
})

afterEach(() => {
  h.lc.moveClock(-h.lc.clockOffset())
})

afterAll(async () => {
  await h?.close()
})

describe('campaigns', () => {
  test('only the prefecture office opens one; a resend keeps one', async () => {
    const input = campaignInput()
    expect(reason(await h.call(exchange, 'open', { ...input, region: path[1]! } as never, COUNTY))).toBe(
      'exchange.prefectureOnly',
    )
    expect(ok(await h.call(exchange, 'open', input as never, PREFECTURE)).status).toBe('created')
    expect(ok(await h.call(exchange, 'open', input as never, PREFECTURE)).status).toBe('duplicate')
    const listed = ok(await h.call(exchange, 'campaigns', { region: path[3]! }, VILLAGE)).items
    expect(listed.find((c) => c.id === input.id)?.stage).toBe('nomination')
  })

  test('deadlines out of order, in the past, or a 公示 under 5 days are refused', async () => {
    const d = (n: number) => addDays(today(), n)
    const swapped = campaignInput({ deadlines: { nomination: d(2), township: d(1), county: d(6), prefecture: d(8) } })
    expect(reason(await h.call(exchange, 'open', swapped as never, PREFECTURE))).toBe('exchange.datesOrder')
    const past = campaignInput({ deadlines: { nomination: d(-1), township: d(4), county: d(6), prefecture: d(8) } })
    expect(reason(await h.call(exchange, 'open', past as never, PREFECTURE))).toBe('exchange.datesPast')
    const early = campaignInput({ publicity: { start: d(8), days: 5 } })
    expect(reason(await h.call(exchange, 'open', early as never, PREFECTURE))).toBe('exchange.datesOrder')
    expect(
      code(
        await h.call(exchange, 'open', campaignInput({ publicity: { start: d(10), days: 4 } }) as never, PREFECTURE),
      ),
    ).toBe('INVALID_ARGUMENT')
    const foreign = campaignInput({ quotas: [{ county: '510104000000', places: 1 }] })
    expect(reason(await h.call(exchange, 'open', foreign as never, PREFECTURE))).toBe('exchange.quotaCounty')
  })
})

describe('nominations and reviews', () => {
  test('a village office nominates its household, which consents; another household cannot answer for it', async () => {
    const campaignId = await openCampaign()
    const { id, res } = await nominate(campaignId)
    expect(ok(res).state).toBe('consent')
    expect(reason((await nominate(campaignId)).res)).toBe('exchange.alreadyNominated')
    const mine = ok(await h.call(exchange, 'mine', { householdId: home._id }, HOUSEHOLD))
    expect(mine.consents.map((c) => c.nominationId)).toContain(id)
    expect(mine.consents.every((c) => !containsUnmaskedNumber(c.story))).toBe(true)
    expect(
      code(await h.call(exchange, 'consent', { householdId: home._id, nominationId: id, given: true }, NEIGHBOUR)),
    ).toBe('FORBIDDEN')
    expect(
      reason(
        await h.call(exchange, 'consent', { householdId: neighbour._id, nominationId: id, given: true }, NEIGHBOUR),
      ),
    ).toBe('exchange.notYourNomination')
    // not reviewed before the household has said yes
    expect(reason(await review(id, 'township', TOWNSHIP))).toBe('exchange.notAtStage')
    expect(
      ok(await h.call(exchange, 'consent', { householdId: home._id, nominationId: id, given: true }, HOUSEHOLD)).state,
    ).toBe('nominated')
  })

  test('only a village office over the household or a unit of its region nominates', async () => {
    const campaignId = await openCampaign()
    expect(reason((await nominate(campaignId, home._id as string, TOWNSHIP)).res)).toBe('exchange.notYourNominee')
    expect(reason((await nominate(campaignId, away._id as string, VILLAGE)).res)).toBe('exchange.notYourNominee')
    expect(code((await nominate(campaignId, home._id as string, HOUSEHOLD)).res)).toBe('FORBIDDEN')
    // a family campaign takes households, not studios; a unit puts a studio of its region forward
    const unit = { id: randomUUID(), unitId: studio._id, story: story('工作室组织双语夜校') }
    expect(reason(await h.call(exchange, 'nominate', { ...unit, campaignId }, 'demo-department-1'))).toBe(
      'exchange.wrongKind',
    )
    const studios = await openCampaign({ kind: 'studio' })
    const byUnit = ok(await h.call(exchange, 'nominate', { ...unit, campaignId: studios }, 'demo-department-1'))
    expect(byUnit.state).toBe('nominated')
    expect(h.find('nominations', { _id: unit.id })[0]!.nominator).toEqual(
      expect.objectContaining({ role: 'department', openid: 'demo-department-1' }),
    )
  })

  test('reviews go in order, by the office of each level, never by the office that nominated', async () => {
    const campaignId = await openCampaign()
    const { id } = await nominate(campaignId)
    ok(await h.call(exchange, 'consent', { householdId: home._id, nominationId: id, given: true }, HOUSEHOLD))
    expect(reason(await review(id, 'county', COUNTY))).toBe('exchange.notAtStage')
    expect(reason(await review(id, 'township', COUNTY))).toBe('exchange.notYourReview')
    expect(reason(await review(id, 'township', AWAY_OFFICE))).toBe('exchange.notYourReview')
    expect(ok(await review(id, 'township', TOWNSHIP)).state).toBe('township')
    expect(reason(await review(id, 'township', TOWNSHIP))).toBe('exchange.notAtStage')
    expect(ok(await review(id, 'county', COUNTY)).state).toBe('county')
    expect(ok(await review(id, 'prefecture', PREFECTURE)).state).toBe('approved')
    const stored = h.find('nominations', { _id: id })[0]!
    expect((stored.reviews as { stage: string }[]).map((r) => r.stage)).toEqual(['township', 'county', 'prefecture'])
    expect(stored.score).toBe(80)
  })

  test('an office that nominated may not review it, even holding the next level too', async () => {
    const campaignId = await openCampaign()
    const { id, res } = await nominate(campaignId, neighbour._id as string, BOTH)
    ok(res)
    ok(await h.call(exchange, 'consent', { householdId: neighbour._id, nominationId: id, given: true }, NEIGHBOUR))
    expect(reason(await review(id, 'township', BOTH))).toBe('exchange.ownNomination')
    const queue = ok(await h.call(exchange, 'queue', { campaignId, region: path[2]! }, BOTH))
    const item = queue.items.find((i) => i.id === id)!
    expect(item.mine).toBe(true)
    expect(item.next).toBeUndefined()
    // the township office (another user, not the nominator) reviews it
    expect(ok(await review(id, 'township', TOWNSHIP)).state).toBe('township')
  })

  test('the county gives a point for every criterion within its maximum, and passes no more than its quota', async () => {
    const campaignId = await openCampaign({
      quotas: [{ county: path[1]!, places: 1 }],
    })
    const first = await nominate(campaignId)
    const second = await nominate(campaignId, neighbour._id as string)
    ok(await h.call(exchange, 'consent', { householdId: home._id, nominationId: first.id, given: true }, HOUSEHOLD))
    ok(
      await h.call(
        exchange,
        'consent',
        { householdId: neighbour._id, nominationId: second.id, given: true },
        NEIGHBOUR,
      ),
    )
    for (const n of [first.id, second.id]) ok(await review(n, 'township', TOWNSHIP))
    expect(reason(await review(first.id, 'county', COUNTY, { scores: { unity: 50 } }))).toBe('exchange.scoresRequired')
    expect(reason(await review(first.id, 'county', COUNTY, { scores: { unity: 61, family: 10 } }))).toBe(
      'exchange.scoresOver',
    )
    expect(reason(await review(first.id, 'county', COUNTY, { scores: { unity: 1, family: 1, votes: 1 } }))).toBe(
      'exchange.scoresUnknown',
    )
    ok(await review(first.id, 'county', COUNTY))
    expect(reason(await review(second.id, 'county', COUNTY))).toBe('exchange.quotaFull')
    expect(ok(await review(second.id, 'county', COUNTY, { pass: false, comment: '名额已满' })).state).toBe('declined')
    const queue = ok(await h.call(exchange, 'queue', { campaignId, region: path[1]! }, COUNTY))
    expect(queue.campaign.quotas).toEqual([expect.objectContaining({ county: path[1], places: 1, passed: 1 })])
    expect(JSON.stringify(queue)).not.toContain(PHONE)
    expect(JSON.stringify(queue)).not.toContain((home.head as { idNumber: string }).idNumber)
  })

  test('each stage closes at its deadline', async () => {
    const campaignId = await openCampaign()
    const { id } = await nominate(campaignId)
    ok(await h.call(exchange, 'consent', { householdId: home._id, nominationId: id, given: true }, HOUSEHOLD))
    moveDays(3)
    expect(reason((await nominate(campaignId, neighbour._id as string)).res)).toBe('exchange.nominationClosed')
    ok(await review(id, 'township', TOWNSHIP))
    moveDays(4)
    expect(reason(await review(id, 'county', COUNTY))).toBe('exchange.stageClosed')
  })
})

describe('the 公示, objections and naming', () => {
  test('published as one batch, seen from its start day by the county concerned, masked; objections answered before confirmation', async () => {
    const campaignId = await openCampaign()
    const first = await approved(campaignId)
    const { id: pending } = await nominate(campaignId, neighbour._id as string)
    ok(await h.call(exchange, 'consent', { householdId: neighbour._id, nominationId: pending, given: true }, NEIGHBOUR))
    ok(await review(pending, 'township', TOWNSHIP))
    ok(await review(pending, 'county', COUNTY, { scores: { unity: 40, family: 30 } }))
    expect(reason(await h.call(exchange, 'publish', { campaignId }, COUNTY))).toBe('exchange.prefectureOnly')
    expect(reason(await h.call(exchange, 'publish', { campaignId }, PREFECTURE))).toBe('exchange.decisionsPending')
    ok(await review(pending, 'prefecture', PREFECTURE))
    const published = ok(await h.call(exchange, 'publish', { campaignId }, PREFECTURE))
    expect(published.listed).toBe(2)
    // the batch is fixed: no review after it
    expect(reason(await review(first, 'prefecture', PREFECTURE))).toBe('exchange.notAtStage')

    // nothing is visible before the start day
    const before = ok(await h.call(exchange, 'publicity', {}, HOUSEHOLD))
    expect(before.items.find((i) => i.campaignId === campaignId)).toBeUndefined()
    expect(ok(await h.call(exchange, 'mine', { householdId: home._id }, HOUSEHOLD)).publicity).toBe(false)
    const early = { id: randomUUID(), campaignId, nominationId: first, reason: '情况不实' }
    expect(reason(await h.call(exchange, 'object', early, NEIGHBOUR))).toBe('exchange.notYourList')

    moveDays(10)
    for (const lang of ['zh-Hans', 'bo'] as const) {
      const list = ok(await h.call(exchange, 'publicity', {}, NEIGHBOUR, lang)).items.find(
        (i) => i.campaignId === campaignId,
      )!
      expect(list.open).toBe(true)
      expect(list.entries.map((e) => e.nominationId).sort()).toEqual([first, pending].sort())
      expect(list.entries.every((e) => !containsUnmaskedNumber(JSON.stringify(e)))).toBe(true)
    }
    expect(ok(await h.call(exchange, 'mine', { householdId: home._id }, HOUSEHOLD)).publicity).toBe(true)
    // another county is not concerned
    const elsewhere = ok(await h.call(exchange, 'publicity', {}, AWAY_MEMBER)).items
    expect(elsewhere.find((i) => i.campaignId === campaignId)).toBeUndefined()
    expect(reason(await h.call(exchange, 'object', { ...early, id: randomUUID() }, AWAY_MEMBER))).toBe(
      'exchange.notYourList',
    )

    const objection = { id: randomUUID(), campaignId, nominationId: first, reason: `邻里纠纷未解决 ${PHONE}` }
    expect(ok(await h.call(exchange, 'object', objection, NEIGHBOUR)).status).toBe('created')
    expect(ok(await h.call(exchange, 'object', objection, NEIGHBOUR)).status).toBe('duplicate')
    expect(reason(await h.call(exchange, 'object', { ...objection, id: randomUUID() }, NEIGHBOUR))).toBe(
      'exchange.alreadyObjected',
    )
    const upheld = { id: randomUUID(), campaignId, nominationId: pending, reason: '材料与事实不符' }
    ok(await h.call(exchange, 'object', upheld, OFFICIAL))

    const listed = ok(await h.call(exchange, 'objections', { campaignId, region: path[1]! }, COUNTY)).items
    expect(listed).toHaveLength(2)
    expect(listed.every((o) => o.mayAnswer && !containsUnmaskedNumber(o.reason))).toBe(true)
    expect(JSON.stringify(listed)).not.toContain(NEIGHBOUR)

    moveDays(5)
    expect(reason(await h.call(exchange, 'object', { ...upheld, id: randomUUID() }, HOUSEHOLD))).toBe(
      'exchange.windowClosed',
    )
    expect(reason(await h.call(exchange, 'confirm', { campaignId }, PREFECTURE))).toBe('exchange.objectionsOpen')
    expect(
      reason(
        await h.call(
          exchange,
          'answer',
          { objectionId: objection.id, upheld: false, text: '经核实不属实' },
          AWAY_OFFICE,
        ),
      ),
    ).toBe('exchange.notYourObjection')
    expect(
      reason(
        await h.call(exchange, 'answer', { objectionId: objection.id, upheld: false, text: '经核实不属实' }, TOWNSHIP),
      ),
    ).toBe('exchange.notYourObjection')
    ok(await h.call(exchange, 'answer', { objectionId: objection.id, upheld: false, text: '经核实不属实' }, COUNTY))
    expect(reason(await h.call(exchange, 'confirm', { campaignId }, PREFECTURE))).toBe('exchange.objectionsOpen')
    ok(await h.call(exchange, 'answer', { objectionId: upheld.id, upheld: true, text: '经核实属实，撤下' }, COUNTY))
    expect(h.find('nominations', { _id: pending })[0]!.state).toBe('struck')

    h.lc.openApi.grant(HOUSEHOLD, [EXCHANGE_TEMPLATES.named])
    const sent = h.lc.openApi.listMessages().length
    const confirmed = ok(await h.call(exchange, 'confirm', { campaignId }, PREFECTURE))
    expect(confirmed.named).toBe(1)
    expect(confirmed.told.sent).toBe(1)
    expect(
      h.lc.openApi
        .listMessages()
        .slice(sent)
        .map((m) => m.touser),
    ).toEqual([HOUSEHOLD])
    // confirming again names nobody twice and tells nobody twice
    expect(ok(await h.call(exchange, 'confirm', { campaignId }, PREFECTURE)).told.sent).toBe(0)
    expect(h.find('named', { _id: first })[0]).toEqual(expect.objectContaining({ status: 'active', told: 'sent' }))
    expect(h.find('named', { _id: pending })).toEqual([])
    const mine = ok(await h.call(exchange, 'mine', { householdId: home._id }, HOUSEHOLD))
    expect(mine.named).toEqual([expect.objectContaining({ id: first, year: 2026, kind: 'family' })])
    const after = ok(await h.call(exchange, 'publicity', {}, NEIGHBOUR)).items.find((i) => i.campaignId === campaignId)!
    expect(after.entries.map((e) => [e.nominationId, e.state]).sort()).toEqual(
      [
        [first, 'named'],
        [pending, 'struck'],
      ].sort(),
    )
  })

  test('not confirmed while the 公示 runs', async () => {
    const campaignId = await openCampaign()
    await approved(campaignId, neighbour._id as string, NEIGHBOUR)
    ok(await h.call(exchange, 'publish', { campaignId }, PREFECTURE))
    moveDays(12)
    expect(reason(await h.call(exchange, 'confirm', { campaignId }, PREFECTURE))).toBe('exchange.publicityRunning')
  })
})

describe('named status', () => {
  test('kept at the annual review, revoked with a reason, and the record and its history are kept', async () => {
    const campaignId = await openCampaign()
    const id = await approved(campaignId, neighbour._id as string, NEIGHBOUR)
    ok(await h.call(exchange, 'publish', { campaignId }, PREFECTURE))
    moveDays(15)
    ok(await h.call(exchange, 'confirm', { campaignId }, PREFECTURE))
    expect(reason(await h.call(exchange, 'reviewNamed', { id, outcome: 'kept', year: 2027 }, TOWNSHIP))).toBe(
      'exchange.notYourNamed',
    )
    expect(reason(await h.call(exchange, 'reviewNamed', { id, outcome: 'kept', year: 2027 }, AWAY_OFFICE))).toBe(
      'exchange.notYourNamed',
    )
    expect(ok(await h.call(exchange, 'reviewNamed', { id, outcome: 'kept', year: 2027 }, COUNTY)).status).toBe('active')
    expect(reason(await h.call(exchange, 'reviewNamed', { id, outcome: 'revoked', year: 2028 }, COUNTY))).toBe(
      'exchange.reasonRequired',
    )
    const revoked = { id, outcome: 'revoked' as const, year: 2028, reason: '弄虚作假' }
    expect(ok(await h.call(exchange, 'reviewNamed', revoked, COUNTY)).status).toBe('revoked')
    expect(reason(await h.call(exchange, 'reviewNamed', revoked, COUNTY))).toBe('exchange.alreadyRevoked')
    const stored = h.find('named', { _id: id })[0]!
    expect((stored.history as { type: string }[]).map((e) => e.type)).toEqual(['named', 'kept', 'revoked'])
    expect(h.find('audit', { action: 'exchange.reviewNamed', actor: COUNTY })).toHaveLength(1)
    const list = ok(await h.call(exchange, 'named', { region: path[1]! }, COUNTY)).items.find((n) => n.id === id)!
    expect(list).toEqual(expect.objectContaining({ status: 'revoked', reason: '弄虚作假', reviewedYear: 2027 }))
    expect(ok(await h.call(exchange, 'mine', { householdId: neighbour._id }, NEIGHBOUR)).named).toEqual([])
  })

  test('an administrator reads every list; roles without a part are refused', async () => {
    expect(ok(await h.call(exchange, 'publicity', {}, ADMIN)).items).toEqual(expect.any(Array))
    expect(
      code(
        await h.call(
          exchange,
          'review',
          { nominationId: randomUUID(), stage: 'township', pass: true, comment: 'x' },
          HOUSEHOLD,
        ),
      ),
    ).toBe('FORBIDDEN')
    expect(code(await h.call(exchange, 'publicity', {}, 'exchange-nobody'))).toBe('UNAUTHENTICATED')
  })
})
