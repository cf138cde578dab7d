/**
 * H5 against the local cloud: a file input, and the local cloud's two COS-like upload steps
 * (storage.getUploadMetadata, then a PUT of the bytes), as wx-server-sdk itself uploads.
 */
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { gatewayUrl } from '../../../services/local'
import { uuid4 } from '../../../services/outbox'
import { useSettings } from '../../../services/settings'
import type { FilePickProps } from './FilePick'

async function upload(file: File): Promise<string> {
  const ext = file.name.includes('.') ? file.name.split('.').pop() : 'bin'
  const cloudPath = `notices/${uuid4()}.${ext}`
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

export default function FilePick({ kind, onUploaded }: FilePickProps) {
  const { t } = useSettings()
  const [state, setState] = useState<'idle' | 'busy' | 'error'>('idle')
  const label = t(kind === 'audio' ? 'notice.uploadAudio' : 'notice.uploadPicture')
  return (
    <View className="office-notice__upload">
      <label className="office-notice__file">
        <Text>{state === 'busy' ? t('notice.uploading') : label}</Text>
        <input
          type="file"
          accept={kind === 'audio' ? 'audio/*' : 'image/*'}
          data-testid={`pick-${kind}`}
          style={{ display: 'none' }}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0]
            if (!file) return
            setState('busy')
            upload(file).then(
              (fileID) => {
                setState('idle')
                onUploaded(fileID)
              },
              () => setState('error'),
            )
          }}
        />
      </label>
      {state === 'error' && <Text className="office-notice__error">{t('error.UNAVAILABLE')}</Text>}
    </View>
  )
}
