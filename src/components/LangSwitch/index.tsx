/** The language switch on every screen: both language names are always shown in their own script,
 * so a reader finds theirs whatever the current language. Also the large-type toggle. */
import { View, Text } from '@tarojs/components'
import { LANGS } from '@shared/i18n'
import { setLang, setLargeText, useSettings } from '@/services/settings'
import './index.css'

export default function LangSwitch() {
  const { lang, largeText, t } = useSettings()
  return (
    <View className="lang-switch" role="group" aria-label={t('lang.switch')}>
      {LANGS.map((option) => (
        <View
          key={option}
          className={`lang-switch__option${option === lang ? ' lang-switch__option--on' : ''} lang-${option}`}
          role="button"
          aria-pressed={option === lang}
          data-testid={`lang-${option}`}
          onClick={() => setLang(option)}
        >
          <Text>{t(`lang.${option}`)}</Text>
        </View>
      ))}
      <View
        className={`lang-switch__option${largeText ? ' lang-switch__option--on' : ''}`}
        role="button"
        aria-pressed={largeText}
        data-testid="large-text"
        onClick={() => setLargeText(!largeText)}
      >
        <Text>{t('settings.largeText')}</Text>
      </View>
    </View>
  )
}
