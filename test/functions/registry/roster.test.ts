/**
 * The registry's roster on the local cloud (built bundle): import through cloud storage (dry run, commit
 * in batches, re-import, resume after a failure, an office of another region), the officials roster,
 * hostile files, the export and the template.
 *
 * Expected values come from the files the tests write and from the rules, not from the code.
 */
import zlib, { deflateRawSync } from 'node:zlib'
import ExcelJS from 'exceljs'
import { checkChar } from '@functions/registry/domain/idcard'
import type { CallResult } from '@shared/contract'
import type { Household, Official } from '@config/documents'
import type { RoleGrant } from '@shared/contracts/identity'
import { type ImportJob, registry } from '@shared/contracts/registry'
import type { Doc, FunctionsHarness } from '../harness'
import { startFunctions } from '../harness'
import { importUploadPath, extensionOf } from '@shared/storage'
import { upload } from '../uploads'

jest.setTimeout(180_000)

const COUNTY = '513301000000'
const OFFICE = 'demo-office-county'
const FOREIGN_OFFICE = 'demo-office-township'
const HEADER = '家庭编号,户主姓名,户主藏文姓名,户主身份证号,联系电话,村(社区)代码,家庭人口,风险等级'

let h: FunctionsHarness
let villages: string[]
let otherCountyVillage: string

function idNumber(county6: string, birth: string, seq: number): string {
  const first17 = `${county6}${birth}${String(seq).padStart(3, '0')}`
  return first17 + checkChar(first17)
}

/** A file put in storage as the client's upload does: its own import folder, `imports/<uploadId>/roster.<ext>`. */
function uploadFile(name: string, bytes: Buffer | string): Promise<string> {
  const uploadId = `t${Date.now()}${Math.random().toString(36).slice(2)}`
  return upload(h, importUploadPath(uploadId, extensionOf(name, 'csv')), bytes)
}

function ok<T>(res: CallResult<T>): T {
  if (!res.ok) throw new Error(`expected success, got ${JSON.stringify(res.error)}`)
  return res.data
}

async function uploadRoster(csv: string, extra: { batchSize?: number } = {}, openid = OFFICE) {
  const fileID = await uploadFile('roster.csv', csv)
  return h.call(
    registry,
    'importUpload',
    { region: COUNTY, kind: 'households', fileID, fileName: 'roster.csv', ...extra },
    openid,
  )
}

async function commitAll(jobId: string): Promise<ImportJob> {
  let job = ok(await h.call(registry, 'importCommit', { jobId }, OFFICE))
  for (let i = 0; job.state !== 'done' && i < 50; i++) {
    job = ok(await h.call(registry, 'importContinue', { jobId }, OFFICE))
  }
  return job
}

/** `seq` keeps ID numbers apart between files: the same person must not appear under two external ids */
function rows(
  n: number,
  prefix: string,
  village: (i: number) => string,
  name = (i: number) => `测试户主${i}`,
  seq = 100,
): string[] {
  return Array.from({ length: n }, (_, i) =>
    [
      `${prefix}${String(i + 1).padStart(4, '0')}`,
      name(i),
      'བཀྲ་ཤིས་སྒྲོལ་མ',
      idNumber('513301', `19${70 + (i % 20)}0${1 + (i % 9)}15`, seq + i),
      `1390000${String(1000 + i).padStart(4, '0')}`,
      village(i),
      String(2 + (i % 5)),
      i % 7 === 0 ? '关注' : '无',
    ].join(','),
  )
}

beforeAll(async () => {
  h = await startFunctions()
  const regions = h.find('regions', { level: 'village' })
  villages = regions.filter((r) => (r.path as string[]).includes(COUNTY)).map((r) => r._id)
  otherCountyVillage = regions.find((r) => !(r.path as string[]).includes(COUNTY))!._id
})

afterAll(async () => {
  await h?.close()
})

