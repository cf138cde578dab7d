/**
 * One word per idea in Tibetan: every catalogue entry, the demo notices and the dataset generator's
 * Tibetan follow src/shared/i18n/glossary.ts. A wrong variant is matched as a whole multi-syllable form
 * on syllable boundaries (a fused particle such as འི or ར may follow), so a right word that contains
 * the same letters (ཞིབ་བཤེར་བྱེད་མཁན, མི་རིགས་མཐུན་སྒྲིལ) is not flagged.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { catalogues } from '@shared/i18n'
import type { MessageKey } from '@shared/i18n'
import { glossary } from '@shared/i18n/glossary'
import type { Term } from '@shared/i18n/glossary'

const root = join(__dirname, '../../..')
const terms = Object.entries(glossary) as [string, Term][]

/** a Tibetan letter, vowel sign or subjoined letter: anything that continues a syllable */
const LETTER = '[\\u0F40-\\u0FBC]'
const PARTICLE = '(?:འི|འམ|འང|འོ|ས|ར)?'
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Whether `text` uses the word `form` (not merely a string that contains its letters). */
function uses(text: string, form: string): boolean {
  return new RegExp(`(?<!${LETTER})${escape(form)}${PARTICLE}(?!${LETTER})`, 'u').test(text)
}

function wrongIn(text: string): string[] {
  return terms.flatMap(([concept, term]) => {
    const checked = (term.notWrongIn ?? []).reduce((rest, phrase) => rest.split(phrase).join(' '), text)
    return (term.wrong ?? []).filter((form) => uses(checked, form)).map((form) => `${concept}: ${form}`)
  })
}

const keys = Object.keys(catalogues['zh-Hans']) as MessageKey[]

/** The demo notices as Chinese/Tibetan pairs, read from the script's text (it only runs the demo). */
const demoSource = readFileSync(join(root, 'scripts/demo-content.ts'), 'utf8')
const demoPairs = [...demoSource.matchAll(/'zh-Hans': '([^']*)',\s*bo: '([^']*)'/g)].map((m, i) => ({
  name: `demo text ${i + 1}`,
  zh: m[1] ?? '',
  bo: m[2] ?? '',
}))

const entries = [
  ...keys.map((key) => ({ name: key, zh: catalogues['zh-Hans'][key], bo: catalogues.bo[key] })),
  ...demoPairs,
]

const datasetDir = join(root, 'scripts/dataset')
const datasetSources = readdirSync(datasetDir)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => [`scripts/dataset/${file}`, readFileSync(join(datasetDir, file), 'utf8')] as const)

describe('the matcher', () => {
  test('finds a wrong form as a word, with or without a fused particle', () => {
    expect(uses('ཁྱིམ་ཚང་དང་འབྲེལ་མཐུད་ལས་བྱེད་པ།', 'འབྲེལ་མཐུད་ལས་བྱེད་པ')).toBe(true)
    expect(uses('འབྲེལ་མཐུད་ལས་བྱེད་པའི་མིང་།', 'འབྲེལ་མཐུད་ལས་བྱེད་པ')).toBe(true)
    expect(uses('ཞིབ་བཤེར་བ།', 'ཞིབ་བཤེར་བ')).toBe(true)
  })

  test('does not flag right words that contain a wrong form’s letters or syllables', () => {
    expect(wrongIn('ཐོབ་ཐང་འབྲེལ་མཐུད་གནང་རོགས།')).toEqual([])
    expect(wrongIn('མི་རིགས་མཐུན་སྒྲིལ་ཁྱིམ་ཚང་དུ་འཛུལ་བ།')).toEqual([])
    expect(wrongIn('ཞིབ་བཤེར་བྱེད་མཁན། ཞིབ་བཤེར་བྱས་རྗེས།')).toEqual([])
    expect(wrongIn('ཉེན་ཁ་མཐོ། བསྐྱར་གཏོང་། ཁ་པར་གཏོང་བ།')).toEqual([])
    expect(wrongIn('ལས་བྱེད་པ་ 3 ལས་སྡེ་དགེ་རྫོང་ནས་ཡིན།')).toEqual([])
  })

  test('the glossary’s own terms pass its own check', () => {
    expect(terms.flatMap(([, term]) => wrongIn(term.bo))).toEqual([])
    expect(terms.filter(([, term]) => !uses(term.bo, term.stem ?? term.bo)).map(([c]) => c)).toEqual([])
  })
})

test('the demo notices were found in scripts/demo-content.ts', () => {
  expect(demoPairs.length).toBeGreaterThanOrEqual(6)
})

test('no catalogue string or demo text uses a listed wrong variant', () => {
  const found = entries.flatMap((e) => [...wrongIn(e.zh), ...wrongIn(e.bo)].map((w) => `${e.name} (${w})`))
  expect(found).toEqual([])
})

test('no Tibetan in the dataset generator uses a listed wrong variant', () => {
  const found = datasetSources.flatMap(([file, text]) => wrongIn(text).map((w) => `${file} (${w})`))
  expect(found).toEqual([])
})

test('no Tibetan label is a form that is wrong as a whole label', () => {
  const bare = (text: string) => text.replace(/[།\s]+$/u, '')
  const found = entries.flatMap((e) =>
    terms
      .filter(([, term]) => (term.wrongLabels ?? []).includes(bare(e.bo)))
      .map(([concept]) => `${e.name} (${concept})`),
  )
  expect(found).toEqual([])
})

test.each(terms)('where the Chinese says %s, the Tibetan uses its one rendering', (_concept, term) => {
  const missing = entries
    .filter((e) => term.zh.some((zh) => e.zh.includes(zh)) && !uses(e.bo, term.stem ?? term.bo))
    .map((e) => `${e.name}: ${e.bo}`)
  expect(missing).toEqual([])
})

describe('Tibetan writing conventions', () => {
  test('numbers are written in Arabic digits (see glossary.ts)', () => {
    expect(entries.filter((e) => /[\u0F20-\u0F33]/u.test(e.bo)).map((e) => e.name)).toEqual([])
  })

  test('"or" is fused to the word before it (ངམ, རམ, པའམ, ལམ), never a detached འམ', () => {
    expect(entries.filter((e) => /(?<![\u0F40-\u0FBC])འམ(?![\u0F40-\u0FBC])/u.test(e.bo)).map((e) => e.name)).toEqual(
      [],
    )
  })

  test('no Chinese punctuation inside Tibetan text', () => {
    expect(entries.filter((e) => /[，。；：！？、]/u.test(e.bo)).map((e) => e.name)).toEqual([])
  })
})

test('every catalogue key has text in both languages with the same {placeholders}', () => {
  const placeholders = (text: string) =>
    [...text.matchAll(/\{(\w+)\}/g)]
      .map((m) => m[1])
      .sort()
      .join()
  const problems = keys.filter(
    (key) =>
      !catalogues['zh-Hans'][key]?.trim() ||
      !catalogues.bo[key]?.trim() ||
      placeholders(catalogues['zh-Hans'][key]) !== placeholders(catalogues.bo[key]),
  )
  expect(problems).toEqual([])
})
