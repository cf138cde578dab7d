import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Request } from '@config/documents'
import { makeCalendar } from '@functions/requests/domain/calendar'
import { addCounters, emptyCounters, recount } from '@functions/requests/domain/rates'
import { openStore, type Store } from '@localcloud/store'
import { needRequestId } from '@shared/needs'
import { migrate } from '../../scripts/migrate'

let dir: string
let store: Store

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-'))
  store = openStore(path.join(dir, 'db'), { quiet: true })
})
afterEach(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const at = Date.parse('2026-03-31T23:30:00.000Z')

describe('npm run migrate', () => {
  it('turns stored Dates and notices-era epoch milliseconds into ISO instants, and nothing else', () => {
    store.createCollection('users')
    store.createCollection('notices')
    store.createCollection('noticeReads')
    store.createCollection('households')
    store.insert('users', [
      { _id: 'u1', roles: [{ role: 'admin' }], updatedAt: new Date(at), boundAt: { 'household:h1': new Date(at) } },
    ])
    store.insert('notices', [
      {
        _id: 'n1',
        seq: 7,
        publishAt: at,
        expireAt: 32503680000000,
        createdAt: at,
        publishedAt: null,
        history: [{ at, by: 'o', action: 'create', revision: 1 }],
        draft: { publishAt: null, expireAt: at },
      },
    ])
    store.insert('noticeReads', [{ _id: 'n1:household-h1', at }])
    store.insert('households', [{ _id: 'h1', memberCount: 4, lastContactAt: '2026-03-01T00:00:00.000Z' }])

    expect(migrate(store, true).changed).toEqual({ users: 1, notices: 1, noticeReads: 1 })
    expect(store.find('users', {})[0]?.updatedAt).toBeInstanceOf(Date)

    migrate(store)
    const iso = '2026-03-31T23:30:00.000Z'
    expect(store.find('users', {})[0]).toMatchObject({ updatedAt: iso, boundAt: { 'household:h1': iso } })
    expect(store.find('notices', {})[0]).toMatchObject({
      seq: 7,
      publishAt: iso,
      expireAt: '3000-01-01T00:00:00.000Z',
      createdAt: iso,
      publishedAt: null,
      history: [{ at: iso }],
      draft: { publishAt: null, expireAt: iso },
    })
    expect(store.find('noticeReads', {})[0]?.at).toBe(iso)
    expect(store.find('households', {})[0]).toEqual({
      _id: 'h1',
      memberCount: 4,
      lastContactAt: '2026-03-01T00:00:00.000Z',
    })
    expect(migrate(store).changed).toEqual({})
  })
})

describe('needs gathered on households become requests', () => {
  const path4 = ['513300000000', '513301000000', '513301100000', '513301100001']
  const township = { kind: 'office', id: 'office', level: 'township', region: '513301100000' }
  const need = (contactId: string, i: number, text: string, at: string) => ({
    id: `${contactId}:${i}`,
    text,
    contactId,
    at,
  })
  const c1 = '0b5f5c2e-9a51-4c8e-8d3c-2f1b6a7e9c10'
  const c2 = '1c6a6d3f-0b62-4d9f-9e4d-3a2c7b8f0d21'
  const c3 = '2d7b7e4a-1c73-4eaf-af5e-4b3d8c9a1e32'
  const at1 = '2026-05-10T02:00:00.000Z'
  const migratedAt = '2026-12-06T01:00:00.000Z'

  function seed() {
    for (const name of ['households', 'contacts', 'requests', 'requestRates']) store.createCollection(name)
    store.insert('households', [
      {
        _id: 'h1',
        regionPath: path4,
        officialIds: ['o2', 'o1'],
        openNeeds: [need(c1, 0, '屋顶漏雨', at1), need(c1, 1, '孩子冬季校服', at1), need(c2, 0, '取暖煤', at1)],
      },
      { _id: 'h2', regionPath: path4, officialIds: ['o3'] },
    ])
    store.insert('contacts', [
      {
        _id: c1,
        householdId: 'h1',
        officialId: 'o1',
        at: at1,
        needs: [need(c1, 0, '屋顶漏雨', at1), need(c1, 1, '孩子冬季校服', at1)],
      },
      // sent by the new contact form too: its request is stored already
      { _id: c2, householdId: 'h1', officialId: 'o9', at: at1, needs: [need(c2, 0, '取暖煤', at1)] },
      // a household no longer stored: its need stays on the contact
      { _id: c3, householdId: 'gone', officialId: 'o1', at: at1, needs: [need(c3, 0, '修路', at1)] },
      { _id: 'c4', householdId: 'h2', officialId: 'o3', at: at1, needs: [] },
    ])
    store.insert('requests', [{ _id: needRequestId(c2, 0), householdId: 'h1', officialId: 'o1', open: true }])
  }

  it('makes one request per need not yet a request, counts it in the rates, clears openNeeds, and does it once', () => {
    seed()
    expect(migrate(store, true, migratedAt).changed).toEqual({ requests: 2, requestRates: 5, households: 1 })
    expect(store.find('requests', {})).toHaveLength(1)

    expect(migrate(store, false, migratedAt).changed).toEqual({ requests: 2, requestRates: 5, households: 1 })
    const made = store.find('requests', { householdId: 'h1', source: 'official' }) as unknown as Request[]
    expect(made.map((r) => [r._id, r.text]).sort()).toEqual(
      [
        [needRequestId(c1, 0), '屋顶漏雨'],
        [needRequestId(c1, 1), '孩子冬季校服'],
      ].sort(),
    )
    expect(made[0]).toMatchObject({
      officialId: 'o1',
      open: true,
      state: 'assigned',
      category: 'other',
      unit: township,
      firstUnit: township,
      dispatcher: township,
      createdAt: at1,
      nextCheckAt: migratedAt,
      mergedInto: null,
    })
    // collected on the visit, assigned (and its clock started) by the migration
    expect(made[0]!.events).toEqual([
      { type: 'submit', at: at1, by: { id: 'o1', role: 'official' }, dispatcher: township },
      {
        type: 'assign',
        at: migratedAt,
        by: { id: 'routing', role: 'office' },
        unit: township,
        deadlineDays: 5,
        fallback: 'requests.fallback.other',
      },
    ])
    expect(store.find('households', { _id: 'h1' })[0]!.openNeeds).toBeUndefined()
    expect(store.find('contacts', { _id: c3 })[0]!.needs).toHaveLength(1)

    // the counters equal a recount of the migrated requests' events
    const calendar = makeCalendar()
    const total = made.reduce((sum, r) => addCounters(sum, recount(r.events, calendar).total), emptyCounters())
    expect(total).toMatchObject({ collected: 2, assigned: 2 })
    for (const code of path4) expect(store.find('requestRates', { _id: `region:${code}` })[0]!.counters).toEqual(total)
    const unit = made.reduce(
      (sum, r) => addCounters(sum, recount(r.events, calendar).byUnit.get('office:office:513301100000') ?? {}),
      emptyCounters(),
    )
    expect(unit).toMatchObject({ collected: 0, assigned: 2 })
    expect(store.find('requestRates', { _id: 'unit:office:office:513301100000' })[0]!.counters).toEqual(unit)

    expect(migrate(store, false, migratedAt).changed).toEqual({})
  })

  it('adds to counters a region already has', () => {
    seed()
    store.insert('requestRates', [{ _id: 'region:513301000000', counters: { ...emptyCounters(), collected: 7 } }])
    migrate(store, false, migratedAt)
    expect(store.find('requestRates', { _id: 'region:513301000000' })[0]!.counters).toMatchObject({
      collected: 9,
      assigned: 2,
    })
  })
})
