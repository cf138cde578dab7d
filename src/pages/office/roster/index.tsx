/**
 * The roster import wizard (office subpackage): choose households or officials, pick the file (a chat
 * file on weapp, a file input on H5), upload it to cloud storage, read the dry-run report with every
 * row error, then commit with a progress bar; the function works in batches, so the page keeps calling
 * until the job is done — closing the app loses nothing, the job resumes where it stopped.
 * Also: the template to fill in, and the current roster exported back to Excel — with ID and phone numbers
 * masked, unless a village or township office asks for the full numbers and says why (the function checks
 * both and records the export in the audit trail).
 */
import '../catalogue'
import { Button, Input, Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { CallError, call, toCallError } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import type { ExportJob, ImportJob, RosterKind } from '@shared/contracts/registry'
import { ROSTER_KINDS, registry } from '@shared/contracts/registry'
import { levelOf } from '@shared/region'
import FilePick from './FilePick'
import { useOfficeRegion } from './office'
import VillageCodes from './VillageCodes'
import WaitingImports from './WaitingImports'
import { openFile } from './openFile'
import type { Problem } from './Problem'
import ProblemText from './Problem'
import './index.css'
import { offWhen, toastDone } from '@/components/Form'

type RowError = { row: number; column: string; message: string }
const ERRORS_PAGE = 50
/** the most row problems one dry-run page answers */
const ERRORS_MAX = 500
/** batches per call while committing: the bar moves after each call */
const BATCHES_PER_CALL = 5

function Progress({ done, total }: { done: number; total: number }) {
  const share = total === 0 ? 1 : done / total
  return (
    <View className="registry__bar">
      <View className="registry__fill" style={{ width: `${Math.round(share * 100)}%` }} />
    </View>
  )
}

export default function RosterImportPage() {
  const { lang, t } = useSettings()
  const region = useOfficeRegion()
  const [kind, setKind] = useState<RosterKind>('households')
  const [job, setJob] = useState<ImportJob | undefined>()
  const [errors, setErrors] = useState<RowError[]>([])
  const [moreErrors, setMoreErrors] = useState(false)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<Problem | undefined>()
  const [link, setLink] = useState<{ url: string; fileName: string } | undefined>()
  const [exporting, setExporting] = useState<ExportJob | undefined>()
  const [full, setFull] = useState(false)
  const [reason, setReason] = useState('')

  const fail = (error: unknown) => setProblem({ error: toCallError(error, lang), lang })

  const loadErrors = async (jobId: string, offset: number, limit = ERRORS_PAGE) => {
    const report = await call(registry, 'importDryRun', { jobId, offset, limit })
    setErrors((shown) => (offset === 0 ? report.errors : [...shown, ...report.errors]))
    setMoreErrors(report.more)
    setJob(report.job)
  }

  const uploaded = async (file: { fileID: string; fileName: string }, officeRegion: string) => {
    setProblem(undefined)
    setBusy(true)
    try {
      let next = await call(registry, 'importUpload', {
        region: officeRegion,
        kind,
        fileID: file.fileID,
        fileName: file.fileName,
      })
      setJob(next)
      while (next.state === 'checking') {
        next = await call(registry, 'importContinue', { jobId: next.jobId })
        setJob(next)
      }
      await loadErrors(next.jobId, 0)
    } catch (error) {
      fail(error)
    } finally {
      setBusy(false)
    }
  }

  // row problems are worded by the function in the language of the call: a switch asks for them again
  const worded = useRef(lang)
  useEffect(() => {
    if (worded.current === lang) return
    worded.current = lang
    if (job && errors.length > 0 && !busy) loadErrors(job.jobId, 0, Math.min(errors.length, ERRORS_MAX)).catch(fail)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lang])

  /** a job left waiting: its report again, and a check not finished carried on */
  const resume = async (waiting: ImportJob) => {
    setProblem(undefined)
    setBusy(true)
    try {
      setKind(waiting.kind)
      setJob(waiting)
      let next = waiting
      while (next.state === 'checking') {
        next = await call(registry, 'importContinue', { jobId: next.jobId })
        setJob(next)
      }
      await loadErrors(next.jobId, 0)
    } catch (error) {
      fail(error)
    } finally {
      setBusy(false)
    }
  }

  const commit = async () => {
    if (!job) return
    setProblem(undefined)
    setBusy(true)
    try {
      let next = await call(registry, 'importCommit', { jobId: job.jobId, maxBatches: BATCHES_PER_CALL })
      setJob(next)
      while (next.state !== 'done') {
        next = await call(registry, 'importContinue', { jobId: next.jobId, maxBatches: BATCHES_PER_CALL })
        setJob(next)
      }
      toastDone(t('registry.import.committed'))
    } catch (error) {
      fail(error)
    } finally {
      setBusy(false)
    }
  }

  const fetchFile = async (run: () => Promise<{ url: string; fileName: string }>) => {
    setProblem(undefined)
    setBusy(true)
    try {
      const file = await run()
      setLink(file)
      await openFile(file.url).catch(() => undefined)
    } catch (error) {
      fail(error)
    } finally {
      setExporting(undefined)
      setBusy(false)
    }
  }

  /** a large region's export takes several calls: each resumes the job, and the page shows how far it got */
  const exportAll = async (officeRegion: string): Promise<ExportJob> => {
    const numbers = full ? { full: true, reason: reason.trim() } : {}
    let next = await call(registry, 'exportRoster', { region: officeRegion, kind, ...numbers })
    setExporting(next)
    while (next.state !== 'done') {
      next = await call(registry, 'exportRoster', { region: officeRegion, kind, jobId: next.jobId, ...numbers })
      setExporting(next)
    }
    setExporting(undefined)
    return next
  }

  return (
    <Screen title="registry.import.title">
      <Loaded state={region}>
        {(officeRegion) => (
          <View className="registry">
            <View className="card registry">
              <Text className="card__label">{t('registry.import.kind')}</Text>
              <View className="registry__row">
                {ROSTER_KINDS.map((k) => (
                  <Text
                    key={k}
                    className={`chip${kind === k ? ' chip--on' : ''}`}
                    data-testid={`kind-${k}`}
                    onClick={() => {
                      if (busy) return
                      setKind(k)
                      setJob(undefined)
                      setErrors([])
                    }}
                  >
                    {t(`registry.import.kind.${k}`)}
                  </Text>
                ))}
              </View>
              {/* after a check the picker stays, to send a corrected file or another one */}
              {job?.state !== 'committing' && !busy && (
                <FilePick
                  key={job?.jobId ?? 'first'}
                  label={job ? 'registry.import.chooseAnother' : 'registry.import.choose'}
                  onUploaded={(file) => void uploaded(file, officeRegion)}
                  onError={() =>
                    setProblem({ error: new CallError({ code: 'UNAVAILABLE', message: t('error.UNAVAILABLE') }), lang })
                  }
                />
              )}
              <View className="registry__row">
                <Button
                  className="button--secondary"
                  data-testid="template"
                  onClick={() => void fetchFile(() => call(registry, 'template', { kind, region: officeRegion }))}
                >
                  {t('registry.import.template')}
                </Button>
                <Button
                  className="button--secondary"
                  data-testid="export"
                  onClick={() => void fetchFile(() => exportAll(officeRegion))}
                >
                  {t('registry.import.export')}
                </Button>
              </View>
              {['village', 'township'].includes(levelOf(officeRegion) ?? '') && (
                <View className="registry__numbers" data-testid="export-numbers">
                  <Text
                    className={`registry__option${full ? ' registry__option--on' : ''}`}
                    data-testid="export-full"
                    onClick={() => setFull((on) => !on)}
                  >
                    {t('registry.export.full')}
                  </Text>
                  {full && (
                    <>
                      <Text className="card__label">{t('registry.export.reason')}</Text>
                      <Input
                        className="registry__input"
                        data-testid="export-reason"
                        nativeProps={{ 'aria-label': t('registry.export.reason') }}
                        value={reason}
                        maxlength={200}
                        onInput={(e) => setReason(e.detail.value)}
                      />
                    </>
                  )}
                </View>
              )}
              <Text className="card__label">{t(full ? 'registry.export.fullNote' : 'registry.export.maskedNote')}</Text>
              {exporting && (
                <View data-testid="export-progress" data-state={exporting.state}>
                  <Text className="card__label">
                    {exporting.state === 'reading'
                      ? t('registry.export.progress', {
                          done: exporting.partsDone,
                          total: exporting.parts,
                          rows: exporting.rows,
                        })
                      : t('registry.export.writing', { rows: exporting.rows })}
                  </Text>
                  <Progress done={exporting.partsDone} total={exporting.parts + 1} />
                </View>
              )}
              {link && (
                <Text className="card__label" data-testid="file-link">
                  {t('registry.import.fileReady', { fileName: link.fileName })}
                </Text>
              )}
            </View>

            <WaitingImports region={officeRegion} current={job} busy={busy} onResume={(j) => void resume(j)} />

            <VillageCodes region={officeRegion} />

            {busy && !job && <Text className="card__label">{t('registry.import.uploading')}</Text>}
            {problem && <ProblemText problem={problem} />}

            {job && (
              <View className="card registry" data-testid="import-job" data-state={job.state}>
                <Text className="section-title">{job.fileName}</Text>
                {job.state === 'checking' ? (
                  <>
                    <Text>{t('registry.import.uploading')}</Text>
                    <Progress done={job.checkedBatches} total={job.batches} />
                  </>
                ) : (
                  <Text data-testid="import-summary">
                    {t('registry.import.summary', {
                      rows: job.rows,
                      valid: job.valid,
                      // a row with several problems is one row not imported: rows and problems are counted apart
                      badRows: job.rows - job.valid,
                      errors: job.rowErrors,
                    })}
                  </Text>
                )}
                {job.ignoredColumns.length > 0 && (
                  <Text className="card__label">
                    {t('registry.import.ignored', { columns: job.ignoredColumns.join('、') })}
                  </Text>
                )}
                {errors.length > 0 && (
                  <View className="registry__list" data-testid="row-errors">
                    <Text className="card__label">{t('registry.import.errors')}</Text>
                    {errors.map((e, i) => (
                      <Text key={`${e.row}-${i}`} className="registry__error registry__item" data-row={e.row}>
                        {t('registry.import.rowError', { row: e.row, column: e.column, message: e.message })}
                      </Text>
                    ))}
                    {moreErrors && (
                      <Button
                        className="button--secondary"
                        onClick={() => void loadErrors(job.jobId, errors.length).catch(fail)}
                      >
                        {t('registry.import.moreErrors')}
                      </Button>
                    )}
                  </View>
                )}
                {job.state === 'checked' && (
                  <Button
                    className="button--primary"
                    data-testid="commit"
                    disabled={offWhen(busy || job.valid === 0)}
                    onClick={() => void commit()}
                  >
                    {job.valid === 0
                      ? t('registry.import.nothingValid')
                      : t('registry.import.commit', { valid: job.valid })}
                  </Button>
                )}
                {job.state === 'committing' && (
                  <>
                    <Text data-testid="import-progress">
                      {t('registry.import.progress', { done: job.batchesDone, total: job.batches })}
                    </Text>
                    <Progress done={job.batchesDone} total={job.batches} />
                    {!busy && (
                      <Button className="button--primary" onClick={() => void commit()}>
                        {t('common.retry')}
                      </Button>
                    )}
                  </>
                )}
                {job.state === 'done' && (
                  <Text className="registry__ok" data-testid="import-done">
                    {t('registry.import.done', { inserted: job.inserted, updated: job.updated })}
                  </Text>
                )}
              </View>
            )}
          </View>
        )}
      </Loaded>
    </Screen>
  )
}
