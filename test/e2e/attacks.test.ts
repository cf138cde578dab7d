/**
 * The attacks of issue 12, replayed against the system as `npm start` starts it: the local cloud serving
 * the built functions, seeded by the start script's own steps (scripts/start.ts `seedDemo` with the county
 * slice, then scripts/demo-content.ts) on a temporary data directory. Every call goes in the way an attacker
 * would send it: through the H5 gateway or /admin over HTTP, as a demo identity or a stranger. Each attack
 * must be answered with a typed error and change nothing but the audit trail; the table of attack → answer
 * is printed at the end.
 */
import { randomUUID } from 'node:crypto'
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import JSZip from 'jszip'
import type { LocalCloud } from '@localcloud/server'
import { startLocalCloud } from '@localcloud/server'
import type { CallResult } from '@shared/contract'
import { addTime, now } from '@shared/time'
import { addDemoContent } from '../../scripts/demo-content'
import { seedDemo } from '../../scripts/start'
import { functionsDir, h5Dir } from './support'

jest.setTimeout(600_000)

const COUNTY = '513301000000'
const OTHER_COUNTY = '513322000000'
const HOUSEHOLD = 'demo-household-1'
const OFFICIAL = 'demo-official-1'
const OFFICE = 'demo-office-county'
const STRANGER = 'attacker-stranger'
/** what a refusal may write: its audit record and the actor's allowance */
const AUDIT_TRAIL = ['audit', 'auditCounters']

let dir: string
let cloud: LocalCloud
const table: { attack: string; answer: string; ms: number }[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shiliuzi-attacks-'))
  const staticDir = existsSync(join(h5Dir, 'index.html')) ? join(dir, 'h5') : undefined
  if (staticDir) cpSync(h5Dir, staticDir, { recursive: true })
  cloud = await startLocalCloud({
    port: 0,
    host: '127.0.0.1',
    dataDir: join(dir, 'data'),
    functionsDir,
    staticDir,
    quiet: true,
    timers: false,
  })
  seedDemo(cloud.store, 'county')
  await addDemoContent(cloud)
})

afterAll(async () => {
  console.log(
    ['attack → answer', ...table.map((r) => `  ${r.attack.padEnd(64)} ${r.answer.padEnd(44)} ${r.ms} ms`)].join('\n'),
  )
  await cloud?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** A function call as the mini-program sends it through the gateway. */
async function call(fn: string, body: unknown, openid: string): Promise<CallResult<unknown>> {
  const res = await fetch(`${cloud.url}/functions/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-WX-OPENID': openid },
    body: JSON.stringify(body),
  })
  return (await res.json()) as CallResult<unknown>
}

const act = (fn: string, action: string, data: unknown, openid: string) =>
  call(fn, { action, data, lang: 'zh-Hans' }, openid)

async function ok<T>(res: Promise<CallResult<unknown>>): Promise<T> {
  const answer = await res
  if (!answer.ok) throw new Error(`setting up an attack failed: ${JSON.stringify(answer.error)}`)
  return answer.data as T
}

/** Everything stored but the audit trail, and the files in storage. */
function state(): string {
  const collections = cloud.store
    .listCollections()
    .map((c) => c.name)
    .filter((name) => !AUDIT_TRAIL.includes(name))
    .sort()
  return JSON.stringify(collections.map((name) => [name, cloud.store.find(name, {})]))
}

/**
 * Runs one attack: its answer must be a typed error (`code`, and `reason` when given) and nothing outside
 * the audit trail may change. Records the answer for the table.
 */
async function attack(
  name: string,
  attempt: () => Promise<CallResult<unknown>>,
  expected: { code: string; reason?: string },
): Promise<CallResult<unknown>> {
  const before = state()
  const started = Date.now()
  const res = await attempt()
  const ms = Date.now() - started
  const answer = res.ok ? 'ok (answered!)' : `${res.error.code}${res.error.reason ? ` ${res.error.reason}` : ''}`
  table.push({ attack: name, answer, ms })
  expect(
    res.ok ? { ok: true } : { code: res.error.code, ...(expected.reason ? { reason: res.error.reason } : {}) },
  ).toEqual(expected)
  expect(state()).toBe(before)
  return res
}

/** The client's upload, as the H5 app makes it: a signed URL for the signed-in user, then the bytes. */
async function upload(openid: string, cloudPath: string, bytes: Buffer | string): Promise<string> {
  const meta = (await (
    await fetch(`${cloud.url}/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-WX-OPENID': openid },
      body: JSON.stringify({ action: 'storage.getUploadMetadata', path: cloudPath }),
    })
  ).json()) as { data?: { url: string; fileId: string } }
  if (!meta.data) throw new Error(`upload to ${cloudPath} refused`)
  const put = await fetch(meta.data.url, { method: 'PUT', body: new Uint8Array(Buffer.from(bytes)) })
  if (!put.ok) throw new Error(`upload failed: HTTP ${put.status}`)
  return meta.data.fileId
}

