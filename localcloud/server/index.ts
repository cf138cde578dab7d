/**
 * The local WeChat Cloud: one HTTP server on 127.0.0.1 that answers
 *  - POST /admin              the CloudBase protocol wx-server-sdk speaks (database, functions, storage, wx.openApi)
 *  - PUT  /storage-upload/…   the upload step after storage.getUploadMetadata
 *  - GET  /storage/…          temporary download URLs
 *  - POST /functions/<name>   the H5 gateway (openid from X-WX-OPENID; local mode only)
 *  - /local/…                 local-only helpers: subscriptions, sent messages, timers, the functions' clock, health
 *  - GET  /…                  the H5 build, when `staticDir` is given
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

import { type CollectionDecl, type FunctionDecl, cloud } from '@config/cloud'
import { FunctionRunner, type InvocationTrace, type WxContext } from '../runner'
import type { Filter, Store } from '../store/types'
import { DatabaseActions } from './database'
import { CloudError, invalidParam, toCloudError } from './errors'
import { parseMultipart } from './multipart'
import { OpenApi } from './openapi'
import { decodeCommApiData, encodeCommOpenApiResp } from './protobuf'
import { storageRule } from '../../scripts/deploy-config'
import type { StorageRule } from './storage'
import { Storage, StorageRules, mimeOf, storageDenied } from './storage'

/** the platform rejects requests and responses above 6 MB and advises keeping callFunction data under 100 KB */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024
export const WARN_PAYLOAD_BYTES = 100 * 1024
const MAX_UPLOAD_BYTES = 64 * 1024 * 1024

export interface LocalCloudOptions {
  /** 0 picks a free port */
  port?: number
  host?: string
  dataDir: string
  /** built bundles, `<functionsDir>/<name>/index.js`; default dist/functions */
  functionsDir?: string
  /** serve this folder (the H5 build) at / */
  staticDir?: string
  quiet?: boolean
  /** with quiet: still write what functions print to stderr, their errors (benchmarks) */
  functionErrors?: boolean
  /** words that security.msgSecCheck reports as risky */
  wordList?: string[]
  /** default: config/cloud.ts */
  envId?: string
  functions?: FunctionDecl[]
  collections?: Record<string, CollectionDecl>
  /** the mini-program's appid as getWXContext reports it */
  appId?: string
  /** an already opened store (tests); default openStore(dataDir) */
  store?: Store
  /** run declared timer triggers on their cron (default true) */
  timers?: boolean
  /** count every invocation's database requests and round trips, for invokeTraced (benchmarks) */
  trace?: boolean
  /** the storage rule applied to clients; default the declared one (scripts/deploy-config.ts storageRule) */
  storageRule?: StorageRule
}

/** One /admin request as `watchRequests` reports it: `wx.openApi` calls carry their API name. */
export interface AdminRequest {
  action: string
  /** the collection, function or open API the request names */
  target: string
}

export interface LocalCloud {
  url: string
  port: number
  /** the value for the TCB_CONTEXT_CNFG environment variable that points wx-server-sdk here */
  tcbContextCnfg: string
  store: Store
  openApi: OpenApi
  close(): Promise<void>
  fireTimer(fn: string): Promise<unknown>
  /**
   * Moves the functions' clock (their `Date`, and the time a timer event carries) `ms` further ahead of
   * this machine's, for tests that let days pass; answers the offset now held. Local only: the runner
   * shifts each instance's clock, the bundles read time as they do in production.
   */
  moveClock(ms: number): number
  /** how far ahead the functions' clock runs, in ms (0 unless moved) */
  clockOffset(): number
  invoke(name: string, event: unknown, wxContext?: WxContext): Promise<unknown>
  /** every /admin request from now until `stop()` (tests: what a call made the function ask of the cloud) */
  watchRequests(): { stop(): AdminRequest[] }
  /** invoke, with the database requests and round trips the invocation made (needs `trace: true`) */
  invokeTraced(
    name: string,
    event: unknown,
    wxContext?: WxContext,
  ): Promise<{ result: unknown; trace?: InvocationTrace }>
  /** empties the database, storage, subscriptions and messages */
  reset(): void
}

