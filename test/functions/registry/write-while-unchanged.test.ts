/**
 * How a registry write tells what it changed when another write races it (cloudfunctions/registry/data.ts
 * `writeWhileUnchanged`): a record in memory, written only while the filter holds, and another writer's move
 * slipped in between a read and a write. The dashboard counts what the answer says the record was.
 */
import type { Db } from '@fn/db'
import { householdStands, writeWhileUnchanged } from '@functions/registry/data'

type Record_ = { _id: string; villageCode: string; officialIds: string[]; note?: string }

/** `db.command` as far as the filters use it: each operator as a predicate */
const _ = {
  exists: (yes: boolean) => (v: unknown) => (v !== undefined) === yes,
  size: (n: number) => (v: unknown) => Array.isArray(v) && v.length === n,
  neq: (x: unknown) => (v: unknown) => v !== x,
} as unknown as Db['command']

function store(initial: Record_) {
  let doc = { ...initial }
  const matches = (filter: Record<string, unknown>) =>
    Object.entries(filter).every(([path, want]) => {
      const value = path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], doc)
      return typeof want === 'function' ? (want as (v: unknown) => boolean)(value) : value === want
    })
  return {
    get: () => ({ ...doc }),
    set: (next: Partial<Record_>) => (doc = { ...doc, ...next }),
    write: (patch: Partial<Record_>, before?: () => void) => async (filter: object) => {
      before?.()
      if (!matches(filter as Record<string, unknown>)) return 0
      const next = { ...doc, ...patch }
      const changed = JSON.stringify(next) !== JSON.stringify(doc)
      doc = next
      return changed ? 1 : 0
    },
  }
}

test('a record as read is written and answered as it was', async () => {
  const s = store({ _id: 'h1', villageCode: 'A', officialIds: [] })
  const was = await writeWhileUnchanged(_, s.get(), householdStands, s.write({ villageCode: 'B' }), async () => s.get())
  expect(was).toMatchObject({ villageCode: 'A' })
  expect(s.get().villageCode).toBe('B')
})

test('a record another write moved after the read: written from where it is now, and answered so', async () => {
  const s = store({ _id: 'h1', villageCode: 'A', officialIds: [] })
  const read = s.get()
  let raced = false
  // the other import moves it to C between this call's read and its write
  const write = s.write({ villageCode: 'B', note: 'this call' }, () => {
    if (!raced) s.set({ villageCode: 'C' })
    raced = true
  })
  const was = await writeWhileUnchanged(_, read, householdStands, write, async () => s.get())
  expect(was).toMatchObject({ villageCode: 'C' })
  expect(s.get()).toMatchObject({ villageCode: 'B', note: 'this call' })
})

test('a record paired by another write after the read: the move is counted from the paired record', async () => {
  const s = store({ _id: 'h1', villageCode: 'A', officialIds: [] })
  const read = s.get()
  let raced = false
  const write = s.write({ villageCode: 'B' }, () => {
    if (!raced) s.set({ officialIds: ['o1'] })
    raced = true
  })
  const was = await writeWhileUnchanged(_, read, householdStands, write, async () => s.get())
  expect(was).toMatchObject({ villageCode: 'A', officialIds: ['o1'] })
})

test('a write another call made first, the same: nothing changed, nothing to count', async () => {
  const s = store({ _id: 'h1', villageCode: 'A', officialIds: [] })
  const read = s.get()
  s.set({ villageCode: 'B' })
  const reread = jest.fn(async () => s.get())
  const was = await writeWhileUnchanged(
    _,
    { ...read, villageCode: 'B' },
    householdStands,
    s.write({ villageCode: 'B' }),
    reread,
  )
  expect(was).toBeUndefined()
  expect(reread).toHaveBeenCalledTimes(1)
})

test('a record that keeps moving is written anyway after a few tries and left to the daily count', async () => {
  const s = store({ _id: 'h1', villageCode: 'A', officialIds: [] })
  let n = 0
  const write = s.write({ villageCode: 'Z' }, () => s.set({ villageCode: `M${n++}` }))
  const was = await writeWhileUnchanged(_, s.get(), householdStands, write, async () => s.get())
  expect(was).toBeUndefined()
  expect(s.get().villageCode).toBe('Z')
})
