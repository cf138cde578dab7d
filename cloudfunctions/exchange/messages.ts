/**
 * Telling named families by subscription message (the household accepted the template when it consented).
 * Each family's message is claimed before it is sent (`told` pending → claimed), so confirming twice or two
 * confirmations at once never send it twice; the outcome is recorded once and never retried: WeChat allows
 * one message per accepted one-time subscription and answers 43101 when none is left.
 */
import type cloud from 'wx-server-sdk'
import type { Campaign, Named } from '@config/documents'
import type { Db } from '@fn/handler'
import { collection } from '@fn/db'
import { pick } from '@shared/bilingual'
import { EXCHANGE_TEMPLATES } from '@shared/contracts/exchange'
import type { Lang } from '@shared/i18n'
import { t } from '@shared/i18n'
import { chinaDateTime } from '@shared/time'

const NO_SUBSCRIPTION = 43101
const SEND_PARALLEL = 10
const USERS_MAX = 1000

type Outcome = 'sent' | 'refused' | 'failed'

/** WeChat's `thing` fields take at most 20 characters. */
function thing(text: string): string {
  const chars = [...text]
  return chars.length <= 20 ? text : `${chars.slice(0, 19).join('')}…`
}

export async function tellNamed(
  db: Db,
  sdk: typeof cloud,
  campaign: Pick<Campaign, 'title' | 'kind' | 'year'>,
  docs: readonly Named[],
  langs: ReadonlyMap<string, Lang>,
): Promise<Record<Outcome, number>> {
  const total: Record<Outcome, number> = { sent: 0, refused: 0, failed: 0 }
  const named = collection(db, 'named')
  const claimed: Named[] = []
  for (const d of docs) {
    if (!d.householdId) continue
    if (await named.updateWhere({ _id: d._id, told: 'pending' }, { told: 'claimed' })) claimed.push(d)
  }
  if (!claimed.length) return total
  const members = await collection(db, 'users').find(
    { householdId: db.command.in(claimed.map((d) => d.householdId)) },
    { fields: ['householdId'], limit: USERS_MAX },
  )
  const templateId = process.env.EXCHANGE_TEMPLATE_NAMED || EXCHANGE_TEMPLATES.named
  const outcomes = new Map<string, Outcome[]>()
  const sends = claimed.flatMap((d) => {
    const lang = langs.get(d._id) ?? 'zh-Hans'
    const data = {
      thing1: { value: thing(pick(campaign.title, lang) || t(lang, `exchange.kind.${campaign.kind}`)) },
      thing2: { value: thing(t(lang, 'exchange.message.named', { year: campaign.year })) },
      time3: { value: chinaDateTime(d.namedAt) },
    }
    return members
      .filter((m) => m.householdId === d.householdId)
      .map((m) => async () => {
        let outcome: Outcome = 'sent'
        try {
          await sdk.openapi.subscribeMessage.send({
            touser: m._id,
            templateId,
            page: 'pages/household/home/index',
            data,
            miniprogramState: 'formal',
          })
        } catch (error) {
          outcome = Number((error as { errCode?: number }).errCode) === NO_SUBSCRIPTION ? 'refused' : 'failed'
        }
        outcomes.set(d._id, [...(outcomes.get(d._id) ?? []), outcome])
        total[outcome] += 1
      })
  })
  for (let i = 0; i < sends.length; i += SEND_PARALLEL)
    await Promise.all(sends.slice(i, i + SEND_PARALLEL).map((s) => s()))
  await Promise.all(
    claimed.map((d) => {
      const got = outcomes.get(d._id) ?? []
      const told: Named['told'] = got.includes('sent') ? 'sent' : got.includes('failed') ? 'failed' : 'refused'
      return named.update(d._id, { told })
    }),
  )
  return total
}
