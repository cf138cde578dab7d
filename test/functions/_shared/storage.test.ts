/**
 * cloudfunctions/_shared/storage.ts with a stand-in for the SDK's two storage pieces it uses (the
 * environment in the WeChat context, getTempFileURL): which fileIDs it accepts for an object, the error
 * it answers otherwise, and which files it asks URLs for. The paths themselves are test/shared/storage's.
 */
import type cloud from 'wx-server-sdk'
import { AppError } from '@shared/errors'
import { t } from '@shared/i18n'
import { contactPhotoPath, importUploadPath, noticeMediaPath } from '@shared/storage'
import { acceptFiles, currentEnv, foreignFiles, ownerOf, temporaryUrls } from '@fn/storage'

const ID = '0b9e4a52-5f7e-4c1d-9a3b-2f6d8e1c0a77'
const OTHER = '7d1c2b3a-0000-4000-8000-000000000001'
const file = (path: string, env = 'prod-1a2b') => `cloud://${env}.7072-${env}-1300000000/${path}`

function fakeSdk(env: string | undefined, urls: (asked: string[]) => unknown = (asked) => asked) {
  const asked: string[][] = []
  const sdk = {
    getWXContext: () => (env === undefined ? {} : { ENV: env }),
    getTempFileURL: async ({ fileList }: { fileList: string[] }) => {
      asked.push(fileList)
      const answer = urls(fileList)
      if (answer instanceof Error) throw answer
      return { fileList: fileList.map((fileID) => ({ fileID, tempFileURL: `https://tmp/${fileID.split('/').pop()}` })) }
    },
  }
  return { sdk: sdk as unknown as typeof cloud, asked }
}

describe('accepting files for an object', () => {
  const { sdk } = fakeSdk('prod-1a2b')
  const ctx = { cloud: sdk, lang: 'zh-Hans' as const }
  const owner = { kind: 'contactPhoto' as const, id: ID }

  it('accepts the object’s own uploads and what it already holds', () => {
    expect(() =>
      acceptFiles(ctx, 'photos', [file(contactPhotoPath(ID, 0)), file(contactPhotoPath(ID, 1))], owner),
    ).not.toThrow()
    expect(() => acceptFiles(ctx, 'photos', [file('notices/old.jpg')], owner, [file('notices/old.jpg')])).not.toThrow()
    expect(() => acceptFiles(ctx, 'photos', [], owner)).not.toThrow()
  })

  it('refuses every other file with INVALID_ARGUMENT, naming each refused entry in the caller’s language', () => {
    const files = [
      file(contactPhotoPath(ID, 0)),
      file(contactPhotoPath(OTHER, 0)),
      file(contactPhotoPath(ID, 0), 'other-env'),
      file('exports/513301000000-households.xlsx'),
      file(noticeMediaPath(ID, 'a', 'jpg')),
    ]
    let error: unknown
    try {
      acceptFiles({ cloud: sdk, lang: 'bo' }, 'photos', files, owner)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'storage.foreignFile' })
    expect((error as AppError).details).toEqual(
      [1, 2, 3, 4].map((i) => ({ path: `photos.${i}`, message: t('bo', 'storage.foreignFile') })),
    )
  })

  it('accepts nothing when the environment is unknown', () => {
    const saved = { TCB_ENV: process.env.TCB_ENV, SCF_NAMESPACE: process.env.SCF_NAMESPACE }
    delete process.env.TCB_ENV
    delete process.env.SCF_NAMESPACE
    try {
      const { sdk: unknown } = fakeSdk(undefined)
      expect(currentEnv(unknown)).toBe('')
      expect(foreignFiles('', [file(contactPhotoPath(ID, 0), '')], owner)).toEqual([0])
      expect(ownerOf(unknown, 'contactPhoto', file(contactPhotoPath(ID, 0)))).toBeUndefined()
    } finally {
      Object.assign(process.env, Object.fromEntries(Object.entries(saved).filter(([, v]) => v !== undefined)))
    }
  })
})

describe('the object an upload names', () => {
  const { sdk } = fakeSdk('prod-1a2b')
  it('is the folder’s id for a file of this environment, of that kind', () => {
    expect(ownerOf(sdk, 'importUpload', file(importUploadPath(ID, 'xlsx')))).toBe(ID)
    expect(ownerOf(sdk, 'importUpload', file(importUploadPath(ID, 'xlsx'), 'other-env'))).toBeUndefined()
    expect(ownerOf(sdk, 'importUpload', file(contactPhotoPath(ID, 0)))).toBeUndefined()
    expect(ownerOf(sdk, 'importUpload', file(`imports/${ID}/../../exports/x.xlsx`))).toBeUndefined()
  })
})

describe('temporary URLs', () => {
  it('asks only for files in their owners’ folders, once each, and answers none for the rest', async () => {
    const { sdk, asked } = fakeSdk('prod-1a2b')
    const own = file(contactPhotoPath(ID, 0))
    const urls = await temporaryUrls(sdk, [
      { fileId: own, owner: { kind: 'contactPhoto', id: ID } },
      { fileId: own, owner: { kind: 'contactPhoto', id: ID } },
      { fileId: file('exports/x.xlsx'), owner: { kind: 'contactPhoto', id: ID } },
      { fileId: file(contactPhotoPath(OTHER, 0)), owner: { kind: 'contactPhoto', id: ID } },
    ])
    expect(asked).toEqual([[own]])
    expect([...urls.keys()]).toEqual([own])
  })

  it('makes no request when nothing is owned, and answers no URL when storage fails', async () => {
    const none = fakeSdk('prod-1a2b')
    expect(
      (await temporaryUrls(none.sdk, [{ fileId: file('exports/x.xlsx'), owner: { kind: 'noticeMedia', id: ID } }]))
        .size,
    ).toBe(0)
    expect(none.asked).toEqual([])
    const failing = fakeSdk('prod-1a2b', () => new Error('storage down'))
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    const urls = await temporaryUrls(failing.sdk, [
      { fileId: file(noticeMediaPath(ID, 'a', 'jpg')), owner: { kind: 'noticeMedia', id: ID } },
    ])
    expect(urls.size).toBe(0)
    warn.mockRestore()
  })
})
