/**
 * Department staff whose department is a registered donor: the wishes it may help with and those it holds
 * (the same screen as an official donor's). The office home links here only for such departments.
 */
import '../catalogue'
import Screen from '@/components/Screen'
import DonorWishes from '@/pages/official/wishes/DonorWishes'

export default function DepartmentWishesPage() {
  return (
    <Screen title="wishes.mine.title">
      <DonorWishes />
    </Screen>
  )
}
