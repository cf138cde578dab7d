/**
 * The wide layout of the office pages, for PC WeChat and a desktop browser: the same page, whose blocks
 * stand in two columns (and its tables closer together) when the window is at least WIDE_MIN pixels wide,
 * and in one column on a phone. No second code base: a page puts its blocks in <Wide>, marks a block that
 * needs the whole width with `wide__full`, and its own CSS may tighten its tables under `.wide--on`.
 *
 * The width comes from Taro.getWindowInfo and follows Taro.onWindowResize (PC WeChat's window can be
 * dragged wider once app.config.ts declares `resizable`). On weapp, rpx grow with the window: at 1280 px a
 * 32 rpx body would be 55 px, so there the wide layout sets the text's size in px (the body sizes of
 * app.css: 16 / 18 px, 21 / 24 px in large type) and everything inside, sized in em, follows it. On H5 the
 * root size is already capped (config/index.ts maxRootSize), so nothing changes there.
 */
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { useEffect, useState } from 'react'
import { useSettings } from '@/services/settings'
import './index.css'

/** PC WeChat's and a desktop browser's windows; a phone held sideways (at most ~932 px) stays in one column */
export const WIDE_MIN = 1024

export function windowWidth(): number {
  try {
    return Taro.getWindowInfo().windowWidth
  } catch {
    return 0
  }
}

/** Whether the window is wide, following its resizing. */
export function useWide(): boolean {
  const [wide, setWide] = useState(() => windowWidth() >= WIDE_MIN)
  useEffect(() => {
    // the width is read again rather than taken from the event: Taro's H5 resize event carries no `size`
    const follow: Taro.onWindowResize.Callback = () => setWide(windowWidth() >= WIDE_MIN)
    Taro.onWindowResize(follow)
    // the same function is the one to remove; Taro types the two callbacks' arguments apart
    return () => Taro.offWindowResize(follow as unknown as Taro.offWindowResize.Callback)
  }, [])
  return wide
}

/** the body size of app.css in CSS px, for weapp's wide window (see above) */
function bodyPx(bo: boolean, large: boolean): string {
  if (large) return bo ? '24px' : '21px'
  return bo ? '18px' : '16px'
}

export default function Wide({ children, testId }: { children: ReactNode; testId?: string }) {
  const wide = useWide()
  const { lang, largeText } = useSettings()
  const style = wide && process.env.TARO_ENV === 'weapp' ? { fontSize: bodyPx(lang === 'bo', largeText) } : undefined
  return (
    <View className={wide ? 'wide wide--on' : 'wide'} style={style} data-wide={wide} data-testid={testId}>
      {children}
    </View>
  )
}
