/** The office home's way into the feedback inbox, for the prefecture office and administrators only. */
import HomeLink from '@/components/HomeLink'
import type { RoleGrant } from '@shared/contracts/identity'
import { readsInbox } from '@shared/contracts/feedback'

export default function FeedbackInboxLink({ roles }: { roles: readonly RoleGrant[] }) {
  if (!readsInbox(roles)) return null
  return <HomeLink label="feedback.inbox" url="/pages/office/feedback/index" testId="open-feedback-inbox" />
}
