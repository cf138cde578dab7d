/**
 * Sending the subscription messages the timer claimed (domain/messages.ts says which are owed and to whom).
 *
 * Recipients are WeChat users: a household's bound members (`users.householdId`), and a unit's staff, the
 * users whose grant lets them act on the unit's requests — a department grant for a department, an office
 * grant for the work office's region. One query per kind of recipient for a whole page of requests.
 *
 * WeChat allows one message per accepted one-time subscription and answers 43101 when none is left; that
 * refusal is counted in the request's `told.refused`, like a failure in `told.failed`, and never retried:
 * the message was claimed before it was sent, so a later run owes nothing for it.
 */
import type cloud from 'wx-server-sdk'
import type { Request, RequestCategory, UnitRef, User } from '@config/documents'
import type { Db } from '@fn/handler'
import { collection } from '@fn/db'
import { pick } from '@shared/bilingual'
import type { RequestMessageKind } from '@shared/contracts/requestMessages'
import { REQUEST_TEMPLATES } from '@shared/contracts/requestMessages'
import type { Lang } from '@shared/i18n'
import { t } from '@shared/i18n'
import { normaliseRegion } from '@shared/region'
import { chinaDateTime } from '@shared/time'
import type { Message } from './domain/messages'
import { unitKey } from './domain/units'

/** the WeChat error code for "the user has no subscription left for this template" */
export const NO_SUBSCRIPTION = 43101
/** messages sent at once */
const SEND_PARALLEL = 10
/** the most users one query answers; a unit's staff and a household's phones are far fewer */
const USERS_MAX = 1000

export type Outcome = 'sent' | 'refused' | 'failed'

export interface Claimed {
  request: Pick<Request, '_id' | 'householdId' | 'regionPath' | 'category' | 'lang'>
  messages: Message[]
}

const KINDS: Record<RequestMessageKind, string> = {
  assigned: 'REQUEST_TEMPLATE_ASSIGNED',
  warn: 'REQUEST_TEMPLATE_WARN',
  escalated: 'REQUEST_TEMPLATE_ESCALATED',
  resolved: 'REQUEST_TEMPLATE_RESOLVED',
}

function templateId(kind: RequestMessageKind): string {
  return process.env[KINDS[kind]] || REQUEST_TEMPLATES[kind]
}

/** WeChat's `thing` fields take at most 20 characters. */
function thing(text: string): string {
  const chars = [...text]
  return chars.length <= 20 ? text : `${chars.slice(0, 19).join('')}…`
}

/** Whether the user's grant makes it staff of the unit. */
function isStaff(user: Pick<User, 'roles'>, unit: UnitRef): boolean {
  return user.roles.some((g) =>
    unit.kind === 'department'
      ? g.role === 'department' && g.departmentId === unit.id
      : g.role === 'office' && normaliseRegion(g.region) === unit.region,
  )
}

/** A region code as grants may store it: county offices were granted by 6-digit codes as well. */
function grantForms(region: string): string[] {
  return region.endsWith('000000') ? [region, region.slice(0, 6)] : [region]
}

interface Reach {
  households: Map<string, string[]>
  units: Map<string, string[]>
}

async function recipients(db: Db, claimed: Claimed[]): Promise<Reach> {
  const _ = db.command
  const all = claimed.flatMap((c) => c.messages)
  const households = [...new Set(all.flatMap((m) => (m.recipient.to === 'household' ? [m.recipient.householdId] : [])))]
  const units = [
    ...new Map(
      all.flatMap((m) => (m.recipient.to === 'unit' ? [[unitKey(m.recipient.unit), m.recipient.unit]] : [])),
    ).values(),
  ] as UnitRef[]
  const departments = [...new Set(units.filter((u) => u.kind === 'department').map((u) => u.id))]
  const regions = [...new Set(units.filter((u) => u.kind === 'office').flatMap((u) => grantForms(u.region)))]
  const users = collection(db, 'users')
  const [members, departmentStaff, officeStaff] = await Promise.all([
    households.length
      ? users.find({ householdId: _.in(households) }, { fields: ['householdId'], limit: USERS_MAX })
      : [],
    departments.length
      ? users.find({ 'roles.departmentId': _.in(departments) }, { fields: ['roles'], limit: USERS_MAX })
      : [],
    regions.length ? users.find({ 'roles.region': _.in(regions) }, { fields: ['roles'], limit: USERS_MAX }) : [],
  ])
  const reach: Reach = { households: new Map(), units: new Map() }
  for (const m of members) {
    if (!m.householdId) continue
    reach.households.set(m.householdId, [...(reach.households.get(m.householdId) ?? []), m._id])
  }
  const staff = [...departmentStaff, ...officeStaff]
  for (const unit of units)
    reach.units.set(
      unitKey(unit),
      staff.filter((u, i) => isStaff(u, unit) && staff.findIndex((x) => x._id === u._id) === i).map((u) => u._id),
    )
  return reach
}

