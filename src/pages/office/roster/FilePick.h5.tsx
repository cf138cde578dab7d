/** H5 against the local cloud: a file input, uploaded to the local cloud's storage. */
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { uploadToLocalCloud } from '@/services/local'
import { uuid4 } from '@/services/uuid'
import { useSettings } from '@/services/settings'
import { importUploadPath } from '@shared/storage'
import type { RosterPickProps } from './FilePick'

async function upload(file: File): Promise<string> {
  const ext = file.name.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx'
  return uploadToLocalCloud(file, importUploadPath(uuid4(), ext))
}

export default function FilePick({ label, onUploaded, onError }: RosterPickProps) {
  const { t } = useSettings()
  const [busy, setBusy] = useState(false)
  return (
    <View className="roster__pick">
      <label className="roster__file">
        <Text>{busy ? t('registry.import.uploading') : t(label)}</Text>
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
