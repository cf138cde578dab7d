/** The household home's way into its contact records (a separate file so the home needs one line for it). */
import HomeLink from '@/components/HomeLink'

/** `note`: what waits there (visits to confirm), when anything does */
export default function HouseholdContactsLink({ householdId, note }: { householdId: string; note?: string }) {
  return (
    <HomeLink
      label="contacts.household.title"
      url={`/pages/household/contacts/index?householdId=${encodeURIComponent(householdId)}`}
      testId="open-contacts"
      note={note}
    />
  )
}
