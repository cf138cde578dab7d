/**
 * Donors for charity wishes: the units, enterprises, individual officials and private individuals the office
 * registers for its region, and those registered above it, who may claim the region's wishes; how many each
 * holds now. An individual official may be linked to the official's account (found by name in the region),
 * a unit to a department of the region (picked from the list): they then claim and deliver themselves.
 * Enterprises and private individuals have no account here; the office claims for them.
 */
import '../catalogue'
import { Button, Input, Text, View } from '@tarojs/components'
import type { ActionOutput } from '@shared/contract'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { uuid4 } from '@/services/uuid'
import { useSettings } from '@/services/settings'
import { useAction, useCall } from '@/services/useCall'
import { Problem } from '@/components/Manage'
import type { Bilingual } from '@shared/bilingual'
import { pick } from '@shared/bilingual'
import { registry } from '@shared/contracts/registry'
import type { DonorKind } from '@shared/contracts/wishes'
import { DONOR_KINDS, DONOR_NAME_MAX, DonorInputSchema, wishes } from '@shared/contracts/wishes'
import { levelOf } from '@shared/region'
import { useOfficeRegion } from '../roster/office'
import Chips from './Chips'
import './index.css'

type Found = ActionOutput<typeof registry, 'findOfficials'>['officials'][number]

/** The account a donor is linked to, by name as the form shows it. */
interface Account {
  id: string
  name: Bilingual
}

/** An individual official donor's account: found by name or staff number among the region's officials. */
function LinkOfficial({
  region,
  chosen,
  onChoose,
}: {
  region: string
  chosen: Account | undefined
  onChoose: (a: Account | undefined) => void
}) {
  const { lang, t } = useSettings()
  const [query, setQuery] = useState('')
  const [found, setFound] = useState<Found[]>()
  const search = useAction()
  const find = () =>
    search.run(async () => {
      setFound((await call(registry, 'findOfficials', { region, query: query.trim(), active: true })).officials)
    })
  if (chosen)
    return (
      <View className="wishes__who" data-testid="linked">
        <Text className="wishes__head">{t('wishes.linked', { name: pick(chosen.name, lang) })}</Text>
        <Text className="wishes__link" onClick={() => onChoose(undefined)} data-testid="unlink">
          {t('wishes.unlink')}
        </Text>
      </View>
    )
  return (
    <View className="wishes__form">
      <Input
        className="wishes__input"
        value={query}
        confirmType="search"
        nativeProps={{ 'aria-label': t('wishes.officialName') }}
        placeholder={t('wishes.officialName')}
        onInput={(e) => setQuery(e.detail.value)}
        onConfirm={() => void (query.trim() && find())}
        data-testid="official-query"
      />
      <Button
        className="wishes__more"
        disabled={offWhen(search.busy || !query.trim())}
        onClick={() => void find()}
        data-testid="official-find"
      >
        {t('wishes.find')}
      </Button>
      <Problem problem={search.problem} />
      {found && found.length === 0 && <Text className="card__label">{t('wishes.noMatch')}</Text>}
      {found?.map((o) => (
        <View
          key={o.id}
          className="card card--edged wishes__item"
          onClick={() => onChoose({ id: o.id, name: o.name })}
          data-testid="official-found"
          data-id={o.id}
        >
          <Text className="wishes__village">{pick(o.name, lang)}</Text>
          <Text className="card__label">{`${pick(o.department, lang)} · ${o.phoneMasked}`}</Text>
        </View>
      ))}
    </View>
  )
}

/**
 * A unit donor's department, among the region's own: the prefecture office links any department, a county
 * office its county's (the prefecture's bureaus are above it), offices below have none of their own.
 */
function LinkDepartment({
  region,
  chosen,
  onChoose,
}: {
  region: string
  chosen: Account | undefined
  onChoose: (a: Account | undefined) => void
}) {
  const { lang, t } = useSettings()
  const level = levelOf(region)
  const list = useCall(
    () =>
      level === 'prefecture' || level === 'county'
        ? call(registry, 'departments', { region })
        : Promise.resolve({ departments: [] }),
    [region],
  )
  return (
    <Loaded state={list}>
      {({ departments }) => {
        const own = departments.filter((d) => level === 'prefecture' || d.level === 'county')
        if (!own.length) return <Text className="card__label">{t('wishes.noDepartments')}</Text>
        return (
          <Chips
            chips={own.map((d) => ({ key: d.id, text: pick(d.name, lang) }))}
            value={chosen?.id}
            onChange={(key) => {
              const d = own.find((x) => x.id === key)
              onChoose(d && d.id !== chosen?.id ? { id: d.id, name: d.name } : undefined)
            }}
            testId="department"
          />
        )
      }}
    </Loaded>
  )
}

