import { needRequestId } from '@shared/needs'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const contact = '0b5f5c2e-9a51-4c8e-8d3c-2f1b6a7e9c10'

test('a need line’s request id is a well-formed UUID, the same on every phone and in the migration', () => {
  expect(needRequestId(contact, 0)).toMatch(UUID)
  expect(needRequestId(contact, 0)).toBe(needRequestId(contact, 0))
  expect(needRequestId(contact.toUpperCase(), 1)).toBe(needRequestId(contact, 1))
})

test('different lines and different contacts give different ids, none of them the contact’s own', () => {
  const ids = new Set<string>()
  for (let c = 0; c < 200; c += 1) {
    const id = `0b5f5c2e-9a51-4c8e-8d3c-${String(c).padStart(12, '0')}`
    for (let i = 0; i < 10; i += 1) ids.add(needRequestId(id, i))
    expect(ids.has(id)).toBe(false)
  }
  expect(ids.size).toBe(2000)
})