describe('roster import', () => {
  test('dry run lists every row error and writes nothing to the roster; commit writes the valid rows in batches', async () => {
    const before = h.find('households').length
    const good = rows(30, 'TA', (i) => villages[i % villages.length]!)
    const bad = [
      // missing head name
      `TA9001,,,${idNumber('513301', '19800101', 901)},13900009001,${villages[0]},3,无`,
      // checksum wrong: last character changed
      `TA9002,错号,,${idNumber('513301', '19800101', 902).slice(0, 17)}${idNumber('513301', '19800101', 902).endsWith('1') ? '2' : '1'},13900009002,${villages[0]},3,无`,
      // bad phone
      `TA9003,错电话,,${idNumber('513301', '19800101', 903)},1234,${villages[0]},3,无`,
      // unknown village
      `TA9004,无此村,,${idNumber('513301', '19800101', 904)},13900009004,513301999999,3,无`,
      // duplicate external id within the file
      `TA0001,重复编号,,${idNumber('513301', '19800101', 905)},13900009005,${villages[0]},3,无`,
      // a village of another county: outside the county office's region
      `TA9006,外县,,${idNumber('513301', '19800101', 906)},13900009006,${otherCountyVillage},3,无`,
    ]
    const res = await uploadRoster([HEADER, ...good, ...bad].join('\n'), { batchSize: 10 })
    const job = ok(res)
    expect(job.rows).toBe(36)
    expect(job.valid).toBe(30)
    expect(job.rowErrors).toBe(6)
    expect(job.batches).toBe(3)
    expect(h.find('households').length).toBe(before)

    const report = ok(await h.call(registry, 'importDryRun', { jobId: job.jobId }, OFFICE))
    // spreadsheet row numbers: header is row 1, so the bad rows are 32..37
    expect(report.errors.map((e) => e.row)).toEqual([32, 33, 34, 35, 36, 37])
    expect(report.errors[0]).toMatchObject({ column: '户主姓名', message: '必填项为空' })
    expect(report.errors[1]!.message).toContain('校验位')
    expect(report.errors[2]).toMatchObject({ column: '联系电话' })
    expect(report.errors[3]!.message).toContain('513301999999')
    expect(report.errors[4]!.message).toContain('第 2 行')
    expect(report.errors[5]!.message).toContain('不在你负责的区域')
    expect(report.more).toBe(false)

    const inTibetan = ok(await h.call(registry, 'importDryRun', { jobId: job.jobId }, OFFICE, 'bo'))
    expect(inTibetan.errors[0]!.message).toMatch(/[\u0F00-\u0FFF]/)

    // progress: one batch per call when asked
    const first = ok(await h.call(registry, 'importCommit', { jobId: job.jobId, maxBatches: 1 }, OFFICE))
    expect(first).toMatchObject({ state: 'committing', batchesDone: 1, batches: 3 })
    const done = await commitAll(job.jobId)
    expect(done).toMatchObject({ state: 'done', batchesDone: 3, inserted: 30, updated: 0 })
    expect(h.find('households').length).toBe(before + 30)
    // row 9 of the file is TA0008: risk level 关注 (watch)
    const village = villages[7 % villages.length]!
    const stored = h.find('households', { _id: 'TA0008' })[0]!
    expect(stored).toMatchObject({
      externalId: 'TA0008',
      regionPath: ['513300000000', COUNTY, `${village.slice(0, 9)}000`, village],
      riskLevel: 'watch',
      officialIds: [],
    })
    expect((stored.head as { name: unknown }).name).toEqual({ 'zh-Hans': '测试户主7', bo: 'བཀྲ་ཤིས་སྒྲོལ་མ' })

    // a second commit of a finished job changes nothing
    const again = ok(await h.call(registry, 'importCommit', { jobId: job.jobId }, OFFICE))
    expect(again.state).toBe('done')
    expect(h.find('households').length).toBe(before + 30)
  })

  test('re-importing the same external ids updates them and never duplicates', async () => {
    const before = h.find('households').length
    const csv = [
      HEADER,
      ...rows(
        30,
        'TA',
        (i) => villages[i % villages.length]!,
        (i) => `改名户主${i}`,
      ),
    ].join('\n')
    const job = ok(await uploadRoster(csv))
    expect(job.valid).toBe(30)
    const done = await commitAll(job.jobId)
    expect(done).toMatchObject({ inserted: 0, updated: 30 })
    expect(h.find('households').length).toBe(before)
    expect((h.find('households', { _id: 'TA0003' })[0]!.head as { name: unknown }).name).toEqual({
      'zh-Hans': '改名户主2',
      bo: 'བཀྲ་ཤིས་སྒྲོལ་མ',
    })
  })

  test('a commit interrupted in the middle of a batch resumes without duplicates', async () => {
    const before = h.find('households').length
    const csv = [HEADER, ...rows(25, 'TB', (i) => villages[i % villages.length]!, undefined, 300)].join('\n')
    const job = ok(await uploadRoster(csv, { batchSize: 10 }))
    ok(await h.call(registry, 'importCommit', { jobId: job.jobId, maxBatches: 1 }, OFFICE))
    // the function died while writing batch 2: four of its rows reached the database, the job still
    // points at batch 2 (index 1)
    const staged = {
      records: JSON.parse(
        (h.find('importChunks', { _id: `${job.jobId}:r:1` })[0] as unknown as { payload: string }).payload,
      ) as {
        externalId: string
        regionPath: string[]
        villageCode: string
      }[],
    }
    h.insert(
      'households',
      staged.records.slice(0, 4).map((r) => ({
        _id: r.externalId,
        externalId: r.externalId,
        regionPath: r.regionPath,
        villageCode: r.villageCode,
        officialIds: [],
      })),
    )
    expect(h.find('imports', { _id: job.jobId })[0]).toMatchObject({ batchesDone: 1, state: 'committing' })

    const done = await commitAll(job.jobId)
    expect(done.state).toBe('done')
    expect(h.find('households').length).toBe(before + 25)
    const ids = h.find('households').map((d) => d._id)
    expect(new Set(ids).size).toBe(ids.length)
    // the half-written rows were completed, not left as fragments
    expect(h.find('households', { _id: staged.records[0]!.externalId })[0]).toMatchObject({ phone: expect.any(String) })
  })

  test('an office cannot read or continue another region’s import', async () => {
    const job = ok(await uploadRoster([HEADER, ...rows(2, 'TC', () => villages[0]!, undefined, 500)].join('\n')))
    const otherCounty = h.find('users', { _id: FOREIGN_OFFICE })[0]!
    // the township office is inside the county; an office of the other county is not
    h.insert('users', [{ _id: 'registry-test-other-office', roles: [{ role: 'office', region: '513322000000' }] }])
    const res = await h.call(registry, 'importDryRun', { jobId: job.jobId }, 'registry-test-other-office')
    expect(res.ok ? 'ok' : res.error.code).toBe('FORBIDDEN')
    const commit = await h.call(registry, 'importCommit', { jobId: job.jobId }, 'registry-test-other-office')
    expect(commit.ok ? 'ok' : commit.error.code).toBe('FORBIDDEN')
    expect(otherCounty).toBeDefined()
  })

  test('an ID number already registered under another external id is refused in the dry run', async () => {
    const seeded = h.find('households', { regionPath: COUNTY })[0]!
    const taken = (seeded.head as { idNumber: string }).idNumber
    const csv = [
      HEADER,
      `TE0001,冒用号码,,${taken},13900002222,${villages[0]},3,无`,
      ...rows(2, 'TE1', () => villages[0]!, undefined, 700),
    ]
    const job = ok(await uploadRoster(csv.join('\n')))
    expect(job).toMatchObject({ state: 'checked', rows: 3, valid: 2, rowErrors: 1 })
    const report = ok(await h.call(registry, 'importDryRun', { jobId: job.jobId }, OFFICE))
    expect(report.errors).toEqual([
      { row: 2, column: '户主身份证号', message: `该身份证号码已登记在编号 ${seeded.externalId as string} 下` },
    ])
    const done = await commitAll(job.jobId)
    expect(done).toMatchObject({ state: 'done', inserted: 2 })
    expect(h.find('households', { _id: 'TE0001' })).toEqual([])
  })
})

