/**
 * Auto-pairing (office subpackage): pick the region (the office's own, or a region under it), preview
 * the plan — counts, coverage, how local the new pairings are, loads, exceptions — and confirm it. The
 * function applies a plan in batches, so the page calls until it is done and shows progress.
 */
import Taro from '@tarojs/taro'
import { Button, Switch, Text, View } from '@tarojs/components'
import { useState } from 'react'
import Screen from '@/components/Screen'
import { Loaded } from '@/components/States'
import { pick } from '@shared/bilingual'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useAction, useCall } from '@/services/useCall'
import type { PlanView } from '@shared/contracts/registry'
import { registry } from '@shared/contracts/registry'
import { useOfficeRegion } from '../roster/office'
import ProblemText from '../roster/Problem'
import '../roster/index.css'
import { offWhen } from '@/components/Form'

const BATCHES_PER_CALL = 5

function RegionChoice({ root, value, onChange }: { root: string; value: string; onChange: (code: string) => void }) {
  const { lang, t } = useSettings()
  const regions = useCall(() => call(registry, 'regions', { region: root }), [root])
  return (
    <Loaded state={regions}>
      {({ region, children }) => (
        <View className="registry__row" data-testid="plan-regions">
          {[region, ...children].map((r) => (
            <Text
              key={r.code}
              className={`chip${value === r.code ? ' chip--on' : ''}`}
              data-code={r.code}
              onClick={() => onChange(r.code)}
            >
              {pick(r.name, lang)} · {t('registry.region.counts', r.counts)}
            </Text>
          ))}
        </View>
      )}
    </Loaded>
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
  const { t } = useSettings()
  const [region, setRegion] = useState<string | undefined>()
  const [keepExisting, setKeepExisting] = useState(true)
  const [plan, setPlan] = useState<PlanView | undefined>()
  const { busy, problem, run } = useAction()
  const chosen = region ?? own

  const makePlan = () =>
    run(async () => {
      setPlan(await call(registry, 'planPairing', { region: chosen, keepExisting }))
    })
  const confirm = () =>
    run(async () => {
      if (!plan) return
      let next = await call(registry, 'confirmPlan', { planId: plan.planId, maxBatches: BATCHES_PER_CALL })
      setPlan(next)
      while (next.state !== 'done') {
        next = await call(registry, 'confirmPlan', { planId: next.planId, maxBatches: BATCHES_PER_CALL })
        setPlan(next)
      }
    })

  return (
    <View className="registry">
      <View className="card registry">
        <Text className="card__label">{t('registry.pairing.region')}</Text>
        <RegionChoice root={own} value={chosen} onChange={(code) => (setRegion(code), setPlan(undefined))} />
        <View className="registry__row">
          <Text>{t('registry.pairing.keepExisting')}</Text>
          <Switch checked={keepExisting} onChange={(e) => setKeepExisting(e.detail.value)} />
        </View>
        <Button className="button--primary" data-testid="make-plan" disabled={offWhen(busy)} onClick={() => void makePlan()}>
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
          <Text>{t('registry.pairing.changes', { kept: plan.kept, added: plan.added, removed: plan.removed })}</Text>
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
