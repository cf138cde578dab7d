/**
 * Picks a recording or a picture and uploads it to cloud storage (weapp). Recordings usually arrive as
 * voice messages or files in a chat, hence chooseMessageFile; pictures come from the album or camera.
 */
import Taro from '@tarojs/taro'
import { Button } from '@tarojs/components'
import { useState } from 'react'
import { useSettings } from '@/services/settings'
import { uuid4 } from '@/services/uuid'
import { extensionOf, noticeMediaPath } from '@shared/storage'

export interface FilePickProps {
  kind: 'audio' | 'image'
  /** the notice being written: its media go to its own upload folder */
  noticeId: string
  onUploaded: (fileID: string) => void
}

export default function FilePick({ kind, noticeId, onUploaded }: FilePickProps) {
  const { t } = useSettings()
  const [busy, setBusy] = useState(false)
  const pick = async () => {
    setBusy(true)
    try {
      const path =
        kind === 'audio'
          ? (await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['mp3', 'm4a', 'aac', 'wav'] }))
              .tempFiles[0]?.path
          : (await Taro.chooseImage({ count: 1, sizeType: ['compressed'] })).tempFilePaths[0]
      if (!path) return
      const ext = extensionOf(path, kind === 'audio' ? 'mp3' : 'jpg')
      const res = await Taro.cloud.uploadFile({ cloudPath: noticeMediaPath(noticeId, uuid4(), ext), filePath: path })
      onUploaded(res.fileID)
    } catch {
      // cancelled or failed: nothing is attached, the form stays as it was
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button className="office-notice__upload" loading={busy} onClick={() => void pick()}>
      {busy ? t('notice.uploading') : t(kind === 'audio' ? 'notice.uploadAudio' : 'notice.uploadPicture')}
    </Button>
  )
}
