/** The household home's way into its contact records (a separate file so the home needs one line for it). */
import HomeLink from '@/components/HomeLink'

export default function HouseholdContactsLink({ householdId }: { householdId: string }) {
  return (
    <HomeLink
      label="contacts.household.title"
      url={`/pages/household/contacts/index?householdId=${encodeURIComponent(householdId)}`}
      testId="open-contacts"
    />
  )
}
