/**
 * H5 (local mode): the recording is an audio file picked or recorded by the browser's own control (a
 * phone's browser offers its recorder for `accept="audio/*"`). Longer than VOICE_NOTE_MAX_SEC seconds is
 * refused, as the mini-program's recorder stops there.
 */
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { useSettings } from '@/services/settings'
import { VOICE_NOTE_MAX_SEC } from '@shared/contracts/contacts'
import { extensionOf } from '@shared/storage'
import { VoiceShown, type VoiceNoteProps } from './Shown'

/** the recording's length in seconds, or undefined when the browser cannot tell */
function lengthOf(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const audio = new Audio()
    audio.preload = 'metadata'
    audio.onloadedmetadata = () => resolve(Number.isFinite(audio.duration) ? audio.duration : undefined)
    audio.onerror = () => resolve(undefined)
    audio.src = url
  })
}

export type { Voice, VoiceNoteProps } from './Shown'

export default function VoiceNote({ voice, onChange }: VoiceNoteProps) {
  const { t } = useSettings()
  const [tooLong, setTooLong] = useState(false)
  if (voice) return <VoiceShown voice={voice} onRemove={() => onChange(undefined)} />
  return (
    <View className="voice">
      <label className="media-add">
        <Text>{t('contacts.voice.pick')}</Text>
        <input
          type="file"
          accept="audio/*"
          data-testid="pick-voice"
          style={{ display: 'none' }}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0]
            event.currentTarget.value = ''
            if (!file) return
            const path = URL.createObjectURL(file)
            void lengthOf(path).then((length) => {
              if (length !== undefined && length > VOICE_NOTE_MAX_SEC + 0.5) {
                URL.revokeObjectURL(path)
                setTooLong(true)
                return
              }
              setTooLong(false)
              onChange({
                path,
                ext: extensionOf(file.name, 'mp3'),
                ...(length !== undefined ? { seconds: Math.round(length) } : {}),
              })
            })
          }}
        />
      </label>
      {tooLong && <Text className="media-error">{t('contacts.voice.tooLong')}</Text>}
    </View>
  )
}