function Register({ region, onRegistered }: { region: string; onRegistered: () => void }) {
  const { lang, t } = useSettings()
  const issues = useFormIssues()
  const [kind, setKind] = useState<DonorKind>('unit')
  const [name, setName] = useState('')
  const [official, setOfficial] = useState<Account>()
  const [department, setDepartment] = useState<Account>()
  const [busy, setBusy] = useState(false)
  // made once per donor: registering again after a lost answer keeps one donor
  const [id, setId] = useState(uuid4)
  // the account's name fills an empty name field; whatever the office typed stays
  const link = (set: (a: Account | undefined) => void) => (a: Account | undefined) => {
    set(a)
    if (a && !name.trim()) setName(pick(a.name, lang))
  }
  const register = async () => {
    const input = {
      id,
      region,
      kind,
      name,
      ...(kind === 'official' && official ? { officialId: official.id } : {}),
      ...(kind === 'unit' && department ? { departmentId: department.id } : {}),
    }
    if (!issues.check(DonorInputSchema, input)) return
    setBusy(true)
    try {
      await call(wishes, 'registerDonor', input)
      toastDone(t('wishes.registered'))
      setName('')
      setOfficial(undefined)
      setDepartment(undefined)
      setId(uuid4())
      onRegistered()
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className="card wishes__form" data-testid="register">
      <Text>{t('wishes.donorsIntro')}</Text>
      <Field label={t('wishes.kind')} path="kind" issues={issues}>
        <Chips
          chips={DONOR_KINDS.map((k) => ({ key: k, text: t(`wishes.kind.${k}`) }))}
          value={kind}
          onChange={setKind}
          testId="kind"
        />
      </Field>
      {kind === 'official' && (
        <Field label={t('wishes.linkOfficial')} path="officialId" issues={issues}>
          <LinkOfficial region={region} chosen={official} onChoose={link(setOfficial)} />
        </Field>
      )}
      {kind === 'unit' && (
        <Field label={t('wishes.linkDepartment')} path="departmentId" issues={issues}>
          <LinkDepartment region={region} chosen={department} onChoose={link(setDepartment)} />
        </Field>
      )}
      <Text className="card__label" data-testid="link-hint">
        {t(kind === 'official' || kind === 'unit' ? 'wishes.linkHint' : 'wishes.noAccountHint')}
      </Text>
      <Field label={t('wishes.name')} path="name" issues={issues}>
        <Input
          className="wishes__input"
          value={name}
          maxlength={DONOR_NAME_MAX}
          nativeProps={{ 'aria-label': t('wishes.name') }}
          onInput={(e) => setName(e.detail.value)}
          data-testid="name"
        />
      </Field>
      <FormMessage issues={issues} />
      <Button className="wishes__button" disabled={offWhen(busy)} onClick={register} data-testid="register-send">
        {t('wishes.register')}
      </Button>
    </View>
  )
}

function Donors({ region }: { region: string }) {
  const { lang, t } = useSettings()
  const donors = useCall(() => call(wishes, 'donors', { region }), [region])
  return (
    <>
      <Register region={region} onRegistered={donors.retry} />
      <Loaded state={donors} empty={t('wishes.donorsEmpty')} isEmpty={({ items }) => items.length === 0}>
        {({ items }) => (
          <View className="wishes__list" data-testid="donors">
            {items.map((d) => (
              <View key={d.id} className="card wishes__item" data-testid="donor" data-id={d.id}>
                <View className="card__top">
                  <Text className="wishes__village">{d.name}</Text>
                  <Text className="card__label">{t(`wishes.kind.${d.kind}`)}</Text>
                </View>
                {d.linked && (
                  <Text className="card__label" data-testid="donor-linked">
                    {t(d.linked.kind === 'official' ? 'wishes.linkedOfficial' : 'wishes.linkedDepartment', {
                      name: pick(d.linked.name, lang),
                    })}
                  </Text>
                )}
                <Text className="card__label">{t('wishes.holding', { count: d.claimed })}</Text>
                {d.above && <Text className="card__label">{t('wishes.above')}</Text>}
              </View>
            ))}
          </View>
        )}
      </Loaded>
    </>
  )
}

export default function OfficeDonorsPage() {
  const region = useOfficeRegion()
  return (
    <Screen title="wishes.donors">
      <Loaded state={region}>{(code) => <Donors region={code} />}</Loaded>
    </Screen>
  )
}