describe('officials roster', () => {
  test('officials import with their department and home region; a re-import updates them', async () => {
    const department = h.find('departments').find((d) => (d.regionPath as string[]).includes(COUNTY))!._id
    const header = '人员编号,姓名,藏文姓名,身份证号,联系电话,单位代码,居住地代码,职务'
    const line = (n: number, name: string, position: string) =>
      [
        `TO${n}`,
        name,
        'ཚེ་རིང་',
        idNumber('513301', `19900${n}12`, 800 + n),
        `1380000000${n}`,
        department,
        villages[0],
        position,
      ].join(',')
    const importOfficials = async (csv: string) => {
      const fileID = await uploadFile('officials.csv', csv)
      return ok(await h.call(registry, 'importUpload', { region: COUNTY, kind: 'officials', fileID }, OFFICE))
    }
    const first = await importOfficials(
      [
        header,
        line(1, '达瓦', '科员'),
        line(2, '刘芳', '教师'),
        `TO3,无单位,,${idNumber('513301', '19900312', 803)},13800000003,NO-SUCH,${villages[0]},科员`,
      ].join('\n'),
    )
    expect(first).toMatchObject({ rows: 3, valid: 2, rowErrors: 1 })
    expect((await commitAll(first.jobId)).inserted).toBe(2)
    expect(h.find('officials', { _id: 'TO1' })[0]).toMatchObject({
      name: { 'zh-Hans': '达瓦', bo: 'ཚེ་རིང་' },
      departmentId: department,
      regionPath: ['513300000000', COUNTY, `${villages[0]!.slice(0, 9)}000`, villages[0]],
      active: true,
    })
    const again = await importOfficials([header, line(1, '达瓦', '副局长')].join('\n'))
    expect(await commitAll(again.jobId)).toMatchObject({ inserted: 0, updated: 1 })
    expect(h.find('officials', { _id: 'TO1' })[0]!.position).toEqual({ 'zh-Hans': '副局长', bo: '' })
    expect(h.find('officials', { externalId: 'TO1' })).toHaveLength(1)
  })
})

describe('round trips', () => {
  test('an upload in 6 round trips; the job a later call names is read beside the caller: a dry-run page in 3, a one-batch commit in 9', async () => {
    const missingName = `TG9001,,,${idNumber('513301', '19800101', 660)},13900009001,${villages[0]},3,无`
    const fileID = await uploadFile(
      'roster.csv',
      [HEADER, ...rows(1, 'TG', () => villages[0]!, undefined, 650), missingName].join('\n'),
    )
    const upload = await h.callTraced(
      registry,
      'importUpload',
      { region: COUNTY, kind: 'households', fileID, fileName: 'roster.csv', batchSize: 500 },
      OFFICE,
    )
    const job = ok(upload.res)
    expect(job).toMatchObject({ valid: 1, rowErrors: 1 })
    // caller, regions and departments together, the batch's two database checks together, the staged
    // batch, the error chunk, the job
    expect(upload.trace.roundTrips).toBe(6)
    // caller and job, the error chunks' sizes, the chunks of the page
    const dry = await h.callTraced(registry, 'importDryRun', { jobId: job.jobId, offset: 0, limit: 200 }, OFFICE)
    expect(dry.res.ok).toBe(true)
    expect(dry.trace.roundTrips).toBe(3)
    // caller and job, the job to committing, the staged batch, its insert (the dashboard's counters of its
    // regions read beside it), the counters' increments, the job's progress, the staged batch removed, the job
    // as it now stands beside the commit's audit record, the audit allowance's check
    const commit = await h.callTraced(registry, 'importCommit', { jobId: job.jobId }, OFFICE)
    expect(commit.res.ok && commit.res.data).toMatchObject({ state: 'done', inserted: 1 })
    expect(commit.trace.roundTrips).toBe(9)
  })
})