async function sendOne(
  sdk: typeof cloud,
  touser: string,
  kind: RequestMessageKind,
  page: string,
  data: Record<string, { value: string }>,
): Promise<Outcome> {
  try {
    await sdk.openapi.subscribeMessage.send({
      touser,
      templateId: templateId(kind),
      page,
      data,
      miniprogramState: 'formal',
    })
    return 'sent'
  } catch (error) {
    return Number((error as { errCode?: number }).errCode) === NO_SUBSCRIPTION ? 'refused' : 'failed'
  }
}

/**
 * Sends a page's claimed messages and records each request's outcomes in its `told`. A household reads
 * the message in the language it reported in; staff in Chinese, the offices' working language.
 */
export async function sendClaimed(db: Db, sdk: typeof cloud, claimed: Claimed[]): Promise<Record<Outcome, number>> {
  const total: Record<Outcome, number> = { sent: 0, refused: 0, failed: 0 }
  const owing = claimed.filter((c) => c.messages.length > 0)
  if (owing.length === 0) return total
  const _ = db.command
  const categoryIds = [...new Set(owing.map((c) => c.request.category))]
  const places = [...new Set(owing.map((c) => c.request.regionPath[c.request.regionPath.length - 1] ?? ''))]
  const [reach, categories, regions] = await Promise.all([
    recipients(db, owing),
    collection(db, 'requestCategories').find({ _id: _.in(categoryIds) }, { fields: ['name'], limit: 1000 }),
    collection(db, 'regions').find({ _id: _.in(places) }, { fields: ['name'], limit: 1000 }),
  ])
  const categoryName = (id: string, lang: Lang) => {
    const found = categories.find((c: Pick<RequestCategory, '_id' | 'name'>) => c._id === id)
    return found ? pick(found.name, lang) : t(lang, 'requests.message.other')
  }
  const placeName = (code: string, lang: Lang) => {
    const found = regions.find((r) => r._id === code)
    return found?.name ? pick(found.name, lang) : ''
  }

  const sends: { requestId: string; run: () => Promise<Outcome> }[] = []
  for (const { request, messages } of owing) {
    const place = request.regionPath[request.regionPath.length - 1] ?? ''
    for (const message of messages) {
      const household = message.recipient.to === 'household'
      const lang: Lang = household ? request.lang : 'zh-Hans'
      const touser =
        message.recipient.to === 'household'
          ? (reach.households.get(message.recipient.householdId) ?? [])
          : (reach.units.get(unitKey(message.recipient.unit)) ?? [])
      const page = household
        ? `pages/household/requests/detail?id=${request._id}&householdId=${request.householdId}`
        : `pages/office/requests/detail?id=${request._id}`
      const data = {
        thing1: { value: thing(categoryName(request.category, lang)) },
        thing2: { value: thing(t(lang, `requests.message.${message.kind}`)) },
        time3: { value: chinaDateTime(message.at) },
        thing4: { value: thing(placeName(place, lang) || '—') },
      }
      for (const openid of touser)
        sends.push({ requestId: request._id, run: () => sendOne(sdk, openid, message.kind, page, data) })
    }
  }
  const outcomes: Outcome[] = []
  for (let i = 0; i < sends.length; i += SEND_PARALLEL)
    outcomes.push(...(await Promise.all(sends.slice(i, i + SEND_PARALLEL).map((s) => s.run()))))

  const byRequest = new Map<string, Record<Outcome, number>>()
  sends.forEach((s, i) => {
    const counts = byRequest.get(s.requestId) ?? { sent: 0, refused: 0, failed: 0 }
    counts[outcomes[i]!] += 1
    total[outcomes[i]!] += 1
    byRequest.set(s.requestId, counts)
  })
  await Promise.all(
    [...byRequest].map(([id, counts]) =>
      collection(db, 'requests').update(id, {
        'told.sent': _.inc(counts.sent),
        'told.refused': _.inc(counts.refused),
        'told.failed': _.inc(counts.failed),
      }),
    ),
  )
  return total
}
