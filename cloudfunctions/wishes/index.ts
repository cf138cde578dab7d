/**
 * The `wishes` function: charity wishes (微心愿, issue 14 item 6). The household's side — publishing one of
 * its requests as a wish with its consent, withdrawing, confirming it arrived, its own list (household.ts);
 * donors and offices — registering donors, the region's wishes masked, a donor's own list, claiming,
 * fulfilling, handing a claim back and, for the office that delivers, who the household is (offices.ts). serve() has checked roles
 * and the declared scope; the finer rules (who a donor is, where it may claim) are in domain/rules.ts.
 */
import { wishes } from '@shared/contracts/wishes'
import { serve } from '@fn/handler'
import { confirm, mine, publish, withdraw } from './household'
import { claim, detail, donors, forDonor, fulfil, handBack, list, myDonors, registerDonor } from './offices'

export const main = serve(wishes, {
  publish,
  withdraw,
  confirm,
  mine,
  list,
  forDonor,
  myDonors,
  registerDonor,
  donors,
  claim,
  fulfil,
  handBack,
  detail,
})
