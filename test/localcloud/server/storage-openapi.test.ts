/**
 * Storage and wx.openApi through the real wx-server-sdk: files round-trip through local disk; subscription
 * messages need a one-time subscription each (43101 otherwise); msgSecCheck answers like WeChat's v1/v2.
 */
import { type Harness, request, startHarness } from '../helpers'

let h: Harness

beforeAll(async () => {
  h = await startHarness([], { wordList: ['赌博', 'casino'] })
})
afterAll(() => h.stop())

describe('storage', () => {
  test('upload, temporary URL, download, delete', async () => {
    const content = Buffer.from('扎西德勒 — household photo bytes')
    const up = await h.cloud.uploadFile({ cloudPath: 'households/h1/门牌.txt', fileContent: content })
    expect(up.fileID).toMatch(/^cloud:\/\/shiliuzi\.[^/]+\/households\/h1\/门牌\.txt$/)

    const { fileList } = await h.cloud.getTempFileURL({ fileList: [up.fileID] })
    expect(fileList[0]).toMatchObject({ fileID: up.fileID, status: 0 })
    const viaUrl = await request(encodeURI(fileList[0].tempFileURL), 'GET')
    expect(viaUrl.status).toBe(200)
    expect(viaUrl.body).toBe(content.toString())

    const down = await h.cloud.downloadFile({ fileID: up.fileID })
    expect(Buffer.compare(down.fileContent, content)).toBe(0)

    const del = await h.cloud.deleteFile({ fileList: [up.fileID] })
    expect(del.fileList).toEqual([{ fileID: up.fileID, status: 0, errMsg: 'ok' }])
    const after = await h.cloud.getTempFileURL({ fileList: [up.fileID] })
    expect(after.fileList[0].status).not.toBe(0)
    expect(after.fileList[0].tempFileURL).toBe('')
  })

  test('a temporary URL with a forged signature is refused', async () => {
    const up = await h.cloud.uploadFile({ cloudPath: 'private/report.csv', fileContent: Buffer.from('a,b\n1,2\n') })
    const { fileList } = await h.cloud.getTempFileURL({ fileList: [up.fileID] })
    const forged = fileList[0].tempFileURL.replace(/sign=[0-9a-f]+/, 'sign=00')
    expect((await request(forged, 'GET')).status).toBe(403)
  })

  test('deleting a file that does not exist reports it per file', async () => {
    const res = await h.cloud.deleteFile({ fileList: ['cloud://shiliuzi.shiliuzi-local/never/was.png'] })
    expect(res.fileList[0].status).not.toBe(0)
  })
})

describe('subscribeMessage.send', () => {
  const send = (touser: string, templateId: string) =>
    h.cloud.openapi.subscribeMessage.send({
      touser,
      templateId,
      page: 'pages/household/notice?id=n1',
      data: { thing1: { value: '政策通知' }, time2: { value: '2026-03-01 10:00' } },
      miniprogramState: 'developer',
    })
  const grant = (openid: string, templateIds: string[]) =>
    request(`${h.lc.url}/local/subscriptions`, 'POST', JSON.stringify({ openid, templateIds }))

  test('without a subscription the send fails with 43101', async () => {
    await expect(send('user-none', 'TPL_NOTICE')).rejects.toMatchObject({ errCode: 43101 })
  })

  test('each one-time subscription allows exactly one message; sent messages are listed', async () => {
    await grant('user-a', ['TPL_NOTICE'])
    await grant('user-a', ['TPL_NOTICE'])
    await expect(send('user-a', 'TPL_NOTICE')).resolves.toMatchObject({ errCode: 0 })
    await expect(send('user-a', 'TPL_NOTICE')).resolves.toMatchObject({ errCode: 0 })
    await expect(send('user-a', 'TPL_NOTICE')).rejects.toMatchObject({ errCode: 43101 })
    // a subscription is per template
    await expect(send('user-a', 'TPL_OTHER')).rejects.toMatchObject({ errCode: 43101 })

    const listed = await request(`${h.lc.url}/local/messages?touser=user-a`, 'GET')
    expect(listed.json).toHaveLength(2)
    expect(listed.json[0]).toMatchObject({
      touser: 'user-a',
      templateId: 'TPL_NOTICE',
      page: 'pages/household/notice?id=n1',
      data: { thing1: { value: '政策通知' }, time2: { value: '2026-03-01 10:00' } },
      miniprogramState: 'developer',
    })
  })
})

describe('security.msgSecCheck', () => {
  test('v2: errcode 0, the verdict in result.suggest', async () => {
    const ok = await h.cloud.openapi.security.msgSecCheck({
      openid: 'user-a',
      scene: 2,
      version: 2,
      content: '今天走访了三户人家',
    })
    expect(ok).toMatchObject({ errCode: 0, result: { suggest: 'pass' } })
    const risky = await h.cloud.openapi.security.msgSecCheck({
      openid: 'user-a',
      scene: 2,
      version: 2,
      content: '欢迎来 Casino 玩',
    })
    expect(risky).toMatchObject({ errCode: 0, result: { suggest: 'risky' } })
    expect(risky.result.label).not.toBe(100)
  })
  test('v1: risky content is errCode 87014', async () => {
    await expect(h.cloud.openapi.security.msgSecCheck({ content: '这里有赌博' })).rejects.toMatchObject({
      errCode: 87014,
    })
    await expect(h.cloud.openapi.security.msgSecCheck({ content: '这里很好' })).resolves.toMatchObject({ errCode: 0 })
  })
  test('content is limited to 2,500 characters', async () => {
    const at = '藏'.repeat(2500)
    await expect(
      h.cloud.openapi.security.msgSecCheck({ openid: 'user-a', scene: 2, version: 2, content: at }),
    ).resolves.toMatchObject({
      errCode: 0,
    })
    await expect(
      h.cloud.openapi.security.msgSecCheck({ openid: 'user-a', scene: 2, version: 2, content: `${at}藏` }),
    ).rejects.toMatchObject({
      errCode: expect.any(Number),
    })
  })
})
