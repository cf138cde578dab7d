/**
 * The prefecture office's category list: what a household picks when it reports a difficulty and what a
 * department files a service under. Add a category (its key is fixed once saved), rename one, retire it
 * (asked first: nobody can pick it after) or bring it back. `other` is built in and cannot be changed.
 * The server refuses anyone but the prefecture office or an administrator (shown as it comes).
 */
import '../catalogue'
import { Button, Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import { Problem, confirmed } from '@/components/Manage'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useAction, useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { Category, CategoryInput } from '@shared/contracts/requests'
import { CategoryInputSchema, OTHER_CATEGORY, requests } from '@shared/contracts/requests'
import './index.css'

const blank = (): CategoryInput => ({ key: '', name: { 'zh-Hans': '', bo: '' }, active: true })

function CategoryForm({
  existing,
  editing,
  onSaved,
}: {
  existing: readonly Category[]
  editing: Category | undefined
  onSaved: () => void
}) {
  const { t } = useSettings()
  const issues = useFormIssues()
  const [draft, setDraft] = useState<CategoryInput>(() =>
    editing ? { key: editing.key, name: editing.name, active: editing.active } : blank(),
  )
  const [busy, setBusy] = useState(false)

  const save = async () => {
    if (!issues.check(CategoryInputSchema, draft)) return
    if (!editing && existing.some((c) => c.key === draft.key.trim())) {
      issues.mark([{ path: 'key', message: t('services.keyTaken') }])
      return
    }
    issues.clear()
    setBusy(true)
    try {
      await call(requests, 'saveCategory', draft)
      toastDone(t('services.saved'))
      setDraft(blank())
      onSaved()
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }

  const name = (lang: 'zh-Hans' | 'bo', label: 'services.nameZh' | 'services.nameBo') => (
    <Field label={t(label)} path={`name.${lang}`} issues={issues}>
      <Input
        className={`manage__input lang-${lang}`}
        value={draft.name[lang]}
        nativeProps={{ 'aria-label': t(label) }}
        onInput={(e) => setDraft((d) => ({ ...d, name: { ...d.name, [lang]: e.detail.value } }))}
        data-testid={`category-name-${lang}`}
      />
    </Field>
  )

  return (
    <View className="card manage" data-testid="category-form">
      {editing ? (
        <Text className="section-title">{editing.key}</Text>
      ) : (
        <Field label={t('services.key')} path="key" issues={issues} hint={t('services.keyHint')}>
          <Input
            className="manage__input"
            value={draft.key}
            nativeProps={{ 'aria-label': t('services.key') }}
            onInput={(e) => setDraft((d) => ({ ...d, key: e.detail.value.trim() }))}
            data-testid="category-key"
          />
        </Field>
      )}
      {name('zh-Hans', 'services.nameZh')}
      {name('bo', 'services.nameBo')}
      <FormMessage issues={issues} />
      <Button className="manage__action" disabled={offWhen(busy)} onClick={save} data-testid="category-save">
        {t(editing ? 'services.save' : 'services.add')}
      </Button>
    </View>
  )
}

function Row({
  category,
  busy,
  onEdit,
  onActive,
}: {
  category: Category
  busy: boolean
  onEdit: () => void
  onActive: (active: boolean) => void
}) {
  const { lang, t } = useSettings()
  const builtIn = category.key === OTHER_CATEGORY
  return (
    <View
      className={`card relief__row${category.active ? '' : ' relief__retired'}`}
      data-testid="category"
      data-key={category.key}
      data-active={String(category.active)}
    >
      <Text className="section-title">{pick(category.name, lang)}</Text>
      <Text className={`lang-${lang === 'bo' ? 'zh-Hans' : 'bo'}`}>
        {category.name[lang === 'bo' ? 'zh-Hans' : 'bo']}
      </Text>
      <Text className="manage__id">{category.key}</Text>
      {!builtIn && (
        <View className="manage__buttons">
          {category.active && (
            <Button className="manage__secondary" disabled={offWhen(busy)} onClick={onEdit} data-testid="category-edit">
              {t('services.edit')}
            </Button>
          )}
          <Button
            className="manage__secondary"
            disabled={offWhen(busy)}
            onClick={() => onActive(!category.active)}
            data-testid={category.active ? 'category-retire' : 'category-restore'}
          >
            {t(category.active ? 'services.retire' : 'services.restore')}
          </Button>
        </View>
      )}
    </View>
  )
}

export default function ReliefCategoriesPage() {
  const { lang, t } = useSettings()
  const [changes, setChanges] = useState(0)
  const [editing, setEditing] = useState<Category>()
  const action = useAction()
  const busy = action.busy
  const list = useCall(() => call(requests, 'categories', {}), [changes])

  const setActive = async (category: Category, active: boolean) => {
    if (!active && !(await confirmed(t('services.retireCategory', { name: pick(category.name, lang) })))) return
    await action.run(async () => {
      await call(requests, 'saveCategory', { key: category.key, name: category.name, active })
      toastDone(t(active ? 'services.saved' : 'services.retired'))
      setChanges((n) => n + 1)
    })
  }

  return (
    <Screen title="services.link.categories">
      <Loaded state={list}>
        {({ items }) => (
          <View className="manage">
            <CategoryForm
              key={editing?.key ?? 'new'}
              existing={items}
              editing={editing}
              onSaved={() => {
                setEditing(undefined)
                setChanges((n) => n + 1)
              }}
            />
            <Problem problem={action.problem} />
            {items
              .filter((c) => c.active)
              .map((c) => (
                <Row
                  key={c.key}
                  category={c}
                  busy={busy}
                  onEdit={() => setEditing(c)}
                  onActive={(a) => void setActive(c, a)}
                />
              ))}
            {items.some((c) => !c.active) && (
              <Text className="section-title relief__section">{t('services.retired')}</Text>
            )}
            {items
              .filter((c) => !c.active)
              .map((c) => (
                <Row
                  key={c.key}
                  category={c}
                  busy={busy}
                  onEdit={() => setEditing(c)}
                  onActive={(a) => void setActive(c, a)}
                />
              ))}
          </View>
        )}
      </Loaded>
    </Screen>
  )
}
