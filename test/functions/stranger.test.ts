/**
 * What happens before the caller is known (issue 12): a call from an unbound openid, to every action of
 * every function, with an input naming real records. It makes no open-API request (content moderation,
 * subscription messages) and writes nothing but its refusal's audit record. The only reads are the caller's
 * user document and, sent beside it for one round trip (serve's `prefetch` and scope target), the records the
 * input names by id or handle; nothing read is answered. Those early reads are listed here one collection at
 * a time, each with why it is there, so a new one fails until it is looked at (docs/security.md, threat 16).
 * Counted by the local cloud (`watchRequests`), which sees every request a function instance sends.
 */
import type { CallResult } from '@shared/contract'
import type { AdminRequest } from '@localcloud/server'
import type { ContractEntry, Fixtures, Who } from './access-fixtures'
import { NOBODY, SAMPLES, allActions, prepare, sampleOf, targetKind } from './access-fixtures'
import type { FunctionsHarness } from './harness'
import { startFunctions } from './harness'

jest.setTimeout(600_000)

let h: FunctionsHarness
let fixtures: Fixtures
let admin: Who
const { runnable } = allActions()

/** Reads a refused stranger's call may have sent beside the caller's lookup, by id or handle. */
const EARLY_READS: Record<string, string> = {
  users: 'the caller, and who holds the record an invitation names',
  households: 'the household a household-scoped action names (scope target)',
  officials: 'the official an action names (scope target)',
  departments: 'the department an action names (scope target)',
  notices: 'the notice notices.open names',
  regions: 'registry.regions: the region it names and the regions one level under it',
  noticeReads: 'notices.open: the receipt of the notice for the household the input acts as, by id',
  contacts: 'contacts.householdContacts: the page of the household it names',
  imports: 'an import job registry names by id',
  feedback: 'the feedback entry feedback.send names by id (its own client-made id)',
  requests: 'the request requests.report, act, answer, riskLead or riskResult names by id',
  calendars: 'requests: the working-day calendar of last, this and next year, for the clocks (public)',
  services: "requests.report: the category's active services on the menu (public to every household)",
  requestCategories:
    "requests.categories and saveCategory: the prefecture office's category list (public to all who report)",
  // the dashboard's home, drill-down and trend send their counters by _id beside the caller's lookup (one round
  // trip): counts of a region, never a person, and nothing is answered to a caller refused
  stats: "dashboard.home, drill, trend: the named region's contact counters, by _id",
  dashboardFigures: "dashboard.home, drill, trend: the named region's counted figures, by _id",
  requestRates: "dashboard.home, drill, trend: the named region's request rate counters, by _id",
  phases: "dashboard.home: the programme's phases and targets (read by every office)",
  opportunityCounts: "dashboard.home: the named region's counts of members' opportunities, by _id",
}
/** What a refusal may write: its audit record and the actor's allowance. */
const AUDIT_TRAIL = new Set(['audit', 'auditCounters'])

beforeAll(async () => {
  h = await startFunctions()
  const prepared = await prepare(h)
  fixtures = prepared.fixtures
  admin = prepared.identities.find((w) => w.grant?.role === 'admin') ?? { openid: 'demo-admin-1' }
})

afterAll(async () => {
  await h?.close()
})

/** The inputs that reach furthest: the matrix's own sample as an administrator would send it, or the schema's
 * sample naming a real record; notices are opened acting as the demo household (its receipt exists). */
function inputsOf(entry: ContractEntry): unknown[] {
  const action = `${entry.fn}.${entry.name}`
  const sample = SAMPLES[action]?.(admin, 'inside', fixtures)?.input
  const target = targetKind(entry.def)
  const named = target
    ? sampleOf(entry.def.input, target.key, target.kind === 'region' ? '513301000000' : fixtures.home._id)
    : sampleOf(entry.def.input)
  const inputs = [sample ?? named]
  if (action === 'notices.open' || action === 'notices.feed')
    inputs.push({ ...(inputs[0] as object), as: { role: 'household', id: fixtures.home._id } })
  return inputs
}

test('a stranger’s call to any action makes no open-API request, writes only its refusal and reads no receipt', async () => {
  const failures: string[] = []
  let calls = 0
  const openApi: AdminRequest[] = []
  const early = new Set<string>()
  for (const entry of runnable) {
    for (const input of inputsOf(entry)) {
      const watch = h.lc.watchRequests()
      // a fresh stranger each time: a code redeemed by one call would make the next caller known
      const res = (await h.raw(entry.fn, entry.name, input, `${NOBODY}-${calls}`)) as CallResult<unknown>
      const requests = watch.stop()
      calls++
      const label = `${entry.fn}.${entry.name}(${JSON.stringify(input).slice(0, 80)})`
      if (!entry.def.roles.includes('anyone') && (res.ok || res.error.code !== 'UNAUTHENTICATED'))
        failures.push(`${label}: answered ${res.ok ? 'ok' : res.error.code}, not UNAUTHENTICATED`)
      for (const r of requests) {
        if (r.action === 'wx.openApi') openApi.push(r)
        else if (r.action.startsWith('database.')) {
          const writes = !/^database\.(getDocument|calculateDocument|aggregateDocuments)$/.test(r.action)
          if (writes && !AUDIT_TRAIL.has(r.target) && !entry.def.roles.includes('anyone'))
            failures.push(`${label}: ${r.action} on ${r.target}`)
          if (!writes && !entry.def.roles.includes('anyone') && !(r.target in EARLY_READS))
            failures.push(`${label}: read ${r.target} (${r.action})`)
          if (!writes && !entry.def.roles.includes('anyone') && r.target !== 'users') early.add(r.target)
        } else if (r.action.startsWith('storage.') || r.action.startsWith('functions.'))
          failures.push(`${label}: ${r.action} ${r.target}`)
      }
    }
  }
  console.log(
    `stranger: ${calls} calls to ${runnable.length} actions, ${openApi.length} open-API requests; ` +
      `read beside the caller's lookup: ${[...early].sort().join(', ')}`,
  )
  expect(openApi).toEqual([])
  expect(failures).toEqual([])
})
