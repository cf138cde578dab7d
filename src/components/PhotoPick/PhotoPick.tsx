/**
 * Picks photos (weapp): the camera or the album, already "compressed" by WeChat. The contact form's outbox
 * compresses them again and saves them so they survive closing the app; a household's report uploads them
 * when it is sent.
 */
import Taro from '@tarojs/taro'
import { Button } from '@tarojs/components'
import { useSettings } from '@/services/settings'
import { offWhen } from '@/components/Form'
import '../VoiceNote/index.css'

export interface PhotoPickProps {
  /** how many more may be added */
  room: number
  onPicked: (paths: string[]) => void
}

export default function PhotoPick({ room, onPicked }: PhotoPickProps) {
  const { t } = useSettings()
  const pick = async () => {
    try {
      const res = await Taro.chooseImage({ count: room, sizeType: ['compressed'], sourceType: ['camera', 'album'] })
      onPicked(res.tempFilePaths.slice(0, room))
    } catch {
      // cancelled: nothing changes
    }
  }
  return (
    <Button className="media-add" disabled={offWhen(room <= 0)} data-testid="pick-photo" onClick={() => void pick()}>
      {t('contacts.addPhoto')}
    </Button>
  )
}
