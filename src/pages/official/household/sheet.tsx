/**
 * A household's info sheet (一户一表, `?id=`), reviewed once a year. It opens filled in with what is stored
 * (or, the first time, with the roster's members), so the official only confirms what changed: when nothing
 * did, one tap records the confirmation without retyping anything. A member opens for editing with a tap;
 * everything with a fixed set of answers is a picker or a choice, only names, schools and grades are typed.
 * Only the household's paired officials save it; others who reach the household read it.
 */
import '../catalogue'
import Taro from '@tarojs/taro'
import { Button, Input, Picker, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import type { FormIssues } from '@/components/Form'
import '@/components/Manage/index.css'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { HouseholdRecord, InfoSheetView } from '@shared/contracts/contacts'
import {
  HEALTH,
  INCOME_SOURCES,
  InfoSheetSchema,
  RELATIONS,
  SCHOOLING,
  WORK,
  contacts,
} from '@shared/contracts/contacts'
import { validate } from '@shared/contract'
import type { MessageKey } from '@shared/i18n'
import { chinaDay } from '@shared/time'
import { byName, householdRecord, reviewDue, useHouseholdId } from './parts'
import './index.css'

type Member = InfoSheetView['members'][number]
type Student = InfoSheetView['students'][number]

const THIS_YEAR = Number(chinaDay().slice(0, 4))
/** newest first: most members being edited are children born lately */
const YEARS = Array.from({ length: THIS_YEAR - 1900 + 1 }, (_, i) => THIS_YEAR - i)

/** A choice from a fixed list, as WeChat's selector: the label shown, the value kept. */
function Choose<V extends string | number>({
  options,
  value,
  label,
  onChange,
  testId,
}: {
  options: readonly V[]
  value: V | undefined
  label: (option: V) => string
  onChange: (option: V) => void
  testId: string
}) {
  const { t } = useSettings()
  const index = value === undefined ? -1 : options.indexOf(value)
  return (
    <Picker
      mode="selector"
      range={options.map(label)}
      value={index < 0 ? 0 : index}
      data-testid={testId}
      onChange={(e) => {
        const chosen = options[Number(e.detail.value)]
        if (chosen !== undefined) onChange(chosen)
      }}
    >
      <Text className="household-picker form-field__control">
        {value === undefined ? t('sheet.choose') : label(value)}
      </Text>
    </Picker>
  )
}

function MemberEditor({
  member,
  index,
  issues,
  onChange,
  onRemove,
}: {
  member: Member
  index: number
  issues: FormIssues
  onChange: (member: Member) => void
  onRemove: () => void
}) {
  const { t } = useSettings()
  const path = (field: string) => `members.${index}.${field}`
  const set = (patch: Partial<Member>) => onChange({ ...member, ...patch })
  const labelled = (area: string) => (option: string) => t(`${area}.${option}` as MessageKey)
  return (
    <View className="manage" data-testid="member-editor">
      <Field label={t('sheet.name')} path={path('name')} issues={issues}>
        <Input
          className="manage__input"
          data-testid="member-name"
          value={member.name}
          maxlength={40}
          nativeProps={{ 'aria-label': t('sheet.name') }}
          onInput={(e) => set({ name: e.detail.value })}
        />
      </Field>
      <Field label={t('sheet.relation')} path={path('relation')} issues={issues}>
        <Choose
          options={RELATIONS}
          value={member.relation}
          label={labelled('detail.relation')}
          onChange={(relation) => set({ relation })}
          testId="member-relation"
        />
      </Field>
      <Field label={t('sheet.birthYear')} path={path('birthYear')} issues={issues}>
        <Choose
          options={YEARS}
          value={member.birthYear}
          label={String}
          onChange={(birthYear) => set({ birthYear })}
          testId="member-birthYear"
        />
      </Field>
      <Field label={t('sheet.schooling')} path={path('schooling')} issues={issues}>
        <Choose
          options={SCHOOLING}
          value={member.schooling}
          label={labelled('sheet.schooling')}
          onChange={(schooling) => set({ schooling })}
          testId="member-schooling"
        />
      </Field>
      <Field label={t('sheet.health')} path={path('health')} issues={issues}>
        <Choose
          options={HEALTH}
          value={member.health}
          label={labelled('sheet.health')}
          onChange={(health) => set({ health })}
          testId="member-health"
        />
      </Field>
      <Field label={t('sheet.work')} path={path('work')} issues={issues}>
        <Choose
          options={WORK}
          value={member.work}
          label={labelled('sheet.work')}
          onChange={(work) => set({ work })}
          testId="member-work"
        />
      </Field>
      <Button className="manage__secondary" data-testid="remove-member" onClick={onRemove}>
        {t('sheet.remove')}
      </Button>
    </View>
  )
}

/** One line that says who a member is, so a member who did not change needs no tap at all. */
function memberLine(member: Member, t: (key: MessageKey, params?: Record<string, string | number>) => string) {
  return [
    member.name,
    t(`detail.relation.${member.relation}`),
    member.birthYear !== undefined ? t('sheet.born', { year: member.birthYear }) : undefined,
    member.schooling && t(`sheet.schooling.${member.schooling}`),
    member.health && t(`sheet.health.${member.health}`),
    member.work && t(`sheet.work.${member.work}`),
  ]
    .filter(Boolean)
    .join(' · ')
}

function SheetForm({ record, householdId }: { record: HouseholdRecord; householdId: string }) {
  const { lang, t } = useSettings()
  const issues = useFormIssues()
  const [sheet, setSheet] = useState<InfoSheetView>(record.sheet)
  const [income, setIncome] = useState(record.sheet.annualIncome === undefined ? '' : String(record.sheet.annualIncome))
  const [open, setOpen] = useState<number[]>([])
  const [busy, setBusy] = useState(false)
  const [membersIssue, setMembersIssue] = useState<string>()
  const editable = record.mayEditSheet

  const { annualIncome: _stored, ...rest } = sheet
  const value = { ...rest, ...(income.trim() === '' ? {} : { annualIncome: Number(income) }) }
  const unchanged = canonical(value) === canonical(record.sheet)

  const setMember = (index: number, member: Member) =>
    setSheet((s) => ({ ...s, members: s.members.map((m, i) => (i === index ? member : m)) }))
  const removeMember = (index: number) => {
    // marks name members by position: after a removal they would point at the wrong one
    issues.clear()
    setMembersIssue(undefined)
    setSheet((s) => ({ ...s, members: s.members.filter((_m, i) => i !== index) }))
    setOpen((list) => list.filter((i) => i !== index).map((i) => (i > index ? i - 1 : i)))
  }
  const addMember = () => {
    setOpen((list) => [...list, sheet.members.length])
    setSheet((s) => ({ ...s, members: [...s.members, { name: '', relation: 'child' }] }))
  }
  const toggleIncome = (source: (typeof INCOME_SOURCES)[number]) =>
    setSheet((s) => ({
      ...s,
      incomeSources: s.incomeSources.includes(source)
        ? s.incomeSources.filter((x) => x !== source)
        : INCOME_SOURCES.filter((x) => x === source || s.incomeSources.includes(x)),
    }))
  const setStudent = (index: number, student: Student) =>
    setSheet((s) => ({ ...s, students: s.students.map((x, i) => (i === index ? student : x)) }))

  async function save() {
    const checked = validate(InfoSheetSchema, value, lang)
    if (!checked.ok) {
      issues.mark(checked.issues)
      setMembersIssue(checked.issues.find((i) => i.path === 'members')?.message)
      // a member with a marked field opens, so the mark is seen
      const marked = checked.issues.flatMap((i) => /^members\.(\d+)\./.exec(i.path)?.slice(1, 2).map(Number) ?? [])
      setOpen((list) => [...new Set([...list, ...marked])])
      return
    }
    setMembersIssue(undefined)
    setBusy(true)
    try {
      await call(contacts, 'updateInfoSheet', { householdId, sheet: checked.value })
      issues.clear()
      toastDone(t(unchanged ? 'sheet.confirmed' : 'sheet.saved'))
      await Taro.navigateBack().catch(() => undefined)
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="manage">
      <View className={`card manage__row${reviewDue(record.confirmedAt) ? ' card--edged card--alert' : ''}`}>
        <Text data-testid="sheet-confirmed">
          {record.confirmedAt
            ? t('sheet.lastConfirmed', {
                date: chinaDay(record.confirmedAt),
                name: byName(record.confirmedBy, lang, t),
              })
            : t('sheet.never')}
        </Text>
        {reviewDue(record.confirmedAt) && <Text className="card__label">{t('sheet.due')}</Text>}
        {!record.stored && editable && (
          <Text className="card__label" data-testid="from-roster">
            {t('sheet.fromRoster')}
          </Text>
        )}
        {!editable && (
          <Text className="card__label" data-testid="sheet-read-only">
            {t('sheet.readOnly')}
          </Text>
        )}
      </View>

      <Text className="section-title">{t('sheet.members')}</Text>
      {sheet.members.map((member, index) => {
        const marked = issues.at(`members.${index}`).length > 0
        return (
          <View
            key={index}
            className={`card manage__row${marked ? ' card--edged card--alert' : ''}`}
            data-testid="sheet-member"
            data-invalid={marked ? 'true' : undefined}
          >
            <Text>{memberLine(member, t)}</Text>
            {editable &&
              (open.includes(index) ? (
                <>
                  <MemberEditor
                    member={member}
                    index={index}
                    issues={issues}
                    onChange={(m) => setMember(index, m)}
                    onRemove={() => removeMember(index)}
                  />
                  <Text
                    className="household-choice"
                    data-testid="close-member"
                    onClick={() => setOpen((list) => list.filter((i) => i !== index))}
                  >
                    {t('sheet.done')}
                  </Text>
                </>
              ) : (
                <Text
                  className="household-choice"
                  data-testid="edit-member"
                  onClick={() => setOpen((list) => [...list, index])}
                >
                  {t('sheet.edit')}
                </Text>
              ))}
          </View>
        )
      })}
      {membersIssue && (
        <View className="form-field__issue" role="alert" data-testid="members-issue">
          <Text>{membersIssue}</Text>
        </View>
      )}
      {editable && (
        <Button className="manage__secondary" data-testid="add-member" onClick={addMember}>
          {t('sheet.addMember')}
        </Button>
      )}

      <Field label={t('sheet.income')} path="incomeSources" issues={issues}>
        <View className="household-choices">
          {INCOME_SOURCES.map((source) => {
            const on = sheet.incomeSources.includes(source)
            return (
              <Text
                key={source}
                className={`household-choice${on ? ' household-choice--on' : ''}`}
                data-testid={`income-${source}`}
                data-on={on ? 'true' : undefined}
                onClick={() => editable && toggleIncome(source)}
              >
                {t(`sheet.income.${source}`)}
              </Text>
            )
          })}
        </View>
      </Field>
      <Field label={t('sheet.annualIncome')} path="annualIncome" issues={issues}>
        <Input
          className="manage__input"
          type="digit"
          data-testid="annual-income"
          value={income}
          nativeProps={{ 'aria-label': t('sheet.annualIncome') }}
          disabled={offWhen(!editable)}
          onInput={(e) => setIncome(e.detail.value)}
        />
      </Field>

      <Text className="section-title">{t('sheet.students')}</Text>
      {sheet.students.map((student, index) => (
        <View key={index} className="card manage" data-testid="sheet-student">
          {(['name', 'school', 'grade'] as const).map((field) => (
            <Field key={field} label={t(`sheet.${field}`)} path={`students.${index}.${field}`} issues={issues}>
              <Input
                className="manage__input"
                data-testid={`student-${field}`}
                value={student[field]}
                nativeProps={{ 'aria-label': t(`sheet.${field}`) }}
                disabled={offWhen(!editable)}
                onInput={(e) => setStudent(index, { ...student, [field]: e.detail.value })}
              />
            </Field>
          ))}
          {editable && (
            <Button
              className="manage__secondary"
              data-testid="remove-student"
              onClick={() => setSheet((s) => ({ ...s, students: s.students.filter((_x, i) => i !== index) }))}
            >
              {t('sheet.remove')}
            </Button>
          )}
        </View>
      ))}
      {editable && (
        <Button
          className="manage__secondary"
          data-testid="add-student"
          onClick={() => setSheet((s) => ({ ...s, students: [...s.students, { name: '', school: '', grade: '' }] }))}
        >
          {t('sheet.addStudent')}
        </Button>
      )}

      {editable && (
        <>
          <FormMessage issues={issues} />
          <Button
            className="manage__action"
            disabled={offWhen(busy)}
            data-testid="save-sheet"
            data-unchanged={unchanged ? 'true' : undefined}
            onClick={() => void save()}
          >
            {t(unchanged ? 'sheet.nothingChanged' : 'sheet.save')}
          </Button>
        </>
      )}
    </View>
  )
}

/** the same sheet whatever order its fields were written in */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  )
}

export default function SheetPage() {
  const householdId = useHouseholdId()
  const record = useCall(() => householdRecord(householdId), [householdId])
  return (
    <Screen title="sheet.title">
      <Loaded state={record}>{(data) => <SheetForm record={data} householdId={householdId} />}</Loaded>
    </Screen>
  )
}
