import { fireEvent, screen } from '@testing-library/react'
import AuditPage from '@/pages/office/audit/index'
import type { ActionOutput } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import { HOUSEHOLD_ID } from '../../fixtures'
import { bo, callsTo, freshTaro, lastInput, on, refuse, renderPage, retry, shownError, tap } from '../../helpers'

beforeEach(freshTaro)

type Entry = ActionOutput<typeof identity, 'auditSearch'>['entries'][number]
const entry = (id: string, at: string): Entry => ({
  id,
  kind: 'view',
  actor: 'oAbc123',
  subject: HOUSEHOLD_ID,
  fields: ['idNumber', 'phone'],
  action: 'householdDetail',
  at,
})

test('nothing is asked before a search; results show who saw what and when, a page at a time', async () => {
  await renderPage(AuditPage, {
    routes: [
      on(identity, 'auditSearch', (input) =>
        input.page === 0
          ? { entries: [entry('a1', '2026-12-05T02:30:00.000Z')], total: 2, pageSize: 1 }
          : { entries: [entry('a2', '2026-12-04T02:30:00.000Z')], total: 2, pageSize: 1 },
      ),
    ],
  })
  expect(callsTo('identity')).toHaveLength(0)

  fireEvent.change(screen.getByTestId('audit-subject'), { target: { value: ` ${HOUSEHOLD_ID} ` } })
  fireEvent.change(screen.getByTestId('audit-from'), { target: { value: '2026-12-01' } })
  await tap(screen.getByTestId('audit-search'))
  expect(lastInput('identity', 'auditSearch')).toEqual({ subject: HOUSEHOLD_ID, from: '2026-12-01', page: 0 })
  const results = screen.getByTestId('audit-results')
  expect(results.textContent).toContain('共 2 条')
  expect(results.textContent).toContain('查看个人信息')
  expect(results.textContent).toContain('2026-12-05 10:30')
  expect(results.textContent).toContain(`oAbc123 → ${HOUSEHOLD_ID}`)
  expect(results.textContent).toContain('字段：idNumber, phone')

  await tap(screen.getByText('加载更多'))
  expect(lastInput('identity', 'auditSearch')).toMatchObject({ page: 1 })
  expect(screen.getByTestId('audit-results').querySelectorAll('[data-kind]')).toHaveLength(2)
  expect(screen.queryByText('加载更多')).toBeNull()
})

test('someone not an administrator is refused, in Tibetan, and retry searches again', async () => {
  await renderPage(AuditPage, {
    lang: 'bo',
    routes: [
      on(identity, 'auditSearch', (_input, n) =>
        n === 1 ? refuse('FORBIDDEN') : { entries: [], total: 0, pageSize: 20 },
      ),
    ],
  })
  await tap(screen.getByTestId('audit-search'))
  expect(shownError('FORBIDDEN')).toContain(bo('error.FORBIDDEN'))
  await retry()
  expect(screen.getByTestId('audit-results').textContent).toContain(bo('common.empty'))
})
