/**
 * The programme's three phases and their targets, and how far the office's region and each region one
 * level down have come against the current phase this quarter. Every office and department reads them; the
 * prefecture office (or an administrator) edits a phase's dates and targets here, asked first because every
 * region's progress is then held against the new targets. A target left empty is not set. Targets are about
 * households — coverage, contacts, visits confirmed, needs solved on time — never a score of an official.
 * On a wide window (PC WeChat, a desktop browser) the phases and the regions' progress stand two to a row.
 * The progress exports as a spreadsheet, a row per region, as every dashboard table does.
 */
import '../catalogue'
import { Button, Input, Picker, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import { confirmed } from '@/components/Manage'
import Screen from '@/components/Screen'
import Wide from '@/components/Wide'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { ActionOutput } from '@shared/contract'
import { dashboard } from '@shared/contracts/dashboard'
import type { Phase, PhaseInput, Progress, TargetName, Targets } from '@shared/phases'
import { PERCENT_TARGETS, PhaseInputSchema, TARGET_NAMES } from '@shared/phases'
import ExportButton from './ExportButton'
import './phases.css'

type Phases = ActionOutput<typeof dashboard, 'phases'>
type ProgressOut = ActionOutput<typeof dashboard, 'progress'>
type Draft = { from: string; to: string; targets: Record<TargetName, string> }

const shown = (value: number | null) => (value === null ? '' : String(value))

function draftOf(phase: Phase): Draft {
  const targets = Object.fromEntries(TARGET_NAMES.map((n) => [n, shown(phase.targets[n])])) as Record<
    TargetName,
    string
  >
  return { from: phase.from, to: phase.to, targets }
}

function inputOf(id: Phase['id'], draft: Draft): PhaseInput {
  const targets = Object.fromEntries(
    TARGET_NAMES.map((n) => {
      const text = draft.targets[n].trim()
      return [n, text === '' ? null : Number(text)]
    }),
  ) as Targets
  return { id, from: draft.from, to: draft.to, targets }
}

function PhaseForm({ phase, onSaved }: { phase: Phase; onSaved: () => void }) {
  const { t } = useSettings()
  const issues = useFormIssues()
  const [draft, setDraft] = useState<Draft>(() => draftOf(phase))
  const [busy, setBusy] = useState(false)
  const name = t(`phases.${phase.id}`)

  const save = async () => {
    const input = inputOf(phase.id, draft)
    if (!issues.check(PhaseInputSchema, input)) return
    if (!(await confirmed(t('phases.saveAsk', { phase: name })))) return
    setBusy(true)
    try {
      await call(dashboard, 'savePhase', input)
      toastDone(t('phases.saved'))
      onSaved()
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }

  const date = (field: 'from' | 'to') => (
    <Field label={t(`phases.${field}`)} path={field} issues={issues}>
      <Picker
        mode="date"
        value={draft[field]}
        onChange={(e) => setDraft((d) => ({ ...d, [field]: String(e.detail.value) }))}
      >
        <Text className="manage__input phases__date" data-testid={`phase-${phase.id}-${field}`}>
          {draft[field]}
        </Text>
      </Picker>
    </Field>
  )

  return (
    <View className="phases__form" data-testid={`phase-form-${phase.id}`}>
      {date('from')}
      {date('to')}
      {TARGET_NAMES.map((n) => (
        <Field key={n} label={t(`phases.target.${n}`)} path={`targets.${n}`} issues={issues}>
          <Input
            className="manage__input"
            type={PERCENT_TARGETS.includes(n) ? 'number' : 'digit'}
            value={draft.targets[n]}
            placeholder={t('phases.notSet')}
            nativeProps={{ 'aria-label': t(`phases.target.${n}`) }}
            onInput={(e) => setDraft((d) => ({ ...d, targets: { ...d.targets, [n]: e.detail.value } }))}
            data-testid={`phase-${phase.id}-${n}`}
          />
        </Field>
      ))}
      <Text className="card__label phases__hint">{t('phases.targetHint')}</Text>
      <FormMessage issues={issues} />
      <Button
        className="manage__action"
        disabled={offWhen(busy)}
        onClick={() => void save()}
        data-testid={`phase-save-${phase.id}`}
      >
        {t('phases.save')}
      </Button>
    </View>
  )
}

function targetText(t: ReturnType<typeof useSettings>['t'], name: TargetName, value: number | null): string {
  if (value === null) return t('phases.notSet')
  return PERCENT_TARGETS.includes(name) ? `${value}%` : String(value)
}

function PhaseCard({
  phase,
  current,
  editable,
  onSaved,
}: {
  phase: Phase
  current: boolean
  editable: boolean
  onSaved: () => void
}) {
  const { t } = useSettings()
  const [editing, setEditing] = useState(false)
  return (
    <View className={`card phases__phase${current ? ' phases__phase--current' : ''}`} data-testid={`phase-${phase.id}`}>
      {current && <Text className="phases__badge">{t('phases.current')}</Text>}
      <Text className="section-title">{t(`phases.${phase.id}`)}</Text>
      <Text className="card__label">{t('phases.dates', { from: phase.from, to: phase.to })}</Text>
      {!phase.stored && (
        <View className="manage__warning" data-testid={`phase-built-in-${phase.id}`}>
          <Text>{t('phases.builtIn')}</Text>
        </View>
      )}
      {editing ? (
        <PhaseForm
          phase={phase}
          onSaved={() => {
            setEditing(false)
            onSaved()
          }}
        />
      ) : (
        <>
          <View className="phases__targets">
            {TARGET_NAMES.map((n) => (
              <View key={n} className="phases__target" data-testid={`target-${phase.id}-${n}`}>
                <Text className="card__label">{t(`phases.target.${n}`)}</Text>
                <Text className="phases__value">{targetText(t, n, phase.targets[n])}</Text>
              </View>
            ))}
          </View>
          {editable && (
            <Button
              className="manage__secondary"
              onClick={() => setEditing(true)}
              data-testid={`phase-edit-${phase.id}`}
            >
              {t('phases.edit')}
            </Button>
          )}
        </>
      )}
    </View>
  )
}

/** One region's targets: what it reached, against what, and whether it reached it. */
export function ProgressCard({ row, testId }: { row: ProgressOut['own']; testId: string }) {
  const { t, lang } = useSettings()
  const p: Progress = row.progress
  return (
    <View className="card phases__progress" data-testid={testId}>
      <Text className="section-title">{pick(row.name, lang)}</Text>
      {TARGET_NAMES.map((n) => {
        const { actual, target, met } = p[n]
        const unit = PERCENT_TARGETS.includes(n) ? '%' : ''
        return (
          <View key={n} className="phases__line" data-testid={`${testId}-${n}`}>
            <Text className="card__label">{t(`phases.target.${n}`)}</Text>
            <Text className="phases__value">
              {actual === null
                ? t('dashboard.none')
                : target === null
                  ? `${actual}${unit}`
                  : t('phases.actual', { actual: `${actual}${unit}`, target: `${target}${unit}` })}
            </Text>
            {met !== null && (
              <Text className={`phases__met phases__met--${met ? 'yes' : 'no'}`} data-met={met ? 'yes' : 'no'}>
                {t(met ? 'phases.met' : 'phases.notMet')}
              </Text>
            )}
          </View>
        )
      })}
    </View>
  )
}

function ProgressSection() {
  const { t } = useSettings()
  const state = useCall(() => call(dashboard, 'progress', {}))
  return (
    <Loaded state={state}>
      {(out) => (
        <View className="phases__section" data-testid="progress">
          <Text className="section-title">{t('phases.progress', { period: out.period })}</Text>
          <Text className="card__label">{out.phase ? t('phases.progressHint') : t('phases.noCurrent')}</Text>
          <Wide testId="progress-cards">
            <ProgressCard row={out.own} testId="progress-own" />
            {out.rows.map((row) => (
              <ProgressCard key={row.key} row={row} testId={`progress-${row.key}`} />
            ))}
          </Wide>
          <ExportButton input={{ table: 'progress' }} />
        </View>
      )}
    </Loaded>
  )
}

export default function PhasesPage() {
  const { t } = useSettings()
  const [version, setVersion] = useState(0)
  const state = useCall(() => call(dashboard, 'phases', {}), [version])
  return (
    <Screen title="phases.title">
      <View className="manage phases">
        <Wide testId="phases-cards">
          <Loaded state={state}>
            {(out: Phases) => (
              <>
                {!out.editable && <Text className="card__label wide__full">{t('phases.readOnly')}</Text>}
                {out.phases.map((phase) => (
                  <PhaseCard
                    key={`${phase.id}-${phase.updatedAt ?? ''}`}
                    phase={phase}
                    current={phase.id === out.current}
                    editable={out.editable}
                    onSaved={() => setVersion((v) => v + 1)}
                  />
                ))}
              </>
            )}
          </Loaded>
        </Wide>
        <ProgressSection key={version} />
      </View>
    </Screen>
  )
}