/** A minimal workbook whose one sheet and shared strings say what the attack needs. */
async function workbook(sheetXml: string, sharedStrings?: string): Promise<Buffer> {
  const zip = new JSZip()
  zip.file(
    'xl/workbook.xml',
    '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>',
  )
  zip.file(
    'xl/_rels/workbook.xml.rels',
    '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
  )
  zip.file('xl/worksheets/sheet1.xml', `<worksheet><sheetData>${sheetXml}</sheetData></worksheet>`)
  if (sharedStrings) zip.file('xl/sharedStrings.xml', sharedStrings)
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } })
}

const user = (openid: string) => cloud.store.find('users', { _id: openid })[0] as Record<string, unknown> | undefined

describe('forged timer events', () => {
  test.each([
    ['notices', 'pushDispatch', HOUSEHOLD],
    ['contacts', 'dailyGauges', STRANGER],
    ['registry', 'expireExports', OFFICE],
    ['identity', 'pruneInvites', 'demo-admin-1'],
  ])('a user sends %s its %s timer event', async (fn, TriggerName, openid) => {
    await attack(
      `forged timer ${fn}.${TriggerName} (as ${openid})`,
      () => call(fn, { Type: 'Timer', TriggerName }, openid),
      {
        code: 'FORBIDDEN',
      },
    )
  })
})

describe('exports', () => {
  test('a county office asks for a roster export with every full ID number and phone', async () => {
    await attack(
      'full-number export by a county office',
      () => act('registry', 'exportRoster', { region: COUNTY, kind: 'households', full: true, reason: '核对' }, OFFICE),
      { code: 'FORBIDDEN' },
    )
  })
})

describe('foreign fileIDs', () => {
  let foreign: string
  beforeAll(async () => {
    // a file another user uploaded for another object, standing in for a roster export
    foreign = await upload(OFFICE, `imports/${randomUUID()}/roster.csv`, '姓名,身份证号\n')
  })

  test('on a contact', async () => {
    const householdId = String(user(HOUSEHOLD)?.householdId)
    const contact = {
      id: randomUUID(),
      householdId,
      channel: 'visit',
      at: addTime(now(), -1, 'hour'),
      topics: ['policy'],
      notes: '',
      photos: [foreign],
      needs: [],
    }
    await attack('foreign fileID as a contact photo', () => act('contacts', 'logContact', contact, OFFICIAL), {
      code: 'INVALID_ARGUMENT',
      reason: 'storage.foreignFile',
    })
  })

  test('on a notice', async () => {
    const draft = {
      title: { 'zh-Hans': '通知', bo: 'བརྡ་ཐོ།' },
      body: { 'zh-Hans': '正文', bo: 'གཞུང་།' },
      category: 'policy',
      media: [{ kind: 'image', fileID: foreign }],
      audience: { regions: [COUNTY], roles: 'households' },
      publishAt: null,
      expireAt: null,
    }
    await attack('foreign fileID as notice media', () => act('notices', 'save', { id: randomUUID(), draft }, OFFICE), {
      code: 'INVALID_ARGUMENT',
      reason: 'storage.foreignFile',
    })
  })

  test('on an import', async () => {
    const photo = await upload(OFFICIAL, `contacts/${randomUUID()}/0.jpg`, 'jpeg')
    await attack(
      'a contact photo given as an import upload',
      () => act('registry', 'importUpload', { region: COUNTY, kind: 'households', fileID: photo }, OFFICE),
      { code: 'INVALID_ARGUMENT', reason: 'storage.foreignFile' },
    )
  })
})

describe('invitations', () => {
  test('the issuer redeems its own code for an official', async () => {
    const bound = new Set(cloud.store.find('users', {}).map((u) => (u as { officialId?: string }).officialId))
    const official = (cloud.store.find('officials', { regionPath: COUNTY }) as { _id: string }[]).find(
      (o) => !bound.has(o._id),
    )!
    const issued = await ok<{ code: string }>(act('identity', 'inviteOfficial', { officialId: official._id }, OFFICE))
    await attack(
      'the issuing office redeems its own code',
      () => act('identity', 'redeemInvite', { code: issued.code }, OFFICE),
      {
        code: 'FORBIDDEN',
        reason: 'invite.ownCode',
      },
    )
  })
})

