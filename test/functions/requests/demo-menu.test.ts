/**
 * The relief menu `npm start` adds through the functions: the prefecture office's category list, and the
 * demo department's service when its bureau offers one of the categories.
 */
import { requests } from '@shared/contracts/requests'
import { DEMO_CATEGORIES, addDemoMenu } from '../../../scripts/demo-content'
import { type FunctionsHarness, startFunctions } from '../harness'

jest.setTimeout(120_000)

let h: FunctionsHarness

beforeAll(async () => {
  h = await startFunctions()
})
afterAll(() => h?.close())

test('the categories reach the household in both languages, other last; the department’s service is on its menu', async () => {
  const added = await addDemoMenu(h.lc)
  expect(added.categories).toBe(DEMO_CATEGORIES.length)
  const listed = await h.call(requests, 'categories', {}, 'demo-household-1')
  if (!listed.ok) throw new Error(listed.error.message)
  expect(listed.data.items.map((c) => c.key)).toEqual([...DEMO_CATEGORIES.map((c) => c.key).sort(), 'other'])
  expect(listed.data.items.every((c) => c.name['zh-Hans'] !== '' && c.name.bo !== '')).toBe(true)

  const departmentId = (h.find('users', { _id: 'demo-department-1' })[0]!.roles as { departmentId: string }[])[0]!
    .departmentId
  const menu = await h.call(requests, 'services', { departmentId }, 'demo-department-1')
  if (!menu.ok) throw new Error(menu.error.message)
  expect(menu.data.items).toHaveLength(added.services)
  for (const s of menu.data.items) expect(DEMO_CATEGORIES.map((c) => c.key)).toContain(s.category)
})
