/**
 * The exchange-trip places offered to a household, with its answers: confirm or decline before the due day,
 * asked first because an answer cannot be changed (a declined place goes to the next family). An official
 * answering during a visit is told the answer is recorded as given for the household. A studio's places are
 * answered by its official members (`StudioTripOffers`, on the official's home only when there are some). The
 * screen using it registers the exchange catalogue area.
 */
import { Button, Text, View } from '@tarojs/components'
import { offWhen, toastDone } from '@/components/Form'
import { Problem, confirmed } from '@/components/Manage'
import { Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useAction, useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { StudioTripOffer, TripAnswer, TripOffer } from '@shared/contracts/exchange'
import { exchange } from '@shared/contracts/exchange'
import { chinaDateTime } from '@shared/time'
import './index.css'

function Offer({
  offer,
  forHousehold,
  onAnswered,
}: {
  offer: TripOffer | StudioTripOffer
  forHousehold: boolean
  onAnswered: () => void
}) {
  const { lang, t } = useSettings()
  const act = useAction()
  const answer = (what: TripAnswer) =>
    act.run(async () => {
      const ask = t(what === 'confirm' ? 'exchange.trips.confirmAsk' : 'exchange.trips.declineAsk')
      if (!(await confirmed(forHousehold ? `${ask}\n${t('exchange.trips.onBehalfAsk')}` : ask))) return
      await call(exchange, 'answerTrip', { tripId: offer.tripId, namedId: offer.namedId, answer: what })
      toastDone(t('exchange.trips.answered'))
      onAnswered()
    })
  return (
    <View className="card card--edged trip-offer" data-testid="trip-offer" data-state={offer.state}>
      <Text className="section-title">{pick(offer.title, lang)}</Text>
      {'studio' in offer && (
        <Text className="card__label" data-testid="trip-offer-studio">
          {pick(offer.studio, lang)}
        </Text>
      )}
      <Text>{pick(offer.places, lang)}</Text>
      <Text className="card__label">{t('exchange.trips.dates', { start: offer.startDay, end: offer.endDay })}</Text>
      <Text className={`trip-offer__state trip-offer__state--${offer.state}`} data-testid="trip-offer-state">
        {t(`exchange.trips.state.${offer.state}`)}
      </Text>
      {offer.onBehalf && <Text className="card__label">{t('exchange.trips.onBehalf')}</Text>}
      {offer.state === 'offered' && (
        <>
          {offer.due && <Text>{t('exchange.trips.due', { due: chinaDateTime(offer.due) })}</Text>}
          <View className="trip-offer__answers">
            <Button
              className="trip-offer__confirm"
              disabled={offWhen(act.busy)}
              onClick={() => void answer('confirm')}
              data-testid="trip-confirm"
            >
              {t('exchange.trips.confirm')}
            </Button>
            <Button
              className="trip-offer__decline"
              disabled={offWhen(act.busy)}
              onClick={() => void answer('decline')}
              data-testid="trip-decline"
            >
              {t('exchange.trips.decline')}
            </Button>
          </View>
          <Problem problem={act.problem} />
        </>
      )}
    </View>
  )
}

export default function TripOffers({
  householdId,
  forHousehold = false,
}: {
  householdId: string
  /** a paired official answering for the household */
  forHousehold?: boolean
}) {
  const { t } = useSettings()
  const offers = useCall(() => call(exchange, 'tripOffers', { householdId }), [householdId])
  return (
    <Loaded state={offers} empty={t('exchange.trips.noOffers')} isEmpty={({ items }) => items.length === 0}>
      {({ items }) => (
        <View className="trip-offers" data-testid="trip-offers">
          {items.map((offer) => (
            <Offer
              key={`${offer.tripId}:${offer.namedId}`}
              offer={offer}
              forHousehold={forHousehold}
              onAnswered={offers.retry}
            />
          ))}
        </View>
      )}
    </Loaded>
  )
}

/** The places offered to the studios the official is a member of; nothing at all while there are none. */
export function StudioTripOffers() {
  const { t } = useSettings()
  const offers = useCall(() => call(exchange, 'studioTripOffers', {}))
  if (offers.status !== 'done' || offers.data.items.length === 0) return null
  return (
    <View className="trip-offers" data-testid="studio-trip-offers">
      <Text className="section-title">{t('exchange.trips.studioOffers')}</Text>
      <Text>{t('exchange.trips.studioOffersIntro')}</Text>
      {offers.data.items.map((offer) => (
        <Offer key={`${offer.tripId}:${offer.namedId}`} offer={offer} forHousehold={false} onAnswered={offers.retry} />
      ))}
    </View>
  )
}
