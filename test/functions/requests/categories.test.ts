/**
 * The prefecture office's category list on the local cloud: who keeps it (a county office, a department or
 * a household trying to edit it are refused and change nothing), who reads retired categories, `other`
 * always offered and never editable, and a department's service refused under a category not on the list,
 * retired, or `other`, with the reason in the caller's language. A department's menu names the regions its
 * services may cover.
 */
import { randomUUID } from 'node:crypto'
import { CATEGORIES_MAX, requests } from '@shared/contracts/requests'
import type { Lang } from '@shared/i18n'
import { t } from '@shared/i18n'
import type { Doc, FunctionsHarness } from '../harness'
import { startFunctions, data, refusal } from '../harness'

jest.setTimeout(180_000)

const HOUSEHOLD = 'demo-household-1'
const OFFICIAL = 'demo-official-1'
const DEPARTMENT = 'demo-department-1'
const PREFECTURE = 'demo-office-prefecture'
const COUNTY = 'demo-office-county'
const ADMIN = 'demo-admin-1'

let h: FunctionsHarness
let departmentId: string
let department: Doc

const medical = {
  key: 'medical',
  name: { 'zh-Hans': '医疗保障', bo: 'སྨན་བཅོས་འགན་ལེན།' },
  active: true,
}

const save = (input: unknown, openid: string, lang: Lang = 'zh-Hans') =>
  h.call(requests, 'saveCategory', input as typeof medical, openid, lang)

const keysFor = async (openid: string) =>
  data(await h.call(requests, 'categories', {}, openid)).items.map((c) => [c.key, c.active])

const service = (category: string) => ({
  id: randomUUID(),
  departmentId,
  category,
  level: 'county' as const,
  regions: [(department.regionPath as string[]).at(-1)!],
  deadlineDays: 10,
  name: { 'zh-Hans': '医疗救助', bo: 'སྨན་བཅོས་རོགས་སྐྱོར།' },
  prepare: { 'zh-Hans': '诊断证明', bo: 'ནད་གཞིའི་ར་སྤྲོད།' },
})

beforeAll(async () => {
  h = await startFunctions()
  departmentId = (h.find('users', { _id: DEPARTMENT })[0]!.roles as { departmentId: string }[])[0]!.departmentId
  department = h.find('departments', { _id: departmentId })[0]!
})

afterAll(async () => {
  await h?.close()
})

beforeEach(() => {
  h.lc.store.remove('requestCategories', {}, { multi: true })
  h.lc.store.remove('services', {}, { multi: true })
})

