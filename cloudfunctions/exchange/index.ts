/**
 * The `exchange` function: embedded exchange (issue 16). The yearly selection of model families and
 * excellent studios — campaigns, nominations and their reviews, the 公示 and its objections, the named list
 * and its annual review — and the lists offices read (lists.ts). serve() has checked roles and the declared
 * scope; the stage order and deadlines are plain rules in domain/.
 */
import { exchange } from '@shared/contracts/exchange'
import { serve } from '@fn/handler'
import { campaigns, named, unitNominating } from './lists'
import { media } from './media'
import { reviewNamed, reviewsDue } from './named'
import { answer, confirm, mine, object, objections, publicity, publish } from './publicity'
import { consent, nominate, open, queue, review } from './selection'
import {
  householdOpportunities,
  opportunities,
  opportunityCounts,
  recommend,
  recordOutcome,
  saveOpportunity,
} from './opportunities'
import { answerTrip, saveTrip, studioTripOffers, trip, tripOffers, tripReport, tripTimer, trips } from './trips'

export const main = serve(
  exchange,
  {
    campaigns,
    named,
    open,
    queue,
    nominate,
    unitNominating,
    media,
    consent,
    review,
    publish,
    publicity,
    object,
    objections,
    answer,
    confirm,
    reviewNamed,
    reviewsDue,
    mine,
    saveTrip,
    trips,
    trip,
    answerTrip,
    tripOffers,
    studioTripOffers,
    tripReport,
    saveOpportunity,
    opportunities,
    householdOpportunities,
    recommend,
    recordOutcome,
    opportunityCounts,
  },
  // trip places not answered in time pass on (trips.ts)
  { timers: { tick: tripTimer } },
)
