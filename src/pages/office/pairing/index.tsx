/**
 * Auto-pairing (office subpackage): pick the region (the office's own, or a region under it), preview
 * the plan — counts, coverage, how local the new pairings are, loads, exceptions, and household by
 * household what begins and ends — and confirm it after a question that says how many pairings end and
 * begin. The function applies a plan in batches, so the page calls until it is done and shows progress.
 */
import '../catalogue'
import Taro from '@tarojs/taro'
import { Button, Switch, Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { offWhen, toastDone } from '@/components/Form'
import { confirmed } from '@/components/Manage'
import Screen from '@/components/Screen'
import { Failed, Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useAction, useCall, usePages } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { PlanChange, PlanView } from '@shared/contracts/registry'
import { registry } from '@shared/contracts/registry'
import { useOfficeRegion } from '../roster/office'
import ProblemText from '../roster/Problem'
import '../roster/index.css'

const BATCHES_PER_CALL = 5
const CHANGES_PAGE = 20

function RegionChoice({ root, value, onChange }: { root: string; value: string; onChange: (code: string) => void }) {
  const { lang, t } = useSettings()
  const regions = useCall(() => call(registry, 'regions', { region: root }), [root])
  return (
    <Loaded state={regions}>
      {({ region, children }) => (
        <View className="registry__choices registry__choices--grid" data-testid="plan-regions">
          {[region, ...children].map((r) => (
            <View
              key={r.code}
              className={`registry__choice${value === r.code ? ' registry__choice--on' : ''}`}
              data-code={r.code}
              onClick={() => onChange(r.code)}
            >
              <Text className="registry__choice-name">{pick(r.name, lang)}</Text>
              <Text className="registry__choice-note">{t('registry.region.counts', r.counts)}</Text>
            </View>
          ))}
        </View>
      )}
    </Loaded>
  )
}

function ChangeRow({ change }: { change: PlanChange }) {
  const { lang, t } = useSettings()
  const names = (list: PlanChange['begin']) => list.map((o) => pick(o.name, lang) || o.id).join('、')
  return (
    <View className="registry__item" data-household={change.householdId}>
      <Text className="registry__choice-name">
        {pick(change.headName, lang)} · {pick(change.village, lang)} · {change.phoneMasked}
      </Text>
      {change.end.length > 0 && (
        <Text className="registry__error registry__line">
          {t('registry.pairing.end', { names: names(change.end) })}
        </Text>
      )}
      {change.begin.length > 0 && (
        <Text className="registry__ok registry__line">
          {t('registry.pairing.begin', { names: names(change.begin) })}
        </Text>
      )}
    </View>
  )
}

/** What the plan changes, household by household, a page at a time. */
function PlanChanges({ planId }: { planId: string }) {
  const { t } = useSettings()
  const changes = usePages(
    (page) => call(registry, 'planChanges', { planId, offset: page * CHANGES_PAGE, limit: CHANGES_PAGE }),
    (answer) => answer.changes,
    [planId],
  )
  if (changes.status !== 'done' && changes.items.length === 0) return <Loaded state={changes}>{() => null}</Loaded>
  const total = changes.last?.total ?? 0
  return (
    <View className="registry__list" data-testid="plan-changes">
      <Text className="card__label">
        {total === 0 ? t('registry.pairing.none') : t('registry.pairing.list', { households: total })}
      </Text>
      {changes.items.map((c) => (
        <ChangeRow key={c.householdId} change={c} />
      ))}
      <Failed state={changes} />
      {changes.status === 'done' && changes.last?.more && (
        <Button className="button--secondary" data-testid="more-changes" onClick={changes.next}>
          {t('registry.pairing.moreChanges')}
        </Button>
      )}
    </View>
  )
}

export default function PairingPage() {
  const office = useOfficeRegion()

  return (
    <Screen title="registry.pairing.title">
      <Loaded state={office}>{(own) => <PairingOf own={own} />}</Loaded>
    </Screen>
  )
}

/** Pairing within the office's own region `own`, or a region under it. */
function PairingOf({ own }: { own: string }) {
  const { lang, t } = useSettings()
  const [region, setRegion] = useState<string | undefined>()
  const [keepExisting, setKeepExisting] = useState(true)
  const [plan, setPlan] = useState<PlanView | undefined>()
  const { busy, problem, run } = useAction()
  const chosen = region ?? own

  // the plan's exceptions are worded by the function in the language of the call: a switch asks again
  const worded = useRef(lang)
  useEffect(() => {
    if (worded.current === lang) return
    worded.current = lang
    if (plan && !busy) void run(async () => setPlan(await call(registry, 'plan', { planId: plan.planId })))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lang])

  const makePlan = () =>
    run(async () => {
      setPlan(await call(registry, 'planPairing', { region: chosen, keepExisting }))
    })
  const confirm = () =>
    run(async () => {
      if (!plan) return
      if (plan.state === 'planned') {
        // a plan that starts over ends every current pairing in its region: it says so before anything is written
        const households = (await call(registry, 'planChanges', { planId: plan.planId, limit: 1 })).total
        const ask = t('registry.pairing.ask', { end: plan.removed, begin: plan.added, households })
        if (!(await confirmed(ask))) return
      }
      let next = await call(registry, 'confirmPlan', { planId: plan.planId, maxBatches: BATCHES_PER_CALL })
      setPlan(next)
      while (next.state !== 'done') {
        next = await call(registry, 'confirmPlan', { planId: next.planId, maxBatches: BATCHES_PER_CALL })
        setPlan(next)
      }
      toastDone(t('registry.pairing.done'))
    })

  return (
    <View className="registry">
      <View className="card registry">
        <Text className="card__label">{t('registry.pairing.region')}</Text>
        <RegionChoice root={own} value={chosen} onChange={(code) => (setRegion(code), setPlan(undefined))} />
        <View className="registry__toggle">
          <Text className="registry__toggle-label">{t('registry.pairing.keepExisting')}</Text>
          <Switch
            checked={keepExisting}
            nativeProps={{ 'aria-label': t('registry.pairing.keepExisting') }}
            onChange={(e) => (setKeepExisting(e.detail.value), setPlan(undefined))}
          />
        </View>
        <Button
          className="button--primary"
          data-testid="make-plan"
          disabled={offWhen(busy)}
          onClick={() => void makePlan()}
        >
          {t('registry.pairing.plan')}
        </Button>
        <Button
          className="button--secondary"
          onClick={() => void Taro.navigateTo({ url: '/pages/office/pairing/reassign' })}
        >
          {t('registry.reassign.title')}
        </Button>
      </View>
      {problem && <ProblemText problem={problem} />}
      {plan && (
        <View className="card registry" data-testid="plan" data-state={plan.state}>
          <Text className="section-title">
            {t('registry.pairing.summary', { households: plan.households, officials: plan.officials })}
          </Text>
          <Text data-testid="plan-coverage">
            {t('registry.pairing.coverage', {
              households: `${plan.coveredHouseholds}/${plan.households}`,
              officials: `${plan.coveredOfficials}/${plan.officials}`,
            })}
          </Text>
          <Text data-testid="plan-counts">
            {t('registry.pairing.changes', { kept: plan.kept, added: plan.added, removed: plan.removed })}
          </Text>
          {plan.outsideRegion > 0 && (
            <Text className="card__label">{t('registry.pairing.outside', { count: plan.outsideRegion })}</Text>
          )}
          <Text className="card__label">{t('registry.pairing.byLevel', plan.byLevel)}</Text>
          <Text className="card__label">{t('registry.pairing.spread', { spread: plan.maxTownshipSpread })}</Text>
          <Text className="card__label">{t('registry.pairing.loads')}</Text>
          <View className="registry__list">
            {plan.loads.map((l) => (
              <Text key={l.load}>{t('registry.pairing.loadRow', l)}</Text>
            ))}
          </View>
          {plan.exceptionCount > 0 && (
            <View className="registry__list">
              <Text className="card__label">{t('registry.pairing.exceptions', { count: plan.exceptionCount })}</Text>
              {plan.exceptions.map((e, i) => (
                <Text key={i} className="registry__error">
                  {e.message}
                </Text>
              ))}
            </View>
          )}
          {plan.state === 'planned' && <PlanChanges planId={plan.planId} />}
          {plan.state !== 'done' ? (
            <>
              {plan.state === 'confirming' && (
                <Text>{t('registry.pairing.progress', { done: plan.batchesDone, total: plan.batches })}</Text>
              )}
              <Button
                className="button--primary"
                data-testid="confirm-plan"
                disabled={offWhen(busy)}
                onClick={() => void confirm()}
              >
                {t('registry.pairing.confirm')}
              </Button>
            </>
          ) : (
            <Text className="registry__ok" data-testid="plan-done">
              {t('registry.pairing.done')}
            </Text>
          )}
        </View>
      )}
    </View>
  )
}
