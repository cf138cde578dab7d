/**
 * Starts a local cloud on a random port with a fresh data folder and points the REAL wx-server-sdk at it,
 * the way wx-server-sdk finds its endpoint: TCB_CONTEXT_CNFG, dummy credentials, TENCENTCLOUD_RUNENV=SCF, env id.
 */
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'

import type { CollectionDecl, FunctionDecl } from '@config/cloud'
import { type LocalCloud, type LocalCloudOptions, sdkEnv, startLocalCloud } from '@localcloud/server'

export const ENV_ID = 'shiliuzi'
export const FIXTURE_FUNCTIONS = path.join(__dirname, 'fixtures', 'functions')

/* eslint-disable @typescript-eslint/no-explicit-any -- the SDK ships loose typings; tests use it as apps do */
export type Sdk = any

export interface Harness {
  lc: LocalCloud
  cloud: Sdk
  db: Sdk
  _: Sdk
  dataDir: string
  stop(): Promise<void>
}

export function tmpDir(prefix = 'localcloud-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

export async function startHarness(
  collections: string[],
  extra: Partial<LocalCloudOptions> & { functions?: FunctionDecl[] } = {},
): Promise<Harness> {
  const dataDir = tmpDir()
  const decls: Record<string, CollectionDecl> = {}
  for (const c of collections) decls[c] = { indexes: [] }
  const lc = await startLocalCloud({
    port: 0,
    dataDir,
    quiet: true,
    functionsDir: FIXTURE_FUNCTIONS,
    collections: decls,
    functions: [],
    timers: false,
    ...extra,
  })
  Object.assign(process.env, sdkEnv(lc.url, ENV_ID))
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk')
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
  const db = cloud.database()
  return {
    lc,
    cloud,
    db,
    _: db.command,
    dataDir,
    async stop() {
      await lc.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export interface RawReply {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
  json: any
}

/** a raw HTTP request, for what the SDK never sends (malformed EJSON, unknown actions, oversize bodies) */
export function request(
  url: string,
  method: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString()
        let json: unknown
        try {
          json = JSON.parse(text)
        } catch {
          json = undefined
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json })
      })
    })
    req.on('error', reject)
    if (body !== undefined) req.write(body)
    req.end()
  })
}

export const admin = (lc: LocalCloud, params: Record<string, unknown>) =>
  request(`${lc.url}/admin`, 'POST', JSON.stringify({ envName: ENV_ID, ...params }))

/** the `_id`s of a result, sorted, so expectations do not depend on storage order */
export const ids = (res: { data: { _id: string }[] }) => res.data.map((d) => d._id).sort()
