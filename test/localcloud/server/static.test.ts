/** `npm start` serves the H5 build from the cloud's own port: index.html at / (hash router), assets by path. */
import fs from 'node:fs'
import path from 'node:path'

import { type Harness, request, startHarness, tmpDir } from '../helpers'

let h: Harness
let site: string

beforeAll(async () => {
  site = tmpDir('localcloud-site-')
  fs.writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>石榴籽</title>')
  fs.mkdirSync(path.join(site, 'js'))
  fs.writeFileSync(path.join(site, 'js', 'app.js'), 'console.log(1)')
  h = await startHarness([], { staticDir: site })
})
afterAll(async () => {
  await h.stop()
  fs.rmSync(site, { recursive: true, force: true })
})

test('index.html at / and assets with their content types', async () => {
  const index = await request(`${h.lc.url}/`, 'GET')
  expect(index.status).toBe(200)
  expect(index.headers['content-type']).toMatch(/text\/html/)
  expect(index.body).toContain('石榴籽')
  const js = await request(`${h.lc.url}/js/app.js`, 'GET')
  expect(js.headers['content-type']).toMatch(/javascript/)
})

test('no escape from the folder, and unknown paths are 404', async () => {
  expect((await request(`${h.lc.url}/../../etc/passwd`, 'GET')).status).toBe(404)
  expect((await request(`${h.lc.url}/%2e%2e/%2e%2e/etc/passwd`, 'GET')).status).toBe(404)
  expect((await request(`${h.lc.url}/missing.js`, 'GET')).status).toBe(404)
})

test('the cloud endpoints still answer beside the static site', async () => {
  expect((await request(`${h.lc.url}/local/health`, 'GET')).json).toEqual({ ok: true, envId: 'shiliuzi' })
})
