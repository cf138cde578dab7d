/** Fuzzing every action of the contacts function (fuzz.ts says how): typed errors, never INTERNAL, no partial write. */
import { contacts } from '@shared/contracts/contacts'
import { addTime, now } from '@shared/time'
import { fuzzFunction, verdict } from './fuzz'

jest.setTimeout(600_000)

const world = fuzzFunction(contacts, 'demo-official-1')

// The no-partial-write check is only as good as the watch on the store: it must see a real write.
test('the store watch sees what a call writes, and a refusal that wrote data fails the check', async () => {
  world().takeWrites()
  const visit = {
    id: '00000000-0000-4000-8000-0000f0220001',
    householdId: world().fixtures.home._id,
    channel: 'phone',
    at: addTime(now(), -2, 'hour'),
    topics: ['policy'],
    notes: '',
    photos: [],
    needs: [],
  }
  const res = await world().h.raw('contacts', 'logContact', visit, 'matrix-home-official')
  expect(res.ok).toBe(true)
  expect(world().takeWrites().has('contacts')).toBe(true)
  world().h.insert('contactConflicts', [{ _id: 'fuzz-watch-probe' }])
  world().h.lc.store.remove('contactConflicts', { _id: 'fuzz-watch-probe' })
  expect([...world().takeWrites()]).toEqual(['contactConflicts'])
  const refused = { ok: false, error: { code: 'NOT_FOUND', message: '找不到' } }
  expect(verdict(refused, new Set(['households']))).toMatch(/wrote households/)
  expect(verdict(refused, new Set(['audit']))).toBeUndefined()
  expect(verdict({ ok: false, error: { code: 'INTERNAL', message: '出错了' } }, new Set())).toBe('INTERNAL')
})
