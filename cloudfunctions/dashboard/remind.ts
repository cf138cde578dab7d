/**
 * The gentle reminder (issue 15, "what it must not become"): an office over a household that needs care asks
 * its officials to look in on it. Each official finds it in their list as a household that needs care — never
 * a mark, a score or a count against them — and puts it aside, or it leaves the list once anyone contacts the
 * household or after REMINDER_DAYS. Reminding the same household again within those days changes nothing and
 * says so.
 *
 * One reminder document per household (`_id` = the household's id). The office that reminds first wins by a
 * conditional write (an insert with that `_id`, or an update of the lapsed reminder naming its old time), so
 * two offices tapping at once make one reminder. The winner then claims the subscription message by another
 * conditional write (`told` from null), and each official's WeChat users get at most one such message a China
 * day (a `reminderMarks` insert per official and day), within the one-message-per-acceptance quota WeChat
 * keeps: a user with no acceptance left (43101) is counted as refused and never retried.
 *
 * Round trips (∥ = sent together):
 * - remind: caller ∥ the household (scope) → its reminder → the conditional write → the claim ∥ the day's
 *   marks ∥ the officials' users ∥ the village → the messages → their outcome.
 * - cares: caller → the reminders naming the official → their households → villages.
 * - putAside: caller ∥ the household (scope) → the update.
 */
import type cloud from 'wx-server-sdk'
import type { Reminder } from '@config/documents'
import type { ActionContext, Db } from '@fn/handler'
import { collection } from '@fn/db'
import { pick } from '@shared/bilingual'
import type { ActionInput, ActionOutput } from '@shared/contract'
import type { dashboard } from '@shared/contracts/dashboard'
import { CARE_TEMPLATE, CARES_MAX } from '@shared/contracts/dashboard'
import { AppError } from '@shared/errors'
import { t } from '@shared/i18n'
import { addTime, chinaDateTime, chinaDay, now } from '@shared/time'
import { REMINDER_DAYS, daysSince, reminderHolds, reminderHoldsUntil, reminderShows } from './domain/care'

/** the WeChat error code for "the user has no subscription left for this template" */
const NO_SUBSCRIPTION = 43101
/** the most WeChat users bound to a household's officials that one reminder reaches */
const USERS_MAX = 100

type RemindOutput = ActionOutput<typeof dashboard, 'remind'>

function templateId(): string {
  return process.env.CARE_TEMPLATE || CARE_TEMPLATE
}

/** WeChat's `thing` fields take at most 20 characters. */
function thing(text: string): string {
  const chars = [...text]
  return chars.length <= 20 ? text : `${chars.slice(0, 19).join('')}…`
}

/** The reminder `remindedAt` now holds: made by this call, or by another office a moment earlier. */
async function claimReminder(db: Db, existing: Reminder | undefined, fresh: Reminder): Promise<boolean> {
  const reminders = collection(db, 'reminders')
  if (!existing) return reminders.addOnce(fresh)
  const { _id, ...fields } = fresh
  return (
    (await reminders.updateWhere(
      { _id, remindedAt: existing.remindedAt },
      { ...fields, dismissed: db.command.set({}) },
    )) > 0
  )
}

/**
 * The subscription message to each official's users, once per official per China day. Each message is owed
 * by this reminder alone: `told` goes from null to the claim only once, so a resent call sends nothing.
 */
async function tell(ctx: ActionContext, reminder: Reminder, villageCode: string): Promise<void> {
  const { db } = ctx
  const sdk: typeof cloud = ctx.cloud
  const _ = db.command
  const at = reminder.remindedAt
  const claimed = await collection(db, 'reminders').updateWhere(
    { _id: reminder._id, remindedAt: at, told: null },
    { told: { at: now(), sent: 0, refused: 0, failed: 0 } },
  )
  if (!claimed) return
  const day = chinaDay(at)
  const [marks, users, village] = await Promise.all([
    Promise.all(
      reminder.officialIds.map((id) => collection(db, 'reminderMarks').addOnce({ _id: `care:${id}:${day}`, at })),
    ),
    collection(db, 'users').find(
      { officialId: _.in(reminder.officialIds) },
      { fields: ['officialId'], limit: USERS_MAX },
    ),
    collection(db, 'regions').get(villageCode, ['name']),
  ])
  const today = new Set(reminder.officialIds.filter((_id, i) => marks[i]))
  const touser = users.filter((u) => u.officialId && today.has(u.officialId)).map((u) => u._id)
  if (!touser.length) return
  // officials read the offices' working language, as the relief messages to staff do
  const data = {
    thing1: { value: thing(pick(village?.name, 'zh-Hans') || '—') },
    thing2: { value: thing(t('zh-Hans', 'dashboard.care.message')) },
    time3: { value: chinaDateTime(at) },
  }
  const outcomes = await Promise.all(
    touser.map(async (openid) => {
      try {
        await sdk.openapi.subscribeMessage.send({
          touser: openid,
          templateId: templateId(),
          page: 'pages/official/home/index',
          data,
          miniprogramState: 'formal',
        })
        return 'sent' as const
      } catch (error) {
        return Number((error as { errCode?: number }).errCode) === NO_SUBSCRIPTION
          ? ('refused' as const)
          : ('failed' as const)
      }
    }),
  )
  const count = (o: string) => outcomes.filter((x) => x === o).length
  await collection(db, 'reminders').update(reminder._id, {
    'told.sent': _.inc(count('sent')),
    'told.refused': _.inc(count('refused')),
    'told.failed': _.inc(count('failed')),
  })
}

