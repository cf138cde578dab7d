/**
 * Conformance: transactions through the real wx-server-sdk. Snapshot isolation: a transaction's writes are
 * invisible outside it until commit; throwing or rolling back leaves the data as it was; two transactions
 * writing the same document conflict, and runTransaction retries the loser, so no update is lost.
 */
import { type Harness, startHarness } from '../helpers'

let h: Harness
const accounts = () => h.db.collection('accounts')
const balance = async (id: string) => (await accounts().doc(id).get()).data.balance as number

beforeAll(async () => {
  h = await startHarness(['accounts', 'log'])
})
afterAll(() => h.stop())

beforeEach(async () => {
  await accounts()
    .doc('a')
    .set({ data: { balance: 100 } })
  await accounts()
    .doc('b')
    .set({ data: { balance: 0 } })
})

test('runTransaction commits every write together and returns the callback value', async () => {
  const result = await h.db.runTransaction(async (t: Harness['db']) => {
    const a = (await t.collection('accounts').doc('a').get()).data
    await t
      .collection('accounts')
      .doc('a')
      .update({ data: { balance: a.balance - 30 } })
    await t
      .collection('accounts')
      .doc('b')
      .update({ data: { balance: h._.inc(30) } })
    await t.collection('log').add({ data: { moved: 30 } })
    return 'moved'
  })
  expect(result).toBe('moved')
  expect(await balance('a')).toBe(70)
  expect(await balance('b')).toBe(30)
  expect((await h.db.collection('log').where({ moved: 30 }).count()).total).toBe(1)
})

test('an error thrown in the callback rolls everything back and reaches the caller', async () => {
  await expect(
    h.db.runTransaction(async (t: Harness['db']) => {
      await t
        .collection('accounts')
        .doc('a')
        .update({ data: { balance: h._.inc(-50) } })
      await t
        .collection('accounts')
        .doc('b')
        .set({ data: { balance: 50 } })
      throw new Error('insufficient approval')
    }),
  ).rejects.toThrow('insufficient approval')
  expect(await balance('a')).toBe(100)
  expect(await balance('b')).toBe(0)
})

test('transaction.rollback(reason) rolls back and rejects with the reason', async () => {
  await expect(
    h.db.runTransaction(async (t: Harness['db']) => {
      await t
        .collection('accounts')
        .doc('a')
        .update({ data: { balance: 1 } })
      await t.rollback('cancelled by official')
    }),
  ).rejects.toBe('cancelled by official')
  expect(await balance('a')).toBe(100)
})

test('writes are invisible outside the transaction until commit (startTransaction / commit)', async () => {
  const t = await h.db.startTransaction()
  await t
    .collection('accounts')
    .doc('a')
    .update({ data: { balance: 10 } })
  expect((await t.collection('accounts').doc('a').get()).data.balance).toBe(10)
  expect(await balance('a')).toBe(100)
  await t.commit()
  expect(await balance('a')).toBe(10)
})

test('startTransaction / rollback discards the writes', async () => {
  const t = await h.db.startTransaction()
  await t
    .collection('accounts')
    .doc('a')
    .update({ data: { balance: 10 } })
  await t.collection('accounts').add({ data: { _id: 'c', balance: 5 } })
  await t.rollback()
  expect(await balance('a')).toBe(100)
  expect((await accounts().where({ _id: 'c' }).count()).total).toBe(0)
})

test('where() queries are refused inside a transaction, as in CloudBase', async () => {
  const t = await h.db.startTransaction()
  await expect(
    t
      .collection('accounts')
      .where({ balance: h._.gt(0) })
      .get(),
  ).rejects.toMatchObject({ errCode: -502001 })
  await t.rollback()
})

test('concurrent transactions on one document: the loser is retried and no update is lost', async () => {
  let attempts = 0
  let arrived = 0
  let release: () => void = () => undefined
  const bothRead = new Promise<void>((resolve) => (release = resolve))
  const deposit = (amount: number) =>
    h.db.runTransaction(async (t: Harness['db']) => {
      attempts++
      const first = attempts <= 2
      const { data } = await t.collection('accounts').doc('a').get()
      if (first) {
        // both first attempts read the same balance before either writes: a lost update without isolation
        if (++arrived === 2) release()
        await bothRead
      }
      await t
        .collection('accounts')
        .doc('a')
        .update({ data: { balance: data.balance + amount } })
      return data.balance
    })
  await Promise.all([deposit(5), deposit(7)])
  expect(await balance('a')).toBe(112)
  expect(attempts).toBeGreaterThanOrEqual(3)
})
