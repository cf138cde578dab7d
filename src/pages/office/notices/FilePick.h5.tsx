/** H5 against the local cloud: a file input, uploaded to the local cloud's storage. */
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { uploadToLocalCloud } from '@/services/local'
import { uuid4 } from '@/services/uuid'
import { useSettings } from '@/services/settings'
import { extensionOf, noticeMediaPath } from '@shared/storage'
import type { FilePickProps } from './FilePick'

async function upload(file: File, noticeId: string): Promise<string> {
  return uploadToLocalCloud(file, noticeMediaPath(noticeId, uuid4(), extensionOf(file.name, 'bin')))
}

export default function FilePick({ kind, noticeId, onUploaded }: FilePickProps) {
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
            upload(file, noticeId).then(
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