describe('the category list', () => {
  test('with nothing stored, everyone who reports or routes is offered `other`, named in their language', async () => {
    for (const openid of [HOUSEHOLD, OFFICIAL, COUNTY, DEPARTMENT])
      expect(await keysFor(openid)).toEqual([['other', true]])
    const [other] = data(await h.call(requests, 'categories', {}, HOUSEHOLD, 'bo')).items
    expect(other!.name).toEqual({
      'zh-Hans': t('zh-Hans', 'services.category.other'),
      bo: t('bo', 'services.category.other'),
    })
  })

  test('the prefecture office adds, renames and retires; reporters see the active ones, staff the retired too', async () => {
    const saved = data(await save(medical, PREFECTURE))
    expect(saved.key).toBe('medical')
    data(await save({ key: 'education', name: { 'zh-Hans': '教育资助', bo: 'སློབ་གསོའི་རོགས་སྐྱོར།' }, active: true }, ADMIN))
    data(await save({ ...medical, name: { ...medical.name, 'zh-Hans': '医疗保险' } }, PREFECTURE))
    data(
      await save(
        { key: 'education', name: { 'zh-Hans': '教育资助', bo: 'སློབ་གསོའི་རོགས་སྐྱོར།' }, active: false },
        PREFECTURE,
      ),
    )

    expect(h.find('requestCategories', { _id: 'medical' })[0]).toMatchObject({
      name: { 'zh-Hans': '医疗保险', bo: medical.name.bo },
      active: true,
      updatedBy: PREFECTURE,
    })
    for (const openid of [HOUSEHOLD, OFFICIAL])
      expect(await keysFor(openid)).toEqual([
        ['medical', true],
        ['other', true],
      ])
    for (const openid of [PREFECTURE, COUNTY, DEPARTMENT])
      expect(await keysFor(openid)).toEqual([
        ['education', false],
        ['medical', true],
        ['other', true],
      ])
  })

  test('a county office, a department, an official or a household cannot edit the list; nothing is written', async () => {
    data(await save(medical, PREFECTURE))
    const before = h.find('requestCategories')
    const attempts: [string, unknown][] = [
      [COUNTY, { ...medical, active: false }],
      [COUNTY, { key: 'county-own', name: { 'zh-Hans': '县里自设', bo: 'རྫོང་གི་རིགས།' }, active: true }],
      [DEPARTMENT, { ...medical, name: { 'zh-Hans': '改名', bo: 'མིང་བརྗེས།' } }],
      [OFFICIAL, medical],
      [HOUSEHOLD, { ...medical, active: false }],
    ]
    for (const [openid, input] of attempts) expect(refusal(await save(input, openid)).code).toBe('FORBIDDEN')
    expect(h.find('requestCategories')).toEqual(before)
  })

  test('`other` is built in: saving it is refused on its key field, in the caller’s language', async () => {
    const input = { key: 'other', name: { 'zh-Hans': '别的', bo: 'གཞན་པ།' }, active: false }
    for (const lang of ['zh-Hans', 'bo'] as const) {
      const error = refusal(await save(input, PREFECTURE, lang))
      expect(error.code).toBe('INVALID_ARGUMENT')
      expect(error.details).toEqual([{ path: 'key', message: t(lang, 'services.categoryFixed') }])
    }
    expect(h.find('requestCategories')).toEqual([])
  })

  test('a malformed key or a name missing its Tibetan is refused before anything is read', async () => {
    const bad = refusal(await save({ ...medical, key: 'Medical Aid' }, PREFECTURE))
    expect(bad.code).toBe('INVALID_ARGUMENT')
    expect(bad.details?.map((d) => d.path)).toEqual(['key'])
    const noTibetan = refusal(await save({ ...medical, name: { 'zh-Hans': '医疗', bo: ' ' } }, PREFECTURE))
    expect(noTibetan.details?.map((d) => d.path)).toEqual(['name.bo'])
    expect(h.find('requestCategories')).toEqual([])
  })

  test(`the list holds at most ${CATEGORIES_MAX}: a new key beyond is refused, an existing one is still edited`, async () => {
    h.insert(
      'requestCategories',
      Array.from({ length: CATEGORIES_MAX }, (_, i) => ({
        _id: `c${i}`,
        name: { 'zh-Hans': `类别${i}`, bo: `རིགས་${i}` },
        active: true,
        updatedAt: '2026-01-01T00:00:00.000Z',
        updatedBy: PREFECTURE,
      })),
    )
    const full = refusal(await save(medical, PREFECTURE))
    expect(full).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: t('zh-Hans', 'services.categoriesFull', { max: CATEGORIES_MAX }),
    })
    data(await save({ key: 'c0', name: { 'zh-Hans': '改过', bo: 'བཟོ་བཅོས།' }, active: false }, PREFECTURE))
    expect(h.find('requestCategories')).toHaveLength(CATEGORIES_MAX)
  })
})

describe('a service is filed under a category on the list', () => {
  test('a category not on the list, a retired one, or `other` is refused on the category field; a listed one is saved', async () => {
    for (const lang of ['zh-Hans', 'bo'] as const) {
      const unknown = refusal(await h.call(requests, 'saveService', service('medical'), DEPARTMENT, lang))
      expect(unknown.code).toBe('INVALID_ARGUMENT')
      expect(unknown.details).toEqual([{ path: 'category', message: t(lang, 'services.categoryUnknown') }])
      const other = refusal(await h.call(requests, 'saveService', service('other'), DEPARTMENT, lang))
      expect(other.details).toEqual([{ path: 'category', message: t(lang, 'services.categoryOther') }])
    }
    data(await save({ ...medical, active: false }, PREFECTURE))
    expect(refusal(await h.call(requests, 'saveService', service('medical'), DEPARTMENT)).details?.[0]?.path).toBe(
      'category',
    )
    expect(h.find('services')).toEqual([])

    data(await save(medical, PREFECTURE))
    const s = service('medical')
    data(await h.call(requests, 'saveService', s, DEPARTMENT))
    expect(h.find('services', { _id: s.id })[0]).toMatchObject({ category: 'medical', departmentId, active: true })
  })

  test("a department's menu comes with the department and the regions its services may cover, by name", async () => {
    const menu = data(await h.call(requests, 'services', { departmentId }, DEPARTMENT))
    const region = (department.regionPath as string[]).at(-1)!
    expect(menu.department).toEqual({ id: departmentId, name: department.name, level: department.level })
    expect(menu.places[0]).toMatchObject({ code: region, name: h.find('regions', { _id: region })[0]!.name })
    const under = h.find('regions', { parent: region })
    expect(menu.places.slice(1).map((p) => p.code)).toEqual(under.map((r) => r._id).sort())
    expect(menu.places.slice(1).every((p) => p.name['zh-Hans'] !== '')).toBe(true)
  })
})
