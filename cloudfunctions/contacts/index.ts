/**
 * The `contacts` function: officials' household list and contact log (log.ts, lists.ts), households' view
 * and confirmation, the information sheet and risk level (household.ts), rollups, the recount and the
 * daily gauges (counters.ts). serve() has checked roles and the declared scope, reading the household a
 * household-scoped action names beside the caller, before a handler runs.
 *
 * Database round trips on the common paths (each module says how):
 * - myHouseholds: caller → households by officialIds. 2 requests, 2 round trips.
 * - logContact: caller ∥ household ∥ the contact's id (is it a resend?) → the writes. 2 round trips, 5 to
 *   10 requests; a resend is answered after the first.
 * - householdRecord: caller ∥ household → history ∥ village ∥ the audit record → names. 3 round trips.
 * - The daily timer `dailyGauges` recomputes the gauges (risk levels, overdue households).
 */
import { contacts } from '@shared/contracts/contacts'
import { serve } from '@fn/handler'
import { dailyGauges, recountAll, rollup } from './counters'
import { confirmVisit, setRiskLevel, updateInfoSheet } from './household'
import { householdContacts, myHouseholds } from './lists'
import { logContact, prefetchLogContact } from './log'
import { householdRecord } from './record'

/** what each action reads beside the caller's lookup, before serve has checked who it is */
const prefetch = { logContact: prefetchLogContact }

export const main = serve(
  contacts,
  {
    myHouseholds: (_input, ctx) => myHouseholds(ctx),
    logContact,
    householdContacts,
    confirmVisit,
    updateInfoSheet,
    setRiskLevel,
    householdRecord,
    rollup,
    recount: (input, ctx) => recountAll(ctx.db, input.fix),
  },
  { prefetch, timers: { dailyGauges } },
)