describe('a roster row that moves its record', () => {
  const bound = (openid: string) => h.find('users', { _id: openid })[0]!.roles as RoleGrant[]
  const pathOf = (village: string) => ['513300000000', COUNTY, `${village.slice(0, 9)}000`, village]

  test('a household re-imported in another village takes its members’ grants along; one that stays changes no user', async () => {
    const member = 'demo-household-1'
    const householdId = h.find('users', { _id: member })[0]!.householdId as string
    const stored = h.find('households', { _id: householdId })[0] as unknown as Household
    const elsewhere = villages.find((v) => v !== stored.villageCode)!
    const line = (village: string) =>
      [
        stored.externalId,
        stored.head.name['zh-Hans'],
        stored.head.name.bo,
        stored.head.idNumber,
        stored.phone,
        village,
        stored.memberCount,
        '无',
      ].join(',')

    const usersBefore = h.find('users')
    const stay = ok(await uploadRoster([HEADER, line(stored.villageCode)].join('\n')))
    expect(await commitAll(stay.jobId)).toMatchObject({ state: 'done', updated: 1 })
    expect(h.find('users')).toEqual(usersBefore)

    const move = ok(await uploadRoster([HEADER, line(elsewhere)].join('\n')))
    expect(await commitAll(move.jobId)).toMatchObject({ state: 'done', updated: 1 })
    expect(h.find('households', { _id: householdId })[0]).toMatchObject({
      villageCode: elsewhere,
      regionPath: pathOf(elsewhere),
    })
    const members = h.find('users', { householdId })
    expect(members.map((u) => u._id)).toContain(member)
    for (const user of members) {
      const grant = (user.roles as RoleGrant[]).find((g) => g.role === 'household' && g.householdId === householdId)
      expect(grant).toMatchObject({ regionPath: pathOf(elsewhere) })
    }
    // nobody else's grants changed
    const others = (users: Doc[]) => users.filter((u) => u.householdId !== householdId)
    expect(others(h.find('users'))).toEqual(others(usersBefore))
  })

  test('an official re-imported with another home region takes their grant along', async () => {
    const openid = 'demo-official-1'
    const officialId = h.find('users', { _id: openid })[0]!.officialId as string
    const stored = h.find('officials', { _id: officialId })[0] as unknown as Official
    const home = stored.regionPath[stored.regionPath.length - 1]!
    const elsewhere = villages.find((v) => v !== home)!
    const csv = [
      '人员编号,姓名,藏文姓名,身份证号,联系电话,单位代码,居住地代码,职务',
      [
        stored.externalId,
        stored.name['zh-Hans'],
        stored.name.bo,
        stored.idNumber,
        stored.phone,
        stored.departmentId,
        elsewhere,
        stored.position['zh-Hans'],
      ].join(','),
    ].join('\n')
    const fileID = await uploadFile('officials.csv', csv)
    const job = ok(await h.call(registry, 'importUpload', { region: COUNTY, kind: 'officials', fileID }, OFFICE))
    expect(job).toMatchObject({ valid: 1, rowErrors: 0 })
    expect(await commitAll(job.jobId)).toMatchObject({ state: 'done', updated: 1 })
    expect(h.find('officials', { _id: officialId })[0]!.regionPath).toEqual(pathOf(elsewhere))
    expect(bound(openid).find((g) => g.role === 'official')).toEqual({
      role: 'official',
      officialId,
      regionPath: pathOf(elsewhere),
    })
  })

  test('a batch re-run after a crash moves the grants the crashed run had not', async () => {
    const [from, to] = [villages[0]!, villages[1]!]
    const id = idNumber('513301', '19800101', 950)
    // the crashed run wrote the household in its new village and died before the grants followed
    h.insert('households', [
      {
        _id: 'TM0001',
        externalId: 'TM0001',
        regionPath: pathOf(to),
        villageCode: to,
        head: { name: { 'zh-Hans': '搬迁户', bo: '' }, idNumber: id },
        phone: '13900009501',
        officialIds: [],
      },
    ])
    h.insert('users', [
      {
        _id: 'roster-test-member',
        householdId: 'TM0001',
        roles: [{ role: 'household', householdId: 'TM0001', regionPath: pathOf(from) }],
      },
    ])
    const job = ok(await uploadRoster([HEADER, `TM0001,搬迁户,,${id},13900009501,${to},3,无`].join('\n')))
    expect(await commitAll(job.jobId)).toMatchObject({ state: 'done', updated: 1 })
    expect(bound('roster-test-member')).toEqual([{ role: 'household', householdId: 'TM0001', regionPath: pathOf(to) }])
  })

  test('the job and the records it wrote carry ISO 8601 instants', async () => {
    const job = ok(await uploadRoster([HEADER, ...rows(1, 'TF', () => villages[0]!, undefined, 600)].join('\n')))
    await commitAll(job.jobId)
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
    const stored = h.find('imports', { _id: job.jobId })[0]!
    expect(stored).toMatchObject({ type: 'import', createdAt: expect.stringMatching(iso) })
    expect(stored.updatedAt).toMatch(iso)
    expect(h.find('households', { _id: 'TF0001' })[0]).toMatchObject({
      importJob: job.jobId,
      importedAt: expect.stringMatching(iso),
    })
  })
})

