/**
 * The storage rule deploy:config writes: its regular expression literals, as the rule engine reads them,
 * admit exactly the upload paths src/shared/storage.ts builds; the rest of the rule asks for the uploader.
 */
import { storageRule } from '../../scripts/deploy-config'
import {
  STORAGE_KINDS,
  contactPhotoPath,
  nominationPhotoPath,
  nominationVoicePath,
  importUploadPath,
  requestPhotoPath,
  requestVoicePath,
  noticeMediaPath,
} from '@shared/storage'

const ID = '0b9e4a52-5f7e-4c1d-9a3b-2f6d8e1c0a77'

/** the regular expression literals in the rule's write expression, compiled */
function literals(expression: string): RegExp[] {
  return [...expression.matchAll(/\/(\^.+?\$)\/\.test\(resource\.path\) == true/g)].map(
    (m) => new RegExp((m[1] as string).replace(/\\\//g, '/')),
  )
}

const admits = (path: string) => literals(storageRule().write).some((re) => re.test(path))

describe('storage rule', () => {
  it('lets no client read a file directly, and writes need the uploader’s own login', () => {
    const rule = storageRule()
    expect(rule.read).toBe(false)
    expect(rule.write).toMatch(/^auth != null && auth\.openid != null && resource\.openid == auth\.openid && \(/)
    expect(literals(rule.write)).toHaveLength(STORAGE_KINDS.length)
  })

  it('admits the paths the clients upload to', () => {
    expect(admits(contactPhotoPath(ID, 8))).toBe(true)
    expect(admits(noticeMediaPath(ID, ID, 'm4a'))).toBe(true)
    expect(admits(importUploadPath(ID, 'xlsx'))).toBe(true)
    expect(admits(requestPhotoPath(ID, 0))).toBe(true)
    expect(admits(requestVoicePath(ID, 'm4a'))).toBe(true)
    expect(admits(nominationPhotoPath(ID, 0))).toBe(true)
    expect(admits(nominationVoicePath(ID, 'm4a'))).toBe(true)
  })

  it.each([
    'exports/513301000000-households-2026-12-06-x.xlsx',
    'templates/roster-households.xlsx',
    `uploads/roster-${ID}.xlsx`,
    `contacts/${ID}/../../exports/x.xlsx`,
    `contacts/${ID}/a/0.jpg`,
    `notices/${ID}.jpg`,
    'contacts/0.jpg',
  ])('admits no upload to %j', (path) => {
    expect(admits(path)).toBe(false)
  })
})
