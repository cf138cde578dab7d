/**
 * The selection's two gaps, on the local cloud: a unit (department) nominates a studio of its region — never
 * a household, since department staff never reach households — from what `unitNominating` lists; and the
 * offices reviewing a nomination open its photos and recording (`media`) as temporary URLs, each look audited,
 * while the nominator, a household, an official and an office elsewhere are refused and the 公示 never
 * carries the files.
 */
import { randomUUID } from 'node:crypto'
import type { CallResult } from '@shared/contract'
import { exchange } from '@shared/contracts/exchange'
import { nominationPhotoPath, nominationVoicePath } from '@shared/storage'
import { addDays, chinaDay } from '@shared/time'
import type { Doc, FunctionsHarness } from '../harness'
import { data, refusal, startFunctions } from '../harness'
import { upload } from '../uploads'

jest.setTimeout(240_000)

const HOUSEHOLD = 'demo-household-1'
const OFFICIAL = 'demo-official-1'
const VILLAGE = 'demo-office-village'
const TOWNSHIP = 'demo-office-township'
const COUNTY = 'demo-office-county'
const PREFECTURE = 'demo-office-prefecture'
const ADMIN = 'demo-admin-1'
/** staff of a department of the demo county */
const UNIT = 'x1-county-unit'
/** staff of a department of the other county */
const AWAY_UNIT = 'x1-away-unit'
const AWAY_OFFICE = 'x1-away-office'
/** the office of another township of the demo county */
const OTHER_TOWNSHIP = 'x1-other-township'
/** a village office that also serves its township: it nominates, and may not open what it nominated */
const BOTH = 'x1-village-and-township'
const OTHER_COUNTY = '513322000000'
const PREFECTURE_CODE = '513300000000'
const DAY = 86_400_000

let h: FunctionsHarness
let home: Doc
let path: string[]
let unitDepartment: Doc
let awayDepartment: Doc
let studio: Doc
let awayStudio: Doc

const ok = <T>(res: CallResult<T>) => data(res)
const reason = (res: CallResult<unknown>) => refusal(res).reason
const code = (res: CallResult<unknown>) => refusal(res).code
const today = () => chinaDay(Date.now() + h.lc.clockOffset())

async function openCampaign(kind: 'family' | 'studio'): Promise<string> {
  const d = (n: number) => addDays(today(), n)
  const id = randomUUID()
  const input = {
    id,
    region: PREFECTURE_CODE,
    year: 2026,
    kind,
    title: { 'zh-Hans': kind === 'family' ? '示范家庭评选' : '优秀工作室评选', bo: 'འདེམས་སྒྲུག' },
    quotas: [
      { county: path[1]!, places: 3 },
      { county: OTHER_COUNTY, places: 3 },
    ],
    rubric: [{ key: 'unity', name: { 'zh-Hans': '民族团结', bo: 'མི་རིགས་མཐུན་སྒྲིལ' }, max: 100 }],
    deadlines: { nomination: d(2), township: d(4), county: d(6), prefecture: d(8) },
    publicity: { start: d(10), days: 5 },
  }
  ok(await h.call(exchange, 'open', input, PREFECTURE))
  return id
}

const countNominations = () => h.find('nominations').length

