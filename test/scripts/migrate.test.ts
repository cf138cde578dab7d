import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openStore, type Store } from '@localcloud/store'
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
