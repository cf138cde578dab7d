/**
 * The dashboard's households, officials and paired households kept on write: after a roster import (new
 * households, a household moved to another village, new officials, an official moved to another department),
 * a pairing plan and an official's leaving, the office home shows the new figures at once, before any count,
 * and the dashboard's recount (fix: false) finds nothing to repair. Concurrent imports, and one import's
 * commit sent twice at once, keep the counts exact; a month whose documents the count has not made yet is
 * started from the present, not from zero.
 *
 * Expected figures are counted here from the stored households and officials, not read from the code.
 */
import type { Household, Official } from '@config/documents'
import {
  HOUSEHOLD_COLUMNS,
  householdRow,
  OFFICIAL_COLUMNS,
  officialRow,
} from '@functions/registry/domain/roster/columns'
import { checkChar } from '@functions/registry/domain/idcard'
import { dashboard } from '@shared/contracts/dashboard'
import type { ImportJob } from '@shared/contracts/registry'
import { registry } from '@shared/contracts/registry'
import { extensionOf, importUploadPath } from '@shared/storage'
import { chinaMonth, chinaQuarter } from '@shared/time'
import type { FunctionsHarness } from '../harness'
import { data, HOME_COUNTY, startFunctions } from '../harness'
import { upload } from '../uploads'

jest.setTimeout(300_000)

const COUNTY = `${HOME_COUNTY}000000`
const OFFICE = 'demo-office-county'
const ADMIN = 'demo-admin-1'

let h: FunctionsHarness
let villages: string[]

const households = () => h.find('households') as unknown as Household[]
const officials = () => h.find('officials') as unknown as Official[]

/** The figures counted from the stored records, as the issue defines them. */
function counted(region: string) {
  const inRegion = households().filter((x) => x.regionPath.includes(region))
  return {
    households: inRegion.length,
    pairedHouseholds: inRegion.filter((x) => x.officialIds.length > 0).length,
    officials: officials().filter((o) => o.active !== false && o.regionPath.includes(region)).length,
  }
}

function countedDepartment(department: string) {
  const paired = households().filter((x) => x.officialIds.some((id) => x.officialDepartments?.[id] === department))
  return {
    households: paired.length,
    officials: officials().filter((o) => o.active !== false && o.departmentId === department).length,
  }
}

function villagePath(village: string): string[] {
  return h.find('regions', { _id: village })[0]!.path as string[]
}

async function shown(region: string) {
  const home = data(await h.call(dashboard, 'home', { region }, OFFICE))
  const { households: hh, pairedHouseholds, officials: oo } = home.current
  return { households: hh, pairedHouseholds, officials: oo }
}

async function shownDepartment(departmentId: string) {
  const home = data(await h.call(dashboard, 'home', { departmentId }, ADMIN))
  return { households: home.current.households, officials: home.current.officials }
}

async function differences() {
  return data(await h.call(dashboard, 'recount', { fix: false }, ADMIN))
}

function idNumber(seq: number): string {
  const first17 = `${HOME_COUNTY}19850101${String(seq).padStart(3, '0')}`
  return first17 + checkChar(first17)
}

function csv(columns: readonly { field: string; header: string }[], rows: Record<string, unknown>[]): string {
  return [
    columns.map((c) => c.header).join(','),
    ...rows.map((r) => columns.map((c) => String(r[c.field] ?? '')).join(',')),
  ].join('\n')
}

function newHouseholdRows(prefix: string, n: number, seq: number, village: (i: number) => string) {
  return Array.from({ length: n }, (_x, i) => ({
    externalId: `${prefix}${String(i + 1).padStart(3, '0')}`,
    headName: `新户${prefix}${i}`,
    idNumber: idNumber(seq + i),
    phone: `1390000${String(2000 + seq + i).padStart(4, '0')}`,
    villageCode: village(i),
    memberCount: 3,
    riskLevel: '无',
  }))
}

async function importFile(kind: 'households' | 'officials', text: string, batchSize = 10): Promise<ImportJob> {
  const uploadId = `f${Date.now()}${Math.random().toString(36).slice(2)}`
  const fileID = await upload(h, importUploadPath(uploadId, extensionOf('roster.csv', 'csv')), text)
  let job = data(
    await h.call(registry, 'importUpload', { region: COUNTY, kind, fileID, fileName: 'roster.csv', batchSize }, OFFICE),
  )
  for (let i = 0; job.state === 'checking' && i < 20; i++)
    job = data(await h.call(registry, 'importContinue', { jobId: job.jobId }, OFFICE))
  expect(job.rowErrors).toBe(0)
  return job
}

async function commit(jobId: string): Promise<ImportJob> {
  let job = data(await h.call(registry, 'importCommit', { jobId }, OFFICE))
  for (let i = 0; job.state !== 'done' && i < 50; i++)
    job = data(await h.call(registry, 'importContinue', { jobId }, OFFICE))
  return job
}

