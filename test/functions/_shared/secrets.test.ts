/**
 * A function whose declaration names secrets (config/cloud.ts) refuses every call outside the local cloud
 * while one is missing, and says which in its log; the local cloud's runner gives it the development value.
 */
import { functionDecl } from '@config/cloud'
import { identity } from '@shared/contracts/identity'
import { missingSecrets, onLocalCloud, serve } from '@fn/handler'

const saved = { ...process.env }

afterEach(() => {
  process.env = { ...saved }
  jest.restoreAllMocks()
})

test('identity declares its invitation pepper as a required secret with a development value', () => {
  const pepper = functionDecl('identity')?.secrets?.find((s) => s.name === 'INVITE_PEPPER')
  expect(pepper?.development).toBeTruthy()
  expect(pepper?.purpose).toMatch(/HMAC/)
})

test('outside the local cloud, a missing secret refuses the call with UNAVAILABLE and a clear log line', async () => {
  delete process.env.INVITE_PEPPER
  process.env.TENCENTCLOUD_SECRETID = 'AKIDproductionlike'
  expect(onLocalCloud()).toBe(false)
  expect(missingSecrets('identity')).toEqual(['INVITE_PEPPER'])
  const log = jest.spyOn(console, 'error').mockImplementation(() => undefined)
  const handler = jest.fn()
  const main = serve(identity, new Proxy({}, { get: () => handler }) as never)
  const res = await main({ action: 'me', data: {} })
  expect(res).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } })
  expect(handler).not.toHaveBeenCalled()
  expect(log).toHaveBeenCalledWith(
    expect.stringMatching(/\[identity\] refusing to run: the secret INVITE_PEPPER is not set/),
  )
})

test('with the secret set, or on the local cloud, nothing is missing', () => {
  process.env.INVITE_PEPPER = 'a-production-pepper-of-some-length'
  expect(missingSecrets('identity')).toEqual([])
  delete process.env.INVITE_PEPPER
  process.env.TENCENTCLOUD_SECRETID = 'local'
  expect(onLocalCloud()).toBe(true)
})
