/**
 * `npm run deploy:config`: turns config/cloud.ts into what production needs —
 * - cloudbaserc.json for `tcb fn deploy` (functions from dist/functions, timeouts, memory, timer triggers);
 * - dist/deploy/indexes.md and indexes.json: every collection's indexes, to create in the CloudBase
 *   console (数据库 → 集合 → 索引管理) before the first deploy;
 * - dist/deploy/security-rules.json: the rule for every collection, denying all client access — the
 *   mini-program reaches data only through functions, which run as admin;
 * - dist/deploy/storage-rules.json: the storage bucket's rule — clients read nothing directly (functions
 *   hand out temporary URLs), and write only into the upload folders of src/shared/storage.ts, where only
 *   a file's uploader may overwrite or delete it;
 * - the secrets each function refuses to run without (config/cloud.ts `secrets`), listed by name and purpose
 *   in dist/deploy/secrets.md and on the console: set them by hand in each function's environment
 *   (云函数 → 函数配置 → 环境变量); their values are never written anywhere.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { cloud } from '../config/cloud'
import { STORAGE_KINDS, UPLOAD_PATH_PATTERNS } from '../src/shared/storage'
import { isEntry } from './lib/entry'

const root = resolve(__dirname, '..')

export function cloudbaserc(envId = process.env.TCB_ENV_ID || cloud.envId): object {
  return {
    version: '2.0',
    envId,
    functionRoot: './dist/functions',
    functions: cloud.functions.map((fn) => ({
      name: fn.name,
      timeout: fn.timeout,
      memorySize: fn.memorySize,
      runtime: cloud.runtime,
      handler: 'index.main',
      installDependency: true,
      ...(fn.envVariables ? { envVariables: fn.envVariables } : {}),
      ...(fn.triggers?.length ? { triggers: fn.triggers } : {}),
    })),
  }
}

export const securityRule = { read: false, write: false }

/** Each declared secret as `<function> <NAME>: <purpose>`, for whoever deploys. */
export function secretsToSet(): string[] {
  return cloud.functions.flatMap((fn) => (fn.secrets ?? []).map((s) => `${fn.name} ${s.name}: ${s.purpose}`))
}

/**
 * The storage security rule (云存储 → 权限设置 → 自定义安全规则). Its expressions test `resource.path` with
 * regular expression literals, compared to `true` explicitly as the rule language requires.
 */
export function storageRule(): { read: boolean; write: string } {
  const folders = STORAGE_KINDS.map(
    (kind) => `/${UPLOAD_PATH_PATTERNS[kind].replace(/\//g, '\\/')}/.test(resource.path) == true`,
  )
  return {
    read: false,
    write: `auth != null && auth.openid != null && resource.openid == auth.openid && (${folders.join(' || ')})`,
  }
}

if (isEntry(__filename)) {
  writeFileSync(join(root, 'cloudbaserc.json'), JSON.stringify(cloudbaserc(), null, 2) + '\n')
  const out = join(root, 'dist', 'deploy')
  mkdirSync(out, { recursive: true })
  writeFileSync(join(out, 'indexes.json'), JSON.stringify(cloud.collections, null, 2) + '\n')
  const lines = ['# Collections and indexes to create in CloudBase', '']
  for (const [name, decl] of Object.entries(cloud.collections)) {
    lines.push(`## ${name}`, '')
    for (const index of decl.indexes) {
      const keys = index.keys.map((k) => `${k.field} ${k.direction === 1 ? '升序' : '降序'}`).join(', ')
      lines.push(`- ${index.name}: ${keys}${index.unique ? ' (唯一 unique)' : ''}`)
    }
    lines.push('')
  }
  writeFileSync(join(out, 'indexes.md'), lines.join('\n'))
  writeFileSync(
    join(out, 'security-rules.json'),
    JSON.stringify(Object.fromEntries(Object.keys(cloud.collections).map((name) => [name, securityRule])), null, 2) +
      '\n',
  )
  writeFileSync(join(out, 'storage-rules.json'), JSON.stringify(storageRule(), null, 2) + '\n')
  const secrets = secretsToSet()
  writeFileSync(
    join(out, 'secrets.md'),
    ['# Secrets to set in each function’s environment (never committed)', '', ...secrets.map((l) => `- ${l}`), ''].join(
      '\n',
    ),
  )
  console.log(
    `wrote cloudbaserc.json and dist/deploy/{indexes.md,indexes.json,security-rules.json,storage-rules.json,secrets.md}`,
  )
  for (const line of secrets) console.log(`secret to set before deploying: ${line}`)
}
