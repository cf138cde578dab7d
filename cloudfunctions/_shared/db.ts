/**
 * The one way a function reaches the database: `collection(db, 'households')` gives the collection typed
 * by its stored document (config/documents.ts), so filters, projections, sort keys and updates name only
 * fields that exist. Each method sends one request (`findAll` one per page), so the round trips an action
 * makes can be read off its code; the benchmarks count them in the local cloud.
 */
import type cloud from 'wx-server-sdk'
import type { CollectionName, Documents } from '@config/documents'

export type Db = ReturnType<typeof cloud.database>

/** The most documents one `get()` returns inside a function (the SDK's ceiling). */
export const PAGE = 1000

type Leaf = string | number | boolean | null | undefined
type Depth = [never, 0, 1, 2, 3]
type Join<K extends string, P> = P extends string ? `${K}.${P}` : never

/**
 * The dotted paths of a document's fields, as MongoDB writes them: `head.idNumber`, `officialDepartments.<id>`;
 * an array's element fields are reached through the array's name (`members.health`), as queries do.
 */
export type Path<T, D extends number = 4> = [D] extends [never]
  ? never
  : T extends Leaf
    ? never
    : T extends readonly (infer E)[]
      ? Path<E, Depth[D]>
      : { [K in keyof T & string]-?: K | Join<K, Path<NonNullable<T[K]>, Depth[D]>> }[keyof T & string]

/** A query: field paths to values or SDK commands (`_.in([...])`, `_.gt(x)`). */
export type Filter<T> = { [P in Path<T>]?: unknown }
/** An update: field paths to values or SDK update commands (`_.inc(1)`, `_.push(x)`, `_.remove()`). */
export type Patch<T> = { [P in Path<T>]?: unknown }

type Top<P extends string> = P extends `${infer H}.${string}` ? H : P
/** What a projection returns: the top-level fields it names (nested ones partly filled), and `_id`. */
export type Projected<T, F extends string> = Pick<T, Extract<Top<F> | '_id', keyof T>>

export interface FindOptions<T, F extends Path<T>> {
  fields?: readonly F[]
  orderBy?: readonly (readonly [Path<T> | '_id', 'asc' | 'desc'])[]
  skip?: number
  /** at most PAGE; the SDK's own default is 100 */
  limit?: number
}

/** SDK answers are typed through callback overloads (`get()` is `Promise | void | string`): read them here. */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Chain = any

async function answer<T>(request: Chain): Promise<T> {
  return (await request) as T
}

function projection(fields: readonly string[] | undefined): Record<string, boolean> | undefined {
  if (!fields) return undefined
  return Object.fromEntries(fields.map((f) => [f, true]))
}

/** CloudBase relays MongoDB's E11000 as "database request fail"; the local cloud says "duplicate _id". */
export function isDuplicate(error: unknown): boolean {
  const message =
    error instanceof Error ? error.message : typeof error === 'object' && error ? JSON.stringify(error) : String(error)
  return /duplicate|E11000/i.test(message)
}

export interface Collection<T extends { _id: string }> {
  readonly name: CollectionName
  /** One document by `_id`. */
  get(id: string): Promise<T | undefined>
  get<F extends Path<T>>(id: string, fields: readonly F[]): Promise<Projected<T, F> | undefined>
  /** One page of documents (at most PAGE). */
  find(filter: Filter<T> | object): Promise<T[]>
  find<F extends Path<T> = never>(
    filter: Filter<T> | object,
    options: FindOptions<T, F>,
  ): Promise<[F] extends [never] ? T[] : Projected<T, F>[]>
  /** Every matching document, a page at a time in `_id` order (keyset paging: no growing skips). */
  findAll(filter: Filter<T>): Promise<T[]>
  findAll<F extends Path<T>>(filter: Filter<T>, fields: readonly F[]): Promise<Projected<T, F>[]>
  /** Every matching document as `findAll` reads them, each page handed to `visit` and let go: a count over a
   * whole collection holds one page at a time, not the collection. */
  eachPage<F extends Path<T>>(
    filter: Filter<T>,
    fields: readonly F[],
    visit: (page: Projected<T, F>[]) => void | Promise<void>,
  ): Promise<void>
  count(filter: Filter<T> | object): Promise<number>
  /** Inserts one document or several in one request; answers the ids. */
  add(doc: T | Omit<T, '_id'>): Promise<string>
  addMany(docs: readonly (T | Omit<T, '_id'>)[]): Promise<void>
  /** Inserts a document with a chosen `_id`; false when one with that `_id` exists already. This is how a
   * resend, a second read receipt or a second "household contacted" marker is told apart, exactly. */
  addOnce(doc: T): Promise<boolean>
  /** Merges fields into one document; answers how many changed (0 when it does not exist). */
  update(id: string, patch: Patch<T>): Promise<number>
  updateWhere(filter: Filter<T> | object, patch: Patch<T>): Promise<number>
  /** Replaces (or creates) one document. */
  set(id: string, doc: Omit<T, '_id'>): Promise<void>
  remove(id: string): Promise<number>
  removeWhere(filter: Filter<T> | object): Promise<number>
  /** The SDK's aggregate builder; stages are checked by the tests, not the type checker. */
  aggregate(): Chain
}

