/**
 * Roster export as a job (built bundle, local cloud): resumed call after call until the file is written,
 * the same file as in one call, and a job id that is not the caller's export changes nothing.
 */
import ExcelJS from 'exceljs'
import type { CallResult } from '@shared/contract'
import { type ExportJob, registry } from '@shared/contracts/registry'
import type { FunctionsHarness } from '../harness'
import { startFunctions } from '../harness'
import { upload } from '../uploads'

const PREFECTURE = '513300000000'
const COUNTY = '513301000000'
const OFFICE = 'demo-office-prefecture'
const COUNTY_OFFICE = 'demo-office-county'

let h: FunctionsHarness

beforeAll(async () => {
  h = await startFunctions()
})
afterAll(() => h.close())

function ok<T>(res: CallResult<T>): T {
  if (!res.ok) throw new Error(`expected success, got ${JSON.stringify(res.error)}`)
  return res.data
}

/** Everything stored but the audit trail: a refused call may be audited, and must change nothing else. */
function beyondAudit(): string {
  const { audit: _audit, auditCounters: _counters, ...rest } = h.dump()
  return JSON.stringify(rest)
}

async function sheetIds(url: string): Promise<string[]> {
  const bytes = Buffer.from(await (await fetch(url)).arrayBuffer())
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(bytes as unknown as ArrayBuffer)
  const sheet = book.worksheets[0]!
  const ids: string[] = []
  sheet.eachRow((row, n) => {
    if (n > 1) ids.push(String(row.getCell(1).value))
  })
  return ids
}

describe('roster export as a job', () => {
  test('the prefecture exported a part per call: progress grows, and the file holds every household in id order', async () => {
    const households = h.find('households').filter((d) => (d.regionPath as string[]).includes(PREFECTURE))
    const expected = households.map((d) => String(d.externalId ?? d._id)).sort()
    const seen: ExportJob[] = []
    let job = ok(
      await h.call(registry, 'exportRoster', { region: PREFECTURE, kind: 'households', maxParts: 1 }, OFFICE),
    )
    seen.push(job)
    while (job.state !== 'done') {
      job = ok(
        await h.call(
          registry,
          'exportRoster',
          { region: PREFECTURE, kind: 'households', jobId: job.jobId, maxParts: 1 },
          OFFICE,
        ),
      )
      seen.push(job)
      expect(seen.length).toBeLessThan(20)
    }
    // the demo slice has two counties: two county parts and the documents recorded at the prefecture
    expect(seen[0]).toMatchObject({ state: 'reading', parts: 3, partsDone: 1, url: '' })
    expect(seen.map((j) => j.partsDone)).toEqual([...seen.map((j) => j.partsDone)].sort((a, b) => a - b))
    expect(job).toMatchObject({ state: 'done', partsDone: 3, rows: households.length })
    expect(job.url).not.toBe('')
    expect(await sheetIds(job.url)).toEqual(expected)
    // the staged rows are gone once the file is written
    expect(h.find('importChunks', { jobId: job.jobId })).toHaveLength(0)

    // a finished job asked again answers the same file, writing nothing
    const before = h.snapshot()
    const again = ok(
      await h.call(registry, 'exportRoster', { region: PREFECTURE, kind: 'households', jobId: job.jobId }, OFFICE),
    )
    expect(again).toEqual(job)
    expect(h.snapshot()).toBe(before)
  })

  test('one call for a small region gives the same rows as a job of many calls', async () => {
    const whole = ok(await h.call(registry, 'exportRoster', { region: COUNTY, kind: 'officials' }, OFFICE))
    expect(whole.state).toBe('done')
    let job = ok(await h.call(registry, 'exportRoster', { region: COUNTY, kind: 'officials', maxParts: 1 }, OFFICE))
    while (job.state !== 'done')
      job = ok(
        await h.call(
          registry,
          'exportRoster',
          { region: COUNTY, kind: 'officials', jobId: job.jobId, maxParts: 1 },
          OFFICE,
        ),
      )
    expect(job.rows).toBe(whole.rows)
    expect(await sheetIds(job.url)).toEqual(await sheetIds(whole.url))
  })

  test('a continuing call reads its job beside the caller: a part read and staged in 4 round trips', async () => {
    const started = ok(
      await h.call(registry, 'exportRoster', { region: COUNTY, kind: 'officials', maxParts: 1 }, OFFICE),
    )
    expect(started.parts).toBeGreaterThan(2)
    // caller and job, the part's rows, their staged chunk, the job's progress
    const next = await h.callTraced(
      registry,
      'exportRoster',
      { region: COUNTY, kind: 'officials', jobId: started.jobId, maxParts: 1 },
      OFFICE,
    )
    expect(next.res.ok && next.res.data).toMatchObject({ state: 'reading', partsDone: 2 })
    expect(next.trace.roundTrips).toBe(4)
  })

  test('a job id of another region, another kind, an import or nothing at all is refused and changes nothing', async () => {
    const started = ok(
      await h.call(registry, 'exportRoster', { region: PREFECTURE, kind: 'households', maxParts: 1 }, OFFICE),
    )
    const before = beyondAudit()
    const refused = [
      await h.call(registry, 'exportRoster', { region: PREFECTURE, kind: 'officials', jobId: started.jobId }, OFFICE),
      // the county office reaches the county, not the prefecture's job
      await h.call(
        registry,
        'exportRoster',
        { region: COUNTY, kind: 'households', jobId: started.jobId },
        COUNTY_OFFICE,
      ),
      await h.call(registry, 'exportRoster', { region: PREFECTURE, kind: 'households', jobId: 'exp-none' }, OFFICE),
      // an export is not an import: the import wizard's calls cannot drive it
      await h.call(registry, 'importContinue', { jobId: started.jobId }, OFFICE),
      await h.call(registry, 'importDryRun', { jobId: started.jobId, offset: 0, limit: 10 }, OFFICE),
    ]
    for (const res of refused) {
      expect(res.ok).toBe(false)
      if (!res.ok) expect(['FORBIDDEN', 'NOT_FOUND']).toContain(res.error.code)
    }
    expect(beyondAudit()).toBe(before)
  })
})