beforeAll(async () => {
  h = await startFunctions()
  villages = h
    .find('regions', { level: 'village' })
    .filter((r) => (r.path as string[]).includes(COUNTY))
    .map((r) => r._id)
    .sort()
  // a notice published to the county's households this month: its audience there is the county's households,
  // which the imports below change
  h.insert('notices', [
    {
      _id: 'figures-on-write-notice',
      status: 'published',
      audienceRegions: [COUNTY],
      audienceKinds: ['household'],
      publishedAt: new Date().toISOString(),
    },
  ])
  // the counters as the nightly count leaves them
  data(await h.call(dashboard, 'recount', { fix: true }, ADMIN))
})

afterAll(async () => {
  await h?.close()
})

test('the count and the stored records agree before anything is written', async () => {
  expect((await differences()).differing).toBe(0)
  expect(await shown(COUNTY)).toEqual(counted(COUNTY))
  expect(h.find('dashboardFigures', { _id: `r:${COUNTY}:${chinaMonth()}` })[0]).toMatchObject({
    noticesPublished: 1,
    noticeAudience: counted(COUNTY).households,
  })
})

test('a household import (new households, one moved to another village) shows on the home at once', async () => {
  const village = villages[0]!
  const moved = households().find(
    (x) => x.regionPath.includes(COUNTY) && x.officialIds.length > 0 && !villages.slice(0, 2).includes(x.villageCode),
  )!
  const from = moved.villageCode
  const before = { county: counted(COUNTY), village: counted(village), from: counted(from) }
  const rows = [
    ...newHouseholdRows('FW', 12, 100, (i) => villages[i % 2]!),
    { ...householdRow(moved), villageCode: village },
  ]
  const job = await commit((await importFile('households', csv(HOUSEHOLD_COLUMNS, rows), 5)).jobId)
  expect(job).toMatchObject({ state: 'done', inserted: 12, updated: 1 })

  expect(counted(COUNTY).households).toBe(before.county.households + 12)
  expect(counted(from)).toMatchObject({
    households: before.from.households - 1,
    pairedHouseholds: before.from.pairedHouseholds - 1,
  })
  for (const region of [COUNTY, village, from, villages[1]!, moved.regionPath[2]!])
    expect(await shown(region)).toEqual(counted(region))
  expect(h.find('dashboardFigures', { _id: `r:${COUNTY}:${chinaMonth()}` })[0]).toMatchObject({
    noticeAudience: counted(COUNTY).households,
  })
  expect((await differences()).differences).toEqual([])
})

test('an officials import (a new official, one moved to another department, one moved home) moves the region and department figures', async () => {
  const official = officials().find(
    (o) =>
      o.active !== false && o.regionPath.includes(COUNTY) && households().some((x) => x.officialIds.includes(o._id)),
  )!
  const departments = [...new Set(officials().map((o) => o.departmentId))].filter(
    (d) => d && d !== official.departmentId,
  )
  const to = departments[0]!
  const from = official.departmentId
  const before = { from: countedDepartment(from), to: countedDepartment(to) }
  const fresh = {
    ...officialRow({ ...official, externalId: 'FWO001', idNumber: idNumber(300) }),
    name: '新干部',
    phone: '13900003001',
    regionCode: villages[1]!,
  }
  // and another official moves home, to a village of another township
  const mover = officials().find(
    (o) =>
      o.active !== false &&
      o._id !== official._id &&
      o.regionPath.length === 4 &&
      o.regionPath.includes(COUNTY) &&
      o.regionPath[3] !== villages[1] &&
      o.regionPath[2] !== villagePath(villages[3]!)[2],
  )!
  const home = mover.regionPath
  const beforeHome = counted(home[3]!)
  const rows = [
    fresh,
    { ...officialRow(official), departmentId: to },
    { ...officialRow(mover), regionCode: villages[3]! },
  ]
  const job = await commit((await importFile('officials', csv(OFFICIAL_COLUMNS, rows))).jobId)
  expect(job).toMatchObject({ state: 'done', inserted: 1, updated: 2 })

  expect(countedDepartment(to).officials).toBe(before.to.officials + 1)
  expect(counted(home[3]!).officials).toBe(beforeHome.officials - 1)
  for (const department of [from, to]) expect(await shownDepartment(department)).toEqual(countedDepartment(department))
  for (const region of [villages[1]!, ...villagePath(villages[3]!).slice(1), ...home.slice(1)])
    expect(await shown(region)).toEqual(counted(region))
  expect((await differences()).differences).toEqual([])
})

