import Taro from '@tarojs/taro'
import { fireEvent, screen } from '@testing-library/react'
import ReliefCalendarPage from '@/pages/office/relief/calendar'
import type { ActionOutput } from '@shared/contract'
import { requests } from '@shared/contracts/requests'
import { chinaDay, now } from '@shared/time'
import { workingDaysIn } from '@shared/workdays'
import { bo, callsTo, freshTaro, lastInput, on, renderPage, tap, zh } from '../../helpers'
import { taroStub } from '../../stubs/taro'

beforeEach(freshTaro)

type Year = ActionOutput<typeof requests, 'calendar'>

const YEAR = Number(chinaDay(now()).slice(0, 4))
const builtIn: Year = { year: YEAR, holidays: [`${YEAR}-01-01`, `${YEAR}-10-01`], workdays: [], stored: false }
const stored = (year: number): Year => ({ year, holidays: [`${year}-05-01`], workdays: [], stored: true })
const answers = [
  on(requests, 'calendar', (input) => (input.year === YEAR ? builtIn : stored(input.year))),
  on(requests, 'setCalendar', { year: YEAR, updatedAt: '2026-12-06T02:00:00.000Z' }),
]

/** the first weekday and the first Saturday of March of a year */
function march(year: number) {
  const days = Array.from({ length: 7 }, (_, i) => `${year}-03-0${i + 1}`)
  const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay()
  return { weekday: days.find((d) => weekday(d) === 3)!, saturday: days.find((d) => weekday(d) === 6)! }
}

const pick = async (kind: 'holidays' | 'workdays', day: string) => {
  const input = screen.getByTestId(`add-${kind}`).closest('label')!.querySelector('input')!
  fireEvent.change(input, { target: { value: day } })
  await tap(screen.getByTestId(kind), 1)
}
const count = () => screen.getByTestId('working-days').textContent
const days = (kind: string) =>
  [...screen.getByTestId(kind).querySelectorAll('[data-day]')].map((e) => e.getAttribute('data-day'))

test('a year nobody saved is pre-filled from the built-in one, says so, and counts its working days', async () => {
  await renderPage(ReliefCalendarPage, { routes: answers })
  expect(lastInput('requests', 'calendar')).toEqual({ year: YEAR })
  expect(screen.getByTestId('built-in').textContent).toBe(zh('services.calendar.builtIn', { year: YEAR }))
  expect(days('holidays')).toEqual(builtIn.holidays)
  expect(count()).toBe(zh('services.calendar.count', { year: YEAR, days: workingDaysIn(YEAR, builtIn.holidays, []) }))
})

test('days added by the picker and removed by a tap change the count at once; a weekday cannot be worked instead', async () => {
  await renderPage(ReliefCalendarPage, { routes: answers })
  const { weekday, saturday } = march(YEAR)
  const base = workingDaysIn(YEAR, builtIn.holidays, [])
  await pick('holidays', weekday)
  expect(days('holidays')).toEqual([builtIn.holidays[0], weekday, builtIn.holidays[1]])
  expect(count()).toBe(zh('services.calendar.count', { year: YEAR, days: base - 1 }))

  await pick('workdays', weekday)
  const field = document.querySelector('[data-field="workdays"]')!
  expect(field.getAttribute('data-invalid')).toBe('true')
  expect(field.textContent).toContain(zh('services.calendar.notWeekend', { day: weekday }))
  expect(days('workdays')).toEqual([])

  await pick('workdays', saturday)
  expect(days('workdays')).toEqual([saturday])
  expect(count()).toBe(zh('services.calendar.count', { year: YEAR, days: base }))

  await tap(screen.getByTestId('holidays').querySelector(`[data-day="${weekday}"]`)!)
  expect(count()).toBe(zh('services.calendar.count', { year: YEAR, days: base + 1 }))
})

test('saving asks first; a “yes” stores the year as shown and the built-in note goes', async () => {
  jest.spyOn(Taro, 'showModal')
  await renderPage(ReliefCalendarPage, { routes: answers })
  const { saturday } = march(YEAR)
  await pick('workdays', saturday)
  taroStub.confirm = false
  await tap(screen.getByTestId('calendar-save'))
  expect(callsTo('requests').filter((c) => c.action === 'setCalendar')).toHaveLength(0)
  taroStub.confirm = true
  await tap(screen.getByTestId('calendar-save'))
  expect((jest.mocked(Taro.showModal).mock.calls as [{ content: string }][]).map(([o]) => o.content)).toEqual([
    zh('services.calendar.saveAsk', { year: YEAR }),
    zh('services.calendar.saveAsk', { year: YEAR }),
  ])
  expect(lastInput('requests', 'setCalendar')).toEqual({ year: YEAR, holidays: builtIn.holidays, workdays: [saturday] })
  expect(taroStub.showToast).toHaveBeenCalledWith({ title: zh('services.saved'), icon: 'success' })
  expect(screen.queryByTestId('built-in')).toBeNull()
})

test('next year opens the stored one, in Tibetan', async () => {
  await renderPage(ReliefCalendarPage, { routes: answers, lang: 'bo' })
  await tap(screen.getByTestId(`year-${YEAR + 1}`))
  expect(lastInput('requests', 'calendar')).toEqual({ year: YEAR + 1 })
  expect(screen.queryByTestId('built-in')).toBeNull()
  expect(days('holidays')).toEqual([`${YEAR + 1}-05-01`])
  expect(count()).toBe(
    bo('services.calendar.count', { year: YEAR + 1, days: workingDaysIn(YEAR + 1, [`${YEAR + 1}-05-01`], []) }),
  )
})
