/**
 * What a donor the caller is may help with: an official registered as a donor (pages/official/wishes) or a
 * department's staff for their department (pages/office/wishes/donor). The wishes published in the donor's
 * region, masked as every list is (the village only, no name, numbers in the text masked), and those it holds.
 * A published one is claimed in one tap (a second claimer finds it taken); a claimed one is marked delivered
 * with an optional note, or handed back with a reason (asked first: the wish is published again for every
 * donor); the household's confirmation shows when it comes.
 */
import { Button, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { Field, FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import { confirmed } from '@/components/Manage'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { uuid4 } from '@/services/uuid'
import { useSettings } from '@/services/settings'
import { useCall, usePages } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { MyDonor, WishItem } from '@shared/contracts/wishes'
import { HAND_BACK_REASON_MAX, HandBackInputSchema, wishes } from '@shared/contracts/wishes'
import Chips from '@/pages/office/wishes/Chips'
import Fulfil from '@/pages/office/wishes/Fulfil'
import '@/pages/office/wishes/index.css'

function Claim({ item, donor, onDone }: { item: WishItem; donor: MyDonor; onDone: (w: WishItem) => void }) {
  const { t } = useSettings()
  const issues = useFormIssues()
  const [busy, setBusy] = useState(false)
  // made once: claiming again after a lost answer is the same claim
  const [claimId] = useState(uuid4)
  const claim = async () => {
    setBusy(true)
    issues.clear()
    try {
      const res = await call(wishes, 'claim', { id: item.id, claimId, donorId: donor.id })
      toastDone(t('wishes.claimed'))
      onDone({ ...item, state: res.state, donor: { id: donor.id, kind: donor.kind, name: donor.name } })
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className="wishes__form">
      <FormMessage issues={issues} />
      <Button className="wishes__button" disabled={offWhen(busy)} onClick={claim} data-testid="claim">
        {t('wishes.claim')}
      </Button>
    </View>
  )
}

function HandBack({ item, onDone }: { item: WishItem; onDone: (w: WishItem) => void }) {
  const { t } = useSettings()
  const issues = useFormIssues()
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const send = async () => {
    const input = { id: item.id, reason }
    if (!issues.check(HandBackInputSchema, input)) return
    if (!(await confirmed(t('wishes.handBackAsk')))) return
    setBusy(true)
    try {
      const res = await call(wishes, 'handBack', input)
      toastDone(t('wishes.handedBack'))
      onDone({ ...item, state: res.state, donor: undefined, handedBack: input.reason.trim() })
    } catch (error) {
      issues.fail(error)
    } finally {
      setBusy(false)
    }
  }
  if (!open)
    return (
      <Text className="wishes__link" onClick={() => setOpen(true)} data-testid="hand-back-open">
        {t('wishes.handBack')}
      </Text>
    )
  return (
    <View className="wishes__form" data-testid="hand-back-form">
      <Field label={t('wishes.handBackReason')} path="reason" issues={issues}>
        <Textarea
          className="wishes__textarea"
          value={reason}
          maxlength={HAND_BACK_REASON_MAX}
          nativeProps={{ 'aria-label': t('wishes.handBackReason') }}
          onInput={(e) => setReason(e.detail.value)}
          data-testid="hand-back-reason"
        />
      </Field>
      <FormMessage issues={issues} />
      <Button className="wishes__quiet" disabled={offWhen(busy)} onClick={send} data-testid="hand-back">
        {t('wishes.handBack')}
      </Button>
      <Text className="wishes__link" onClick={() => setOpen(false)} data-testid="hand-back-keep">
        {t('wishes.keep')}
      </Text>
    </View>
  )
}

function Item({ item, donor, onDone }: { item: WishItem; donor: MyDonor; onDone: (w: WishItem) => void }) {
  const { lang, t } = useSettings()
  return (
    <View
      className={`card card--edged wishes__item${item.state === 'claimed' ? ' card--alert' : ''}`}
      data-testid="wish"
      data-id={item.id}
      data-state={item.state}
    >
      <View className="card__top">
        <Text className="wishes__village">{pick(item.village, lang)}</Text>
        <Text className={`wishes__state wishes__state--${item.state}`}>{t(`wishes.state.${item.state}`)}</Text>
      </View>
      <Text className="wishes__text">{item.text}</Text>
      {item.note && <Text className="card__label">{t('wishes.note', { note: item.note })}</Text>}
      {item.handedBack && (
        <Text className="card__label" data-testid="handed-back">
          {t('wishes.handedBackNote', { reason: item.handedBack })}
        </Text>
      )}
      {item.state === 'published' && <Claim item={item} donor={donor} onDone={onDone} />}
      {item.state === 'claimed' && (
        <>
          <Fulfil item={item} onDone={onDone} />
          <HandBack item={item} onDone={onDone} />
        </>
      )}
      {item.state === 'fulfilled' && <Text className="card__label">{t('wishes.waitingHousehold')}</Text>}
      {item.state === 'confirmed' && <Text className="wishes__head">{t('wishes.thanks')}</Text>}
    </View>
  )
}

function Wishes({ donors }: { donors: MyDonor[] }) {
  const { lang, t } = useSettings()
  const [donorId, setDonorId] = useState(donors[0]!.id)
  const donor = donors.find((d) => d.id === donorId) ?? donors[0]!
  // steps taken on this screen, shown at once without reading the page again
  const [changed, setChanged] = useState<Record<string, WishItem>>({})
  const results = usePages(
    (page) => call(wishes, 'forDonor', { donorId: donor.id, page }),
    (answer) => answer.items,
    [donor.id],
  )
  return (
    <>
      <View className="card wishes__filters" data-testid="donor-intro">
        <Text>{t('wishes.mine.intro', { region: pick(donor.regionName, lang) })}</Text>
        {donors.length > 1 && (
          <>
            <Text className="card__label">{t('wishes.mine.pick')}</Text>
            <Chips
              chips={donors.map((d) => ({ key: d.id, text: `${d.name} · ${pick(d.regionName, lang)}` }))}
              value={donor.id}
              onChange={setDonorId}
              testId="as"
            />
          </>
        )}
      </View>
      <Loaded state={results} empty={t('wishes.mine.empty')} isEmpty={({ items }) => items.length === 0}>
        {({ items, last }) => (
          <View className="wishes__list" data-testid="wishes">
            {items.map((item) => (
              <Item
                key={item.id}
                item={changed[item.id] ?? item}
                donor={donor}
                onDone={(w) => setChanged((all) => ({ ...all, [w.id]: w }))}
              />
            ))}
            {last.more && (
              <Button className="wishes__more" onClick={results.next} data-testid="wishes-more">
                {t('wishes.more')}
              </Button>
            )}
          </View>
        )}
      </Loaded>
    </>
  )
}

export default function DonorWishes() {
  const { t } = useSettings()
  const mine = useCall(() => call(wishes, 'myDonors', {}))
  return (
    <Loaded state={mine} empty={t('wishes.mine.none')} isEmpty={({ items }) => items.length === 0}>
      {({ items }) => <Wishes donors={items} />}
    </Loaded>
  )
}
