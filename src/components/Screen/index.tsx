/**
 * Every screen's frame: the language and large-type switches in the header, the page title in the
 * user's language (also as the navigation bar title), and the text settings applied to the whole page.
 *
 * Tibetan: on H5 the document gets `lang="bo"` (Taro's View does not pass `lang` through), and the
 * screen gets the `lang-bo` class, which puts a Tibetan font first and gives stacked consonants room
 * (app.css). WXSS has no attribute selectors, hence the class on both platforms.
 */
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { ReactNode } from 'react'
import { useEffect } from 'react'
import type { MessageKey } from '@shared/i18n'
import { useSettings } from '@/services/settings'
import LangSwitch from '../LangSwitch'
import LocalIdentityBadge from '../LocalIdentity/Badge'
import './index.css'

export default function Screen({ title, children }: { title: MessageKey; children: ReactNode }) {
  const { lang, largeText, t } = useSettings()
  const heading = t(title)

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
        <Text className="screen__title">{heading}</Text>
        <LangSwitch />
      </View>
      <View className="screen__body">{children}</View>
      <LocalIdentityBadge />
    </View>
  )
}
