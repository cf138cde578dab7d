/**
 * weapp: a roster arrives as a file in a WeChat chat (offices send each other spreadsheets), hence
 * chooseMessageFile; it goes to cloud storage and the function reads it from there.
 */
import Taro from '@tarojs/taro'
import { Button } from '@tarojs/components'
import { useState } from 'react'
import { uuid4 } from '@/services/uuid'
import { useSettings } from '@/services/settings'
import type { MessageKey } from '@shared/i18n'
import { importUploadPath } from '@shared/storage'

export interface RosterPickProps {
  /** what the button says: choose a file, or another one after a check */
  label: MessageKey
  onUploaded: (file: { fileID: string; fileName: string }) => void
  onError: () => void
}

export default function FilePick({ label, onUploaded, onError }: RosterPickProps) {
  const { t } = useSettings()
  const [busy, setBusy] = useState(false)
  const pick = async () => {
    let file: { path: string; name: string } | undefined
    try {
      file = (await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] })).tempFiles[0]
    } catch {
      return // cancelled
    }
    if (!file) return
    setBusy(true)
    try {
      const ext = file.name.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx'
      const res = await Taro.cloud.uploadFile({ cloudPath: importUploadPath(uuid4(), ext), filePath: file.path })
      onUploaded({ fileID: res.fileID, fileName: file.name })
    } catch {
      onError()
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button className="button--primary" loading={busy} data-testid="roster-pick" onClick={() => void pick()}>
      {busy ? t('registry.import.uploading') : t(label)}
    </Button>
  )
}