describe('hostile files', () => {
  test('wrong columns: the file is refused with the missing headers named', async () => {
    const res = await uploadRoster('name,phone,address\n张三,13900000000,某地\n')
    expect(res.ok).toBe(false)
    if (!res.ok) {
      expect(res.error.code).toBe('INVALID_ARGUMENT')
      expect(res.error.message).toContain('家庭编号')
      expect(res.error.message).toContain('户主身份证号')
    }
  })

  test('a 0-byte file is refused as empty', async () => {
    const res = await uploadRoster('')
    expect(res.ok ? 'ok' : res.error.message).toBe('文件是空的')
  })

  test('an oversize file is refused before it is read', async () => {
    const big = Buffer.alloc(33 * 1024 * 1024, 0x41)
    const fileID = await uploadFile('big.csv', big)
    const res = await h.call(registry, 'importUpload', { region: COUNTY, kind: 'households', fileID }, OFFICE)
    expect(res.ok ? 'ok' : res.error.message).toContain('32 MB')
  })

  test('a file that is not in storage gets a clear message', async () => {
    const res = await h.call(
      registry,
      'importUpload',
      { region: COUNTY, kind: 'households', fileID: 'cloud://shiliuzi.shiliuzi-local/imports/none/roster.csv' },
      OFFICE,
    )
    expect(res.ok ? 'ok' : res.error.message).toBe('没有找到上传的文件，请重新上传')
  })

  test('Tibetan and Chinese names round-trip; a formula cell is exported back as text, never as a formula', async () => {
    const formula = '=HYPERLINK("http://example.invalid/x","点我")'
    const csv = [
      HEADER,
      `TD0001,泽仁拉姆,ཚེ་རིང་ལྷ་མོ,${idNumber('513301', '19850505', 11)},13900001111,${villages[0]},4,无`,
      `TD0002,"${formula.replace(/"/g, '""')}",བསྒྲུབས་རྒྱ་མཚོ,${idNumber('513301', '19860606', 12)},13900001112,${villages[0]},2,高`,
      `TD0003,张建华,,${idNumber('513301', '19870707', 13)},13900001113,${villages[1]},3,`,
    ].join('\r\n')
    const job = ok(await uploadRoster(csv))
    expect(job).toMatchObject({ valid: 3, rowErrors: 0 })
    await commitAll(job.jobId)
    expect((h.find('households', { _id: 'TD0001' })[0]!.head as { name: unknown }).name).toEqual({
      'zh-Hans': '泽仁拉姆',
      bo: 'ཚེ་རིང་ལྷ་མོ',
    })

    const exported = ok(await h.call(registry, 'exportRoster', { region: COUNTY, kind: 'households' }, OFFICE))
    const bytes = Buffer.from(await (await fetch(exported.url)).arrayBuffer())
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(bytes as unknown as ArrayBuffer)
    const sheet = book.worksheets[0]!
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    const idCol = header.indexOf('家庭编号') + 1
    const nameCol = header.indexOf('户主姓名') + 1
    const boCol = header.indexOf('户主藏文姓名') + 1
    const byId = new Map<string, ExcelJS.Row>()
    sheet.eachRow((row, n) => {
      if (n > 1) byId.set(String(row.getCell(idCol).value), row)
    })
    expect(byId.size).toBe(exported.rows)
    const hostile = byId.get('TD0002')!.getCell(nameCol)
    expect(hostile.type).not.toBe(ExcelJS.ValueType.Formula)
    expect(typeof hostile.value).toBe('string')
    expect(String(hostile.value).startsWith('=')).toBe(false)
    expect(String(hostile.value)).toContain('HYPERLINK')
    expect(byId.get('TD0001')!.getCell(boCol).value).toBe('ཚེ་རིང་ལྷ་མོ')
    expect(byId.get('TD0003')!.getCell(nameCol).value).toBe('张建华')
    // the county office's export masks ID and phone numbers
    const idNumberCol = header.indexOf('户主身份证号') + 1
    expect(String(byId.get('TD0001')!.getCell(idNumberCol).value)).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/)
    expect(String(byId.get('TD0001')!.getCell(header.indexOf('联系电话') + 1).value)).toMatch(/^139\*{4}1111$/)

    // a township office's export with full numbers re-imports as it was typed
    const township = (h.find('users', { _id: FOREIGN_OFFICE })[0]!.roles as { region: string }[])[0]!.region
    const full = ok(
      await h.call(
        registry,
        'exportRoster',
        { region: township, kind: 'households', full: true, reason: '核对名册' },
        FOREIGN_OFFICE,
      ),
    )
    expect(full.masked).toBe(false)
    const fullBytes = Buffer.from(await (await fetch(full.url)).arrayBuffer())
    const back = ok(
      await h.call(
        registry,
        'importUpload',
        {
          region: township,
          kind: 'households',
          fileID: await uploadFile('export.xlsx', fullBytes),
          fileName: 'export.xlsx',
        },
        FOREIGN_OFFICE,
      ),
    )
    expect(back).toMatchObject({ rows: full.rows, rowErrors: 0 })
  })

  test('the template downloads with the template headers', async () => {
    const file = ok(await h.call(registry, 'template', { kind: 'officials', region: COUNTY }, OFFICE))
    const book = new ExcelJS.Workbook()
    await book.xlsx.load((await (await fetch(file.url)).arrayBuffer()) as ArrayBuffer)
    expect((book.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual([
      '人员编号',
      '姓名',
      '藏文姓名',
      '身份证号',
      '联系电话',
      '单位代码',
      '居住地代码',
      '职务',
    ])
  })
})

describe('the template’s village codes', () => {
  test('a township office’s template lists exactly its villages, codes as text, with township and names', async () => {
    const region = (h.find('users', { _id: FOREIGN_OFFICE })[0]!.roles as { region: string }[])[0]!.region
    const township = h.find('regions', { _id: region })[0]!
    const expected = h
      .find('regions', { level: 'village' })
      .filter((r) => r.parent === township._id)
      .sort((a, b) => (a._id < b._id ? -1 : 1))
    expect(expected.length).toBeGreaterThan(0)
    const file = ok(await h.call(registry, 'template', { kind: 'households', region: township._id }, FOREIGN_OFFICE))
    const book = new ExcelJS.Workbook()
    await book.xlsx.load((await (await fetch(file.url)).arrayBuffer()) as ArrayBuffer)
    const sheet = book.getWorksheet('村（社区）代码')!
    const listed = sheet.getRows(2, sheet.rowCount - 1)!.map((r) => (r.values as unknown[]).slice(1))
    const name = (r: Doc) => r.name as { 'zh-Hans': string; bo: string }
    expect(listed).toEqual(
      expected.map((v) => [v._id, name(township)['zh-Hans'], name(v)['zh-Hans'], name(township).bo, name(v).bo]),
    )
    // every code is a 12-digit string, never a number that Excel would round
    expect(listed.every((row) => typeof row[0] === 'string' && /^\d{12}$/.test(row[0] as string))).toBe(true)
  })

  test('a region outside the office is refused', async () => {
    const elsewhere = otherCountyVillage.slice(0, 6) + '000000'
    const res = await h.call(registry, 'template', { kind: 'households', region: elsewhere }, OFFICE)
    expect(res.ok ? 'ok' : res.error.code).toBe('FORBIDDEN')
  })
})

describe('an office’s import jobs', () => {
  test('the uploader sees their jobs at the region newest first, with their state; another office sees none of them', async () => {
    const first = ok(await uploadRoster([HEADER, ...rows(3, 'JA', () => villages[0]!, undefined, 700)].join('\n')))
    const second = ok(await uploadRoster([HEADER, ...rows(2, 'JB', () => villages[0]!, undefined, 720)].join('\n')))
    const mine = ok(await h.call(registry, 'importJobs', { region: COUNTY }, OFFICE)).jobs
    expect(mine.slice(0, 2).map((j) => [j.jobId, j.state, j.rows])).toEqual([
      [second.jobId, 'checked', 2],
      [first.jobId, 'checked', 3],
    ])
    await commitAll(first.jobId)
    const after = ok(await h.call(registry, 'importJobs', { region: COUNTY }, OFFICE)).jobs
    expect(after.find((j) => j.jobId === first.jobId)?.state).toBe('done')
    // exports share the collection and are not listed
    const exported = ok(await h.call(registry, 'exportRoster', { region: COUNTY, kind: 'officials' }, OFFICE))
    const listed = ok(await h.call(registry, 'importJobs', { region: COUNTY }, OFFICE)).jobs
    expect(listed.map((j) => j.jobId)).not.toContain(exported.jobId)
    expect(listed.map((j) => j.jobId)).toEqual(after.map((j) => j.jobId))

    // a job is its uploader's: another office at the same region sees none of them
    h.insert('users', [{ _id: 'registry-test-second-office', roles: [{ role: 'office', region: COUNTY }] }])
    expect(ok(await h.call(registry, 'importJobs', { region: COUNTY }, 'registry-test-second-office')).jobs).toEqual([])
  })
})

describe('whose upload, whose region', () => {
  test('a file outside an import upload folder is refused; the job is the upload’s and its uploader’s alone', async () => {
    const elsewhere = await upload(
      h,
      `uploads/test-${Date.now()}-roster.csv`,
      [HEADER, ...rows(1, 'TO', () => villages[0]!)].join('\n'),
    )
    const refused = await h.call(
      registry,
      'importUpload',
      { region: COUNTY, kind: 'households', fileID: elsewhere },
      OFFICE,
    )
    expect(refused.ok ? 'ok' : refused.error.message).toBe('附件不属于这条记录，请重新上传')

    const fileID = await uploadFile(
      'roster.csv',
      [HEADER, ...rows(2, 'TO', () => villages[0]!, undefined, 800)].join('\n'),
    )
    const job = ok(await h.call(registry, 'importUpload', { region: COUNTY, kind: 'households', fileID }, OFFICE))
    expect(fileID).toContain(`/imports/${job.jobId}/roster.csv`)
    // the same upload sent again by its uploader: the same job, nothing staged twice
    const again = ok(await h.call(registry, 'importUpload', { region: COUNTY, kind: 'households', fileID }, OFFICE))
    expect(again).toEqual(job)
    // anyone else naming the upload or its job, an administrator included, is refused
    const taken = await h.call(registry, 'importUpload', { region: COUNTY, kind: 'households', fileID }, 'demo-admin-1')
    expect(taken.ok ? 'ok' : taken.error.code).toBe('FORBIDDEN')
    for (const action of ['importDryRun', 'importCommit'] as const) {
      const res = await h.call(registry, action, { jobId: job.jobId }, 'demo-admin-1')
      expect(res.ok ? 'ok' : res.error.code).toBe('FORBIDDEN')
    }
    expect(h.find('households', { _id: 'TO0001' })).toEqual([])
  })

  test('the dry run says the same about a number held outside the region as about a record stored there, naming neither', async () => {
    const outside = h.find('households').find((d) => !(d.regionPath as string[]).includes(COUNTY))!
    const theirNumber = (outside.head as { idNumber: string }).idNumber
    const csv = [
      HEADER,
      `TN0001,外县号码,,${theirNumber},13900003333,${villages[0]},3,无`,
      `${outside.externalId as string},外县编号,,${idNumber('513301', '19800101', 960)},13900003334,${villages[0]},3,无`,
      `TN0003,无此号码,,${idNumber('513301', '19800101', 961)},13900003335,${villages[0]},3,无`,
    ]
    const job = ok(await uploadRoster(csv.join('\n')))
    expect(job).toMatchObject({ rows: 3, valid: 1, rowErrors: 2 })
    const report = ok(await h.call(registry, 'importDryRun', { jobId: job.jobId }, OFFICE))
    const notHere = { column: '家庭编号', message: '这一行不能在你负责的区域导入，请联系上级部门处理' }
    expect(report.errors).toEqual([
      { row: 2, ...notHere },
      { row: 3, ...notHere },
    ])
  })

  test('the commit re-checks each row: a record stored outside the region since the dry run is left alone; the commit is audited', async () => {
    const job = ok(await uploadRoster([HEADER, ...rows(3, 'TR', () => villages[0]!, undefined, 970)].join('\n')))
    expect(job).toMatchObject({ state: 'checked', valid: 3 })
    // after the dry run, another office's import stores TR0002 in another county
    const otherPath = h.find('regions', { _id: otherCountyVillage })[0]!.path as string[]
    h.insert('households', [
      {
        _id: 'TR0002',
        externalId: 'TR0002',
        head: { name: { 'zh-Hans': '外县户', bo: '' }, idNumber: idNumber('513322', '19800101', 971) },
        phone: '13900004444',
        villageCode: otherCountyVillage,
        regionPath: otherPath,
        officialIds: [],
      },
    ])
    const done = await commitAll(job.jobId)
    expect(done).toMatchObject({ state: 'done', inserted: 2, updated: 0 })
    expect(h.find('households', { _id: 'TR0002' })[0]).toMatchObject({ regionPath: otherPath, phone: '13900004444' })
    const audit = h
      .find('audit', { kind: 'import', subject: COUNTY })
      .filter((a) => String(a.details).includes(job.jobId))
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor: OFFICE, action: 'registry.importCommit' })
    expect(audit[0]!.details).toContain('inserted 2')
    expect(audit[0]!.details).toContain('refused at commit 1')
  })
})

