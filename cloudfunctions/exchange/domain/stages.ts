/**
 * The selection's calendar as plain rules: which stage a campaign's deadlines put a day in, whether a step
 * may be taken on a day, and whether the deadlines follow each other. Every deadline is a China day and
 * inclusive: a stage's work may be done up to the end of its day.
 */
import type { Campaign } from '@config/documents'
import type { ReviewStage } from '@shared/contracts/exchange'
import { PUBLICITY_DAYS_MIN, REVIEW_STAGES } from '@shared/contracts/exchange'
import type { Day } from '@shared/time'
import { addDays } from '@shared/time'

export type CalendarStage = 'nomination' | ReviewStage | 'waiting' | 'publicity' | 'closed'

type Dated = Pick<Campaign, 'deadlines' | 'publicity'>

/** The last day objections may be filed: the 公示's start and `days - 1` days after it. */
export function publicityEnd(campaign: Pick<Campaign, 'publicity'>): Day {
  return addDays(campaign.publicity.start, campaign.publicity.days - 1)
}

/** The stage the calendar is in on `today` (China days compare as strings). */
export function stageOn(campaign: Dated, today: Day): CalendarStage {
  if (today <= campaign.deadlines.nomination) return 'nomination'
  for (const stage of REVIEW_STAGES) if (today <= campaign.deadlines[stage]) return stage
  if (today < campaign.publicity.start) return 'waiting'
  if (today <= publicityEnd(campaign)) return 'publicity'
  return 'closed'
}

/** Why a campaign's dates cannot stand, or undefined: each stage's deadline after the one before, none in
 * the past, the 公示 starting after the prefecture's decision and lasting at least PUBLICITY_DAYS_MIN. */
export function datesProblem(campaign: Dated, today: Day): 'exchange.datesPast' | 'exchange.datesOrder' | undefined {
  const order = [campaign.deadlines.nomination, ...REVIEW_STAGES.map((s) => campaign.deadlines[s])]
  if (order[0]! < today) return 'exchange.datesPast'
  for (let i = 1; i < order.length; i++) if (order[i]! < order[i - 1]!) return 'exchange.datesOrder'
  if (campaign.publicity.start <= order[order.length - 1]!) return 'exchange.datesOrder'
  if (campaign.publicity.days < PUBLICITY_DAYS_MIN) return 'exchange.datesOrder'
  return undefined
}
