/**
 * Export and import as JSON lines (transfer.ts): an import replaces only the collections it has files
 * for, all or nothing; without `indexes.json` a collection keeps its declared indexes; lines are read in
 * chunks, so a long file with multi-byte text crosses chunk boundaries mid-character.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openStore, type Store } from '@localcloud/store'

let dir: string
let out: string
let store: Store

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-transfer-'))
  out = path.join(dir, 'export')
  store = openStore(dir, { quiet: true })
  store.applyIndexes({
    households: { indexes: [{ name: 'externalId', keys: [{ field: 'externalId', direction: 1 }], unique: true }] },
    notes: { indexes: [] },
  })
  store.insert('households', [
    { _id: 'h1', externalId: 'E1' },
    { _id: 'h2', externalId: 'E2' },
  ])
  store.insert('notes', [{ _id: 'n1', text: 'kept' }])
})

afterEach(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

test('an import replaces the collections it has files for and leaves the others', () => {
  fs.mkdirSync(out)
  fs.writeFileSync(path.join(out, 'households.jsonl'), '{"_id":"h9","externalId":"E9"}\n')
  store.importJsonl(out)
  expect(store.find('households', {})).toEqual([{ _id: 'h9', externalId: 'E9' }])
  expect(store.find('notes', {})).toEqual([{ _id: 'n1', text: 'kept' }])
  // no indexes.json: the declared unique index still holds
  expect(() => store.insert('households', [{ externalId: 'E9' }])).toThrow(
    expect.objectContaining({ code: 'DUPLICATE_KEY' }),
  )
})

test('an import that fails changes nothing: every collection keeps its documents and indexes', () => {
  fs.mkdirSync(out)
  fs.writeFileSync(path.join(out, 'notes.jsonl'), '{"_id":"n2","text":"new"}\n')
  fs.writeFileSync(
    path.join(out, 'households.jsonl'),
    '{"_id":"h8","externalId":"E8"}\n{"_id":"h9","externalId":"E8"}\n',
  )
  expect(() => store.importJsonl(out)).toThrow(expect.objectContaining({ code: 'DUPLICATE_KEY' }))
  expect(store.find('households', {}).map((d) => d._id)).toEqual(['h1', 'h2'])
  expect(store.find('notes', {})).toEqual([{ _id: 'n1', text: 'kept' }])
  expect(store.find('households', { externalId: 'E2' }).map((d) => d._id)).toEqual(['h2'])
  expect(() => store.insert('households', [{ externalId: 'E1' }])).toThrow(
    expect.objectContaining({ code: 'DUPLICATE_KEY' }),
  )
  // a line that is not JSON fails the same way
  fs.writeFileSync(path.join(out, 'households.jsonl'), '{"_id":"h8","externalId":"E8"}\n{"_id":\n')
  expect(() => store.importJsonl(out)).toThrow()
  expect(store.count('households', {})).toBe(2)
})

test('a file larger than one read chunk, with multi-byte text across the boundaries, round-trips', () => {
  const name = 'བཀྲ་ཤིས་བདེ་ལེགས། 扎西德勒 '.repeat(40)
  const docs = Array.from({ length: 3000 }, (_, i) => ({ _id: `m${i}`, externalId: `X${i}`, name: name + i }))
  store.insert('households', docs)
  store.exportJsonl(out)
  expect(fs.statSync(path.join(out, 'households.jsonl')).size).toBeGreaterThan(2 << 20)
  store.reset()
  store.importJsonl(out)
  expect(store.count('households', {})).toBe(3002)
  expect(store.find('households', { _id: { $in: ['m0', 'm1234', 'm2999'] } })).toEqual([
    docs[0],
    docs[1234],
    docs[2999],
  ])
  expect(JSON.parse(fs.readFileSync(path.join(out, 'indexes.json'), 'utf8'))).toEqual({
    households: { indexes: [{ name: 'externalId', keys: [{ field: 'externalId', direction: 1 }], unique: true }] },
    notes: { indexes: [] },
  })
})
