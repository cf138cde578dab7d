/** The official home's way into "my households", with the outbox's count (a separate file so the home needs one line for it). */
import HomeLink from '@/components/HomeLink'
import { useOutbox } from '@/services/outbox'
import { useSettings } from '@/services/settings'

export default function OfficialHouseholdsLink() {
  const { t } = useSettings()
  const { summary } = useOutbox()
  const waiting = summary.waiting + summary.sending
  return (
    <HomeLink
      label="contacts.myHouseholds"
      url="/pages/official/households/index"
      testId="open-households"
      note={waiting > 0 ? t('contacts.outbox.waiting', { count: waiting }) : undefined}
    />
  )
}
