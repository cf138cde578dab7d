/**
 * A village office (or any office, for a studio of its region) puts a household or a studio forward for a
 * campaign while nominations are open: picks it from the registry or the 石榴籽 network and writes its story
 * (NominateForm). A family's nomination then waits for the household's consent.
 */
import '../catalogue'
import { useRouter } from '@tarojs/taro'
import { Text } from '@tarojs/components'
import Screen from '@/components/Screen'
import { Empty, Loaded } from '@/components/States'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { pick } from '@shared/bilingual'
import type { CampaignKind } from '@shared/contracts/exchange'
import { exchange } from '@shared/contracts/exchange'
import { registry } from '@shared/contracts/registry'
import { useOfficeRegion } from '../roster/office'
import NominateForm, { NomineeChips, type Nominee } from './NominateForm'
import './index.css'

/** households or studios listed to pick from at once */
const PICK_LIMIT = 100

function Pick({
  region,
  kind,
  chosen,
  onChoose,
}: {
  region: string
  kind: CampaignKind
  chosen: string | undefined
  onChoose: (id: string) => void
}) {
  const list = useCall(async (): Promise<Nominee[]> => {
    if (kind === 'family') {
      const res = await call(registry, 'households', { region, limit: PICK_LIMIT })
      return res.households.map((h) => ({ id: h.id, name: h.headName }))
    }
    const res = await call(registry, 'network', { region, kind: 'studio', limit: PICK_LIMIT })
    return res.units.map((u) => ({ id: u.id, name: u.name }))
  }, [region, kind])
  return <Loaded state={list}>{(items) => <NomineeChips items={items} chosen={chosen} onChoose={onChoose} />}</Loaded>
}

function Campaign({ campaignId, region }: { campaignId: string; region: string }) {
  const { lang, t } = useSettings()
  const queue = useCall(() => call(exchange, 'queue', { campaignId, region }), [campaignId, region])
  return (
    <Loaded state={queue}>
      {({ campaign }) => (
        <>
          <Text className="exchange__name">{pick(campaign.title, lang) || t(`exchange.kind.${campaign.kind}`)}</Text>
          <Text className="card__label">{t('exchange.until', { day: campaign.deadlines.nomination })}</Text>
          <NominateForm
            campaignId={campaignId}
            kind={campaign.kind}
            picker={(chosen, onChoose) => (
              <Pick region={region} kind={campaign.kind} chosen={chosen} onChoose={onChoose} />
            )}
          />
        </>
      )}
    </Loaded>
  )
}

export default function OfficeNominatePage() {
  const { params } = useRouter()
  const { t } = useSettings()
  const region = useOfficeRegion()
  const campaignId = params.campaignId ? decodeURIComponent(params.campaignId) : ''
  return (
    <Screen title="exchange.nominateTitle">
      {campaignId ? (
        <Loaded state={region}>{(code) => <Campaign campaignId={campaignId} region={code} />}</Loaded>
      ) : (
        // opened without a campaign (not from the campaigns list): nothing to show, and no call made
        <Empty text={t('exchange.noCampaign')} />
      )}
    </Screen>
  )
}
