/**
 * Finding an official by name (Chinese or Tibetan, any part of it) or staff number among those living in
 * the office's region, and choosing one from the answers. Nobody has to know an internal id.
 */
import { Button, Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { offWhen } from '@/components/Form'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useAction } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { ActionOutput } from '@shared/contract'
import { registry } from '@shared/contracts/registry'
import ProblemText from '../roster/Problem'

export type FoundOfficial = ActionOutput<typeof registry, 'findOfficials'>['officials'][number]

interface Props {
  region: string
  /** only officials still in post (the one who takes over) */
  active?: boolean
  /** the input's name for screen readers: the label shown above it */
  label: string
  /** names the input, its button and the answers in tests */
  testId: string
  onChoose: (official: FoundOfficial) => void
}

export default function OfficialSearch({ region, active = false, label, testId, onChoose }: Props) {
  const { lang, t } = useSettings()
  const [query, setQuery] = useState('')
  const [found, setFound] = useState<ActionOutput<typeof registry, 'findOfficials'> | undefined>()
  const { busy, problem, run } = useAction()

  const find = () =>
    run(async () => {
      setFound(await call(registry, 'findOfficials', { region, query: query.trim(), active }))
    })

  return (
    <View className="registry__list">
      <View className="registry__list">
        <Input
          className="registry__input"
          data-testid={`${testId}-query`}
          value={query}
          nativeProps={{ 'aria-label': label }}
          onInput={(e) => setQuery(e.detail.value)}
        />
        <Button
          className="button--secondary"
          data-testid={`${testId}-find`}
          disabled={offWhen(busy || !query.trim())}
          onClick={() => void find()}
        >
          {t('registry.reassign.find')}
        </Button>
      </View>
      {problem && <ProblemText problem={problem} />}
      {found && found.officials.length === 0 && <Text className="card__label">{t('registry.reassign.noMatch')}</Text>}
      {found && found.officials.length > 0 && (
        <View className="registry__choices" data-testid={`${testId}-results`}>
          <Text className="card__label">{t('registry.reassign.choose')}</Text>
          {found.officials.map((o) => (
            <View
              key={o.id}
              className="registry__choice"
              data-official={o.id}
              onClick={() => {
                setFound(undefined)
                onChoose(o)
              }}
            >
              <Text className="registry__choice-name">
                {pick(o.name, lang)}
                {o.active ? '' : ` · ${t('registry.reassign.inactive')}`}
              </Text>
              <Text className="registry__choice-note">
                {[pick(o.department, lang), pick(o.position, lang), o.externalId, o.phoneMasked]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
            </View>
          ))}
          {found.more && (
            <Text className="card__label">{t('registry.reassign.moreMatches', { count: found.officials.length })}</Text>
          )}
        </View>
      )}
    </View>
  )
}
