/**
 * Donors for charity wishes: the units, enterprises and individual officials the office registers for its
 * region, and those registered above it, who may claim the region's wishes; how many each holds now.
 */
import '../catalogue'
import { Button, Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { uuid4 } from '@/services/uuid'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import type { DonorKind } from '@shared/contracts/wishes'
import { DONOR_KINDS, DONOR_NAME_MAX, DonorInputSchema, wishes } from '@shared/contracts/wishes'
import { useOfficeRegion } from '../roster/office'
import Chips from './Chips'
import './index.css'

function Register({ region, onRegistered }: { region: string; onRegistered: () => void }) {
  const { t } = useSettings()
  const issues = useFormIssues()
  const [kind, setKind] = useState<DonorKind>('unit')
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  // made once per donor: registering again after a lost answer keeps one donor
  const [id, setId] = useState(uuid4)
  const register = async () => {
    const input = { id, region, kind, name }
    if (!issues.check(DonorInputSchema, input)) return
    setBusy(true)
    try {
      await call(wishes, 'registerDonor', input)
      toastDone(t('wishes.registered'))
      setName('')
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
  const { t } = useSettings()
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
