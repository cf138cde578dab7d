/**
 * Every screen's frame: the language and large-type switches in the header, the page title in the
 * user's language (also as the navigation bar title), and the text settings applied to the whole page.
 *
 * Tibetan: on H5 the document gets `lang="bo"` (Taro's View does not pass `lang` through), and the
 * screen gets the `lang-bo` class, which puts a Tibetan font first and gives stacked consonants room
 * (app.css). WXSS has no attribute selectors, hence the class on both platforms.
 *
 * Back: WeChat draws its own back arrow in the navigation bar; the H5 build has none (a browser's back
 * button is not where a phone user looks), so there the header gets one whenever a page lies underneath.
 */
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { ReactNode } from 'react'
import { useEffect, useState } from 'react'
import type { MessageKey } from '@shared/i18n'
import { useSettings } from '@/services/settings'
import LangSwitch from '../LangSwitch'
import LocalIdentityBadge from '../LocalIdentity/Badge'
import './index.css'

/** H5: is there a page under this one to go back to? Read once the page is in the stack. */
function useBackOnH5(): boolean {
  const [back, setBack] = useState(false)
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return
    setBack(Taro.getCurrentPages().length > 1)
    // Taro's H5 page is a scroll container; keyboard users can scroll it only if it takes focus (Taro's
    // controls are not focusable elements)
    document.querySelectorAll('.taro_page:not([tabindex])').forEach((page) => page.setAttribute('tabindex', '0'))
  }, [])
  return back
}

export default function Screen({ title, children }: { title: MessageKey; children: ReactNode }) {
  const { lang, largeText, t } = useSettings()
  const heading = t(title)
  const back = useBackOnH5()

  useEffect(() => {
    Taro.setNavigationBarTitle({ title: heading }).catch(() => undefined)
    if (process.env.TARO_ENV === 'h5') {
      document.documentElement.lang = lang
      document.title = heading
    }
  }, [heading, lang])

  return (
    <View className={`screen lang-${lang}${largeText ? ' screen--large' : ''}`} data-lang={lang}>
      <View className="screen__bar">
        <View className="screen__heading">
          {back && (
            <View
              className="screen__back"
              role="button"
              aria-label={t('common.back')}
              data-testid="screen-back"
              onClick={() => void Taro.navigateBack().catch(() => undefined)}
            >
              <View className="screen__back-arrow" />
              <Text className="screen__back-label">{t('common.back')}</Text>
            </View>
          )}
          <Text className="screen__title">{heading}</Text>
        </View>
        <LangSwitch />
      </View>
      <View className="screen__body">{children}</View>
      <LocalIdentityBadge />
    </View>
  )
}