describe('hostile spreadsheets: refused within seconds, the function alive and the cloud answering', () => {
  async function hostile(name: string, bytes: Buffer): Promise<void> {
    const fileID = await upload(OFFICE, `imports/${randomUUID()}/roster.xlsx`, bytes)
    const res = await attack(
      `${name} (${bytes.length} bytes)`,
      () => act('registry', 'importUpload', { region: COUNTY, kind: 'households', fileID }, OFFICE),
      { code: 'INVALID_ARGUMENT' },
    )
    expect(table[table.length - 1]!.ms).toBeLessThan(5000)
    // an instance past its memory limit dies, and the call fails as FUNCTIONS_EXECUTE_FAIL, not as this
    expect(res.ok ? '' : res.error.code).toBe('INVALID_ARGUMENT')
    const next = await act('identity', 'me', {}, OFFICE)
    expect(next.ok).toBe(true)
  }

  test('a workbook of about 1 KB whose one cell is ZZZZZZ1 (the issue’s was 868 bytes)', async () => {
    const bytes = await workbook('<row r="1"><c r="ZZZZZZ1" t="inlineStr"><is><t>x</t></is></c></row>')
    expect(bytes.length).toBeLessThan(1200)
    await hostile('ZZZZZZ1 cell reference', bytes)
  })

  test('a 200 KB shared-strings bomb', async () => {
    const bytes = await workbook(
      '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
      `<sst>${'<si><t>a</t></si>'.repeat(3_000_000)}</sst>`,
    )
    expect(bytes.length).toBeLessThan(400 * 1024)
    await hostile('shared-strings bomb', bytes)
  })
})

describe('the local cloud’s /admin', () => {
  test('a cross-site text/plain request', async () => {
    const before = state()
    const res = await fetch(`${cloud.url}/admin`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'http://attacker.example' },
      body: JSON.stringify({
        action: 'database.removeDocument',
        collectionName: 'households',
        query: '{}',
        multi: true,
      }),
    })
    const body = (await res.json()) as { code?: string }
    table.push({ attack: 'cross-site text/plain POST /admin', answer: `HTTP ${res.status} ${body.code ?? ''}`, ms: 0 })
    expect(res.status).toBe(403)
    expect(body.code).toBe('PERMISSION_DENIED')
    expect(state()).toBe(before)
  })

  test('the same request from a page of the local cloud’s own origin, but as text/plain', async () => {
    const before = state()
    const res = await fetch(`${cloud.url}/admin`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({
        action: 'database.removeDocument',
        collectionName: 'households',
        query: '{}',
        multi: true,
      }),
    })
    table.push({ attack: 'same-origin text/plain POST /admin', answer: `HTTP ${res.status}`, ms: 0 })
    expect(res.status).toBe(415)
    expect(state()).toBe(before)
  })
})

describe('separation of duties', () => {
  async function submitted(): Promise<string> {
    const id = randomUUID()
    const draft = {
      title: { 'zh-Hans': '自审通知', bo: 'རང་ཞིབ་བརྡ་ཐོ།' },
      body: { 'zh-Hans': '正文', bo: 'གཞུང་།' },
      category: 'policy',
      media: [],
      audience: { regions: [COUNTY], roles: 'households' },
      publishAt: null,
      expireAt: null,
    }
    await ok(act('notices', 'save', { id, draft }, OFFICE))
    await ok(act('notices', 'submit', { id }, OFFICE))
    return id
  }

  test('a reviewer the office appointed approves the office’s own notice', async () => {
    await ok(
      act('identity', 'grantRole', { openid: 'office-puppet', grant: { role: 'reviewer', region: COUNTY } }, OFFICE),
    )
    const id = await submitted()
    await attack(
      'a reviewer the office appointed approves its notice',
      () => act('notices', 'approve', { id }, 'office-puppet'),
      {
        code: 'FORBIDDEN',
        reason: 'notice.appointedByAuthor',
      },
    )
  })

  test('a reviewer granted before appointers were recorded approves the county office’s notice', async () => {
    cloud.store.insert('users', [{ _id: 'legacy-reviewer', roles: [{ role: 'reviewer', region: COUNTY }] }])
    const id = await submitted()
    await attack(
      'a legacy reviewer approves the county office’s notice',
      () => act('notices', 'approve', { id }, 'legacy-reviewer'),
      {
        code: 'FORBIDDEN',
        reason: 'notice.appointedByAuthor',
      },
    )
  })
})

