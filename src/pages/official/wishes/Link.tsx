/**
 * A home's way to the wishes a donor the caller is may help with: shown only when the caller's official or
 * department is registered as a donor (one small read), with how many wishes it holds to deliver.
 */
import HomeLink from '@/components/HomeLink'
import { call } from '@/services/cloud'
import { useSettings } from '@/services/settings'
import { useCall } from '@/services/useCall'
import { wishes } from '@shared/contracts/wishes'

export default function DonorLink({ url }: { url: string }) {
  const { t } = useSettings()
  const mine = useCall(() => call(wishes, 'myDonors', {}))
  if (mine.status !== 'done' || mine.data.items.length === 0) return null
  const held = mine.data.items.reduce((sum, d) => sum + d.claimed, 0)
  return (
    <HomeLink
      label="wishes.mine.title"
      url={url}
      testId="open-donor-wishes"
      note={held > 0 ? t('wishes.mine.holding', { count: held }) : undefined}
    />
  )
}
