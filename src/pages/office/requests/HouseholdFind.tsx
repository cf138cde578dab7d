/**
 * Finding a household in the office's own region, for what an office does on a household's behalf (a request
 * from its screening, a risk lead): down the regions by name from the office's own to a village, then the
 * village's households by the head's name, with the ID-card number masked and the family's size to tell two
 * of one name apart. The registry's region scope keeps every read inside the office's region.
 */
import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall, usePages } from '@/services/useCall'
import type { Bilingual } from '@shared/bilingual'
import { pick } from '@shared/bilingual'
import { registry } from '@shared/contracts/registry'
import { covers } from '@shared/region'

/** a village's households read a page at a time: a village holds a few hundred at most */
const HOUSEHOLDS_PAGE = 50

export interface FoundHousehold {
  id: string
  headName: Bilingual
  village: Bilingual
}

function Households({ village, onChoose }: { village: { code: string; name: Bilingual }; onChoose: Choose }) {
  const { lang, t } = useSettings()
  const pages = usePages(
    (page) =>
      call(registry, 'households', { region: village.code, offset: page * HOUSEHOLDS_PAGE, limit: HOUSEHOLDS_PAGE }),
    (answer) => answer.households,
    [village.code],
  )
  return (
    <Loaded state={pages} empty={t('inbox.find.none')} isEmpty={(d) => d.items.length === 0}>
      {({ items, last }) => (
        <View className="rq-find__list" data-testid="find-households">
          <Text className="card__label">
            {t('inbox.find.households', { name: pick(village.name, lang), count: last.total })}
          </Text>
          {items.map((h) => (
            <View
              key={h.id}
              className="card rq-find__household"
              data-testid="find-household"
              data-id={h.id}
              onClick={() => onChoose({ id: h.id, headName: h.headName, village: village.name })}
            >
              <Text className="rq-find__name">{pick(h.headName, lang)}</Text>
              <Text className="card__label">
                {t('inbox.find.row', { idNumber: h.idNumberMasked, members: h.memberCount })}
              </Text>
            </View>
          ))}
          {items.length < last.total && (
            <Button className="rq-more" onClick={pages.next} data-testid="find-more">
              {t('inbox.more')}
            </Button>
          )}
        </View>
      )}
    </Loaded>
  )
}

type Choose = (household: FoundHousehold) => void

export default function HouseholdFind({ root, onChoose }: { root: string; onChoose: Choose }) {
  const { lang, t } = useSettings()
  const [at, setAt] = useState(root)
  const regions = useCall(() => call(registry, 'regions', { region: at }), [at])
  return (
    <View className="card rq-find" data-testid="find">
      <Text className="section-title">{t('inbox.find.title')}</Text>
      <Loaded state={regions}>
        {({ region, children, path }) => {
          // the way back up stops at the office's own region
          const above = path.filter((p) => p.code !== region.code && covers(root, p.code)).at(-1)
          return (
            <>
              {above && (
                <Text className="rq-find__up" data-testid="find-up" onClick={() => setAt(above.code)}>
                  ‹ {t('inbox.find.up', { name: pick(above.name, lang) })}
                </Text>
              )}
              {region.level === 'village' ? (
                <Households village={region} onChoose={onChoose} />
              ) : (
                <View className="rq-chips" data-testid="find-regions">
                  {children.map((r) => (
                    <Text key={r.code} className="rq-chip" data-code={r.code} onClick={() => setAt(r.code)}>
                      {pick(r.name, lang)}
                    </Text>
                  ))}
                </View>
              )}
            </>
          )
        }}
      </Loaded>
    </View>
  )
}
