/**
 * The caller's imports still waiting at the office's region — a check not finished, a checked file not
 * committed, a commit stopped half way — each with a way to pick it up where it stopped (the office home
 * counts them and opens this screen). Only the uploader sees and continues their jobs.
 */
import { Button, Text, View } from '@tarojs/components'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { ImportJob } from '@shared/contracts/registry'
import { importWaiting, registry } from '@shared/contracts/registry'

interface Props {
  region: string
  /** the job on screen, not listed again; its changes also refresh the list */
  current: ImportJob | undefined
  busy: boolean
  onResume: (job: ImportJob) => void
}

export default function WaitingImports({ region, current, busy, onResume }: Props) {
  const { t } = useSettings()
  const jobs = useCall(() => call(registry, 'importJobs', { region }), [region, current?.jobId, current?.state])
  if (jobs.status !== 'done') return null
  const waiting = jobs.data.jobs.filter((j) => importWaiting(j) && j.jobId !== current?.jobId)
  if (waiting.length === 0) return null
  return (
    <View className="card registry" data-testid="waiting-imports">
      <Text className="section-title">{t('registry.import.waiting')}</Text>
      {waiting.map((j) => (
        <View key={j.jobId} className="registry__item registry__list" data-job={j.jobId}>
          <Text className="registry__choice-name">
            {j.fileName || t(`registry.import.kind.${j.kind}`)} · {t(`registry.import.kind.${j.kind}`)}
          </Text>
          <Text className="card__label">{t(`registry.import.state.${j.state}`, { rows: j.rows, valid: j.valid })}</Text>
          {!busy && (
            <Button className="button--secondary" data-testid="resume" onClick={() => onResume(j)}>
              {t('registry.import.resume')}
            </Button>
          )}
        </View>
      ))}
    </View>
  )
}