/** CRC-32 of a zip entry (node:zlib has it from Node 20.15) */
const crc32 = (zlib as unknown as { crc32: (data: Buffer) => number }).crc32

/**
 * An XLSX written byte by byte, so a hostile one can say what it likes: each entry deflated, its
 * uncompressed size as `declared` says (default: the truth).
 */
function xlsx(entries: { name: string; content: Buffer | string; declared?: number }[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const raw = Buffer.from(entry.content)
    const data = deflateRawSync(raw)
    const name = Buffer.from(entry.name)
    const size = entry.declared ?? raw.length
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(crc32(raw), 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(crc32(raw), 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, data)
    centrals.push(central, name)
    offset += local.length + name.length + data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

const WORKBOOK = [
  {
    name: 'xl/workbook.xml',
    content:
      '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>',
  },
  {
    name: 'xl/_rels/workbook.xml.rels',
    content:
      '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
  },
]
const sheet = (rowsXml: string) => ({
  name: 'xl/worksheets/sheet1.xml',
  content: `<worksheet><sheetData>${rowsXml}</sheetData></worksheet>`,
})

const TOO_COMPLEX_BO =
  'ཡིག་ཆའི་ཐིག་ཕྲེང་དང་ཡི་གེ། ཡང་ན་བསྡུས་པ་ཁ་ཕྱེ་རྗེས་ཀྱི་ཆེ་ཆུང་ཚད་ལས་བརྒལ་འདུག མིང་ཐོའི་རེའུ་མིག་ཁོ་ན་བཞག་ནས་ཡང་བསྐྱར་ཡར་འཇུག་གནང་རོགས།'

describe('hostile spreadsheets: refused within seconds, the function alive and the local cloud answering', () => {
  async function refuse(name: string, bytes: Buffer): Promise<string> {
    const fileID = await uploadFile('roster.xlsx', bytes)
    const started = Date.now()
    const res = await h.call(registry, 'importUpload', { region: COUNTY, kind: 'households', fileID }, OFFICE, 'bo')
    const ms = Date.now() - started
    console.log(`${name} (${bytes.length} bytes): refused in ${ms} ms: ${res.ok ? '' : res.error.message}`)
    // an instance past its memory limit dies and the call fails as FUNCTIONS_EXECUTE_FAIL, and one that runs
    // past the function's timeout fails as a timeout: the typed refusal shows neither happened. The time is
    // printed, not asserted, so a slow machine does not fail the test.
    expect(res.ok ? 'ok' : res.error.code).toBe('INVALID_ARGUMENT')
    const next = await h.call(registry, 'households', { region: COUNTY, offset: 0, limit: 1 }, OFFICE)
    expect(next.ok).toBe(true)
    return res.ok ? '' : res.error.message
  }

  test('a cell reference far to the right (ZZZZZZ1)', async () => {
    const bytes = xlsx([...WORKBOOK, sheet('<row r="1"><c r="ZZZZZZ1" t="inlineStr"><is><t>x</t></is></c></row>')])
    expect(bytes.length).toBeLessThan(1000)
    // in the caller's language
    expect(await refuse('ZZZZZZ1', bytes)).toBe(TOO_COMPLEX_BO)
  })

  test('shared strings: millions of them, or one huge one', async () => {
    const many = xlsx([
      ...WORKBOOK,
      sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
      { name: 'xl/sharedStrings.xml', content: `<sst>${'<si><t>a</t></si>'.repeat(5_000_000)}</sst>` },
    ])
    expect(many.length).toBeLessThan(400_000)
    expect(await refuse('5,000,000 shared strings', many)).toBe(TOO_COMPLEX_BO)
    const huge = xlsx([
      ...WORKBOOK,
      sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
      { name: 'xl/sharedStrings.xml', content: `<sst><si><t>${'a'.repeat(80 * 1024 * 1024)}</t></si></sst>` },
    ])
    expect(await refuse('one 80 MB shared string', huge)).toBe(TOO_COMPLEX_BO)
  })

  test('a zip bomb entry: declaring its size, and declaring a small one it then exceeds', async () => {
    const bomb = Buffer.concat([
      Buffer.from('<worksheet><sheetData>'),
      Buffer.alloc(300 * 1024 * 1024, 0x20),
      Buffer.from('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'),
    ])
    const name = 'xl/worksheets/sheet1.xml'
    const declared = xlsx([...WORKBOOK, { name, content: bomb }])
    expect(await refuse('a 300 MB sheet, declared', declared)).toBe(TOO_COMPLEX_BO)
    const lying = xlsx([...WORKBOOK, { name, content: bomb, declared: 1000 }])
    expect(await refuse('a 300 MB sheet declared as 1,000 bytes', lying)).toBe(TOO_COMPLEX_BO)
  })

  test('a file larger than the cap is refused from its stored size', async () => {
    const fileID = await uploadFile('big.csv', Buffer.alloc(33 * 1024 * 1024, 0x41))
    const started = Date.now()
    const res = await h.call(registry, 'importUpload', { region: COUNTY, kind: 'households', fileID }, OFFICE)
    console.log(`a 33 MB file: refused in ${Date.now() - started} ms`)
    expect(res.ok ? 'ok' : res.error.message).toBe('文件超过 32 MB，请拆分后分批导入')
  })
})

describe('the same upload sent twice at once', () => {
  test('one call makes the job and both answer it, never an internal error', async () => {
    const fileID = await uploadFile(
      'roster.csv',
      [HEADER, ...rows(9, 'TW', () => villages[0]!, undefined, 990)].join('\n'),
    )
    const input = { region: COUNTY, kind: 'households' as const, fileID, batchSize: 5 }
    const answers = await Promise.all([
      h.call(registry, 'importUpload', input, OFFICE),
      h.call(registry, 'importUpload', input, OFFICE),
    ])
    const [first, second] = answers.map(ok)
    expect(second!.jobId).toBe(first!.jobId)
    expect(first).toMatchObject({ rows: 9, valid: 9, batches: 2 })
    // sent again afterwards, the upload answers the job that was made
    const again = ok(await h.call(registry, 'importUpload', input, OFFICE))
    expect(again.jobId).toBe(first!.jobId)
    expect(h.find('importChunks', { jobId: again.jobId })).toHaveLength(2)
    expect(h.find('imports', { _id: again.jobId })).toHaveLength(1)
  })
})
