/**
 * The catalogues are complete in both languages: every area file under src/shared/i18n, every key,
 * non-empty, Tibetan where the Chinese is Chinese, the same {placeholders}, registered in index.ts.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { catalogues, t } from '@shared/i18n'

const dir = join(__dirname, '../../../src/shared/i18n')
/** index.ts merges the areas and all.ts registers the staff-only ones; glossary.ts holds terms, not messages
 * (test/unit/glossary.test.ts) */
const NOT_AREAS = new Set(['index.ts', 'all.ts', 'glossary.ts'])
const areaFiles = readdirSync(dir).filter((file) => /\.ts$/.test(file) && !NOT_AREAS.has(file))

interface Area {
  zh: Record<string, string>
  bo: Record<string, string>
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- each area file, found at run time
const areas: [string, Area][] = areaFiles.map((file) => [file, require(join(dir, file)) as Area])

/** Keys whose Tibetan text may be without Tibetan script: a language's own name is written in its script. */
const NOT_TIBETAN_OK = new Set(['lang.zh-Hans'])

const HAN = /\p{Script=Han}/u
const TIBETAN = /[\u0F00-\u0FFF]/
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

test('there are area files to check', () => {
  expect(areaFiles).toEqual(expect.arrayContaining(['common.ts']))
})

describe.each(areas)('%s', (_file, area) => {
  const zhKeys = Object.keys(area.zh)
  const boKeys = Object.keys(area.bo)

  test('has the same keys in Chinese and Tibetan', () => {
    expect(boKeys.filter((key) => !(key in area.zh))).toEqual([])
    expect(zhKeys.filter((key) => !(key in area.bo))).toEqual([])
  })

  test('has no empty text in either language', () => {
    const empty = [
      ...zhKeys.filter((key) => !area.zh[key]?.trim()).map((key) => `zh-Hans ${key}`),
      ...boKeys.filter((key) => !area.bo[key]?.trim()).map((key) => `bo ${key}`),
    ]
    expect(empty).toEqual([])
  })

  test('writes Tibetan in Tibetan script where the Chinese is in Chinese', () => {
    const untranslated = zhKeys.filter(
      (key) => !NOT_TIBETAN_OK.has(key) && HAN.test(area.zh[key] ?? '') && !TIBETAN.test(area.bo[key] ?? ''),
    )
    expect(untranslated).toEqual([])
  })

  test('uses the same {placeholders} in both languages', () => {
    const mismatched = zhKeys.filter(
      (key) => placeholders(area.zh[key] ?? '').join() !== placeholders(area.bo[key] ?? '').join(),
    )
    expect(mismatched).toEqual([])
  })

  test('is registered in the catalogues that t() reads', () => {
    const missing = zhKeys.filter(
      (key) => catalogues['zh-Hans'][key as keyof (typeof catalogues)['zh-Hans']] === undefined,
    )
    expect(missing).toEqual([])
  })
})

test('no key is defined by two areas (one would silently hide the other)', () => {
  const seen = new Map<string, string>()
  const clashes: string[] = []
  for (const [file, area] of areas) {
    for (const key of Object.keys(area.zh)) {
      const other = seen.get(key)
      if (other) clashes.push(`${key}: ${other} and ${file}`)
      seen.set(key, file)
    }
  }
  expect(clashes).toEqual([])
})

test('t() fills placeholders and falls back to Chinese, never to an empty label', () => {
  expect(t('zh-Hans', 'household.members', { count: 3 })).toBe('3 位家庭成员')
  expect(t('bo', 'household.members', { count: 3 })).toBe('ཁྱིམ་མི་ 3')
})
