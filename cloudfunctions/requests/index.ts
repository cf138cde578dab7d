/**
 * The `requests` function: hardship relief (issue 14). The prefecture office's working-day calendar and
 * the departments' service menus (menu.ts); a household's reports, routed by the menu or to the township
 * work office (report.ts); a unit's steps and inbox, and the household's answer (work.ts); the household's
 * requests as it and its paired officials read them (lists.ts); one request whole, audited (detail.ts);
 * poverty-return risk leads, their results and the village's public list (risk.ts); the
 * timer `escalate` (timer.ts). serve() has checked roles and the declared scope, reading the household or
 * department an action names beside the caller, before a handler runs.
 * The rules are plain functions in domain/.
 */
import { requests } from '@shared/contracts/requests'
import { serve } from '@fn/handler'
import { forHousehold, item, mine, prefetchItem, prefetchList } from './lists'
import {
  calendar,
  categories,
  menu,
  prefetchCategories,
  retireService,
  saveCategory,
  saveService,
  services,
  setCalendar,
} from './menu'
import { prefetchRates, ratesOf, recountRates } from './rates'
import { detail, prefetchDetail } from './detail'
import { prefetchReport, report } from './report'
import {
  prefetchClocks,
  prefetchRiskLead,
  prefetchRiskResult,
  riskLead,
  riskLeads,
  riskList,
  riskOf,
  riskResult,
} from './risk'
import { escalate } from './timer'
import { act, answer, inbox, prefetchAct, prefetchAnswer, prefetchInbox } from './work'

/** what each action reads beside the caller's lookup, before serve has checked who it is */
const prefetch = {
  categories: prefetchCategories,
  saveCategory: prefetchCategories,
  report: prefetchReport,
  act: prefetchAct,
  answer: prefetchAnswer,
  inbox: prefetchInbox,
  mine: prefetchList,
  forHousehold: prefetchList,
  item: prefetchItem,
  rates: prefetchRates,
  detail: prefetchDetail,
  riskLead: prefetchRiskLead,
  riskResult: prefetchRiskResult,
  riskOf: prefetchClocks,
  riskLeads: prefetchClocks,
}

export const main = serve(
  requests,
  {
    calendar,
    setCalendar,
    categories,
    saveCategory,
    services,
    saveService,
    retireService,
    menu,
    report,
    act,
    inbox,
    answer,
    mine,
    forHousehold,
    item,
    detail,
    rates: ratesOf,
    recount: recountRates,
    riskLead,
    riskOf,
    riskLeads,
    riskResult,
    riskList,
  },
  { prefetch, timers: { escalate } },
)
