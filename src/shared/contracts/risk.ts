/**
 * Poverty-return risk leads (防止返贫动态监测, issue 14 item 7): the schemas of the requests function's risk
 * actions (declared in ./requests.ts). A lead is what national practice asks of the people who find a
 * household at risk: the household, the kind of risk and what happened. It goes to the county's 防返贫 team,
 * which checks it in the national monitoring system and records here only the result and the day it was
 * decided. A village's public list (公示) of the households identified names them with the kind and nothing
 * else: no ID, phone, bank or health details.
 */
import * as v from 'valibot'
import { BilingualSchema } from '../bilingual'

/** The request category a lead is stored under: reserved, never on a service menu or reported by a household. */
export const RISK_CATEGORY = 'risk'
/** 脱贫不稳定户, 边缘易致贫户, 突发严重困难户 */
export const RISK_KINDS = ['unstable', 'edge', 'sudden'] as const
export type RiskKind = (typeof RISK_KINDS)[number]
export const RISK_TEXT_MAX = 300
export const RISK_LEADS_PAGE = 20
export const RISK_LEADS_PAGES_MAX = 200
/** the most households one public list shows (a township's identified households, with room) */
export const RISK_LIST_MAX = 500

const uuid = v.pipe(
  v.string(),
  v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'validation.invalid'),
)
const id = v.pipe(v.string(), v.minLength(1, 'validation.required'), v.maxLength(64, 'validation.invalid'))
const day = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.invalid'))
const kind = v.picklist(RISK_KINDS, 'validation.invalid')

export const RiskLeadInputSchema = v.object({
  /** made on the phone, so sending twice stores one lead */
  id: uuid,
  householdId: id,
  kind,
  /** what happened */
  text: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'validation.required'),
    v.maxLength(RISK_TEXT_MAX, 'validation.tooLong'),
  ),
})
export type RiskLeadInput = v.InferOutput<typeof RiskLeadInputSchema>

export const RiskResultInputSchema = v.object({
  id: uuid,
  /** how many events the caller saw: a lead that changed meanwhile is refused, not overwritten */
  events: v.pipe(
    v.number(),
    v.integer('validation.invalid'),
    v.minValue(1, 'validation.invalid'),
    v.maxValue(10_000, 'validation.invalid'),
  ),
  identified: v.boolean(),
  /** the China day the national monitoring system decided */
  decidedOn: day,
})
export type RiskResultInput = v.InferOutput<typeof RiskResultInputSchema>

const ResultSchema = v.nullable(v.object({ identified: v.boolean(), decidedOn: v.string() }))
const Unit = v.object({ kind: v.picklist(['department', 'office']), level: v.picklist(['county', 'prefecture']) })

/** One lead as the household's official or office reads it on the household's risk screen. */
export const RiskLeadItemSchema = v.object({
  id: v.string(),
  kind,
  text: v.string(),
  sentAt: v.string(),
  /** the identification deadline, and whether it passed before the result came (or by now) */
  due: v.nullable(v.string()),
  overdue: v.boolean(),
  /** the team's result; null while it is being checked */
  result: ResultSchema,
  /** with the county's team, or with the county work office when the county has no team */
  unit: v.optional(Unit),
})
export type RiskLeadItem = v.InferOutput<typeof RiskLeadItemSchema>

/** One lead in the team's list: who and where, so it can be found in the national system. */
export const TeamLeadSchema = v.object({
  id: v.string(),
  events: v.number(),
  kind,
  /** numbers in it masked */
  text: v.string(),
  head: BilingualSchema,
  village: BilingualSchema,
  sentAt: v.string(),
  due: v.nullable(v.string()),
  overdue: v.boolean(),
  result: ResultSchema,
})
export type TeamLead = v.InferOutput<typeof TeamLeadSchema>

/** One line of a village's public list: the head's name, the family's size, the kind, the day it was decided. */
export const PublicLineSchema = v.object({
  village: BilingualSchema,
  head: BilingualSchema,
  members: v.number(),
  kind,
  decidedOn: v.string(),
})
export type PublicLine = v.InferOutput<typeof PublicLineSchema>

export const riskActions = {
  lead: {
    input: RiskLeadInputSchema,
    output: v.object({ id: v.string(), status: v.picklist(['created', 'duplicate']), unit: Unit, due: v.string() }),
  },
  of: { input: v.object({ householdId: id }), output: v.object({ items: v.array(RiskLeadItemSchema) }) },
  team: {
    input: v.object({
      decided: v.optional(v.boolean()),
      page: v.optional(
        v.pipe(
          v.number(),
          v.integer('validation.invalid'),
          v.minValue(0, 'validation.invalid'),
          v.maxValue(RISK_LEADS_PAGES_MAX, 'validation.invalid'),
        ),
      ),
    }),
    output: v.object({ items: v.array(TeamLeadSchema), more: v.boolean() }),
  },
  result: {
    input: RiskResultInputSchema,
    output: v.object({ id: v.string(), events: v.number(), result: ResultSchema }),
  },
  list: {
    input: v.object({ region: v.pipe(v.string(), v.regex(/^\d{12}$/, 'validation.invalid')) }),
    output: v.object({
      region: v.object({ code: v.string(), name: BilingualSchema }),
      items: v.array(PublicLineSchema),
      more: v.boolean(),
    }),
  },
}