beforeAll(async () => {
  h = await startFunctions()
  const user = h.find('users', { _id: HOUSEHOLD })[0]!
  home = h.find('households', { _id: user.householdId })[0]!
  path = home.regionPath as string[]
  const departments = h.find('departments')
  unitDepartment = departments.find((d) => (d.regionPath as string[]).at(-1) === path[1])!
  awayDepartment = departments.find((d) => (d.regionPath as string[]).at(-1) === OTHER_COUNTY)!
  studio = h.find('units', { kind: 'studio', regionPath: path[1] })[0]!
  awayStudio = h.find('units', { kind: 'studio', regionPath: OTHER_COUNTY })[0]!
  const otherTownship = h
    .find('regions', { level: 'township' })
    .map((r) => r._id)
    .find((code) => code.startsWith(path[1]!.slice(0, 6)) && code !== path[2])
  if (!unitDepartment || !awayDepartment || !studio || !awayStudio || !otherTownship)
    throw new Error('the slice needs a department and a studio in each county')
  h.insert('users', [
    { _id: UNIT, roles: [{ role: 'department', departmentId: unitDepartment._id }] },
    { _id: AWAY_UNIT, roles: [{ role: 'department', departmentId: awayDepartment._id }] },
    { _id: AWAY_OFFICE, roles: [{ role: 'office', region: OTHER_COUNTY }] },
    { _id: OTHER_TOWNSHIP, roles: [{ role: 'office', region: otherTownship }] },
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

describe('a unit nominates', () => {
  test('it sees the studio campaigns and its region’s studios, nominates one, and follows it', async () => {
    const family = await openCampaign('family')
    const studios = await openCampaign('studio')
    const before = ok(await h.call(exchange, 'unitNominating', { departmentId: unitDepartment._id }, UNIT))
    const ids = before.campaigns.map((c) => c.id)
    expect(ids).toContain(studios)
    expect(ids).not.toContain(family)
    expect(before.campaigns.every((c) => c.kind === 'studio' && c.state === 'open')).toBe(true)
    // the studios of its own county, by name and place, and nothing else
    const county = h.find('units', { kind: 'studio', regionPath: path[1] }).map((u) => u._id)
    expect(before.studios.map((s) => s.id).sort()).toEqual(county.sort())
    expect(before.studios.find((s) => s.id === studio._id)?.place['zh-Hans']).not.toBe('')
    expect(JSON.stringify(before)).not.toContain(home._id)

    const id = randomUUID()
    const input = { id, campaignId: studios, unitId: studio._id, story: { text: '工作室组织双语夜校，帮助邻里' } }
    expect(ok(await h.call(exchange, 'nominate', input, UNIT))).toEqual({ id, state: 'nominated', status: 'created' })
    expect(h.find('nominations', { _id: id })[0]!.nominator).toEqual({
      openid: UNIT,
      role: 'department',
      id: unitDepartment._id,
    })
    const after = ok(await h.call(exchange, 'unitNominating', { departmentId: unitDepartment._id }, UNIT))
    expect(after.nominations).toEqual([
      { id, campaignId: studios, unitId: studio._id, name: studio.name, state: 'nominated' },
    ])
    // another unit does not see it as its own
    const away = ok(await h.call(exchange, 'unitNominating', { departmentId: awayDepartment._id }, AWAY_UNIT))
    expect(away.nominations).toEqual([])
    expect(away.studios.map((s) => s.id)).not.toContain(studio._id)
  })

  test('attacker: a unit nominating a household, or a studio outside its region, is refused and nothing is stored', async () => {
    const family = await openCampaign('family')
    const studios = await openCampaign('studio')
    const stored = countNominations()
    // a household of the unit's own county: department staff never reach households
    const household = { id: randomUUID(), campaignId: family, householdId: home._id, story: { text: '三代和睦' } }
    expect(reason(await h.call(exchange, 'nominate', household, UNIT))).toBe('exchange.notYourNominee')
    expect(reason(await h.call(exchange, 'nominate', household, 'demo-department-1'))).toBe('exchange.notYourNominee')
    // a studio of the other county
    const away = { id: randomUUID(), campaignId: studios, unitId: awayStudio._id, story: { text: '工作室事迹' } }
    expect(reason(await h.call(exchange, 'nominate', away, UNIT))).toBe('exchange.notYourNominee')
    // another unit's list
    expect(code(await h.call(exchange, 'unitNominating', { departmentId: awayDepartment._id }, UNIT))).toBe('FORBIDDEN')
    expect(countNominations()).toBe(stored)
    expect(h.find('nominations', { _id: household.id })).toEqual([])
    expect(h.find('nominations', { _id: away.id })).toEqual([])
  })
})

describe('reviewers see the story', () => {
  /** a family nomination by the village office with two photos and a recording in its own folder */
  async function withMedia(campaignId: string, by = VILLAGE, householdId = home._id as string) {
    const id = randomUUID()
    const photos = [
      await upload(h, nominationPhotoPath(id, 0), 'photo-0'),
      await upload(h, nominationPhotoPath(id, 1), 'photo-1'),
    ]
    const voice = await upload(h, nominationVoicePath(id, 'mp3'), 'voice')
    const story = { text: '三代和睦，帮助邻里', photos, voice }
    ok(await h.call(exchange, 'nominate', { id, campaignId, householdId, story }, by))
    return { id, photos, voice }
  }
  const media = (nominationId: string, by: string) => h.call(exchange, 'media', { nominationId }, by)
  const views = (nominationId: string) =>
    h.find('audit').filter((a) => a.kind === 'view' && a.action === 'exchange.media' && a.details === nominationId)

  test('township, county and prefecture open the photos and recording once the household said yes; each look audited', async () => {
    const campaignId = await openCampaign('family')
    const { id, photos, voice } = await withMedia(campaignId)
    // before the household's yes nobody opens them
    expect(reason(await media(id, TOWNSHIP))).toBe('exchange.notYourMedia')
    ok(await h.call(exchange, 'consent', { householdId: home._id, nominationId: id, given: true }, HOUSEHOLD))
    for (const office of [TOWNSHIP, COUNTY, PREFECTURE]) {
      const got = ok(await media(id, office))
      expect(got.photos).toEqual(photos.map((fileId) => ({ fileId, url: expect.stringMatching(/^http/) })))
      expect(got.voice).toEqual({ fileId: voice, url: expect.stringMatching(/^http/) })
      const body = await (await fetch(got.photos[0]!.url)).text()
      expect(body).toBe('photo-0')
    }
    const audited = views(id)
    expect(audited.map((a) => a.actor).sort()).toEqual([COUNTY, PREFECTURE, TOWNSHIP].sort())
    expect(audited.every((a) => a.subject === home._id)).toBe(true)
    // the review list says who may open them
    const township = ok(await h.call(exchange, 'queue', { campaignId, region: path[2]! }, TOWNSHIP))
    expect(township.items.find((i) => i.id === id)).toEqual(
      expect.objectContaining({ media: true, story: expect.objectContaining({ photos: 2, voice: true }) }),
    )
    const village = ok(await h.call(exchange, 'queue', { campaignId, region: path[3]! }, VILLAGE))
    expect(village.items.find((i) => i.id === id)?.media).toBeUndefined()
    expect(JSON.stringify(township)).not.toContain(photos[0])
  })

  test('attacker: a household, an official, a notices reviewer, offices out of region, the nominator and an unknown id are refused, with no look recorded', async () => {
    const campaignId = await openCampaign('family')
    const neighbour = h.find('households', { villageCode: home.villageCode }).find((x) => x._id !== home._id)!
    const { id } = await withMedia(campaignId)
    ok(await h.call(exchange, 'consent', { householdId: home._id, nominationId: id, given: true }, HOUSEHOLD))
    expect(code(await media(id, HOUSEHOLD))).toBe('FORBIDDEN')
    expect(code(await media(id, OFFICIAL))).toBe('FORBIDDEN')
    expect(code(await media(id, UNIT))).toBe('FORBIDDEN')
    expect(code(await media(id, ADMIN))).toBe('FORBIDDEN')
    expect(reason(await media(id, AWAY_OFFICE))).toBe('exchange.notYourMedia')
    // a notices reviewer of the county, and the office of another township of the county
    expect(code(await media(id, 'demo-reviewer-1'))).toBe('FORBIDDEN')
    expect(reason(await media(id, OTHER_TOWNSHIP))).toBe('exchange.notYourMedia')
    expect(reason(await media(id, VILLAGE))).toBe('exchange.notYourMedia')
    expect(reason(await media(randomUUID(), TOWNSHIP))).toBe('exchange.notYourMedia')
    // an office holding the township too, which nominated, never opens its own nomination's files
    const own = await withMedia(campaignId, BOTH, neighbour._id)
    const neighbourUser = 'x1-neighbour'
    h.insert('users', [
      {
        _id: neighbourUser,
        householdId: neighbour._id,
        roles: [{ role: 'household', householdId: neighbour._id, regionPath: neighbour.regionPath }],
      },
    ])
    ok(
      await h.call(
        exchange,
        'consent',
        { householdId: neighbour._id, nominationId: own.id, given: true },
        neighbourUser,
      ),
    )
    expect(reason(await media(own.id, BOTH))).toBe('exchange.notYourMedia')
    expect(views(id)).toEqual([])
    expect(views(own.id)).toEqual([])
    // the refusals of this office action are in the trail
    expect(
      h.find('audit').some((a) => a.kind === 'refusal' && a.actor === AWAY_OFFICE && a.action === 'exchange.media'),
    ).toBe(true)
  })

  test('the 公示 never carries the files', async () => {
    const campaignId = await openCampaign('family')
    const { id, photos, voice } = await withMedia(campaignId)
    ok(await h.call(exchange, 'consent', { householdId: home._id, nominationId: id, given: true }, HOUSEHOLD))
    const review = (stage: 'township' | 'county' | 'prefecture', by: string) =>
      h.call(
        exchange,
        'review',
        {
          nominationId: id,
          stage,
          pass: true,
          comment: '事迹属实',
          ...(stage === 'county' ? { scores: { unity: 90 } } : {}),
        },
        by,
      )
    ok(await review('township', TOWNSHIP))
    ok(await review('county', COUNTY))
    ok(await review('prefecture', PREFECTURE))
    ok(await h.call(exchange, 'publish', { campaignId }, PREFECTURE))
    h.lc.moveClock(10 * DAY)
    for (const who of [HOUSEHOLD, OFFICIAL, COUNTY]) {
      const list = ok(await h.call(exchange, 'publicity', {}, who)).items.find((i) => i.campaignId === campaignId)!
      expect(list.entries.map((e) => e.nominationId)).toContain(id)
      const text = JSON.stringify(list)
      for (const file of [...photos, voice]) expect(text).not.toContain(file)
      expect(text).not.toContain('nominations/')
    }
  })
})
