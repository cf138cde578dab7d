import type { PushState } from '@config/documents'
import { claim, messageData, outcomeOf, shouldAsk, tally } from '@functions/notices/domain/push'

const waiting: PushState = { state: 'waiting', cursor: '', sent: 0, noSubscription: 0, failed: 0 }

test('43101 is "no subscription", other errors are failures', () => {
  expect(outcomeOf(0)).toBe('sent')
  expect(outcomeOf(undefined)).toBe('sent')
  expect(outcomeOf(43101)).toBe('noSubscription')
  expect(outcomeOf(40003)).toBe('failed')
})

test('a claim moves the cursor past its batch; the last batch ends the push; counts are added apart', () => {
  expect(claim(waiting, 'o-100', false)).toEqual({ ...waiting, state: 'running', cursor: 'o-100' })
  expect(claim({ ...waiting, state: 'running', cursor: 'o-100', sent: 90 }, 'o-142', true)).toEqual({
    ...waiting,
    state: 'done',
    cursor: 'o-142',
    sent: 90,
  })
  expect(tally(['sent', 'sent', 'noSubscription', 'failed', 'sent'])).toEqual({ sent: 3, noSubscription: 1, failed: 1 })
})

test('the user is asked to subscribe again once nothing is left', () => {
  expect(shouldAsk(0)).toBe(true)
  expect(shouldAsk(1)).toBe(false)
})

test('the message title is cut to WeChat’s 20 characters, in the reader’s language, dated on the China day', () => {
  const draft = {
    title: { 'zh-Hans': '关于做好二〇二五年春耕生产补贴发放工作的通知', bo: 'བརྡ་ཐོ།' },
    body: { 'zh-Hans': '正文', bo: 'ནང་དོན།' },
    category: 'policy' as const,
    media: [],
    audience: { regions: ['513301001000'], roles: 'households' as const },
    publishAt: null,
    expireAt: null,
  }
  // 20:00 UTC on 31 March is 1 April in Ganzi
  const zh = messageData(draft, 'zh-Hans', '2025-03-31T20:00:00.000Z', '康定市')
  expect([...zh.thing1.value]).toHaveLength(20)
  expect(zh.date2.value).toBe('2025-04-01')
  expect(zh.thing3.value).toBe('康定市')
  expect(messageData(draft, 'bo', '2025-03-31T15:59:59.000Z', 'x')).toMatchObject({
    thing1: { value: 'བརྡ་ཐོ།' },
    date2: { value: '2025-03-31' },
  })
})
