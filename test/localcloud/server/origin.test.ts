/**
 * Only this machine's pages and programs reach the local cloud: `/admin` takes the SDK's content types
 * only (a form or text/plain body is what any web page can send cross-site without a preflight), a
 * request with a foreign `Origin` is refused, and so is one whose `Host` is not the local cloud (a
 * DNS-rebound page). The SDK, the H5 app served from here and a loopback dev server keep working.
 */
import net from 'node:net'

import { type Harness, ENV_ID, request, startHarness } from '../helpers'

let h: Harness
let host: string

jest.setTimeout(30_000)

beforeAll(async () => {
  h = await startHarness(['notes'])
  host = new URL(h.lc.url).host
})
afterAll(() => h.stop())

const addNote = (text: string) =>
  JSON.stringify({
    envName: ENV_ID,
    action: 'database.insertDocument',
    collectionName: 'notes',
    data: [JSON.stringify({ text })],
  })
const notes = () => h.lc.store.count('notes', {})

describe('/admin refuses what a web page can send', () => {
  test.each(['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', ''])(
    'a body typed %j is refused with 415 and runs nothing',
    async (type) => {
      const before = notes()
      const res = await request(`${h.lc.url}/admin`, 'POST', addNote('cross-site'), { 'content-type': type })
      expect(res.status).toBe(415)
      expect(res.json).toMatchObject({ code: 'INVALID_PARAM', message: expect.stringMatching(/application\/json/) })
      expect(notes()).toBe(before)
    },
  )

  test('a multipart form without the SDK header (a plain HTML form) is refused', async () => {
    const boundary = 'b0undary'
    const form = [
      `--${boundary}\r\nContent-Disposition: form-data; name="action"\r\n\r\nwx.openApi\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="apiName"\r\n\r\nsecurity.msgSecCheck\r\n`,
      `--${boundary}--\r\n`,
    ].join('')
    const res = await request(`${h.lc.url}/admin`, 'POST', form, {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    })
    expect(res.status).toBe(415)
  })

  test('a JSON body from a foreign Origin is refused with 403 and runs nothing', async () => {
    const before = notes()
    const res = await request(`${h.lc.url}/admin`, 'POST', addNote('foreign'), { Origin: 'https://evil.example' })
    expect(res.status).toBe(403)
    expect(res.json).toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringMatching(/evil\.example/) })
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
    expect(notes()).toBe(before)
  })

  test('Origin null (a sandboxed frame, a file:// page) is foreign too', async () => {
    expect((await request(`${h.lc.url}/admin`, 'POST', addNote('null'), { Origin: 'null' })).status).toBe(403)
  })

  test('a foreign preflight gets no CORS permission', async () => {
    const pre = await request(`${h.lc.url}/admin`, 'OPTIONS', undefined, {
      Origin: 'https://evil.example',
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type',
    })
    expect(pre.status).toBe(403)
    expect(pre.headers['access-control-allow-origin']).toBeUndefined()
  })

  test('the local cloud’s own origin may post JSON (the H5 app’s uploads)', async () => {
    const before = notes()
    const res = await request(`${h.lc.url}/admin`, 'POST', addNote('own'), { Origin: h.lc.url })
    expect(res.status).toBe(200)
    expect(res.json.code).toBeUndefined()
    expect(notes()).toBe(before + 1)
  })
})

describe('Host must be the local cloud (DNS rebinding)', () => {
  const rebound = (port = new URL(h.lc.url).port) => ({ Host: `attacker.example:${port}` })

  test('/admin under another name is refused and runs nothing', async () => {
    const before = notes()
    const res = await request(`${h.lc.url}/admin`, 'POST', addNote('rebound'), rebound())
    expect(res.status).toBe(403)
    expect(res.json).toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringMatching(/attacker\.example/) })
    expect(notes()).toBe(before)
  })

  test('the gateway and the local helpers under another name are refused', async () => {
    const gateway = await request(`${h.lc.url}/functions/echo`, 'POST', '{}', {
      ...rebound(),
      Origin: 'http://attacker.example',
    })
    expect(gateway.status).toBe(403)
    // without an Origin too: a rebound page's same-origin GET sends none
    expect((await request(`${h.lc.url}/local/messages`, 'GET', undefined, rebound())).status).toBe(403)
    expect((await request(`${h.lc.url}/functions/echo`, 'POST', '{}', rebound())).status).toBe(403)
  })

  test('a loopback name at another port, or no Host at all (HTTP/1.0), is refused', async () => {
    expect((await request(`${h.lc.url}/local/health`, 'GET', undefined, { Host: 'localhost:1' })).status).toBe(403)
    const { port } = new URL(h.lc.url)
    const reply = await new Promise<string>((resolve, reject) => {
      let text = ''
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.end('GET /local/health HTTP/1.0\r\n\r\n'))
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()))
      socket.on('end', () => resolve(text))
      socket.on('error', reject)
    })
    expect(reply).toMatch(/^HTTP\/1\.[01] 403/)
  })

  test('the loopback names at its port are the local cloud', async () => {
    const port = new URL(h.lc.url).port
    for (const name of ['127.0.0.1', 'localhost', 'LOCALHOST', '[::1]']) {
      const res = await request(`${h.lc.url}/local/health`, 'GET', undefined, { Host: `${name}:${port}` })
      expect(res.status).toBe(200)
    }
    expect(host).toBe(`127.0.0.1:${port}`)
  })
})

describe('the H5 gateway', () => {
  test('from its own origin and from a loopback dev server (?cloud=) it answers', async () => {
    for (const origin of [h.lc.url, 'http://localhost:10086']) {
      const res = await request(`${h.lc.url}/functions/echo`, 'POST', JSON.stringify({ from: origin }), {
        Origin: origin,
        'X-WX-OPENID': 'h5-user',
      })
      expect(res.status).toBe(200)
      expect(res.json.event).toEqual({ from: origin })
      expect(res.headers['access-control-allow-origin']).toBe(origin)
    }
  })

  test('a foreign origin is refused before the function runs', async () => {
    const res = await request(`${h.lc.url}/functions/notes`, 'POST', JSON.stringify({ text: 'x' }), {
      Origin: 'https://evil.example',
      'X-WX-OPENID': 'victim',
    })
    expect(res.status).toBe(403)
    expect(h.lc.store.count('notes', { text: 'x' })).toBe(0)
  })

  test('a text/plain body (a cross-site simple request) is refused', async () => {
    const res = await request(`${h.lc.url}/functions/notes`, 'POST', JSON.stringify({ text: 'plain' }), {
      'content-type': 'text/plain',
    })
    expect(res.status).toBe(415)
    expect(h.lc.store.count('notes', { text: 'plain' })).toBe(0)
  })
})

describe('the SDK still reaches everything', () => {
  test('database, functions, storage and wx.openApi (multipart)', async () => {
    await h.db.collection('notes').add({ data: { text: 'through the sdk' } })
    expect((await h.db.collection('notes').where({ text: 'through the sdk' }).count()).total).toBe(1)
    const called = await h.cloud.callFunction({ name: 'echo', data: { q: 1 } })
    expect(called.result.event).toEqual({ q: 1 })
    const up = await h.cloud.uploadFile({ cloudPath: 'notes/a.txt', fileContent: Buffer.from('a') })
    const { fileList } = await h.cloud.getTempFileURL({ fileList: [up.fileID] })
    expect((await request(fileList[0].tempFileURL, 'GET')).body).toBe('a')
    await expect(h.cloud.openapi.security.msgSecCheck({ content: '这里很好' })).resolves.toMatchObject({ errCode: 0 })
  })
})
