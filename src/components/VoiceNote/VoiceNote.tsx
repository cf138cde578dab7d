/**
 * A short voice recording (weapp): WeChat's recorder, at most VOICE_NOTE_MAX_SEC seconds (it stops by itself
 * there), an mp3 kept on the phone until the form it belongs to is sent — an official's contact (through the
 * outbox) or a household's report of a difficulty, for those who do not write. The one who recorded it can
 * listen to it and remove it before sending.
 */
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { VoiceShown, type VoiceNoteProps } from './Shown'
import { useSettings } from '@/services/settings'
import { VOICE_NOTE_MAX_SEC } from '@shared/contracts/contacts'
import './index.css'

export type { Voice, VoiceNoteProps } from './Shown'

export default function VoiceNote({ voice, onChange }: VoiceNoteProps) {
  const { t } = useSettings()
  const [recording, setRecording] = useState(false)
  const [seconds, setSeconds] = useState(0)
  const [failed, setFailed] = useState(false)
  const recorder = useRef<Taro.RecorderManager>()
  const live = useRef(true)
  const report = useRef(onChange)
  report.current = onChange

  useEffect(() => {
    live.current = true
    const manager = Taro.getRecorderManager()
    recorder.current = manager
    manager.onStop((res) => {
      if (!live.current) return
      setRecording(false)
      if (res.tempFilePath)
        report.current({
          path: res.tempFilePath,
          ext: 'mp3',
          seconds: Math.min(VOICE_NOTE_MAX_SEC, Math.round(res.duration / 1000)),
        })
    })
    manager.onError(() => {
      if (!live.current) return
      setRecording(false)
      setFailed(true)
    })
    return () => {
      live.current = false
      if (recorder.current) recorder.current.stop()
    }
  }, [])

  useEffect(() => {
    if (!recording) return
    const started = Date.now()
    const tick = setInterval(() => setSeconds(Math.round((Date.now() - started) / 1000)), 1000)
    return () => clearInterval(tick)
  }, [recording])

  if (voice) return <VoiceShown voice={voice} onRemove={() => onChange(undefined)} />

  const start = () => {
    setFailed(false)
    setSeconds(0)
    setRecording(true)
    recorder.current?.start({ duration: VOICE_NOTE_MAX_SEC * 1000, format: 'mp3', numberOfChannels: 1 })
  }

  return (
    <View className="voice">
      {recording ? (
        <Button className="media-add voice__stop" data-testid="stop-voice" onClick={() => recorder.current?.stop()}>
          {t('contacts.voice.stop')} · {t('contacts.voice.recording', { seconds })}
        </Button>
      ) : (
        <Button className="media-add" data-testid="record-voice" onClick={start}>
          {t('contacts.voice.start')}
        </Button>
      )}
      {failed && <Text className="media-error">{t('contacts.voice.failed')}</Text>}
    </View>
  )
}
