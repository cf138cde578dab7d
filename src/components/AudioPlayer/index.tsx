/**
 * A simple player for a notice's recording: play/pause, elapsed and total time, a progress bar. The button
 * draws its play or pause sign in CSS beside the word, for those who listen because they do not read; its
 * accessible name says the action and what is played.
 * Built on Taro.createInnerAudioContext, which on H5 is Taro's wrapper around an HTMLAudioElement.
 *
 * H5 quirks of that wrapper (Taro 4.2.1): its first `play` seeks to `startTime`, and an unset
 * `startTime` makes that seek assign `undefined` to `currentTime` (a TypeError in Chromium), so it is
 * set to 0 here; `onError` is a single `onerror` slot; `destroy()` leaves listeners attached, so the
 * context is created once per source and the component ignores events after unmounting.
 */
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { useSettings } from '@/services/settings'
import { offWhen } from '../Form'
import './index.css'

type State = 'idle' | 'playing' | 'paused' | 'error'

function clock(seconds: number): string {
  const s = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

export default function AudioPlayer({ src, label }: { src: string; label?: string }) {
  const { t } = useSettings()
  const audio = useRef<Taro.InnerAudioContext>()
  const [state, setState] = useState<State>('idle')
  const [time, setTime] = useState({ current: 0, duration: 0 })

  useEffect(() => {
    let live = true
    const ctx = Taro.createInnerAudioContext()
    ctx.startTime = 0
    ctx.src = src
    const update = () => live && setTime({ current: ctx.currentTime, duration: ctx.duration })
    ctx.onPlay(() => live && setState('playing'))
    ctx.onPause(() => live && setState('paused'))
    ctx.onStop(() => live && setState('paused'))
    ctx.onEnded(() => {
      if (!live) return
      setState('paused')
      setTime((x) => ({ ...x, current: x.duration }))
    })
    ctx.onTimeUpdate(update)
    ctx.onCanplay(update)
    ctx.onError(() => live && setState('error'))
    audio.current = ctx
    return () => {
      live = false
      ctx.destroy()
      audio.current = undefined
    }
  }, [src])

  const toggle = () => {
    const ctx = audio.current
    if (!ctx) return
    if (state === 'playing') ctx.pause()
    else {
      if (time.duration > 0 && time.current >= time.duration) ctx.seek(0)
      ctx.play()
    }
  }

  const action = state === 'playing' ? t('notice.audio.pause') : t('notice.audio.play')
  const percent = time.duration > 0 ? Math.min(100, (time.current / time.duration) * 100) : 0
  return (
    <View className="audio-player card" data-state={state} data-testid="audio-player">
      {label && <Text className="audio-player__label">{label}</Text>}
      <View className="audio-player__row">
        <Button
          className="audio-player__button"
          onClick={toggle}
          disabled={offWhen(state === 'error')}
          ariaLabel={`${action} · ${label ?? t('notice.audio')}`}
          data-testid="audio-toggle"
        >
          <View className={`audio-player__icon audio-player__icon--${state === 'playing' ? 'pause' : 'play'}`} />
          <Text className="audio-player__action">{action}</Text>
        </Button>
        <View className="audio-player__track">
          <View className="audio-player__bar" style={{ width: `${percent}%` }} />
        </View>
        <Text className="audio-player__time">
          {clock(time.current)} / {clock(time.duration)}
        </Text>
      </View>
      {state === 'error' && <Text className="audio-player__error">{t('notice.audio.error')}</Text>}
    </View>
  )
}
