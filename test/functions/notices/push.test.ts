/**
 * The push dispatch timer: subscribed users in the audience get one message per notice, in batches,
 * spent subscriptions counted apart, and two runs at once never send a subscription the same notice twice.
 */
import { NOTICE_TEMPLATE_ID, notices } from '@shared/contracts/notices'
import type { World } from './world'
import { HOUSEHOLD, OFFICE, draft, ok, publish, startWorld, userFor } from './world'

jest.setTimeout(180_000)

let w: World

beforeAll(async () => {
  w = await startWorld()
})

afterAll(async () => {
  await w?.h.close()
})

/** the households of the demo household's township, where the notices here go */
const township = () => w.h.find('households').filter((x) => (x.regionPath as string[])[2] === w.home[2])

test('sends to subscribed users in the audience, counting spent subscriptions as "no subscription"', async () => {
  const { h } = w
  // bound to WeChat, but never accepted the notice message
  const quiet = township().find((x) => !h.find('users', { householdId: x._id }).length)!
  userFor(h, quiet, 'notices-never-subscribed')
  h.lc.openApi.grant(HOUSEHOLD, [NOTICE_TEMPLATE_ID])
  await ok(h.call(notices, 'subscribe', { accepted: true }, HOUSEHOLD))
  // recorded as subscribed, but WeChat holds no acceptance for this user: 43101
  await ok(h.call(notices, 'subscribe', { accepted: true }, w.neighbourUser))
  h.lc.openApi.grant(w.farUser, [NOTICE_TEMPLATE_ID])
  await ok(h.call(notices, 'subscribe', { accepted: true }, w.farUser))
  const stored = h.find('noticeSubscriptions', { _id: HOUSEHOLD })[0]!
  expect(stored).toMatchObject({ kind: 'household', remaining: 1, regionPath: w.home })
  expect(stored.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/)

  const id = await publish(w)
  const waiting = await ok(h.call(notices, 'record', { id }, OFFICE))
  expect(waiting.push).toMatchObject({ state: 'waiting', sent: 0 })
  await h.lc.fireTimer('notices')
  const done = await ok(h.call(notices, 'record', { id }, OFFICE))
  // the township's households: three have a phone bound (the demo household, its neighbour, the quiet one),
  // the others cannot get a message at all; one bound user never subscribed
  const households = township().length
  expect(done.push).toEqual({
    state: 'done',
    sent: 1,
    noSubscription: 1,
    failed: 0,
    reach: { households, householdsUnbound: households - 3, officials: 0, officialsUnbound: 0, notSubscribed: 1 },
  })
  expect(h.lc.openApi.listMessages(HOUSEHOLD)).toHaveLength(1)
  expect(h.lc.openApi.listMessages(w.farUser)).toHaveLength(0)

  const after = await ok(h.call(notices, 'subscription', {}, HOUSEHOLD))
  expect(after).toEqual({ remaining: 0, askSubscribe: true })
  // a later run finds nothing left to send
  await h.lc.fireTimer('notices')
  expect(h.lc.openApi.listMessages(HOUSEHOLD)).toHaveLength(1)
})

test('two runs fired at once send each subscription one message, over several batches', async () => {
  const { h, home } = w
  // more subscribers than one batch (100) holds, spread over the township
  const village = home[3]!
  const openids = Array.from({ length: 250 }, (_x, i) => `notices-subscriber-${String(i).padStart(3, '0')}`)
  h.insert(
    'noticeSubscriptions',
    openids.map((openid) => ({
      _id: openid,
      kind: 'household',
      lang: 'bo',
      regionPath: [home[0]!, home[1]!, home[2]!, village],
      remaining: 1,
      updatedAt: new Date().toISOString(),
    })),
  )
  // long-term acceptances: WeChat itself would let a second message through, so only the dispatch stops it
  for (const openid of openids) h.lc.openApi.grant(openid, [NOTICE_TEMPLATE_ID], true)
  // two warm instances, so both runs start at once
  await Promise.all([h.lc.fireTimer('notices'), h.lc.fireTimer('notices')])
  const id = await publish(w, draft(w))
  const runs = await Promise.all([h.lc.fireTimer('notices'), h.lc.fireTimer('notices')])
  expect(runs).toEqual([
    { ok: true, data: expect.objectContaining({ notices: 1 }) },
    { ok: true, data: expect.objectContaining({ notices: 1 }) },
  ])
  for (const openid of openids) expect(h.lc.openApi.listMessages(openid)).toHaveLength(1)
  const record = await ok(h.call(notices, 'record', { id }, OFFICE))
  // the demo household and the neighbour spent their one acceptance on the first notice
  // subscriptions with no bound household behind them (made up here) leave no bound user unsubscribed
  expect(record.push).toEqual({
    state: 'done',
    sent: openids.length,
    noSubscription: 2,
    failed: 0,
    reach: expect.objectContaining({ householdsUnbound: township().length - 3, notSubscribed: 0 }),
  })
  expect(h.find('noticeSubscriptions', { _id: openids[0]! })[0]).toMatchObject({ remaining: 0 })
})

test('a timer event a user sends is refused and sends nothing', async () => {
  const { h } = w
  const before = h.lc.openApi.listMessages().length
  const forged = await h.lc.invoke('notices', { Type: 'Timer', TriggerName: 'pushDispatch' }, { OPENID: HOUSEHOLD })
  expect(forged).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  expect(h.lc.openApi.listMessages()).toHaveLength(before)
})

test('a notice to officials counts the officials of its regions and those with no bound WeChat user', async () => {
  const { h, home } = w
  const id = await publish(w, draft(w, { audience: { regions: [home[1]!], roles: 'officials' } }))
  await h.lc.fireTimer('notices')
  const record = await ok(h.call(notices, 'record', { id }, OFFICE))
  const officials = h.find('officials').filter((o) => (o.regionPath as string[]).includes(home[1]!))
  const bound = officials.filter((o) => h.find('users', { officialId: o._id }).length > 0)
  expect(bound.length).toBeGreaterThan(0)
  expect(record.push?.reach).toEqual({
    households: 0,
    householdsUnbound: 0,
    officials: officials.length,
    officialsUnbound: officials.length - bound.length,
    notSubscribed: bound.length,
  })
})
