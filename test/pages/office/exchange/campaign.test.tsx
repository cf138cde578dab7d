import { fireEvent, screen } from '@testing-library/react'
import OfficeCampaignPage from '@/pages/office/exchange/campaign'
import { exchange } from '@shared/contracts/exchange'
import { identity } from '@shared/contracts/identity'
import { KANGDING, officeMe } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'
import { CAMPAIGN, NOMINATION, campaignDetail, nomination, prefectureMe } from './fixtures'

beforeEach(freshTaro)

const params = { id: CAMPAIGN }

test('the county scores every criterion and passes a nomination; the quota and the township’s comment are shown', async () => {
  let reviewed = false
  await renderPage(OfficeCampaignPage, {
    params,
    routes: [
      on(identity, 'me', officeMe),
      on(exchange, 'queue', () => ({
        campaign: campaignDetail(),
        items: [reviewed ? nomination({ state: 'county', score: 90 }) : nomination({ next: 'county' })],
      })),
      on(exchange, 'review', (input) => {
        reviewed = true
        return { id: input.nominationId, state: 'county' as const }
      }),
    ],
  })
  expect(lastInput('exchange', 'queue')).toEqual({ campaignId: CAMPAIGN, region: KANGDING })
  expect(screen.getByTestId('quota').textContent).toContain('3')
  const card = screen.getByTestId('nomination')
  expect(card.textContent).toContain('事迹属实')
  expect(card.textContent).toContain(zh('exchange.photos', { count: 2 }))
  await tap(screen.getByTestId('review-pass'))
  expect(callsTo('exchange').filter((c) => c.action === 'review')).toHaveLength(0)
  fireEvent.input(screen.getByTestId('score-unity'), { target: { value: '55' } })
  fireEvent.input(screen.getByTestId('score-family'), { target: { value: '35' } })
  fireEvent.input(screen.getByTestId('comment'), { target: { value: '材料齐全' } })
  await tap(screen.getByTestId('review-pass'))
  expect(lastInput('exchange', 'review')).toEqual({
    nominationId: NOMINATION,
    stage: 'county',
    pass: true,
    comment: '材料齐全',
    scores: { unity: 55, family: 35 },
  })
  expect(screen.getByTestId('nomination').getAttribute('data-state')).toBe('county')
  expect(screen.queryByTestId('review-form')).toBeNull()
})

test('an office’s own nomination shows no review form', async () => {
  await renderPage(OfficeCampaignPage, {
    params,
    lang: 'bo',
    routes: [
      on(identity, 'me', officeMe),
      on(exchange, 'queue', { campaign: campaignDetail(), items: [nomination({ mine: true })] }),
    ],
  })
  expect(screen.getByTestId('nomination').textContent).toContain(bo('exchange.mine'))
  expect(screen.queryByTestId('review-form')).toBeNull()
})

test('the prefecture publishes the list after a question, then confirms it; declining the question sends nothing', async () => {
  let state: 'open' | 'published' = 'open'
  await renderPage(OfficeCampaignPage, {
    params,
    routes: [
      on(identity, 'me', prefectureMe),
      on(exchange, 'queue', () => ({ campaign: campaignDetail({ state }), items: [] })),
      on(exchange, 'objections', { items: [] }),
      on(exchange, 'publish', () => {
        state = 'published'
        return { listed: 1, start: '2026-12-28', end: '2027-01-03' }
      }),
      on(exchange, 'confirm', { named: 1, told: { sent: 1, refused: 0, failed: 0 } }),
    ],
  })
  taroStub.confirm = false
  await tap(screen.getByTestId('publish'))
  expect(callsTo('exchange').filter((c) => c.action === 'publish')).toHaveLength(0)
  taroStub.confirm = true
  await tap(screen.getByTestId('publish'))
  expect(lastInput('exchange', 'publish')).toEqual({ campaignId: CAMPAIGN })
  expect(taroStub.showToast).toHaveBeenCalledWith(
    expect.objectContaining({ title: zh('exchange.publishedDone', { start: '2026-12-28' }) }),
  )
  expect(screen.getByTestId('objections').textContent).toContain(zh('exchange.noObjections'))
  await tap(screen.getByTestId('confirm'))
  expect(lastInput('exchange', 'confirm')).toEqual({ campaignId: CAMPAIGN })
})

test('the county answers an objection; upholding it is asked first', async () => {
  let answered = false
  await renderPage(OfficeCampaignPage, {
    params,
    routes: [
      on(identity, 'me', officeMe),
      on(exchange, 'queue', { campaign: campaignDetail({ state: 'published', listed: 1, unanswered: 1 }), items: [] }),
      on(exchange, 'objections', () => ({
        items: [
          {
            id: '8e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b',
            nominationId: NOMINATION,
            name: { 'zh-Hans': '扎西', bo: 'བཀྲ་ཤིས།' },
            village: { 'zh-Hans': '榆林村', bo: 'ཡུས་ལིན་གྲོང་ཚོ།' },
            reason: '邻里纠纷未解决',
            by: 'household' as const,
            at: '2026-12-29T02:00:00.000Z',
            mayAnswer: !answered,
            ...(answered ? { answer: { text: '经核实不属实', upheld: false, at: '2026-12-30T02:00:00.000Z' } } : {}),
          },
        ],
      })),
      on(exchange, 'answer', (input) => {
        answered = true
        return { id: input.objectionId, upheld: input.upheld }
      }),
    ],
  })
  expect(screen.getByTestId('unanswered').textContent).toBe(zh('exchange.unanswered', { count: 1 }))
  expect(screen.getByTestId('objection').textContent).toContain(zh('exchange.objectionBy.household'))
  fireEvent.input(screen.getByTestId('answer-text'), { target: { value: '经核实不属实' } })
  taroStub.confirm = false
  await tap(screen.getByTestId('answer-uphold'))
  expect(callsTo('exchange').filter((c) => c.action === 'answer')).toHaveLength(0)
  await tap(screen.getByTestId('answer-dismiss'))
  expect(lastInput('exchange', 'answer')).toEqual({
    objectionId: '8e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b',
    upheld: false,
    text: '经核实不属实',
  })
  expect(screen.getByTestId('objection-answer').textContent).toBe(
    zh('exchange.answerDismissed', { text: '经核实不属实' }),
  )
})