export async function remind(
  input: ActionInput<typeof dashboard, 'remind'>,
  ctx: ActionContext,
): Promise<RemindOutput> {
  const household = ctx.scope.household
  if (!household) throw new AppError('FORBIDDEN')
  const at = now()
  const existing = await collection(ctx.db, 'reminders').get(input.householdId)
  const already = (r: Pick<Reminder, 'remindedAt'>): RemindOutput => ({
    status: 'already',
    remindedAt: r.remindedAt,
    until: reminderHoldsUntil(r.remindedAt),
    officials: household.officialIds.length,
  })
  if (existing && reminderHolds(existing.remindedAt, at)) return already(existing)
  if (household.officialIds.length === 0) return { status: 'unpaired', remindedAt: null, until: null, officials: 0 }
  const office = ctx.scope.grants.find((g) => g.role === 'office')
  const fresh: Reminder = {
    _id: household._id,
    householdId: household._id,
    regionPath: household.regionPath,
    officialIds: [...household.officialIds],
    by: { openid: ctx.caller.openid, region: office?.role === 'office' ? office.region : null },
    remindedAt: at,
    dismissed: {},
    told: null,
  }
  if (!(await claimReminder(ctx.db, existing, fresh))) {
    const winner = await collection(ctx.db, 'reminders').get(input.householdId, ['remindedAt'])
    return already(winner ?? fresh)
  }
  await tell(ctx, fresh, household.villageCode)
  return { status: 'reminded', remindedAt: at, until: reminderHoldsUntil(at), officials: fresh.officialIds.length }
}

/** The caller's official ids (a person may hold more than one official grant). */
function officialIdsOf(ctx: ActionContext): string[] {
  return ctx.scope.grants.flatMap((g) => (g.role === 'official' ? [g.officialId] : []))
}

export async function cares(
  _input: ActionInput<typeof dashboard, 'cares'>,
  ctx: ActionContext,
): Promise<ActionOutput<typeof dashboard, 'cares'>> {
  const { db } = ctx
  const _ = db.command
  const at = now()
  const mine = officialIdsOf(ctx)
  if (!mine.length) return { households: [] }
  const reminders = await collection(db, 'reminders').find(
    { officialIds: _.in(mine), remindedAt: _.gte(addTime(at, -REMINDER_DAYS, 'day')) },
    { fields: ['householdId', 'remindedAt', 'dismissed'], orderBy: [['remindedAt', 'desc']], limit: CARES_MAX },
  )
  if (!reminders.length) return { households: [] }
  const households = await collection(db, 'households').find(
    { _id: _.in(reminders.map((r) => r.householdId)) },
    { fields: ['head', 'villageCode', 'officialIds', 'lastContactAt'], limit: reminders.length },
  )
  const byId = new Map(households.map((h) => [h._id, h]))
  const shown = reminders.filter((r) =>
    mine.some((officialId) => reminderShows(r, officialId, byId.get(r.householdId), at)),
  )
  const codes = [...new Set(shown.flatMap((r) => byId.get(r.householdId)?.villageCode ?? []))]
  const villages = codes.length
    ? await collection(db, 'regions').find({ _id: _.in(codes) }, { fields: ['name'], limit: codes.length })
    : []
  const villageName = new Map(villages.map((v) => [v._id, v.name]))
  return {
    households: shown.flatMap((r) => {
      const h = byId.get(r.householdId)
      if (!h) return []
      return [
        {
          householdId: h._id,
          headName: h.head.name,
          village: villageName.get(h.villageCode) ?? { 'zh-Hans': '', bo: '' },
          remindedAt: r.remindedAt,
          daysSince: daysSince(h.lastContactAt, at),
        },
      ]
    }),
  }
}

export async function putAside(
  input: ActionInput<typeof dashboard, 'putAside'>,
  ctx: ActionContext,
): Promise<ActionOutput<typeof dashboard, 'putAside'>> {
  const household = ctx.scope.household
  const mine = officialIdsOf(ctx).filter((id) => household?.officialIds.includes(id))
  if (!household || !mine.length) throw new AppError('FORBIDDEN')
  const at = now()
  const changed = await collection(ctx.db, 'reminders').update(
    input.householdId,
    Object.fromEntries(mine.map((id) => [`dismissed.${id}`, at])),
  )
  return { putAside: changed > 0 }
}
