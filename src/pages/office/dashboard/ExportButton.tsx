/**
 * "Export the table": the dashboard function writes the table on screen as XLSX (the home's figures, a
 * drill-down, the households behind a figure) from its own data, and the phone opens it in WeChat's document
 * viewer, from which it is saved or forwarded (on PC WeChat, saved to disk); the browser downloads it. The
 * link stays under the button for the hour it lasts, so a viewer closed by mistake opens it again.
 */
import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { offWhen } from '@/components/Form'
import { CallError, call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import type { ActionInput } from '@shared/contract'
import { dashboard } from '@shared/contracts/dashboard'
import { openFile } from '../roster/openFile'

export type ExportInput = ActionInput<typeof dashboard, 'exportTable'>

export default function ExportButton({ input }: { input: ExportInput }) {
  const { t } = useSettings()
  const [busy, setBusy] = useState(false)
  const [file, setFile] = useState<{ url: string; fileName: string }>()
  const [problem, setProblem] = useState<string>()

  const open = async (url: string) => {
    try {
      await openFile(url)
    } catch {
      setProblem(t('reports.openFailed'))
    }
  }

  const run = async () => {
    setBusy(true)
    setProblem(undefined)
    try {
      const made = await call(dashboard, 'exportTable', input)
      setFile(made)
      await open(made.url)
    } catch (error) {
      setProblem(error instanceof CallError ? error.message : t('reports.openFailed'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="export" data-testid="export">
      <Button
        className="manage__secondary"
        disabled={offWhen(busy)}
        onClick={() => void run()}
        data-testid="export-table"
      >
        {t('reports.export')}
      </Button>
      {file && (
        <Text className="card__label export__link" data-testid="export-ready" onClick={() => void open(file.url)}>
          {t('reports.exportReady', { fileName: file.fileName })}
        </Text>
      )}
      {problem && (
        <View className="manage__problem" role="alert" data-testid="export-problem">
          <Text>{problem}</Text>
        </View>
      )}
    </View>
  )
}
