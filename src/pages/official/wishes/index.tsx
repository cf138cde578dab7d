/**
 * An official who is a registered donor: the wishes it may help with and those it holds (DonorWishes). The
 * official's home links here only when the official is a donor.
 */
import '../catalogue'
import Screen from '@/components/Screen'
import DonorWishes from './DonorWishes'

export default function OfficialWishesPage() {
  return (
    <Screen title="wishes.mine.title">
      <DonorWishes />
    </Screen>
  )
}
