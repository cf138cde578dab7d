/** H5 (local mode): a file input; the picked files become blob URLs, which the outbox compresses in a canvas. */
import { Text } from '@tarojs/components'
import { useSettings } from '@/services/settings'
import type { PhotoPickProps } from './PhotoPick'
import { offWhen } from '@/components/Form'
import '../VoiceNote/index.css'

export default function PhotoPick({ room, onPicked }: PhotoPickProps) {
  const { t } = useSettings()
  return (
    <label className="media-add">
      <Text>{t('contacts.addPhoto')}</Text>
      <input
        type="file"
        accept="image/*"
        multiple
        disabled={offWhen(room <= 0)}
        data-testid="pick-photo"
        style={{ display: 'none' }}
        onChange={(event) => {
          const files = [...(event.currentTarget.files ?? [])].slice(0, room)
          if (files.length) onPicked(files.map((f) => URL.createObjectURL(f)))
          event.currentTarget.value = ''
        }}
      />
    </label>
  )
}
