/**
 * Durability at the protocol level: the CLI is killed with SIGKILL while writes are in flight; a restart
 * on the same data folder must hold every write it acknowledged.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'

import { EJSON } from 'bson'

import { tmpDir } from '../helpers'

jest.setTimeout(90_000)

const ROOT = path.resolve(__dirname, '../../..')

/**
 * `node --import tsx`, not the tsx binary: that one runs the script in a child process, so SIGKILL to it
 * would leave the cloud itself running.
 */

function startCli(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'localcloud/cli.ts', '--port', '0', '--data', dataDir, '--quiet', '--no-timers'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString()
      const m = /LOCAL_CLOUD_URL=(\S+)/.exec(out)
      if (m) resolve({ child, url: m[1] as string })
    })
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()))
    child.once('exit', (code) => reject(new Error(`cli exited with ${code}: ${err}`)))
  })
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 })

interface Reply {
  data: { insertedIds?: string[]; updated?: number; list: string[] }
}

function call(url: string, params: Record<string, unknown>): Promise<Reply> {
  const body = JSON.stringify({ envName: 'shiliuzi', ...params })
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/admin`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString()))
          } catch (e) {
            reject(e)
          }
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

test('every acknowledged write survives SIGKILL', async () => {
  const dataDir = tmpDir('localcloud-durable-')
  // `audit` is a collection declared in config/cloud.ts, so the CLI creates it at start
  const first = await startCli(dataDir)
  const acked: string[] = []
  let ackedIncs = 0
  let sentIncs = 0
  await call(first.url, {
    action: 'database.insertDocument',
    collectionName: 'audit',
    data: [EJSON.stringify({ _id: 'counter', n: 0 })],
  })

  let running = true
  const writer = async (w: number) => {
    for (let i = 0; running; i++) {
      const id = `w${w}-${i}`
      try {
        if (i % 4 === 3) {
          sentIncs++
          const r = await call(first.url, {
            action: 'database.modifyDocument',
            collectionName: 'audit',
            queryType: 'DOC',
            query: EJSON.stringify({ _id: 'counter' }),
            data: EJSON.stringify({ $inc: { n: 1 } }),
            multi: false,
            merge: true,
            upsert: false,
          })
          if (r.data?.updated === 1) ackedIncs++
        } else {
          const r = await call(first.url, {
            action: 'database.insertDocument',
            collectionName: 'audit',
            data: [EJSON.stringify({ _id: id, actor: `w${w}`, at: new Date(), seq: i })],
          })
          if (r.data?.insertedIds?.[0] === id) acked.push(id)
        }
      } catch {
        return // the connection died with the process
      }
    }
  }
  const writers = [0, 1, 2, 3].map(writer)
  await new Promise((r) => setTimeout(r, 1500))
  const killed = new Promise((r) => first.child.once('exit', r))
  first.child.kill('SIGKILL')
  running = false
  await Promise.all(writers)
  await killed
  expect(acked.length).toBeGreaterThan(20)

  const second = await startCli(dataDir)
  try {
    const found = new Set<string>()
    for (let i = 0; i < acked.length; i += 1000) {
      const chunk = acked.slice(i, i + 1000)
      const r = await call(second.url, {
        action: 'database.getDocument',
        collectionName: 'audit',
        queryType: 'WHERE',
        query: EJSON.stringify({ _id: { $in: chunk } }),
        limit: 1000,
      })
      for (const text of r.data.list as string[]) found.add((EJSON.parse(text) as { _id: string })._id)
    }
    const missing = acked.filter((id) => !found.has(id))
    expect(missing).toEqual([])
    const counter = await call(second.url, {
      action: 'database.getDocument',
      collectionName: 'audit',
      queryType: 'DOC',
      query: EJSON.stringify({ _id: 'counter' }),
    })
    const n = (EJSON.parse(counter.data.list[0] ?? '{}') as { n: number }).n
    expect(n).toBeGreaterThanOrEqual(ackedIncs)
    expect(n).toBeLessThanOrEqual(sentIncs)
  } finally {
    const exited = new Promise((r) => second.child.once('exit', r))
    second.child.kill('SIGTERM')
    await exited
    agent.destroy()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
})
