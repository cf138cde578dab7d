/**
 * Durability: a process inserting and updating in a loop prints each write once the store acknowledged
 * it; it is killed with SIGKILL mid-stream; reopening the store must find every acknowledged write.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openStore } from '@localcloud/store'

const storeModule = path.resolve(__dirname, '../../../localcloud/store/index.ts')

const writer = (dir: string) => `
const { openStore } = require(${JSON.stringify(storeModule)})
const store = openStore(${JSON.stringify(dir)}, { quiet: true })
store.applyIndexes({ events: { indexes: [{ name: 'seq', keys: [{ field: 'seq', direction: 1 }], unique: true }] } })
store.insert('events', [{ _id: 'counter', n: 0 }])
let seq = 0
for (;;) {
  const [id] = store.insert('events', [{ seq, at: new Date(), payload: 'x'.repeat(200) }])
  store.update('events', { _id: 'counter' }, { $inc: { n: 1 } })
  process.stdout.write(id + ' ' + seq + '\\n')
  seq++
}
`

test('every acknowledged write survives SIGKILL', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-kill-'))
  const script = path.join(dir, 'writer.cjs')
  fs.writeFileSync(script, writer(path.join(dir, 'db')))
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.setEncoding('utf8')
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject)
    child.stdout.on('data', (chunk: string) => {
      out += chunk
      // kill well into the stream, while writes are in flight
      if (out.split('\n').length > 2000) {
        child.kill('SIGKILL')
        resolve()
      }
    })
    child.on('exit', () => resolve())
  })
  await new Promise((r) => child.once('close', r))
  const acked = out
    .split('\n')
    .filter((l) => /^\w{32} \d+$/.test(l))
    .map((l) => l.split(' ') as [string, string])
  expect(acked.length).toBeGreaterThan(1000)

  const store = openStore(path.join(dir, 'db'), { quiet: true })
  try {
    const stored = new Set(store.find('events', { seq: { $exists: true } }).map((d) => d._id))
    const missing = acked.filter(([id]) => !stored.has(id))
    expect(missing).toEqual([])
    // the counter was incremented after each acknowledged insert was printed or just before the kill
    const counter = store.find('events', { _id: 'counter' })[0]!.n as number
    expect(counter).toBeGreaterThanOrEqual(acked.length - 1)
  } finally {
    store.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}, 60_000)
