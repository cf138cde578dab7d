/**
 * The demo content `npm start` adds: made through the functions, so it passes the same rules as anything
 * users make. The demo household sees the notices and its contacts; the official's notice stays with
 * officials.
 */
import { addDemoContent } from '../../scripts/demo-content'
import { type FunctionsHarness, startFunctions } from './harness'

jest.setTimeout(120_000)

let h: FunctionsHarness

beforeAll(async () => {
  h = await startFunctions()
})
afterAll(() => h?.close())

test('publishes three notices and logs contacts the demo household and official see', async () => {
  expect(await addDemoContent(h.lc)).toMatchObject({ notices: 3 })
  expect(h.find('notices', { status: 'published' })).toHaveLength(3)

  const feed = await h.call<{ items: { forHouseholds: boolean }[] }>('notices', 'feed', {}, 'demo-household-1')
  expect(feed.ok && feed.data.items).toHaveLength(2)
  const householdId = h.find('users', { _id: 'demo-household-1' })[0]!.householdId
  const contacts = await h.call<{ contacts: { channel: string; confirmedAt: string | null }[] }>(
    'contacts',
    'householdContacts',
    { householdId },
    'demo-household-1',
  )
  expect(contacts.ok && contacts.data.contacts.map((c) => c.channel)).toEqual(['visit', 'phone', 'visit'])
  expect(contacts.ok && contacts.data.contacts[0]!.confirmedAt).toBeNull()

  const mine = await h.call<{ households: { openNeeds: number }[] }>('contacts', 'myHouseholds', {}, 'demo-official-1')
  expect(mine.ok && mine.data.households.some((x) => x.openNeeds === 1)).toBe(true)
})
