/**
 * A department's service menu (its staff): the services it offers, the retired ones apart, and the form to
 * add or edit one — its category from the prefecture office's list, the level that handles it, the regions
 * it covers chosen by name within the department's region, the deadline in working days, its name and what
 * the household should prepare in both languages (a warning when the Tibetan is missing: most households
 * read it). Retiring asks first; a retired service is brought back by editing and saving it.
 */
import '../catalogue'
import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import { Problem, confirmed } from '@/components/Manage'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { uuid4 } from '@/services/uuid'
import { useSettings } from '@/services/settings'
import { useAction, useCall } from '@/services/useCall'
import type { Bilingual } from '@shared/bilingual'
import { pick } from '@shared/bilingual'
import type { ActionOutput } from '@shared/contract'
import { identity } from '@shared/contracts/identity'
import type { Category, ServiceInput } from '@shared/contracts/requests'
import {
  OTHER_CATEGORY,
  SERVICE_NAME_MAX,
  SERVICE_PREPARE_MAX,
  ServiceInputSchema,
  requests,
} from '@shared/contracts/requests'
import type { Lang } from '@shared/i18n'
import './index.css'

type Menu = ActionOutput<typeof requests, 'services'>
type Service = Menu['items'][number]
type Draft = Omit<ServiceInput, 'deadlineDays'> & { deadlineDays: string }

const LEVELS = ['township', 'county'] as const

function draftOf(departmentId: string, service?: Service): Draft {
  if (!service)
    return {
      id: uuid4(),
      departmentId,
      category: '',
      level: 'township',
      regions: [],
      deadlineDays: '',
      name: { 'zh-Hans': '', bo: '' },
      prepare: { 'zh-Hans': '', bo: '' },
    }
  const { id, category, level, regions, name, prepare } = service
  return { id, departmentId, category, level, regions, deadlineDays: String(service.deadlineDays), name, prepare }
}

