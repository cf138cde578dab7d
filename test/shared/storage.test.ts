import {
  STORAGE_KINDS,
  contactPhotoPath,
  contactVoicePath,
  extensionOf,
  fileBelongs,
  importUploadPath,
  noticeMediaPath,
  ownerOfPath,
  parseFileId,
} from '@shared/storage'

const ID = '0b9e4a52-5f7e-4c1d-9a3b-2f6d8e1c0a77'
const OTHER = '7d1c2b3a-0000-4000-8000-000000000001'
const env = 'shiliuzi'
const fileId = (path: string, e = env) => `cloud://${e}.${e}-local/${path}`

describe('upload paths', () => {
  it('puts each kind in its object’s folder', () => {
    expect(contactPhotoPath(ID, 0)).toBe(`contacts/${ID}/0.jpg`)
    expect(contactVoicePath(ID, 'MP3')).toBe(`contacts/${ID}/voice.mp3`)
    expect(ownerOfPath('contactPhoto', contactVoicePath(ID, 'm4a'))).toBe(ID)
    expect(noticeMediaPath(ID, OTHER, 'MP3')).toBe(`notices/${ID}/${OTHER}.mp3`)
    expect(importUploadPath(ID, 'xlsx')).toBe(`imports/${ID}/roster.xlsx`)
  })

  it('answers the owner of a path it made, for that kind only', () => {
    expect(ownerOfPath('contactPhoto', contactPhotoPath(ID, 3))).toBe(ID)
    expect(ownerOfPath('noticeMedia', noticeMediaPath(ID, 'a', 'jpg'))).toBe(ID)
    expect(ownerOfPath('importUpload', importUploadPath(ID, 'csv'))).toBe(ID)
    expect(ownerOfPath('noticeMedia', contactPhotoPath(ID, 0))).toBeUndefined()
  })

  it('refuses to build a path from an id or extension that could leave the folder', () => {
    expect(() => contactPhotoPath('../exports', 0)).toThrow()
    expect(() => contactVoicePath(ID, 'mp3/../../x')).toThrow()
    expect(() => noticeMediaPath(ID, 'a/b', 'jpg')).toThrow()
    expect(() => noticeMediaPath(ID, 'a', 'jpg/../x')).toThrow()
    expect(() => importUploadPath('', 'xlsx')).toThrow()
  })

  it.each([
    `contacts/${ID}/../../exports/x.xlsx`,
    `contacts/${ID}/..%2Fx.jpg`,
    `contacts/${ID}/a/0.jpg`,
    `contacts/${ID}//0.jpg`,
    `contacts/${ID}/.jpg`,
    `contacts/${ID}/0.jpg/`,
    `contacts/./${ID}/0.jpg`,
    `/contacts/${ID}/0.jpg`,
    `contacts/${ID}\\0.jpg`,
    `contacts/${ID}/0.jpg\n`,
    `Contacts/${ID}/0.jpg`,
  ])('finds no owner in %j', (path) => {
    for (const kind of STORAGE_KINDS) expect(ownerOfPath(kind, path)).toBeUndefined()
  })
})

describe('fileIDs', () => {
  it('reads the environment, bucket and path', () => {
    expect(parseFileId(fileId(`contacts/${ID}/0.jpg`))).toEqual({
      env,
      bucket: `${env}-local`,
      path: `contacts/${ID}/0.jpg`,
    })
    expect(parseFileId('https://example.com/contacts/x/0.jpg')).toBeUndefined()
    expect(parseFileId('cloud://no-bucket/contacts/x/0.jpg')).toBeUndefined()
  })

  it('belongs only in this environment, to the object whose folder holds it', () => {
    const photo = fileId(contactPhotoPath(ID, 0))
    expect(fileBelongs(photo, env, 'contactPhoto', ID)).toBe(true)
    expect(fileBelongs(photo, env, 'contactPhoto', OTHER)).toBe(false)
    expect(fileBelongs(photo, env, 'noticeMedia', ID)).toBe(false)
    expect(fileBelongs(photo, 'prod-1a2b', 'contactPhoto', ID)).toBe(false)
    expect(fileBelongs(fileId(contactPhotoPath(ID, 0), 'other'), env, 'contactPhoto', ID)).toBe(false)
    expect(fileBelongs(fileId('exports/513301000000-households.xlsx'), env, 'contactPhoto', ID)).toBe(false)
  })
})

describe('extensionOf', () => {
  it('takes a usable extension, lower-cased, else the fallback', () => {
    expect(extensionOf('wxfile://tmp_abc.JPG', 'bin')).toBe('jpg')
    expect(extensionOf('录音.m4a', 'bin')).toBe('m4a')
    expect(extensionOf('no-extension', 'mp3')).toBe('mp3')
    expect(extensionOf('a.tar gz', 'bin')).toBe('bin')
    expect(extensionOf('a.', 'bin')).toBe('bin')
  })
})
