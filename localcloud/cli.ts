/**
 * npm run cloud -- [--port 8710] [--data .localcloud/data] [--static dist/h5] [--functions dist/functions]
 *                  [--words <file>] [--quiet]
 * npm run cloud -- reset | export <dir> | import <dir> | collections   [--data <dir>]
 * npm run cloud -- fire <function>   [--port 8710 | --url http://127.0.0.1:8710]
 */
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'

import { cloud } from '../config/cloud'
import { type LocalCloud, startLocalCloud } from './server'
import type { Store } from './store/types'

const HELP = `Local WeChat Cloud

  npm run cloud -- [options]            start it; prints the URL and the TCB_CONTEXT_CNFG value
      --port <n>          port (default 8710; 0 = any free port)
      --host <h>          interface (default 127.0.0.1)
      --data <dir>        data folder: database, storage, subscriptions (default .localcloud/data)
      --functions <dir>   built function bundles (default dist/functions)
      --static <dir>      also serve this folder at / (the H5 build)
      --words <file>      word list for security.msgSecCheck, one word per line
      --no-timers         do not run timer triggers on their schedule
      --quiet             no request logging

  npm run cloud -- reset                 delete all data (database, storage, subscriptions, messages)
  npm run cloud -- export <dir>          write every collection as <dir>/<collection>.jsonl
  npm run cloud -- import <dir>          load <dir>/*.jsonl (replacing those collections)
  npm run cloud -- collections           collection names with document counts
  npm run cloud -- fire <function>       fire the function's timer trigger now, on the running cloud
                                         (--port/--url), or in-process when none is running
`

const DEFAULT_PORT = 8710
const DEFAULT_DATA = '.localcloud/data'

interface Args {
  command?: string
  operand?: string
  flags: Map<string, string | true>
}

function parseArgs(argv: string[]): Args {
  const flags = new Map<string, string | true>()
  const positional: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string
    if (a.startsWith('--')) {
      const [k, inline] = a.slice(2).split('=', 2) as [string, string | undefined]
      const next = argv[i + 1]
      if (inline !== undefined) flags.set(k, inline)
      else if (next !== undefined && !next.startsWith('--') && !['quiet', 'no-timers', 'help'].includes(k)) {
        flags.set(k, next)
        i++
      } else flags.set(k, true)
    } else if (a === '-h') flags.set('help', true)
    else positional.push(a)
  }
  return { command: positional[0], operand: positional[1], flags }
}

const str = (args: Args, k: string, fallback: string) => {
  const v = args.flags.get(k)
  return typeof v === 'string' ? v : fallback
}

async function openStoreAt(dataDir: string): Promise<Store> {
  const { openStore } = (await import('./store/index')) as { openStore: (dir: string, o: { quiet: boolean }) => Store }
  return openStore(path.join(path.resolve(dataDir), 'db'), { quiet: true })
}

function post(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST' }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }))
    })
    req.on('error', reject)
    req.end()
  })
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  if (args.flags.has('help')) {
    process.stdout.write(HELP)
    return
  }
  const dataDir = str(args, 'data', DEFAULT_DATA)
  switch (args.command) {
    case undefined:
      return serve(args, dataDir)
    case 'reset': {
      const store = await openStoreAt(dataDir)
      store.reset()
      store.close()
      for (const sub of ['storage', 'local']) fs.rmSync(path.join(dataDir, sub), { recursive: true, force: true })
      console.log(`reset ${path.resolve(dataDir)}`)
      return
    }
    case 'export':
    case 'import': {
      if (!args.operand) throw new Error(`usage: npm run cloud -- ${args.command} <dir>`)
      const store = await openStoreAt(dataDir)
      const dir = path.resolve(args.operand)
      if (args.command === 'export') {
        fs.mkdirSync(dir, { recursive: true })
        store.exportJsonl(dir)
      } else store.importJsonl(dir)
      const total = store.listCollections().reduce((n, c) => n + c.count, 0)
      store.close()
      console.log(`${args.command}ed ${total} documents ${args.command === 'export' ? 'to' : 'from'} ${dir}`)
      return
    }
    case 'collections': {
      const store = await openStoreAt(dataDir)
      const list = store.listCollections().sort((a, b) => a.name.localeCompare(b.name))
      store.close()
      const width = Math.max(10, ...list.map((c) => c.name.length))
      for (const c of list) console.log(`${c.name.padEnd(width)}  ${c.count}`)
      return
    }
    case 'fire': {
      if (!args.operand) throw new Error('usage: npm run cloud -- fire <function>')
      const url = str(args, 'url', `http://127.0.0.1:${str(args, 'port', String(DEFAULT_PORT))}`)
      try {
        const res = await post(`${url}/local/timers/${encodeURIComponent(args.operand)}`)
        console.log(res.body)
        if (res.status !== 200) process.exitCode = 1
        return
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ECONNREFUSED') throw e
      }
      // nothing listening: run the cloud in-process just for this firing
      const lc = await startLocalCloud({
        port: 0,
        dataDir,
        functionsDir: str(args, 'functions', 'dist/functions'),
        quiet: true,
        timers: false,
      })
      try {
        console.log(JSON.stringify({ result: await lc.fireTimer(args.operand) }))
      } finally {
        await lc.close()
      }
      return
    }
    default:
      throw new Error(`unknown command ${args.command}\n\n${HELP}`)
  }
}

async function serve(args: Args, dataDir: string): Promise<void> {
  const wordsFile = args.flags.get('words')
  const wordList =
    typeof wordsFile === 'string'
      ? fs
          .readFileSync(wordsFile, 'utf8')
          .split('\n')
          .map((w) => w.trim())
          .filter(Boolean)
      : undefined
  const staticDir = args.flags.get('static')
  const lc: LocalCloud = await startLocalCloud({
    port: Number(str(args, 'port', String(DEFAULT_PORT))),
    host: str(args, 'host', '127.0.0.1'),
    dataDir,
    functionsDir: str(args, 'functions', 'dist/functions'),
    staticDir: typeof staticDir === 'string' ? staticDir : undefined,
    quiet: args.flags.has('quiet'),
    timers: !args.flags.has('no-timers'),
    wordList,
  })
  // one line each, stable, so scripts and tests can read them
  console.log(`LOCAL_CLOUD_URL=${lc.url}`)
  console.log(`TCB_CONTEXT_CNFG=${lc.tcbContextCnfg}`)
  console.log(
    `env ${cloud.envId}; data in ${path.resolve(dataDir)}${typeof staticDir === 'string' ? `; H5 at ${lc.url}/` : ''}`,
  )
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    lc.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e: Error) => {
  console.error(e.message)
  process.exit(1)
})