describe('personal numbers in exports', () => {
  const TOWNSHIP_OFFICE = 'demo-office-township'
  const townshipOf = () => (h.find('users', { _id: TOWNSHIP_OFFICE })[0]!.roles as { region: string }[])[0]!.region

  async function cells(url: string): Promise<Map<string, string>[]> {
    const book = new ExcelJS.Workbook()
    await book.xlsx.load((await (await fetch(url)).arrayBuffer()) as ArrayBuffer)
    const sheet = book.worksheets[0]!
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String)
    const rows: Map<string, string>[] = []
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push(new Map(header.map((name, i) => [name, String(row.getCell(i + 1).value ?? '')])))
    })
    return rows
  }

  test('an export is masked by default, and its audit record says so with the row count', async () => {
    const job = ok(await h.call(registry, 'exportRoster', { region: COUNTY, kind: 'households' }, COUNTY_OFFICE))
    expect(job).toMatchObject({ state: 'done', masked: true })
    const rows = await cells(job.url)
    expect(rows.length).toBe(job.rows)
    for (const row of rows) {
      expect(row.get('户主身份证号')).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/)
      expect(row.get('联系电话')).toMatch(/^(\d{3}\*{4}\d{4})?$/)
    }
    const audit = h.find('audit', { kind: 'export', actor: COUNTY_OFFICE })
    expect(audit.filter((a) => String(a.details).includes(job.jobId))).toEqual([
      expect.objectContaining({
        subject: COUNTY,
        fields: [],
        action: 'registry.exportRoster',
        details: `households ${job.jobId}: ${job.rows} rows, masked`,
      }),
    ])
  })

  test('full numbers: refused to a county or prefecture office and an administrator, and without a reason', async () => {
    const before = beyondAudit()
    for (const [openid, region] of [
      [COUNTY_OFFICE, COUNTY],
      [OFFICE, PREFECTURE],
      ['demo-admin-1', COUNTY],
    ] as const) {
      const res = await h.call(
        registry,
        'exportRoster',
        { region, kind: 'households', full: true, reason: '核对' },
        openid,
      )
      expect(res.ok ? 'ok' : res.error.code).toBe('FORBIDDEN')
    }
    const noReason = await h.call(
      registry,
      'exportRoster',
      { region: townshipOf(), kind: 'households', full: true, reason: '  ' },
      TOWNSHIP_OFFICE,
    )
    expect(noReason.ok ? 'ok' : noReason.error.message).toBe('导出完整号码需要填写用途')
    expect(beyondAudit()).toBe(before)
  })

  test('a township office with a reason gets full numbers; the audit records it; nobody else continues its job', async () => {
    const township = townshipOf()
    const started = ok(
      await h.call(
        registry,
        'exportRoster',
        { region: township, kind: 'households', full: true, reason: '入户核对', maxParts: 1 },
        TOWNSHIP_OFFICE,
      ),
    )
    const other = await h.call(
      registry,
      'exportRoster',
      { region: township, kind: 'households', jobId: started.jobId },
      COUNTY_OFFICE,
    )
    expect(other.ok ? 'ok' : other.error.code).toBe('FORBIDDEN')
    let job = started
    for (let i = 0; job.state !== 'done' && i < 20; i++)
      job = ok(
        await h.call(
          registry,
          'exportRoster',
          { region: township, kind: 'households', jobId: job.jobId },
          TOWNSHIP_OFFICE,
        ),
      )
    expect(job).toMatchObject({ state: 'done', masked: false })
    const stored = new Map(h.find('households', { regionPath: township }).map((d) => [d.externalId as string, d]))
    for (const row of await cells(job.url)) {
      const doc = stored.get(row.get('家庭编号')!)!
      expect(row.get('户主身份证号')).toBe((doc.head as { idNumber: string }).idNumber)
    }
    const audit = h.find('audit', { kind: 'export', actor: TOWNSHIP_OFFICE })
    expect(audit.filter((a) => String(a.details).includes(job.jobId))).toEqual([
      expect.objectContaining({
        subject: township,
        fields: ['idNumber', 'phone'],
        details: `households ${job.jobId}: ${job.rows} rows, full numbers: 入户核对`,
      }),
    ])
  })

  test('the file expires: an expired job answers without it, and the timer deletes it from storage', async () => {
    const job = ok(await h.call(registry, 'exportRoster', { region: COUNTY, kind: 'officials' }, COUNTY_OFFICE))
    expect(job.url).not.toBe('')
    expect(Date.parse(job.expiresAt) - Date.now()).toBeGreaterThan(50 * 60_000)
    expect((await fetch(job.url)).ok).toBe(true)
    // the hour passes (restoring the database empties storage: the file is put back where it was)
    const bytes = Buffer.from(await (await fetch(job.url)).arrayBuffer())
    const state = h.dump()
    for (const doc of state.imports ?? []) if (doc._id === job.jobId) doc.expiresAt = '2000-01-01T00:00:00.000Z'
    h.restore(state)
    expect(await upload(h, `exports/${job.fileName}`, bytes)).toBe(job.fileID)
    const later = ok(
      await h.call(registry, 'exportRoster', { region: COUNTY, kind: 'officials', jobId: job.jobId }, COUNTY_OFFICE),
    )
    expect(later).toMatchObject({ state: 'done', url: '', fileID: '' })
    expect(await h.lc.fireTimer('registry')).toEqual({ ok: true, data: { deleted: 1 } })
    expect(h.find('imports', { _id: job.jobId })[0]!.file).toBeNull()
    expect((await fetch(job.url)).ok).toBe(false)
  })
})