describe('reaching outside the office’s region', () => {
  test('the county office re-pairs an official of another county', async () => {
    const official = (cloud.store.find('officials', { regionPath: OTHER_COUNTY }) as { _id: string }[])[0]
    // the demo slice holds one county; an official of another county is what a forged id names
    const officialId = official?._id ?? 'O51332200001'
    await attack(
      'out-of-region re-pairing',
      () => act('registry', 'reassign', { officialId, endReason: 'transfer' }, OFFICE),
      { code: 'FORBIDDEN' },
    )
  })

  test('the county office asks for another county’s households', async () => {
    await attack(
      'out-of-region household list',
      () => act('registry', 'households', { region: OTHER_COUNTY, offset: 0, limit: 10 }, OFFICE),
      { code: 'FORBIDDEN' },
    )
  })

  test('a village office’s dry run probing whether an ID number is held elsewhere in the county', async () => {
    const village = 'demo-office-village'
    const region = String((user(village)?.roles as { region: string }[])[0]!.region)
    const elsewhere = (
      cloud.store.find('households', { regionPath: COUNTY }) as {
        _id: string
        externalId: string
        regionPath: string[]
        villageCode: string
        head: { idNumber: string; name: { 'zh-Hans': string } }
      }[]
    ).find((d) => !d.regionPath.includes(region))!
    const csv = [
      '家庭编号,户主姓名,户主藏文姓名,户主身份证号,联系电话,村(社区)代码,家庭人口,风险等级',
      `PROBE0001,探测,,${elsewhere.head.idNumber},13900003333,${region},3,无`,
    ].join('\n')
    const fileID = await upload(village, `imports/${randomUUID()}/roster.csv`, csv)
    const households = JSON.stringify(cloud.store.find('households', {}))
    const started = Date.now()
    const res = await act('registry', 'importUpload', { region, kind: 'households', fileID }, village)
    const job = await ok<{ jobId: string; valid: number; rowErrors: number }>(Promise.resolve(res))
    const report = await ok<{ errors: { row: number; column: string; message: string }[] }>(
      act('registry', 'importDryRun', { jobId: job.jobId }, village),
    )
    const answer = JSON.stringify([res, report])
    table.push({
      attack: 'dry-run probe of an ID number held elsewhere',
      answer: `row refused: ${report.errors[0]?.message ?? ''}`.slice(0, 44),
      ms: Date.now() - started,
    })
    // the row is refused with the one message every clash outside the region gets, naming nothing of it
    expect(job).toMatchObject({ valid: 0, rowErrors: 1 })
    expect(report.errors).toEqual([
      { row: 2, column: '家庭编号', message: '这一行不能在你负责的区域导入，请联系上级部门处理' },
    ])
    for (const secret of [elsewhere._id, elsewhere.externalId, elsewhere.villageCode, elsewhere.head.name['zh-Hans']])
      expect(answer).not.toContain(secret)
    expect(JSON.stringify(cloud.store.find('households', {}))).toBe(households)
  })

  test.each(['', '5133', '999999999999'])('an office grant with the malformed region %j', async (region) => {
    const openid = `malformed-office-${region || 'empty'}`
    cloud.store.insert('users', [{ _id: openid, roles: [{ role: 'office', region }] }])
    const householdId = String(user(HOUSEHOLD)?.householdId)
    await attack(
      `malformed office region ${JSON.stringify(region)} reads a household`,
      () => act('identity', 'householdDetail', { householdId, reveal: true }, openid),
      { code: 'FORBIDDEN' },
    )
    await attack(
      `malformed office region ${JSON.stringify(region)} lists a county`,
      () => act('registry', 'households', { region: COUNTY, offset: 0, limit: 10 }, openid),
      { code: 'FORBIDDEN' },
    )
  })
})

describe('strangers', () => {
  test('an unbound openid asks for a household’s full numbers', async () => {
    const householdId = String(user(HOUSEHOLD)?.householdId)
    await attack(
      'a stranger reveals a household',
      () => act('identity', 'householdDetail', { householdId, reveal: true }, STRANGER),
      {
        code: 'UNAUTHENTICATED',
      },
    )
    expect(
      cloud.store.find('audit', { actor: STRANGER, kind: 'refusal', action: 'identity.householdDetail' }),
    ).toHaveLength(1)
  })
})
