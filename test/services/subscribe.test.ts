/**
 * Asking for the relief messages: on weapp WeChat's answer per template, on H5 the local cloud's record
 * of an acceptance for the chosen identity.
 */
import { HOUSEHOLD_REQUEST_TEMPLATES } from '@shared/contracts/requestMessages'

const mockRequestSubscribeMessage = jest.fn()
jest.mock(
  '@tarojs/taro',
  () => ({ __esModule: true, default: { requestSubscribeMessage: mockRequestSubscribeMessage } }),
  { virtual: true },
)

afterEach(() => jest.resetAllMocks())

test('weapp: only the templates the user accepted; nothing when WeChat refuses to ask', async () => {
  const { askMessages } = await import('@/services/subscribe.weapp')
  const [escalated, resolved] = HOUSEHOLD_REQUEST_TEMPLATES
  mockRequestSubscribeMessage.mockResolvedValueOnce({ errMsg: 'ok', [escalated!]: 'reject', [resolved!]: 'accept' })
  expect(await askMessages(HOUSEHOLD_REQUEST_TEMPLATES)).toEqual([resolved])
  expect(mockRequestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: HOUSEHOLD_REQUEST_TEMPLATES, entityIds: [] })
  mockRequestSubscribeMessage.mockRejectedValueOnce(
    new Error('requestSubscribeMessage:fail can only be invoked by tap'),
  )
  expect(await askMessages(HOUSEHOLD_REQUEST_TEMPLATES)).toEqual([])
})

test('H5: the acceptance is recorded by the local cloud for the identity in use', async () => {
  const fetched: { url: string; body: unknown }[] = []
  const fetchMock = jest.fn(async (url: string, init: { body: string }) => {
    fetched.push({ url, body: JSON.parse(init.body) })
    return { ok: true } as Response
  })
  Object.assign(globalThis, { fetch: fetchMock })
  jest.doMock('@/services/local', () => ({
    gatewayUrl: () => 'http://127.0.0.1:9',
    localOpenid: () => 'demo-household-1',
  }))
  const { askMessages } = await import('@/services/subscribe.h5')
  expect(await askMessages(HOUSEHOLD_REQUEST_TEMPLATES)).toEqual(HOUSEHOLD_REQUEST_TEMPLATES)
  expect(fetched).toEqual([
    {
      url: 'http://127.0.0.1:9/local/subscriptions',
      body: { openid: 'demo-household-1', templateIds: HOUSEHOLD_REQUEST_TEMPLATES },
    },
  ])
  fetchMock.mockRejectedValueOnce(new Error('offline'))
  expect(await askMessages(HOUSEHOLD_REQUEST_TEMPLATES)).toEqual([])
})
