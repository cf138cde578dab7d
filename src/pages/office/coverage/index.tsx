/**
 * Coverage (office subpackage): unpaired households and officials under or over load, for the office's
 * region, one level down by region (tap to go down) and by department, with the first names to act on.
 */
import '../catalogue'
import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import Screen from '@/components/Screen'
import Wide from '@/components/Wide'
import { Empty, Loaded } from '@/components/States'
import { pick } from '@shared/bilingual'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { ActionOutput } from '@shared/contract'
import { registry } from '@shared/contracts/registry'
import { useOfficeRegion } from '../roster/office'
import '../roster/index.css'

type Row = ActionOutput<typeof registry, 'coverage'>['total']

function CoverageRow({ row, onOpen }: { row: Row; onOpen?: () => void }) {
  const { lang, t } = useSettings()
  return (
    <View className="registry__item wide__dense" data-key={row.key} onClick={onOpen}>
      <Text className={`registry__choice-name${onOpen ? ' region-row__name--link' : ''}`}>
        {pick(row.name, lang) || t('registry.coverage.unnamed')}
        {onOpen ? ' ›' : ''}
      </Text>
      <Text className="card__label registry__line">
        {t('registry.coverage.row', {
          unpaired: row.unpairedHouseholds,
          households: row.households,
          under: row.officialsUnder,
          over: row.officialsOver,
        })}
      </Text>
    </View>
  )
}

function CoverageOf({ region, onOpen }: { region: string; onOpen: (code: string) => void }) {
  const { lang, t } = useSettings()
  const data = useCall(() => call(registry, 'coverage', { region }), [region])
  return (
    <Loaded state={data}>
      {(c) => (
        <Wide testId="coverage">
          <View className="card registry wide__full" data-testid="coverage-total">
            <Text className="section-title">{pick(c.total.name, lang)}</Text>
            <Text>
              {t('registry.coverage.total', {
                households: c.total.households,
                unpaired: c.total.unpairedHouseholds,
                officials: c.total.officials,
                under: c.total.officialsUnder,
                over: c.total.officialsOver,
              })}
            </Text>
          </View>
          {c.byRegion.length > 0 && (
            <View className="card registry">
              <Text className="section-title">{t('registry.coverage.byRegion')}</Text>
              {c.byRegion.map((row) => (
                <CoverageRow key={row.key} row={row} onOpen={() => onOpen(row.key)} />
              ))}
            </View>
          )}
          <View className="card registry">
            <Text className="section-title">{t('registry.coverage.byDepartment')}</Text>
            {c.byDepartment.map((row) => (
              <CoverageRow key={row.key} row={row} />
            ))}
          </View>
          <View className="card registry">
            <Text className="section-title">{t('registry.coverage.unpaired')}</Text>
            {c.unpairedHouseholds.length === 0 ? (
              <Empty text={t('common.empty')} />
            ) : (
              c.unpairedHouseholds.map((h) => (
                <Text key={h.id} className="registry__item wide__dense">
                  {[pick(h.headName, lang), pick(h.village, lang), h.phoneMasked].filter(Boolean).join(' · ')}
                </Text>
              ))
            )}
          </View>
          {c.underOfficials.length > 0 && (
            <View className="card registry" data-testid="coverage-idle">
              <Text className="section-title">{t('registry.coverage.under')}</Text>
              {c.underOfficials.map((o) => (
                <Text key={o.id} className="registry__item wide__dense">
                  {pick(o.name, lang)}
                </Text>
              ))}
            </View>
          )}
          {c.overOfficials.length > 0 && (
            <View className="card registry">
              <Text className="section-title">{t('registry.coverage.over', { max: c.maxLoad })}</Text>
              {c.overOfficials.map((o) => (
                <Text key={o.id} className="registry__item wide__dense">
                  {pick(o.name, lang)} · {t('registry.coverage.load', { load: o.load })}
                </Text>
              ))}
            </View>
          )}
        </Wide>
      )}
    </Loaded>
  )
}

export default function CoveragePage() {
  const office = useOfficeRegion()
  const [trail, setTrail] = useState<string[]>([])
  const { t } = useSettings()
  return (
    <Screen title="registry.coverage.title">
      <Loaded state={office}>
        {(own) => (
          <>
            {trail.length > 0 && (
              <Button className="button--secondary" onClick={() => setTrail((x) => x.slice(0, -1))}>
                {t('common.back')}
              </Button>
            )}
            <CoverageOf region={trail[trail.length - 1] ?? own} onOpen={(code) => setTrail((x) => [...x, code])} />
          </>
        )}
      </Loaded>
    </Screen>
  )
}
