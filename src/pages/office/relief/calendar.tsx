/**
 * The working-day calendar the prefecture office keeps, a year at a time: the holidays and the weekends
 * worked instead (调休), pre-filled from the stored year or, before anyone saved it, the built-in one.
 * Days are added with a date picker and removed with a tap; the count of working days follows every
 * change, so a missed day shows before saving. Saving asks first: every request's deadline follows it.
 */
import '../catalogue'
import { Button, Picker, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import { confirmed } from '@/components/Manage'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { CalendarInputSchema, requests } from '@shared/contracts/requests'
import type { Day } from '@shared/time'
import { chinaDay, now } from '@shared/time'
import { isWeekend, workingDaysIn } from '@shared/workdays'
import './index.css'

type Kind = 'holidays' | 'workdays'

function Days({
  kind,
  year,
  days,
  onAdd,
  onRemove,
  issues,
}: {
  kind: Kind
  year: number
  days: readonly Day[]
  onAdd: (day: Day) => void
  onRemove: (day: Day) => void
  issues: ReturnType<typeof useFormIssues>
}) {
  const { t } = useSettings()
  const label = t(`services.calendar.${kind}`)
  return (
    <Field label={label} path={kind} issues={issues}>
      <View className="relief__days" data-testid={`${kind}`}>
        {days.map((day) => (
          <Button key={day} className="manage__choice relief__day" data-day={day} onClick={() => onRemove(day)}>
            {day} ✕
          </Button>
        ))}
      </View>
      <Picker
        mode="date"
        value={`${year}-01-01`}
        start={`${year}-01-01`}
        end={`${year}-12-31`}
        onChange={(e) => onAdd(String(e.detail.value))}
      >
        <Text className="manage__secondary relief__pick" data-testid={`add-${kind}`}>
          {t('services.calendar.add')}
        </Text>
      </Picker>
    </Field>
  )
}

function YearForm({ year, loaded }: { year: number; loaded: { holidays: Day[]; workdays: Day[]; stored: boolean } }) {
  const { t } = useSettings()
  const issues = useFormIssues()
  const [holidays, setHolidays] = useState<Day[]>(loaded.holidays)
  const [workdays, setWorkdays] = useState<Day[]>(loaded.workdays)
  const [stored, setStored] = useState(loaded.stored)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    setHolidays(loaded.holidays)
    setWorkdays(loaded.workdays)
    setStored(loaded.stored)
  }, [loaded])

  const sorted = (days: Day[], day: Day) => [...new Set([...days, day])].sort()

  const addHoliday = (day: Day) => {
    issues.clear()
    setHolidays((d) => sorted(d, day))
    // a day cannot be off and worked at once: the later choice wins
    setWorkdays((d) => d.filter((x) => x !== day))
  }
  const addWorkday = (day: Day) => {
    if (!isWeekend(day)) {
      issues.mark([{ path: 'workdays', message: t('services.calendar.notWeekend', { day }) }])
      return
    }
    if (holidays.includes(day)) {
      issues.mark([{ path: 'workdays', message: t('services.calendar.both', { day }) }])
      return
    }
    issues.clear()
    setWorkdays((d) => sorted(d, day))
  }

  const save = async () => {
    const input = { year, holidays, workdays }
    if (!issues.check(CalendarInputSchema, input)) return
    if (!(await confirmed(t('services.calendar.saveAsk', { year })))) return
    setBusy(true)
    try {
      await call(requests, 'setCalendar', input)
      setStored(true)
      toastDone(t('services.saved'))
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="manage">
      {!stored && (
        <View className="manage__warning" data-testid="built-in">
          <Text>{t('services.calendar.builtIn', { year })}</Text>
        </View>
      )}
      <Text className="relief__count" data-testid="working-days">
        {t('services.calendar.count', { year, days: workingDaysIn(year, holidays, workdays) })}
      </Text>
      <View className="card manage">
        <Days
          kind="holidays"
          year={year}
          days={holidays}
          onAdd={addHoliday}
          onRemove={(day) => setHolidays((d) => d.filter((x) => x !== day))}
          issues={issues}
        />
        <Days
          kind="workdays"
          year={year}
          days={workdays}
          onAdd={addWorkday}
          onRemove={(day) => setWorkdays((d) => d.filter((x) => x !== day))}
          issues={issues}
        />
      </View>
      <FormMessage issues={issues} />
      <Button className="manage__action" disabled={offWhen(busy)} onClick={save} data-testid="calendar-save">
        {t('services.save')}
      </Button>
    </View>
  )
}

export default function ReliefCalendarPage() {
  const thisYear = Number(chinaDay(now()).slice(0, 4))
  const [year, setYear] = useState(thisYear)
  const stored = useCall(() => call(requests, 'calendar', { year }), [year])
  return (
    <Screen title="services.link.calendar">
      <View className="manage">
        <View className="manage__choices relief__chips">
          {[thisYear, thisYear + 1].map((y) => (
            <Button
              key={y}
              className={`manage__choice${y === year ? ' manage__choice--on' : ''}`}
              onClick={() => setYear(y)}
              data-testid={`year-${y}`}
            >
              {String(y)}
            </Button>
          ))}
        </View>
        <Loaded state={stored}>
          {(loaded) => (loaded.year === year ? <YearForm key={year} year={year} loaded={loaded} /> : null)}
        </Loaded>
      </View>
    </Screen>
  )
}
