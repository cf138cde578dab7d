/**
 * The audit search (administrators): who saw personal data or changed roles and bindings, by actor,
 * subject and date range, newest first, a page at a time. The server refuses anyone but administrators.
 */
import { Button, Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import Screen from '../../../components/Screen'
import { Empty, ErrorState, Loading } from '../../../components/States'
import type { CallError } from '../../../services/cloud'
import { call, toCallError } from '../../../services/cloud'
import { useSettings } from '../../../services/settings'
import type { AuditEntry } from '../../../shared/contracts/identity'
import { identity } from '../../../shared/contracts/identity'
import type { Lang } from '../../../shared/i18n'
import './index.css'

interface Filters {
  actor: string
  subject: string
  from: string
  to: string
}

type Results =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; error: CallError; lang: Lang }
  | { status: 'done'; entries: AuditEntry[]; total: number; page: number; pageSize: number }

/** UTC+8, as the programme's offices read times */
function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
}

export default function AuditPage() {
  const { lang, t } = useSettings()
  const [filters, setFilters] = useState<Filters>({ actor: '', subject: '', from: '', to: '' })
  const [results, setResults] = useState<Results>({ status: 'idle' })

  async function search(page: number) {
    const previous = results.status === 'done' && page > 0 ? results.entries : []
    if (page === 0) setResults({ status: 'loading' })
    const input = {
      ...(filters.actor.trim() ? { actor: filters.actor.trim() } : {}),
      ...(filters.subject.trim() ? { subject: filters.subject.trim() } : {}),
      ...(filters.from ? { from: filters.from } : {}),
      ...(filters.to ? { to: filters.to } : {}),
      page,
    }
    try {
      const res = await call(identity, 'auditSearch', input)
      setResults({
        status: 'done',
        entries: [...previous, ...res.entries],
        total: res.total,
        page,
        pageSize: res.pageSize,
      })
    } catch (error) {
      setResults({ status: 'error', error: toCallError(error, lang), lang })
    }
  }

  const field = (key: keyof Filters, label: Parameters<typeof t>[0], placeholder?: string) => (
    <View className="audit__field">
      <Text className="card__label">{t(label)}</Text>
      <Input
        className="audit__input"
        value={filters[key]}
        placeholder={placeholder}
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
        <Button className="audit__action" onClick={() => search(0)} data-testid="audit-search">
          {t('audit.search')}
        </Button>
      </View>
      {results.status === 'loading' && <Loading />}
      {results.status === 'error' && <ErrorState error={results.error} lang={results.lang} onRetry={() => search(0)} />}
      {results.status === 'done' && (
        <View data-testid="audit-results">
          <Text className="card__label">{t('audit.total', { count: results.total })}</Text>
          {results.entries.length === 0 && <Empty text={t('common.empty')} />}
          {results.entries.map((entry) => (
            <View key={entry.id} className="card audit__entry" data-kind={entry.kind}>
              <Text className="section-title">{t(`audit.kind.${entry.kind}`)}</Text>
              <Text>{chinaTime(entry.at)}</Text>
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
          {results.entries.length < results.total && (
            <Button className="audit__more" onClick={() => search(results.page + 1)}>
              {t('audit.more')}
            </Button>
          )}
        </View>
      )}
    </Screen>
  )
}
