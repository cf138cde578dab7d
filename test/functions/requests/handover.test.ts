/**
 * Re-pairing hands the leaving official's open requests to the household's successor (issue 14 item 9):
 * requests the official recorded through the requests function itself, one still open and one the township
 * office closed. The open one goes with the household; the closed one stays where it was.
 */
import { randomUUID } from 'node:crypto'
import { contacts } from '@shared/contracts/contacts'
import { registry } from '@shared/contracts/registry'
import { requests } from '@shared/contracts/requests'
import type { Doc, FunctionsHarness } from '../harness'
import { startFunctions, data } from '../harness'

jest.setTimeout(180_000)

const HOUSEHOLD = 'demo-household-1'
const OFFICIAL = 'demo-official-1'
const TOWNSHIP = 'demo-office-township'
const COUNTY = 'demo-office-county'
const SUCCESSOR = 'handover-successor'

let h: FunctionsHarness
let home: Doc

beforeAll(async () => {
  h = await startFunctions()
  const user = h.find('users', { _id: HOUSEHOLD })[0]!
  home = h.find('households', { _id: user.householdId })[0]!
})

afterAll(async () => {
  await h?.close()
})

test("re-pairing moves the official's open request to the successor and leaves the closed one", async () => {
  const leaving = h.find('users', { _id: OFFICIAL })[0]!.officialId as string
  expect(home.officialIds).toContain(leaving)
  const record = (text: string) =>
    h.call(requests, 'report', { id: randomUUID(), householdId: home._id, category: 'other', text }, OFFICIAL)
  const open = data(await record('屋顶漏雨，需要维修'))
  const closed = data(await record('重复记下的一条'))
  data(await h.call(requests, 'act', { id: closed.id, events: 2, step: { type: 'close', reason: '重复' } }, TOWNSHIP))
  expect(h.find('requests', { _id: open.id })[0]).toMatchObject({ officialId: leaving, open: true, source: 'official' })
  expect(h.find('requests', { _id: closed.id })[0]).toMatchObject({ officialId: leaving, open: false })

  const res = data(
    await h.call(registry, 'reassign', { officialId: leaving, endReason: 'transfer', date: '2026-03-01' }, COUNTY),
  )
  const successor =
    res.moves.find((m) => m.householdId === home._id)?.to ??
    (h.find('households', { _id: home._id })[0]!.officialIds as string[])[0]!
  expect(successor).not.toBe(leaving)
  expect(res.movedRequests).toBeGreaterThanOrEqual(1)
  expect(h.find('requests', { _id: open.id })[0]).toMatchObject({
    officialId: successor,
    reassignedFrom: leaving,
    reassignedAt: '2026-03-01',
  })
  const left = h.find('requests', { _id: closed.id })[0]!
  expect(left.officialId).toBe(leaving)
  expect(left.reassignedFrom).toBeUndefined()

  // the successor reads the household's requests and counts the open one among its open needs
  h.insert('users', [{ _id: SUCCESSOR, officialId: successor, roles: [{ role: 'official', officialId: successor }] }])
  const list = data(await h.call(requests, 'forHousehold', { householdId: home._id }, SUCCESSOR))
  expect(list.items.map((i) => i.id)).toEqual(expect.arrayContaining([open.id, closed.id]))
  const rows = data(await h.call(contacts, 'myHouseholds', {}, SUCCESSOR)).households
  const held = h.find('requests', { householdId: home._id, officialId: successor, open: true }).length
  expect(held).toBeGreaterThanOrEqual(1)
  expect(rows.find((r) => r.id === home._id)?.openNeeds).toBe(held)
})
