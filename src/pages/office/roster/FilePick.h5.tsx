/**
 * H5 against the local cloud: a file input, then the local cloud's two COS-like upload steps
 * (storage.getUploadMetadata, then a PUT of the bytes), as wx-server-sdk itself uploads.
 */
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { gatewayUrl } from '../../../services/local'
import { uuid4 } from '../../../services/outbox'
import { useSettings } from '../../../services/settings'
import type { RosterPickProps } from './FilePick'

async function upload(file: File): Promise<string> {
  const ext = file.name.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx'
  const cloudPath = `uploads/roster-${uuid4()}.${ext}`
  const meta = (await (
    await fetch(`${gatewayUrl()}/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'storage.getUploadMetadata', path: cloudPath }),
    })
  ).json()) as { data?: { url: string; fileId: string } }
  if (!meta.data) throw new Error('upload refused')
  const put = await fetch(meta.data.url, { method: 'PUT', body: file })
  if (!put.ok) throw new Error(`upload failed: HTTP ${put.status}`)
  return meta.data.fileId
}

export default function FilePick({ onUploaded, onError }: RosterPickProps) {
  const { t } = useSettings()
  const [busy, setBusy] = useState(false)
  return (
    <View className="roster__pick">
      <label className="roster__file">
        <Text>{busy ? t('registry.import.uploading') : t('registry.import.choose')}</Text>
        <input
          type="file"
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          data-testid="roster-file"
          style={{ display: 'none' }}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0]
            if (!file) return
            setBusy(true)
            upload(file).then(
              (fileID) => {
                setBusy(false)
                onUploaded({ fileID, fileName: file.name })
              },
              () => {
                setBusy(false)
                onError()
              },
            )
          }}
        />
      </label>
    </View>
  )
}
