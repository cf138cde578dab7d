/**
 * The office's monthly and quarterly reports: made by the dashboard's timer once a period has ended (the
 * figures beside the period before, the level below side by side, the households and requests that need
 * action), so no office types them into a form; one the timer has not reached yet is made when opened.
 * Each opens as a spreadsheet: WeChat's document viewer on the phone (save or forward it from there, or on
 * PC WeChat), a download in the browser. On a wide window the months and the quarters stand side by side.
 */
import '../catalogue'
import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { offWhen } from '@/components/Form'
import Screen from '@/components/Screen'
import Wide from '@/components/Wide'
import { Loaded } from '@/components/States'
import { CallError, call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { ActionOutput } from '@shared/contract'
import { dashboard } from '@shared/contracts/dashboard'
import { chinaDateTime } from '@shared/time'
import { openFile } from '../roster/openFile'
import './reports.css'

type Listed = ActionOutput<typeof dashboard, 'reports'>
type Report = Listed['reports'][number]

function ReportRow({ region, report }: { region: string; report: Report }) {
  const { t } = useSettings()
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string>()
  const open = async () => {
    setBusy(true)
    setProblem(undefined)
    try {
      const file = await call(dashboard, 'openReport', { region, period: report.period })
      await openFile(file.url)
    } catch (error) {
      // a refusal says why; a download or the document viewer failing is the phone's, worth a second try
      setProblem(error instanceof CallError ? error.message : t('reports.openFailed'))
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className="reports__row" data-testid={`report-${report.period}`}>
      <View className="reports__what">
        <Text className="reports__period">{report.period}</Text>
        <Text className="card__label">
          {report.madeAt ? t('reports.madeAt', { time: chinaDateTime(report.madeAt) }) : t('reports.notMadeYet')}
        </Text>
        {problem && (
          <View className="manage__problem" role="alert">
            <Text>{problem}</Text>
          </View>
        )}
      </View>
      <Button
        className="manage__secondary reports__open"
        disabled={offWhen(busy)}
        onClick={() => void open()}
        data-testid={`open-report-${report.period}`}
      >
        {t('reports.open')}
      </Button>
    </View>
  )
}

export default function ReportsPage() {
  const { t, lang } = useSettings()
  const state = useCall(() => call(dashboard, 'reports', {}))
  return (
    <Screen title="reports.title">
      <View className="manage reports">
        <Loaded state={state}>
          {(out: Listed) => (
            <>
              <Text className="section-title" data-testid="reports-place">
                {pick(out.name, lang)}
              </Text>
              <Text className="card__label">{t('reports.intro')}</Text>
              <Wide testId="reports-lists">
                {(['month', 'quarter'] as const).map((kind) => {
                  const listed = out.reports.filter((r) => r.kind === kind)
                  return listed.length ? (
                    <View key={kind} className="card reports__list" data-testid={`reports-${kind}`}>
                      <Text className="section-title">{t(`reports.${kind}`)}</Text>
                      {listed.map((r) => (
                        <ReportRow key={r.period} region={out.region} report={r} />
                      ))}
                    </View>
                  ) : null
                })}
              </Wide>
            </>
          )}
        </Loaded>
      </View>
    </Screen>
  )
}
