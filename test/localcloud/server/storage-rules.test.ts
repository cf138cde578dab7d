/**
 * The declared storage rule (scripts/deploy-config.ts `storageRule`, dist/deploy/storage-rules.json) applied
 * by the local cloud as the platform applies it to clients: uploads only into the folders it names and over
 * one's own files, no direct reads, no database. A client is a request carrying `X-WX-OPENID` (the local
 * stand-in for the WeChat login, as on the gateway); functions, through the SDK, are unaffected.
 */
import { type Harness, request, startHarness } from '../helpers'

let h: Harness

beforeAll(async () => {
  h = await startHarness(['households'])
})
afterAll(() => h.stop())

/** A client's /admin request as the H5 app sends it. */
const asClient = (openid: string, params: Record<string, unknown>) =>
  request(`${h.lc.url}/admin`, 'POST', JSON.stringify(params), { 'X-WX-OPENID': openid })

async function clientUpload(openid: string, cloudPath: string, bytes = 'photo') {
  const meta = await asClient(openid, { action: 'storage.getUploadMetadata', path: cloudPath })
  if (!meta.json?.data) return { refused: meta.json as { code: string; message: string } }
  const put = await request(meta.json.data.url as string, 'PUT', bytes)
  return { fileId: meta.json.data.fileId as string, status: put.status }
}

test('a client uploads into a folder the rule names, and the file is recorded as theirs', async () => {
  const up = await clientUpload('member-a', 'contacts/c1/0.jpg')
  expect(up.status).toBe(200)
  const down = await h.cloud.downloadFile({ fileID: up.fileId })
  expect(down.fileContent.toString()).toBe('photo')
})

test.each([
  'exports/job1/roster.xlsx',
  'households/h1/photo.jpg',
  'contacts/c1/deeper/0.jpg',
  'contacts/../exports/x.xlsx',
  'imports/u1/roster.xlsx/../../x',
])('a client upload to %s is refused with STORAGE_EXCEED_AUTHORITY and writes nothing', async (cloudPath) => {
  const up = await clientUpload('member-a', cloudPath)
  expect(up.refused?.code).toBe('STORAGE_EXCEED_AUTHORITY')
})

test('a client without a login uploads nothing', async () => {
  expect((await clientUpload('', 'contacts/c2/0.jpg')).refused?.code).toBe('STORAGE_EXCEED_AUTHORITY')
})

test('only the uploader overwrites or deletes a file; another client is refused and the file stays', async () => {
  const mine = await clientUpload('member-a', 'notices/n1/a.mp3', 'original')
  expect((await clientUpload('member-b', 'notices/n1/a.mp3', 'replaced')).refused?.code).toBe(
    'STORAGE_EXCEED_AUTHORITY',
  )
  const del = await asClient('member-b', { action: 'storage.batchDeleteFile', fileid_list: [mine.fileId] })
  expect(del.json.data.delete_list).toEqual([{ fileID: mine.fileId, code: 'STORAGE_EXCEED_AUTHORITY' }])
  expect((await h.cloud.downloadFile({ fileID: mine.fileId })).fileContent.toString()).toBe('original')

  expect((await clientUpload('member-a', 'notices/n1/a.mp3', 'again')).status).toBe(200)
  const own = await asClient('member-a', { action: 'storage.batchDeleteFile', fileid_list: [mine.fileId] })
  expect(own.json.data.delete_list).toEqual([{ fileID: mine.fileId, code: 'SUCCESS' }])
})

test('a client reads no file directly, not even its own: functions hand out temporary URLs', async () => {
  const up = await clientUpload('member-a', 'imports/u1/roster.csv', 'a,b')
  const res = await asClient('member-a', { action: 'storage.batchGetDownloadUrl', file_list: [{ fileid: up.fileId }] })
  expect(res.json.data.download_list).toEqual([
    { fileID: up.fileId, tempFileURL: '', code: 'STORAGE_EXCEED_AUTHORITY' },
  ])
  const { fileList } = await h.cloud.getTempFileURL({ fileList: [up.fileId] })
  expect(fileList[0].tempFileURL).toContain('/storage/imports/u1/roster.csv')
})

test('a client reaches no database and calls no function or open API through /admin', async () => {
  const read = await asClient('member-a', {
    action: 'database.queryDocument',
    collectionName: 'households',
    query: '{}',
  })
  expect(read.json.code).toBe('DATABASE_PERMISSION_DENIED')
  const call = await asClient('member-a', { action: 'functions.invokeFunction', function_name: 'x' })
  expect(call.json.code).toBe('PERMISSION_DENIED')
})

test('functions (admin credentials) write anywhere and overwrite clients’ files, as on the platform', async () => {
  const up = await clientUpload('member-a', 'contacts/c9/0.jpg', 'client')
  const admin = await h.cloud.uploadFile({ cloudPath: 'contacts/c9/0.jpg', fileContent: Buffer.from('function') })
  expect(admin.fileID).toBe(up.fileId)
  const exportFile = await h.cloud.uploadFile({ cloudPath: 'exports/j1/roster.xlsx', fileContent: Buffer.from('x') })
  expect((await h.cloud.downloadFile({ fileID: exportFile.fileID })).fileContent.toString()).toBe('x')
  // the function's write made the file nobody's: the client may not overwrite it any more
  expect((await clientUpload('member-a', 'contacts/c9/0.jpg')).refused?.code).toBe('STORAGE_EXCEED_AUTHORITY')
})
