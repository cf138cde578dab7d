/**
 * A recording kept for a form, as both platforms' recorders show it: its length, a player and a way to remove
 * it. Its own file: on H5 the platform's build resolves `./VoiceNote` to VoiceNote.h5.tsx, so what both
 * recorders share cannot live in VoiceNote.tsx.
 */
import { Text, View } from '@tarojs/components'
import AudioPlayer from '@/components/AudioPlayer'
import { useSettings } from '@/services/settings'
import './index.css'

export interface Voice {
  /** a local file (a temp path on weapp, a blob URL on H5) */
  path: string
  ext: string
  /** the length when known */
  seconds?: number
}

export interface VoiceNoteProps {
  voice: Voice | undefined
  onChange: (voice: Voice | undefined) => void
}

export function VoiceShown({ voice, onRemove }: { voice: Voice; onRemove: () => void }) {
  const { t } = useSettings()
  return (
    <View className="voice" data-testid="voice-note">
      <View className="voice__line">
        <Text className="voice__status">
          {voice.seconds !== undefined
            ? t('contacts.voice.recorded', { seconds: voice.seconds })
            : t('contacts.voice.kept')}
        </Text>
        <Text className="media-remove" data-testid="remove-voice" onClick={onRemove}>
          {t('contacts.remove')}
        </Text>
      </View>
      <AudioPlayer src={voice.path} />
    </View>
  )
}
