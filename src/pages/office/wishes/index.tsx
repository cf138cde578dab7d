/**
 * Charity wishes in the office's region (微心愿): what households published, masked (the village only, no
 * name, numbers in the text masked), by state. A published wish is claimed here for a registered donor, a
 * claimed one marked fulfilled with an optional note; the household then confirms on its own screen. A
 * village or township office, which delivers, may look up who the household is (each look recorded).
 */
import '../catalogue'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { FormMessage, offWhen, toastDone, useFormIssues } from '@/components/Form'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { uuid4 } from '@/services/uuid'
import { useSettings } from '@/services/settings'
import { useCall, usePages } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { DonorItem, WishItem, WishState } from '@shared/contracts/wishes'
import { WISH_STATES, wishes } from '@shared/contracts/wishes'
import { levelOf } from '@shared/region'
import { useOfficeRegion } from '../roster/office'
import Chips from './Chips'
import Fulfil from './Fulfil'
import './index.css'

type Filter = WishState | 'all'

function Claim({ item, donors, onDone }: { item: WishItem; donors: DonorItem[]; onDone: (w: WishItem) => void }) {
  const { t } = useSettings()
  const issues = useFormIssues()
  const [donorId, setDonorId] = useState<string>()
  const [busy, setBusy] = useState(false)
  // made once: claiming again after a lost answer is the same claim
  const [claimId] = useState(uuid4)
  if (!donors.length)
    return (
      <Text className="card__label" data-testid="no-donors">
        {t('wishes.noDonors')}
      </Text>
    )
  const donor = donors.find((d) => d.id === donorId)
  const claim = async () => {
    if (!donor) return
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
      <Text className="card__label">{t('wishes.pickDonor')}</Text>
      <Chips
        chips={donors.map((d) => ({ key: d.id, text: d.name }))}
        value={donorId}
        onChange={setDonorId}
        testId="donor"
      />
      <FormMessage issues={issues} />
      <Button className="wishes__button" disabled={offWhen(!donor || busy)} onClick={claim} data-testid="claim">
        {t('wishes.claim')}
      </Button>
    </View>
  )
}

function Who({ item }: { item: WishItem }) {
  const { lang, t } = useSettings()
  const issues = useFormIssues()
  const [head, setHead] = useState<string>()
  const look = async () => {
    issues.clear()
    try {
      const res = await call(wishes, 'detail', { id: item.id })
      setHead(t('wishes.head', { name: pick(res.head, lang), village: pick(res.village, lang) }))
    } catch (error) {
      issues.fail(error)
    }
  }
  if (head)
    return (
      <Text className="wishes__head" data-testid="who-shown">
        {head}
      </Text>
    )
  return (
    <View className="wishes__who">
      <Text className="wishes__link" onClick={look} data-testid="who">
        {t('wishes.who')}
      </Text>
      <Text className="card__label">{t('wishes.whoHint')}</Text>
      <FormMessage issues={issues} />
    </View>
  )
}

function Item({
  item,
  donors,
  local,
  onDone,
}: {
  item: WishItem
  donors: DonorItem[]
  local: boolean
  onDone: (w: WishItem) => void
}) {
  const { lang, t } = useSettings()
  return (
    <View
      className={`card card--edged wishes__item${item.state === 'published' ? ' card--alert' : ''}`}
      data-testid="wish"
      data-id={item.id}
      data-state={item.state}
    >
      <View className="card__top">
        <Text className="wishes__village">{pick(item.village, lang)}</Text>
        <Text className={`wishes__state wishes__state--${item.state}`}>{t(`wishes.state.${item.state}`)}</Text>
      </View>
      <Text className="wishes__text">{item.text}</Text>
      {item.donor && <Text className="card__label">{t('wishes.donor', { name: item.donor.name })}</Text>}
      {item.note && <Text className="card__label">{t('wishes.note', { note: item.note })}</Text>}
      {item.handedBack && (
        <Text className="card__label" data-testid="handed-back">
          {t('wishes.handedBackNote', { reason: item.handedBack })}
        </Text>
      )}
      {item.state === 'published' && <Claim item={item} donors={donors} onDone={onDone} />}
      {item.state === 'claimed' && <Fulfil item={item} onDone={onDone} />}
      {local && ['claimed', 'fulfilled'].includes(item.state) && <Who item={item} />}
    </View>
  )
}

function Wishes({ region }: { region: string }) {
  const { t } = useSettings()
  const [filter, setFilter] = useState<Filter>('published')
  // steps taken on this screen, shown at once without reading the page again
  const [changed, setChanged] = useState<Record<string, WishItem>>({})
  const donors = useCall(() => call(wishes, 'donors', { region }), [region])
  const results = usePages(
    (page) => call(wishes, 'list', { region, ...(filter === 'all' ? {} : { state: filter }), page }),
    (answer) => answer.items,
    [region, filter],
  )
  const local = ['township', 'village'].includes(levelOf(region) ?? '')
  const known = donors.status === 'done' ? donors.data.items : []
  return (
    <>
      <View className="card wishes__filters">
        <Text>{t('wishes.officeIntro')}</Text>
        <Chips
          chips={[
            { key: 'all' as Filter, text: t('wishes.filter.all') },
            ...WISH_STATES.map((s) => ({ key: s as Filter, text: t(`wishes.state.${s}`) })),
          ]}
          value={filter}
          onChange={setFilter}
          testId="state"
        />
        <Text
          className="wishes__link"
          onClick={() => void Taro.navigateTo({ url: '/pages/office/wishes/donors' })}
          data-testid="open-donors"
        >
          {`${t('wishes.donors')} ›`}
        </Text>
      </View>
      <Loaded state={results} empty={t('wishes.empty')} isEmpty={({ items }) => items.length === 0}>
        {({ items, last }) => (
          <View className="wishes__list" data-testid="wishes">
            {items.map((item) => (
              <Item
                key={item.id}
                item={changed[item.id] ?? item}
                donors={known}
                local={local}
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

export default function OfficeWishesPage() {
  const region = useOfficeRegion()
  return (
    <Screen title="wishes.title">
      <Loaded state={region}>{(code) => <Wishes region={code} />}</Loaded>
    </Screen>
  )
}
