/**
 * Transactions in the embedded store: snapshot isolation, commit, abort, conflicts (CloudBase fails a
 * write to a document another open transaction holds, and a commit whose documents changed since begin).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openStore, type Store } from '@localcloud/store'

let dir: string
let store: Store

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-txn-'))
  store = openStore(dir, { quiet: true, transactionTimeoutMs: 200 })
  store.createCollection('accounts')
  store.insert('accounts', [
    { _id: 'a', balance: 100 },
    { _id: 'b', balance: 50 },
  ])
})

afterEach(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const balance = (id: string, txn?: string) => store.find('accounts', { _id: id }, {}, txn)[0]?.balance

test('a committed transfer applies all its writes; others see nothing before commit', () => {
  const t = store.beginTransaction()
  store.update('accounts', { _id: 'a' }, { $inc: { balance: -30 } }, {}, t)
  store.update('accounts', { _id: 'b' }, { $inc: { balance: 30 } }, {}, t)
  store.insert('accounts', [{ _id: 'log1', amount: 30 }], t)
  // own writes are visible inside, not outside
  expect(balance('a', t)).toBe(70)
  expect(balance('a')).toBe(100)
  expect(store.find('accounts', { _id: 'log1' })).toEqual([])
  store.commitTransaction(t)
  expect(balance('a')).toBe(70)
  expect(balance('b')).toBe(80)
  expect(store.find('accounts', { _id: 'log1' })).toEqual([{ _id: 'log1', amount: 30 }])
})

test('abort discards every write', () => {
  const t = store.beginTransaction()
  store.update('accounts', { _id: 'a' }, { $set: { balance: 0 } }, {}, t)
  store.remove('accounts', { _id: 'b' }, {}, t)
  expect(store.find('accounts', { _id: 'b' }, {}, t)).toEqual([])
  store.abortTransaction(t)
  expect(balance('a')).toBe(100)
  expect(balance('b')).toBe(50)
  expect(() => store.commitTransaction(t)).toThrow(expect.objectContaining({ code: 'TRANSACTION_NOT_FOUND' }))
})

test('reads inside a transaction see the snapshot taken at begin', () => {
  const t = store.beginTransaction()
  store.update('accounts', { _id: 'b' }, { $set: { balance: 999 } })
  store.insert('accounts', [{ _id: 'c', balance: 1 }])
  expect(balance('b', t)).toBe(50)
  expect(store.find('accounts', { _id: 'c' }, {}, t)).toEqual([])
  expect(store.count('accounts', {}, t)).toBe(2)
  store.abortTransaction(t)
})

test('commit fails with TRANSACTION_CONFLICT when a written document changed since begin, and applies nothing', () => {
  const t = store.beginTransaction()
  store.update('accounts', { _id: 'a' }, { $inc: { balance: 1 } }, {}, t)
  store.update('accounts', { _id: 'b' }, { $inc: { balance: 1 } }, {}, t)
  store.update('accounts', { _id: 'a' }, { $set: { balance: 5 } })
  expect(() => store.commitTransaction(t)).toThrow(expect.objectContaining({ code: 'TRANSACTION_CONFLICT' }))
  expect(balance('a')).toBe(5)
  expect(balance('b')).toBe(50)
})

test('writing a document another open transaction wrote fails at once', () => {
  const t1 = store.beginTransaction()
  const t2 = store.beginTransaction()
  store.update('accounts', { _id: 'a' }, { $inc: { balance: -10 } }, {}, t1)
  expect(() => store.update('accounts', { _id: 'a' }, { $inc: { balance: -20 } }, {}, t2)).toThrow(
    expect.objectContaining({ code: 'TRANSACTION_CONFLICT' }),
  )
  store.commitTransaction(t1)
  store.abortTransaction(t2)
  // a retry after the first committed succeeds on the new value
  const t3 = store.beginTransaction()
  store.update('accounts', { _id: 'a' }, { $inc: { balance: -20 } }, {}, t3)
  store.commitTransaction(t3)
  expect(balance('a')).toBe(70)
})

test('writing a document changed since begin fails at once', () => {
  const t = store.beginTransaction()
  store.remove('accounts', { _id: 'b' })
  store.insert('accounts', [{ _id: 'c', balance: 7 }])
  // the snapshot still holds b, but it has changed since begin
  expect(balance('b', t)).toBe(50)
  expect(() => store.update('accounts', { _id: 'b' }, { $set: { x: 1 } }, {}, t)).toThrow(
    expect.objectContaining({ code: 'TRANSACTION_CONFLICT' }),
  )
  expect(() => store.insert('accounts', [{ _id: 'c', balance: 8 }], t)).toThrow(
    expect.objectContaining({ code: 'TRANSACTION_CONFLICT' }),
  )
  store.abortTransaction(t)
})

test('an insert that breaks a unique index fails the commit with DUPLICATE_KEY and applies nothing', () => {
  store.applyIndexes({ ledger: { indexes: [{ name: 'no', keys: [{ field: 'no', direction: 1 }], unique: true }] } })
  store.insert('ledger', [{ _id: 'c', no: 1 }])
  const t = store.beginTransaction()
  store.update('accounts', { _id: 'a' }, { $set: { balance: 1 } }, {}, t)
  store.insert('ledger', [{ _id: 'd', no: 1 }], t)
  expect(() => store.commitTransaction(t)).toThrow(expect.objectContaining({ code: 'DUPLICATE_KEY' }))
  expect(balance('a')).toBe(100)
  expect(store.find('ledger', { _id: 'd' })).toEqual([])
})

test('a transaction left open is aborted after the timeout', async () => {
  const t = store.beginTransaction()
  store.update('accounts', { _id: 'a' }, { $set: { balance: 0 } }, {}, t)
  await new Promise((r) => setTimeout(r, 400))
  expect(() => store.commitTransaction(t)).toThrow(expect.objectContaining({ code: 'TRANSACTION_NOT_FOUND' }))
  expect(balance('a')).toBe(100)
  // its lock is gone too
  const t2 = store.beginTransaction()
  store.update('accounts', { _id: 'a' }, { $set: { balance: 1 } }, {}, t2)
  store.commitTransaction(t2)
  expect(balance('a')).toBe(1)
})
