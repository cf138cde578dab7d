/**
 * The 12-digit village (community) codes of the office's region on screen, for filling in a roster's
 * "村(社区)代码" column: opened on request, a township at a time (tap a township to see its villages).
 * The template's "村（社区）代码" sheet lists the same codes.
 */
import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import { registry } from '@shared/contracts/registry'

function Level({ code, onOpen }: { code: string; onOpen: (code: string) => void }) {
  const { lang } = useSettings()
  const regions = useCall(() => call(registry, 'regions', { region: code }), [code])
  return (
    <Loaded state={regions}>
      {({ region, children }) => (
        <View className="registry__choices" data-testid="village-codes">
          {(region.level === 'village' ? [region] : children).map((r) =>
            r.level === 'village' ? (
              <View key={r.code} className="registry__item" data-code={r.code}>
                <Text className="registry__choice-name">{pick(r.name, lang)}</Text>
                <Text className="registry__code"> {r.code}</Text>
              </View>
            ) : (
              <View key={r.code} className="registry__choice" data-code={r.code} onClick={() => onOpen(r.code)}>
                <Text className="registry__choice-name">{pick(r.name, lang)} ›</Text>
              </View>
            ),
          )}
        </View>
      )}
    </Loaded>
  )
}

export default function VillageCodes({ region }: { region: string }) {
  const { t } = useSettings()
  const [open, setOpen] = useState(false)
  const [trail, setTrail] = useState<string[]>([])
  const shown = trail[trail.length - 1] ?? region
  return (
    <View className="card registry">
      <Text className="section-title">{t('registry.villages.title')}</Text>
      {!open ? (
        <Button className="button--secondary" data-testid="show-villages" onClick={() => setOpen(true)}>
          {t('registry.villages.show')}
        </Button>
      ) : (
        <>
          <Text className="card__label">{t('registry.villages.hint')}</Text>
          {trail.length > 0 && (
            <Button className="button--secondary" onClick={() => setTrail((x) => x.slice(0, -1))}>
              {t('registry.villages.up')}
            </Button>
          )}
          <Level code={shown} onOpen={(code) => setTrail((x) => [...x, code])} />
        </>
      )}
    </View>
  )
}
