/**
 * Bundles every declared cloud function into dist/functions/<name>/ — the deployable artefact.
 * WeChat uploads each function folder alone, so shared code (src/shared, cloudfunctions/_shared) is
 * inlined; wx-server-sdk stays external and pinned, installed by the cloud from package.json.
 * The local cloud runs exactly these folders.
 */
import { build } from 'esbuild'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { cloud } from '../config/cloud'
import { isEntry } from './lib/entry'

const root = resolve(__dirname, '..')
export const functionsOut = join(root, 'dist', 'functions')

const sdkVersion: string = JSON.parse(
  readFileSync(join(root, 'node_modules/wx-server-sdk/package.json'), 'utf8'),
).version

export async function buildFunctions(names = cloud.functions.map((f) => f.name), quiet = false): Promise<void> {
  for (const name of names) {
    const out = join(functionsOut, name)
    rmSync(out, { recursive: true, force: true })
    mkdirSync(out, { recursive: true })
    const started = Date.now()
    await build({
      entryPoints: [join(root, 'cloudfunctions', name, 'index.ts')],
      outfile: join(out, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node16',
      format: 'cjs',
      external: ['wx-server-sdk'],
      sourcemap: 'inline',
      legalComments: 'none',
      logLevel: 'warning',
    })
    writeFileSync(
      join(out, 'package.json'),
      JSON.stringify(
        { name, version: '1.0.0', private: true, main: 'index.js', dependencies: { 'wx-server-sdk': sdkVersion } },
        null,
        2,
      ) + '\n',
    )
    if (!quiet) console.log(`built ${name} in ${Date.now() - started} ms`)
  }
}

if (isEntry(__filename)) {
  buildFunctions(process.argv.slice(2).length ? process.argv.slice(2) : undefined).catch((error) => {
    console.error(error)
    process.exit(1)
  })
}
