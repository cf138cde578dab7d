/**
 * "My officials" (main package, household area): the household's paired officials, each with a call
 * button and a WeChat button. The list shows masked numbers; the full number is asked for only when a
 * button is tapped (every reveal is audited by the function). WeChat finds people by mobile number, so
 * "add on WeChat" copies the number and says where to paste it.
 */
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { pick } from '@shared/bilingual'
import type { CallError } from '@/services/cloud'
import { call, toCallError } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { registry } from '@shared/contracts/registry'
import { errorKey } from '@shared/errors'
import type { Lang } from '@shared/i18n'
import './index.css'

export default function MyOfficialsPage() {
  const { lang, t } = useSettings()
  // officials' names come back in the language of the call: ask again when the reader switches
  const home = useCall(() => call(registry, 'myHousehold', {}, { lang }), [lang])
  // kept as what happened, not as text, so a language switch re-words it
  const [notice, setNotice] = useState<{ copied: string } | { error: CallError; lang: Lang } | undefined>()

  const reveal = async (officialId: string, then: (phone: string) => Promise<unknown>) => {
    setNotice(undefined)
    try {
      const { phone } = await call(registry, 'callOfficial', { officialId })
      await then(phone)
    } catch (error) {
      // a cancelled dial is not an error worth showing
      if (error && typeof error === 'object' && 'code' in error) setNotice({ error: toCallError(error, lang), lang })
    }
  }

  return (
    <Screen title="registry.officials.title">
      <Loaded state={home} isEmpty={(data) => data.officials.length === 0} empty={t('household.noOfficials')}>
        {({ officials }) =>
          officials.map((official) => (
            <View key={official.id} className="card my-official" data-testid="my-official" data-id={official.id}>
              <Text className="my-official__name">{official.name}</Text>
              <Text className="my-official__department">{pick(official.department, lang)}</Text>
              <Text className="my-official__phone">
                {t('household.phone')} {official.phoneMasked}
              </Text>
              <View className="my-official__actions">
                <Button
                  className="my-official__call"
                  data-testid="call"
                  onClick={() => void reveal(official.id, (phone) => Taro.makePhoneCall({ phoneNumber: phone }))}
                >
                  {t('registry.officials.call')}
                </Button>
                <Button
                  className="my-official__wechat"
                  data-testid="wechat"
                  onClick={() =>
                    void reveal(official.id, async (phone) => {
                      await Taro.setClipboardData({ data: phone })
                      setNotice({ copied: phone })
                    })
                  }
                >
                  {t('registry.officials.wechat')}
                </Button>
              </View>
            </View>
          ))
        }
      </Loaded>
      {notice && (
        <Text className="my-official__message" data-testid="officials-message">
          {'copied' in notice
            ? t('registry.officials.wechatHint', { phone: notice.copied })
            : notice.lang === lang
              ? notice.error.message
              : t(notice.error.reason ?? errorKey(notice.error.code))}
        </Text>
      )}
    </Screen>
  )
}