/** the environment a process needs for the real wx-server-sdk to talk to this cloud */
export function sdkEnv(url: string, envId: string): Record<string, string> {
  return {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${url}/admin` }),
    // the node SDK refuses to start without credentials; the local cloud ignores signatures
    TENCENTCLOUD_SECRETID: 'local',
    TENCENTCLOUD_SECRETKEY: 'local',
    // without SCF the SDK first probes a metadata host, which times out on a closed network
    TENCENTCLOUD_RUNENV: 'SCF',
    TENCENTCLOUD_REGION: 'ap-shanghai',
    SCF_NAMESPACE: envId,
    TCB_ENV: envId,
  }
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) over = true
      // keep draining an oversize body so the client reads our error instead of a reset connection
      if (!over) chunks.push(c)
    })
    req.on('end', () =>
      over
        ? reject(new BodyTooLarge(`request body of ${size} bytes exceeds ${limit} bytes`))
        : resolve(Buffer.concat(chunks)),
    )
    req.on('error', reject)
  })
}

/**
 * Who may talk to the local cloud from a browser. A web page the developer opens elsewhere can send
 * "simple" cross-site requests (form content types, no custom headers) without a preflight, and a
 * DNS-rebound page reaches 127.0.0.1 under its own name. So every request must name this server in `Host`
 * (its host, or a loopback name, at its port), and a request with an `Origin` must come from a loopback
 * page: the H5 build served from here, or a local dev server pointed here with `?cloud=`.
 */
export function ownHosts(host: string, port: number): Set<string> {
  return new Set([host, '127.0.0.1', 'localhost', '[::1]'].map((name) => `${name}:${port}`.toLowerCase()))
}

const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/

export function isLoopbackOrigin(origin: string): boolean {
  return LOOPBACK_ORIGIN.test(origin.toLowerCase())
}

/** why a request does not come from this machine's own pages or programs, if it does not */
export function foreignRequest(req: http.IncomingMessage, hosts: Set<string>): string | undefined {
  const host = (req.headers.host ?? '').toLowerCase()
  if (!hosts.has(host)) return `Host ${JSON.stringify(req.headers.host ?? '')} is not this local cloud`
  const origin = req.headers.origin
  if (origin !== undefined && !isLoopbackOrigin(origin))
    return `Origin ${JSON.stringify(origin)} may not call this local cloud`
  return undefined
}

/** the media type of a request, without parameters */
const mediaType = (req: http.IncomingMessage) =>
  String(req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase() ?? ''

function cors(req: http.IncomingMessage, res: http.ServerResponse): void {
  const origin = req.headers.origin
  if (origin && isLoopbackOrigin(origin)) {
    res.setHeader('Access-Control-Allow-Origin', origin)
    res.setHeader('Vary', 'Origin')
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, OPTIONS')
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-WX-OPENID')
    res.setHeader('Access-Control-Max-Age', '600')
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  // exactly this content type: the node SDK's wx.openApi hook only JSON-parses replies labelled so
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  })
  res.end(text)
}

const requestId = () => crypto.randomBytes(12).toString('hex')

/**
 * The openid of a client's request: the local stand-in for the WeChat login is `X-WX-OPENID`, as on the H5
 * gateway ('' when the header is there but empty). The SDK never sends it: a request without it is server
 * code (a function with admin credentials, a script), which the platform's security rules do not bind.
 */
function clientOf(req: http.IncomingMessage): string | undefined {
  const header = req.headers['x-wx-openid']
  if (header === undefined) return undefined
  return (Array.isArray(header) ? header[0] : header) ?? ''
}

export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  const envId = opts.envId ?? cloud.envId
  const appId = opts.appId ?? 'wxlocal0000000000'
  const dataDir = path.resolve(opts.dataDir)
  fs.mkdirSync(dataDir, { recursive: true })
  const quiet = opts.quiet ?? false
  const log = (line: string) => {
    if (!quiet) console.log(`[localcloud] ${line}`)
  }
  const warn = (line: string) => {
    if (!quiet) console.warn(`[localcloud] ${line}`)
  }

  let store = opts.store
  if (!store) {
    const { openStore } = (await import('../store/index')) as {
      openStore: (dir: string, o: { quiet: boolean }) => Store
    }
    // the store's own unindexed-query warning is replaced by ours below, which honours `quiet`
    store = openStore(path.join(dataDir, 'db'), { quiet: true })
  }
  const db: Store = store
  const collections = opts.collections ?? cloud.collections
  for (const name of Object.keys(collections)) if (!db.hasCollection(name)) db.createCollection(name)
  db.applyIndexes(collections)
  const seenUnindexed = new Set<string>()
  db.onUnindexedQuery = (collection: string, filter: Filter) => {
    const shape = `${collection}:${Object.keys(filter).sort().join(',')}`
    if (seenUnindexed.has(shape)) return
    seenUnindexed.add(shape)
    warn(`query on ${collection} uses no declared index: ${JSON.stringify(filter)}`)
  }

  let baseUrl = ''
  const watchers = new Set<AdminRequest[]>()
  const seen = (request: AdminRequest) => {
    for (const list of watchers) list.push(request)
  }
  const database = new DatabaseActions(db)
  const storage = new Storage(dataDir, envId, `${envId}-local`, () => baseUrl)
  const storageRules = new StorageRules(opts.storageRule ?? storageRule())
  const openApi = new OpenApi(dataDir, opts.wordList ?? ['违禁测试词', 'forbidden-test-word'])
  // the functions' clock, ahead of this machine's by this much: tests move it to let deadlines pass
  let clockOffsetMs = 0
  const runner = new FunctionRunner({
    functionsDir: path.resolve(opts.functionsDir ?? 'dist/functions'),
    decls: opts.functions ?? cloud.functions,
    envId,
    appId,
    baseEnv: () => ({
      ...sdkEnv(baseUrl, envId),
      PATH: process.env.PATH ?? '',
      NODE_ENV: process.env.NODE_ENV ?? 'development',
    }),
    quiet,
    functionErrors: opts.functionErrors,
    log,
    trace: opts.trace,
    clockOffsetMs: () => clockOffsetMs,
  })

  async function invokeChecked(name: string, event: unknown, ctx: WxContext): Promise<string> {
    const text = await runner.invoke(name, event, ctx)
    const size = Buffer.byteLength(text)
    if (size > MAX_PAYLOAD_BYTES)
      throw new CloudError('FUNCTIONS_EXECUTE_FAIL', `response of ${name} is ${size} bytes, above the 6 MB limit`)
    if (size > WARN_PAYLOAD_BYTES)
      warn(`${name} returned ${Math.round(size / 1024)} KB; keep callFunction payloads under 100 KB`)
    return text
  }

  async function admin(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rid = requestId()
    const started = Date.now()
    let action = ''
    let target = ''
    // the SDK sends JSON, and multipart only for wx.openApi, always with its X-SDK-Version header, which
    // a browser may not add to a cross-site request without a preflight; a form or text/plain body is
    // what a web page can send anywhere without one
    const type = mediaType(req)
    if (
      type !== 'application/json' &&
      !(type === 'multipart/form-data' && req.headers['x-sdk-version'] !== undefined)
    ) {
      const message = `content type ${JSON.stringify(req.headers['content-type'] ?? '')}: the CloudBase API takes application/json`
      warn(`refused /admin: ${message}`)
      return sendJson(res, 415, { code: 'INVALID_PARAM', message, requestId: rid })
    }
    try {
      let body: Buffer
      try {
        body = await readBody(req, MAX_PAYLOAD_BYTES)
      } catch (e) {
        if (e instanceof BodyTooLarge) throw invalidParam(`${e.message}: the request payload limit is 6 MB`)
        throw e
      }
      if (type === 'multipart/form-data') {
        const parts = parseMultipart(body, String(req.headers['content-type']))
        action = parts.get('action')?.toString() ?? ''
        if (clientOf(req) !== undefined)
          throw new CloudError('PERMISSION_DENIED', 'the open API is called by functions, not by clients')
        if (action !== 'wx.openApi') throw new CloudError('INVALID_ACTION', `unsupported multipart action ${action}`)
        const apiName = parts.get('apiName')?.toString() ?? ''
        seen({ action, target: apiName })
        const request = decodeCommApiData(parts.get('requestData') ?? Buffer.alloc(0))
        const reply = openApi.call(apiName, request.data)
        const pb = encodeCommOpenApiResp({
          respData: JSON.stringify(reply),
          contentType: 'application/json; charset=utf-8',
        })
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': pb.length })
        res.end(pb)
        return
      }
      let params: Record<string, unknown>
      try {
        const parsed: unknown = JSON.parse(body.toString('utf8'))
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object')
        params = parsed as Record<string, unknown>
      } catch (e) {
        throw invalidParam(`request body is not a JSON object: ${(e as Error).message}`)
      }
      action = typeof params.action === 'string' ? params.action : ''
      target = String(params.collectionName ?? params.function_name ?? '')
      seen({ action, target })
      // lets a traced function instance tell database requests from storage and function calls (runner)
      if (action.startsWith('database.')) res.setHeader('X-LocalCloud-Database', '1')
      if (body.length > WARN_PAYLOAD_BYTES) warn(`${action} request of ${Math.round(body.length / 1024)} KB`)
      const reply = await dispatch(action, params, req)
      sendJson(res, 200, { ...reply, requestId: rid })
      log(`${action} ${target} ${Date.now() - started} ms`)
    } catch (e) {
      const err = toCloudError(e)
      if (err.code === 'SYS_ERR') warn(`${action}: ${(e as Error).stack ?? err.message}`)
      else log(`${action} ${target} ${err.code}: ${err.message}`)
      sendJson(res, 200, { code: err.code, message: err.message, requestId: rid })
    }
  }

  /**
   * A client's request, as the platform answers a mini-program: the database security rules
   * (`{ read: false, write: false }`, dist/deploy/security-rules.json) refuse every database request;
   * storage follows the declared storage rule — uploads only into the folders it names and over one's own
   * files, no direct reads (functions hand out temporary URLs), deletes of one's own files only; functions
   * are called through the gateway.
   */
  function clientDispatch(openid: string, action: string, p: Record<string, unknown>): Record<string, unknown> {
    if (action.startsWith('database.'))
      throw new CloudError('DATABASE_PERMISSION_DENIED', 'the security rules let no client read or write the database')
    if (action === 'storage.getUploadMetadata') {
      const cloudPath = typeof p.path === 'string' ? p.path : ''
      // the path first: a path outside the folders is refused before anything is looked up on disk
      const refusal =
        storageRules.writeRefusal(openid, cloudPath, undefined) ??
        storageRules.writeRefusal(openid, cloudPath, storage.uploaderOf(cloudPath))
      if (refusal) throw storageDenied(refusal)
      return storage.getUploadMetadata(p, openid)
    }
    if (action === 'storage.batchGetDownloadUrl') {
      if (storageRules.mayRead()) return storage.batchGetDownloadUrl(p)
      const list = Array.isArray(p.file_list) ? (p.file_list as { fileid?: unknown }[]) : []
      const download_list = list.map((item) => ({
        fileID: String(item?.fileid ?? ''),
        tempFileURL: '',
        code: 'STORAGE_EXCEED_AUTHORITY',
      }))
      return { data: { download_list } }
    }
    if (action === 'storage.batchDeleteFile') {
      const list = Array.isArray(p.fileid_list) ? p.fileid_list.map(String) : []
      const allowed = list.filter((fileID) => {
        const cloudPath = storage.cloudPathOf(fileID)
        return (
          cloudPath !== undefined &&
          !storageRules.writeRefusal(openid, cloudPath, undefined) &&
          !storageRules.writeRefusal(openid, cloudPath, storage.uploaderOf(cloudPath))
        )
      })
      const deleted = new Map(
        (
          (
            storage.batchDeleteFile({ fileid_list: allowed }).data as {
              delete_list: { fileID: string; code: string }[]
            }
          ).delete_list ?? []
        ).map((d) => [d.fileID, d.code]),
      )
      return {
        data: {
          delete_list: list.map((fileID) => ({ fileID, code: deleted.get(fileID) ?? 'STORAGE_EXCEED_AUTHORITY' })),
        },
      }
    }
    throw new CloudError('PERMISSION_DENIED', `${action || 'this action'} is not open to clients`)
  }

  async function dispatch(
    action: string,
    p: Record<string, unknown>,
    req: http.IncomingMessage,
  ): Promise<Record<string, unknown>> {
    const client = clientOf(req)
    if (client !== undefined) return clientDispatch(client, action, p)
    if (action.startsWith('database.')) {
      const reply = database.handle(action, p)
      if (reply) return reply
    } else if (action === 'functions.invokeFunction') {
      const name = p.function_name
      if (typeof name !== 'string' || !name) throw invalidParam('function_name is required')
      const raw = typeof p.request_data === 'string' ? p.request_data : ''
      if (Buffer.byteLength(raw) > WARN_PAYLOAD_BYTES)
        warn(`callFunction ${name} with ${Math.round(raw.length / 1024)} KB of data; keep it under 100 KB`)
      let event: unknown = {}
      if (raw) {
        try {
          event = JSON.parse(raw)
        } catch {
          throw invalidParam('request_data is not JSON')
        }
      }
      // a call arriving through this protocol comes from server code (another function, a script):
      // production gives the callee no user identity and SOURCE wx_function
      const source = String(req.headers['x-tcb-source'] ?? '')
      const text = await invokeChecked(name, event, { SOURCE: source.includes('scf') ? 'wx_function' : 'wx_http' })
      return { data: { response_data: text } }
    } else if (action === 'storage.getUploadMetadata') {
      return storage.getUploadMetadata(p)
    } else if (action === 'storage.batchGetDownloadUrl') {
      return storage.batchGetDownloadUrl(p)
    } else if (action === 'storage.batchDeleteFile') {
      return storage.batchDeleteFile(p)
    }
    throw new CloudError('INVALID_ACTION', `unknown action ${JSON.stringify(action)}`)
  }

  async function gateway(name: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (mediaType(req) !== 'application/json') {
      return sendJson(res, 415, { errCode: -501007, errMsg: 'the gateway takes application/json' })
    }
    let body: Buffer
    try {
      body = await readBody(req, MAX_PAYLOAD_BYTES)
    } catch (e) {
      return sendJson(res, 413, { errCode: -501007, errMsg: (e as Error).message })
    }
    if (body.length > WARN_PAYLOAD_BYTES)
      warn(`callFunction ${name} from H5 with ${Math.round(body.length / 1024)} KB of data`)
    let data: unknown = {}
    if (body.length) {
      try {
        data = JSON.parse(body.toString('utf8'))
      } catch {
        return sendJson(res, 400, { errCode: -501007, errMsg: 'body is not JSON' })
      }
    }
    const openid = req.headers['x-wx-openid']
    const started = Date.now()
    try {
      const text = await invokeChecked(name, data, {
        OPENID: typeof openid === 'string' && openid ? openid : undefined,
        CLIENTIP: req.socket.remoteAddress?.replace(/^::ffff:/, ''),
        SOURCE: 'wx_client',
      })
      res.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(text),
      })
      res.end(text)
      log(`H5 ${name} as ${typeof openid === 'string' ? openid : '(no openid)'} ${Date.now() - started} ms`)
    } catch (e) {
      const err = toCloudError(e)
      log(`H5 ${name} failed: ${err.message}`)
      const status = err.code === 'FUNCTION_NOT_FOUND' ? 404 : err.code === 'INVALID_PARAM' ? 400 : 500
      const errCode = err.code === 'FUNCTION_NOT_FOUND' ? -501000 : err.code === 'INVALID_PARAM' ? -501007 : -504002
      sendJson(res, status, { errCode, errMsg: `cloud.callFunction:fail ${err.message}` })
    }
  }

  async function local(route: string, url: URL, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (route === 'health') return sendJson(res, 200, { ok: true, envId })
    if (route === 'collections' && req.method === 'GET') return sendJson(res, 200, db.listCollections())
    if (route === 'messages' && req.method === 'GET')
      return sendJson(res, 200, openApi.listMessages(url.searchParams.get('touser') ?? undefined))
    if (route === 'subscriptions') {
      if (req.method === 'GET') return sendJson(res, 200, openApi.remaining(url.searchParams.get('openid') ?? ''))
      if (req.method === 'POST') {
        const body = JSON.parse((await readBody(req, WARN_PAYLOAD_BYTES)).toString() || '{}') as {
          openid?: unknown
          templateIds?: unknown
          longTerm?: unknown
        }
        if (typeof body.openid !== 'string' || !Array.isArray(body.templateIds)) {
          return sendJson(res, 400, { errMsg: 'expected { openid, templateIds: [] }' })
        }
        return sendJson(res, 200, openApi.grant(body.openid, body.templateIds.map(String), body.longTerm === true))
      }
    }
    if (route === 'clock') {
      if (req.method === 'POST') {
        const body = JSON.parse((await readBody(req, WARN_PAYLOAD_BYTES)).toString() || '{}') as { moveMs?: unknown }
        if (typeof body.moveMs !== 'number' || !Number.isFinite(body.moveMs))
          return sendJson(res, 400, { errMsg: 'expected { moveMs: number }' })
        clockOffsetMs += body.moveMs
      }
      return sendJson(res, 200, { offsetMs: clockOffsetMs, now: new Date(Date.now() + clockOffsetMs).toISOString() })
    }
    const timer = /^timers\/([A-Za-z0-9_-]+)$/.exec(route)
    if (timer && req.method === 'POST') {
      try {
        return sendJson(res, 200, { result: await runner.fireTimer(timer[1] as string) })
      } catch (e) {
        const err = toCloudError(e)
        return sendJson(res, err.code === 'FUNCTION_NOT_FOUND' ? 404 : 500, { code: err.code, message: err.message })
      }
    }
    sendJson(res, 404, { errMsg: `no local route ${route}` })
  }

  function serveFile(file: string, type: string, req: http.IncomingMessage, res: http.ServerResponse): void {
    const stat = fs.statSync(file)
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': stat.size })
    if (req.method === 'HEAD') return void res.end()
    fs.createReadStream(file).pipe(res)
  }

  function serveStatic(pathname: string, req: http.IncomingMessage, res: http.ServerResponse): boolean {
    if (!opts.staticDir) return false
    const root = path.resolve(opts.staticDir)
    let rel = decodeURIComponent(pathname)
    if (rel.endsWith('/')) rel += 'index.html'
    const file = path.resolve(root, `.${rel}`)
    if (!file.startsWith(root + path.sep)) return false
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return false
    serveFile(file, mimeOf(file), req, res)
    return true
  }

  let hosts = new Set<string>()
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const { pathname } = url
    const handle = async () => {
      const refusal = foreignRequest(req, hosts)
      if (refusal) {
        warn(`refused ${req.method} ${pathname}: ${refusal}`)
        return pathname === '/admin' || pathname.startsWith('/admin/')
          ? sendJson(res, 403, { code: 'PERMISSION_DENIED', message: refusal, requestId: requestId() })
          : sendJson(res, 403, { errMsg: refusal })
      }
      cors(req, res)
      if (req.method === 'OPTIONS') {
        res.writeHead(204)
        return void res.end()
      }
      if (pathname === '/admin' || pathname.startsWith('/admin/')) {
        if (req.method !== 'POST') return sendJson(res, 405, { code: 'INVALID_PARAM', message: 'POST only' })
        return admin(req, res)
      }
      if (pathname.startsWith('/functions/') && req.method === 'POST')
        return gateway(decodeURIComponent(pathname.slice(11)), req, res)
      if (pathname.startsWith('/local/')) return local(pathname.slice(7), url, req, res)
      if (pathname.startsWith('/storage-upload/') && (req.method === 'PUT' || req.method === 'POST')) {
        try {
          storage.writeUpload(pathname.slice(16), url.searchParams, await readBody(req, MAX_UPLOAD_BYTES))
          res.writeHead(200, { 'Content-Length': 0 })
          return void res.end()
        } catch (e) {
          const err = toCloudError(e)
          const xml = `<?xml version='1.0' encoding='utf-8' ?><Error><Code>${err.code}</Code><Message>${err.message}</Message><RequestId>${requestId()}</RequestId><TraceId>local</TraceId></Error>`
          res.writeHead(403, { 'Content-Type': 'application/xml' })
          return void res.end(xml)
        }
      }
      if (pathname.startsWith('/storage/') && (req.method === 'GET' || req.method === 'HEAD')) {
        try {
          const found = storage.read(pathname.slice(9), url.searchParams)
          if (!found) return sendJson(res, 404, { code: 'STORAGE_FILE_NONEXIST', message: 'file not found' })
          return serveFile(found.file, found.type, req, res)
        } catch (e) {
          return sendJson(res, 403, { code: toCloudError(e).code, message: (e as Error).message })
        }
      }
      if ((req.method === 'GET' || req.method === 'HEAD') && serveStatic(pathname, req, res)) return
      sendJson(res, 404, { errMsg: `not found: ${pathname}` })
    }
    handle().catch((e: Error) => {
      warn(`${req.method} ${pathname}: ${e.stack ?? e.message}`)
      if (!res.headersSent) sendJson(res, 500, { code: 'SYS_ERR', message: e.message })
      else res.end()
    })
  })
  server.keepAliveTimeout = 30_000

  const host = opts.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  baseUrl = `http://${host}:${port}`
  hosts = ownHosts(host, port)
  if (opts.timers !== false) runner.startTimers()
  log(`listening on ${baseUrl} (env ${envId}, data ${dataDir})`)

  let closed = false
  return {
    url: baseUrl,
    port,
    tcbContextCnfg: JSON.stringify({ URL: `${baseUrl}/admin` }),
    store: db,
    openApi,
    async close() {
      if (closed) return
      closed = true
      await runner.close()
      database.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      if (!opts.store) db.close()
    },
    fireTimer: (fn) => runner.fireTimer(fn),
    moveClock(ms) {
      if (!Number.isFinite(ms)) throw new RangeError(`cannot move the clock by ${ms}`)
      clockOffsetMs += ms
      return clockOffsetMs
    },
    clockOffset: () => clockOffsetMs,
    watchRequests() {
      const list: AdminRequest[] = []
      watchers.add(list)
      return {
        stop() {
          watchers.delete(list)
          return list
        },
      }
    },
    async invoke(name, event, wxContext = {}) {
      return JSON.parse(await invokeChecked(name, event, wxContext)) as unknown
    },
    async invokeTraced(name, event, wxContext = {}) {
      const { text, trace } = await runner.invokeTraced(name, event, wxContext)
      return { result: JSON.parse(text) as unknown, trace }
    },
    reset() {
      db.reset()
      for (const name of Object.keys(collections)) if (!db.hasCollection(name)) db.createCollection(name)
      db.applyIndexes(collections)
      storage.reset()
      openApi.reset()
      clockOffsetMs = 0
    },
  }
}