/** The collection `name`, typed by its stored document. */
export function collection<N extends CollectionName>(db: Db, name: N): Collection<Documents[N]> {
  type T = Documents[N]
  const ref = (): Chain => db.collection(name)
  const find = async (filter: object, options: FindOptions<T, Path<T>> = {}): Promise<T[]> => {
    let query: Chain = ref().where(filter)
    const fields = projection(options.fields as readonly string[] | undefined)
    if (fields) query = query.field(fields)
    for (const [field, order] of options.orderBy ?? []) query = query.orderBy(field, order)
    if (options.skip) query = query.skip(options.skip)
    const res = await answer<{ data?: T[] }>(query.limit(Math.min(options.limit ?? PAGE, PAGE)).get())
    return res.data ?? []
  }
  async function eachPage(filter: Filter<T>, fields: readonly string[] | undefined, visit: (page: T[]) => unknown) {
    const _ = db.command
    let after = ''
    for (;;) {
      const where: object = !after
        ? filter
        : '_id' in filter
          ? _.and([filter, { _id: _.gt(after) }])
          : { ...filter, _id: _.gt(after) }
      const page = await find(where, { fields: fields as readonly Path<T>[] | undefined, orderBy: [['_id', 'asc']] })
      await visit(page)
      if (page.length < PAGE) return
      after = page[page.length - 1]!._id
    }
  }
  return {
    name,
    async get(id: string, fields?: readonly string[]) {
      const [doc] = await find({ _id: id }, { fields: fields as readonly Path<T>[] | undefined, limit: 1 })
      return doc
    },
    find: find as Collection<T>['find'],
    async findAll(filter: Filter<T>, fields?: readonly string[]) {
      const out: T[] = []
      await eachPage(filter, fields, (page) => {
        out.push(...page)
      })
      return out
    },
    eachPage: eachPage as Collection<T>['eachPage'],
    async count(filter) {
      const res = await answer<{ total?: number }>(ref().where(filter).count())
      return res.total ?? 0
    },
    async add(doc) {
      const res = await answer<{ _id?: string; id?: string }>(ref().add({ data: doc }))
      return res._id ?? res.id ?? ('_id' in doc ? String(doc._id) : '')
    },
    async addMany(docs) {
      if (docs.length) await answer(ref().add({ data: [...docs] }))
    },
    async addOnce(doc) {
      try {
        await answer(ref().add({ data: doc }))
        return true
      } catch (error) {
        if (isDuplicate(error)) return false
        throw error
      }
    },
    async update(id, patch) {
      const res = await answer<{ stats?: { updated?: number } }>(ref().doc(id).update({ data: patch }))
      return res.stats?.updated ?? 0
    },
    async updateWhere(filter, patch) {
      const res = await answer<{ stats?: { updated?: number } }>(ref().where(filter).update({ data: patch }))
      return res.stats?.updated ?? 0
    },
    async set(id, doc) {
      await answer(ref().doc(id).set({ data: doc }))
    },
    async remove(id) {
      const res = await answer<{ stats?: { removed?: number } }>(ref().doc(id).remove())
      return res.stats?.removed ?? 0
    },
    async removeWhere(filter) {
      const res = await answer<{ stats?: { removed?: number } }>(ref().where(filter).remove())
      return res.stats?.removed ?? 0
    },
    aggregate: () => ref().aggregate(),
  }
}

/** The rows of an aggregate pipeline's answer. */
export async function aggregated<R>(pipeline: Chain): Promise<R[]> {
  const res = await answer<{ list?: R[] }>(pipeline.end())
  return res.list ?? []
}
