/** A request's way to its charity wish: publishing it with the household's consent, or where the wish is. */
import HomeLink from '@/components/HomeLink'

export default function WishLink({ requestId, householdId }: { requestId: string; householdId: string }) {
  const query = `id=${encodeURIComponent(requestId)}&householdId=${encodeURIComponent(householdId)}`
  return <HomeLink label="wishes.title" url={`/pages/household/requests/wish?${query}`} testId="open-wish" />
}