function ServiceForm({
  menu,
  categories,
  editing,
  onSaved,
  onCancel,
}: {
  menu: Menu
  categories: readonly Category[]
  editing: Service | undefined
  onSaved: () => void
  onCancel: () => void
}) {
  const { lang, t } = useSettings()
  const issues = useFormIssues()
  const [draft, setDraft] = useState<Draft>(() => draftOf(menu.department.id, editing))
  const [busy, setBusy] = useState(false)
  const offered = categories.filter((c) => c.active && c.key !== OTHER_CATEGORY)

  const text = (field: 'name' | 'prepare', l: Lang, value: string) =>
    setDraft((d) => ({ ...d, [field]: { ...d[field], [l]: value } }))
  const toggle = (code: string) =>
    setDraft((d) => ({
      ...d,
      regions: d.regions.includes(code) ? d.regions.filter((c) => c !== code) : [...d.regions, code],
    }))

  const save = async () => {
    const input: ServiceInput = { ...draft, deadlineDays: Number(draft.deadlineDays.trim() || NaN) }
    if (!issues.check(ServiceInputSchema, input)) return
    issues.clear()
    setBusy(true)
    try {
      await call(requests, 'saveService', input)
      toastDone(t('services.saved'))
      onSaved()
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }

  const field = (f: 'name' | 'prepare', l: Lang) => {
    const label = t(`services.${f}${l === 'bo' ? 'Bo' : 'Zh'}`)
    const props = {
      className: `manage__input lang-${l}`,
      value: draft[f][l],
      nativeProps: { 'aria-label': label },
      onInput: (e: { detail: { value: string } }) => text(f, l, e.detail.value),
      'data-testid': `service-${f}-${l}`,
    }
    return (
      <Field label={label} path={`${f}.${l}`} issues={issues}>
        {f === 'name' ? (
          <Input {...props} maxlength={SERVICE_NAME_MAX} />
        ) : (
          <Textarea {...props} maxlength={SERVICE_PREPARE_MAX} />
        )}
      </Field>
    )
  }
  const written = (b: Bilingual) => b['zh-Hans'].trim() !== ''
  const noTibetan =
    (written(draft.name) && !draft.name.bo.trim()) || (written(draft.prepare) && !draft.prepare.bo.trim())

  return (
    <View className="card manage" data-testid="service-form">
      <Field label={t('services.field.category')} path="category" issues={issues}>
        <View className="manage__choices relief__chips">
          {offered.map((c) => (
            <Button
              key={c.key}
              className={`manage__choice${draft.category === c.key ? ' manage__choice--on' : ''}`}
              onClick={() => setDraft((d) => ({ ...d, category: c.key }))}
              data-testid={`service-category-${c.key}`}
            >
              {pick(c.name, lang)}
            </Button>
          ))}
        </View>
      </Field>
      <Field label={t('services.field.level')} path="level" issues={issues}>
        <View className="manage__choices relief__chips">
          {LEVELS.map((level) => (
            <Button
              key={level}
              className={`manage__choice${draft.level === level ? ' manage__choice--on' : ''}`}
              onClick={() => setDraft((d) => ({ ...d, level }))}
              data-testid={`service-level-${level}`}
            >
              {t(`level.${level}`)}
            </Button>
          ))}
        </View>
      </Field>
      <Field label={t('services.field.regions')} path="regions" issues={issues}>
        <View className="manage__choices relief__chips" data-testid="service-regions">
          {menu.places.map((p) => (
            <Button
              key={p.code}
              className={`manage__choice${draft.regions.includes(p.code) ? ' manage__choice--on' : ''}`}
              onClick={() => toggle(p.code)}
              data-code={p.code}
            >
              {pick(p.name, lang)}
            </Button>
          ))}
        </View>
      </Field>
      <Field label={t('services.field.deadline')} path="deadlineDays" issues={issues}>
        <Input
          className="manage__input"
          type="number"
          value={draft.deadlineDays}
          nativeProps={{ 'aria-label': t('services.field.deadline') }}
          onInput={(e) => setDraft((d) => ({ ...d, deadlineDays: e.detail.value }))}
          data-testid="service-deadline"
        />
      </Field>
      {field('name', 'zh-Hans')}
      {field('name', 'bo')}
      {field('prepare', 'zh-Hans')}
      {field('prepare', 'bo')}
      {noTibetan && (
        <View className="manage__warning" data-testid="no-tibetan">
          <Text>{t('services.noTibetan')}</Text>
        </View>
      )}
      <FormMessage issues={issues} />
      <View className="manage__buttons">
        <Button className="manage__action" disabled={offWhen(busy)} onClick={save} data-testid="service-save">
          {t('services.save')}
        </Button>
        <Button className="manage__secondary" disabled={offWhen(busy)} onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </View>
    </View>
  )
}

function ServiceCard({
  service,
  menu,
  categories,
  busy,
  onEdit,
  onRetire,
}: {
  service: Service
  menu: Menu
  categories: readonly Category[]
  busy: boolean
  onEdit: () => void
  onRetire: () => void
}) {
  const { lang, t } = useSettings()
  const category = categories.find((c) => c.key === service.category)
  const places = service.regions
    .map((code) => menu.places.find((p) => p.code === code))
    .map((p, i) => (p ? pick(p.name, lang) : service.regions[i]))
  return (
    <View
      className={`card relief__row${service.active ? '' : ' relief__retired'}`}
      data-testid="service"
      data-id={service.id}
      data-active={String(service.active)}
    >
      <Text className="section-title">{pick(service.name, lang)}</Text>
      <Text className="card__label">
        {[category ? pick(category.name, lang) : service.category, t(`level.${service.level}`)].join(' · ')}
      </Text>
      <Text className="card__label">{t('services.days', { days: service.deadlineDays })}</Text>
      <Text className="card__label" data-testid="service-places">
        {places.join('、')}
      </Text>
      {pick(service.prepare, lang) && <Text>{pick(service.prepare, lang)}</Text>}
      <View className="manage__buttons">
        <Button className="manage__secondary" disabled={offWhen(busy)} onClick={onEdit} data-testid="service-edit">
          {t(service.active ? 'services.edit' : 'services.restore')}
        </Button>
        {service.active && (
          <Button
            className="manage__secondary"
            disabled={offWhen(busy)}
            onClick={onRetire}
            data-testid="service-retire"
          >
            {t('services.retire')}
          </Button>
        )}
      </View>
    </View>
  )
}

function DepartmentMenu({ departmentId }: { departmentId: string }) {
  const { lang, t } = useSettings()
  const [changes, setChanges] = useState(0)
  const [editing, setEditing] = useState<Service | 'new'>()
  const action = useAction()
  const both = useCall(
    () => Promise.all([call(requests, 'services', { departmentId }), call(requests, 'categories', {})]),
    [departmentId, changes],
  )

  const retire = async (service: Service) => {
    if (!(await confirmed(t('services.retireService', { name: pick(service.name, lang) })))) return
    await action.run(async () => {
      await call(requests, 'retireService', { departmentId, id: service.id })
      toastDone(t('services.retired'))
      setChanges((n) => n + 1)
    })
  }

  return (
    <Loaded state={both}>
      {([menu, { items: categories }]) => {
        const card = (s: Service) => (
          <ServiceCard
            key={s.id}
            service={s}
            menu={menu}
            categories={categories}
            busy={action.busy}
            onEdit={() => setEditing(s)}
            onRetire={() => void retire(s)}
          />
        )
        return (
          <View className="manage">
            <Text className="section-title">{pick(menu.department.name, lang)}</Text>
            <Problem problem={action.problem} />
            {editing ? (
              <ServiceForm
                key={editing === 'new' ? 'new' : editing.id}
                menu={menu}
                categories={categories}
                editing={editing === 'new' ? undefined : editing}
                onSaved={() => {
                  setEditing(undefined)
                  setChanges((n) => n + 1)
                }}
                onCancel={() => setEditing(undefined)}
              />
            ) : (
              <Button className="manage__action" onClick={() => setEditing('new')} data-testid="service-new">
                {t('services.new')}
              </Button>
            )}
            {menu.items.length === 0 && <Text>{t('common.empty')}</Text>}
            {menu.items.filter((s) => s.active).map(card)}
            {menu.items.some((s) => !s.active) && (
              <Text className="section-title relief__section">{t('services.retired')}</Text>
            )}
            {menu.items.filter((s) => !s.active).map(card)}
          </View>
        )
      }}
    </Loaded>
  )
}

export default function ReliefServicesPage() {
  const { lang } = useSettings()
  const me = useCall(() => call(identity, 'me', {}))
  const [chosen, setChosen] = useState<string>()
  return (
    <Screen title="services.link.menu">
      <Loaded state={me}>
        {({ roles, cards }) => {
          const departments = roles.flatMap((g) => (g.role === 'department' ? [g.departmentId] : []))
          const departmentId = chosen ?? departments[0]
          const label = (id: string) =>
            cards.find((c) => c.grant.role === 'department' && c.grant.departmentId === id)?.label
          return (
            <View className="manage">
              {departments.length > 1 && (
                <View className="manage__choices relief__chips">
                  {departments.map((id) => (
                    <Button
                      key={id}
                      className={`manage__choice${id === departmentId ? ' manage__choice--on' : ''}`}
                      onClick={() => setChosen(id)}
                    >
                      {pick(label(id) ?? { 'zh-Hans': id, bo: id }, lang)}
                    </Button>
                  ))}
                </View>
              )}
              {departmentId && <DepartmentMenu key={departmentId} departmentId={departmentId} />}
            </View>
          )
        }}
      </Loaded>
    </Screen>
  )
}
