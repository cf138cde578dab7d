/**
 * The audit search (administrators): who saw personal data or changed roles and bindings, by actor,
 * subject and date range, newest first, a page at a time. The server refuses anyone but administrators.
 */
import '../catalogue'
import { Button, Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { chinaDateTime } from '@shared/time'
import Screen from '@/components/Screen'
import { Empty, Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { usePages } from '@/services/useCall'
import type { ActionInput } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import './index.css'

interface Filters {
  actor: string
  subject: string
  from: string
  to: string
}

type Query = Omit<ActionInput<typeof identity, 'auditSearch'>, 'page'>

export default function AuditPage() {
  const { t } = useSettings()
  const [filters, setFilters] = useState<Filters>({ actor: '', subject: '', from: '', to: '' })
  // nothing is asked before the first search; each search is a new query, even with the same filters
  const [query, setQuery] = useState<Query | undefined>()
  const results = usePages(
    async (page) =>
      query ? call(identity, 'auditSearch', { ...query, page }) : { entries: [], total: 0, pageSize: 0 },
    (answer) => answer.entries,
    [query],
  )

  const search = () =>
    setQuery({
      ...(filters.actor.trim() ? { actor: filters.actor.trim() } : {}),
      ...(filters.subject.trim() ? { subject: filters.subject.trim() } : {}),
      ...(filters.from ? { from: filters.from } : {}),
      ...(filters.to ? { to: filters.to } : {}),
    })

  const field = (key: keyof Filters, label: Parameters<typeof t>[0], placeholder?: string) => (
    <View className="audit__field">
      <Text className="card__label">{t(label)}</Text>
      <Input
        className="audit__input"
        value={filters[key]}
        placeholder={placeholder}
        nativeProps={{ 'aria-label': t(label) }}
        onInput={(e) => setFilters((f) => ({ ...f, [key]: e.detail.value }))}
        data-testid={`audit-${key}`}
      />
    </View>
  )

  return (
    <Screen title="audit.title">
      <View className="card audit__form">
        {field('actor', 'audit.actor')}
        {field('subject', 'audit.subject')}
        {field('from', 'audit.from', 'YYYY-MM-DD')}
        {field('to', 'audit.to', 'YYYY-MM-DD')}
        <Button className="audit__action" onClick={search} data-testid="audit-search">
          {t('audit.search')}
        </Button>
      </View>
      {query && (
        <Loaded state={results}>
          {({ items, last }) => (
            <View data-testid="audit-results">
              <Text className="card__label">{t('audit.total', { count: last.total })}</Text>
              {items.length === 0 && <Empty text={t('common.empty')} />}
              {items.map((entry) => (
                <View key={entry.id} className="card audit__entry" data-kind={entry.kind}>
                  <Text className="section-title">{t(`audit.kind.${entry.kind}`)}</Text>
                  <Text>{chinaDateTime(entry.at)}</Text>
                  <Text className="card__label">
                    {entry.actor} → {entry.subject}
                  </Text>
                  {entry.fields.length > 0 && <Text>{t('audit.fields', { fields: entry.fields.join(', ') })}</Text>}
                  <Text className="card__label">
                    {entry.action}
                    {entry.details ? ` · ${entry.details}` : ''}
                  </Text>
                </View>
              ))}
              {items.length < last.total && (
                <Button className="audit__more" onClick={results.next}>
                  {t('audit.more')}
                </Button>
              )}
            </View>
          )}
        </Loaded>
      )}
    </Screen>
  )
}