test('a pairing plan pairs the new households: coverage on the home moves at once', async () => {
  const before = counted(COUNTY)
  expect(before.pairedHouseholds).toBeLessThan(before.households)
  const plan = data(await h.call(registry, 'planPairing', { region: COUNTY, keepExisting: true }, OFFICE))
  let view = data(await h.call(registry, 'confirmPlan', { planId: plan.planId, maxBatches: 1 }, OFFICE))
  for (let i = 0; view.state !== 'done' && i < 20; i++)
    view = data(await h.call(registry, 'confirmPlan', { planId: plan.planId }, OFFICE))
  expect(counted(COUNTY).pairedHouseholds).toBeGreaterThan(before.pairedHouseholds)
  for (const region of [COUNTY, ...villages.slice(0, 2)]) expect(await shown(region)).toEqual(counted(region))
  expect((await differences()).differences).toEqual([])
})

test('an official who retires leaves the figures, and their households go to others', async () => {
  const leaving = officials().find(
    (o) =>
      o.active !== false && o.regionPath.includes(COUNTY) && households().some((x) => x.officialIds.includes(o._id)),
  )!
  const before = { county: counted(COUNTY), department: countedDepartment(leaving.departmentId) }
  data(await h.call(registry, 'reassign', { officialId: leaving._id, endReason: 'retire' }, OFFICE))
  expect(counted(COUNTY).officials).toBe(before.county.officials - 1)
  expect(await shown(COUNTY)).toEqual(counted(COUNTY))
  expect(await shownDepartment(leaving.departmentId)).toEqual(countedDepartment(leaving.departmentId))
  // ending them again changes nothing more
  data(await h.call(registry, 'reassign', { officialId: leaving._id, endReason: 'retire' }, OFFICE))
  expect(await shown(COUNTY)).toEqual(counted(COUNTY))
  expect((await differences()).differences).toEqual([])
})

test('concurrent imports, and one commit sent twice at once, keep exact counts', async () => {
  const before = counted(COUNTY)
  const a = await importFile(
    'households',
    csv(
      HOUSEHOLD_COLUMNS,
      newHouseholdRows('CA', 30, 400, (i) => villages[i % 3]!),
    ),
    5,
  )
  const b = await importFile(
    'households',
    csv(
      HOUSEHOLD_COLUMNS,
      newHouseholdRows('CB', 30, 500, (i) => villages[i % 4]!),
    ),
    5,
  )
  // a third file also moves five of the first file's households (written by whichever commit gets there first)
  const c = await importFile(
    'households',
    csv(HOUSEHOLD_COLUMNS, [
      ...newHouseholdRows('CA', 5, 400, () => villages[5 % villages.length]!),
      ...newHouseholdRows('CC', 10, 600, (i) => villages[i % 2]!),
    ]),
    5,
  )
  await Promise.all([commit(a.jobId), commit(a.jobId), commit(b.jobId), commit(c.jobId)])
  expect(counted(COUNTY).households).toBe(before.households + 70)
  for (const region of [COUNTY, ...villages.slice(0, 6)]) expect(await shown(region)).toEqual(counted(region))
  expect((await differences()).differences).toEqual([])

  // four files moving the same 30 households, each to its own village, committed at once: each household
  // ends in one village and is counted there once
  const movers = await Promise.all(
    [6, 7, 8, 9].map((v, n) =>
      importFile(
        'households',
        csv(
          HOUSEHOLD_COLUMNS,
          newHouseholdRows('CB', 30, 500, () => villages[v % villages.length]!),
        ),
        5 + n,
      ),
    ),
  )
  await Promise.all(movers.map((job) => commit(job.jobId)))
  expect(counted(COUNTY).households).toBe(before.households + 70)
  for (const region of [COUNTY, ...villages.slice(0, 10)]) expect(await shown(region)).toEqual(counted(region))
  expect((await differences()).differences).toEqual([])
})

test("a month whose documents the count has not made yet starts from the present's figures", async () => {
  const at = new Date()
  const current = new RegExp(`:(${chinaMonth(at)}|${chinaQuarter(at)})$`)
  h.lc.store.remove('dashboardFigures', { _id: { $regex: current } }, { multi: true })
  const village = villages[2]!
  const job = await commit(
    (
      await importFile(
        'households',
        csv(
          HOUSEHOLD_COLUMNS,
          newHouseholdRows('NM', 3, 700, () => village),
        ),
      )
    ).jobId,
  )
  expect(job.inserted).toBe(3)
  const month = h.find('dashboardFigures', { _id: `r:${village}:${chinaMonth(at)}` })[0]
  expect(month).toMatchObject({ households: counted(village).households })
  expect(h.find('dashboardFigures', { _id: `r:${COUNTY}:${chinaQuarter(at)}` })[0]).toMatchObject({
    households: counted(COUNTY).households,
    officials: counted(COUNTY).officials,
  })
})
