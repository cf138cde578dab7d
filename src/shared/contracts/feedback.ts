/**
 * Feedback about the app itself (国办函〔2026〕12号 asks government apps for a channel to give feedback or
 * complain): anyone bound to the programme sends a suggestion, a complaint or a problem with a screen; the
 * prefecture office (an office grant at the prefecture, or an administrator) reads the inbox and answers,
 * and the answer reaches the sender's "my feedback". Nobody else reads another's feedback.
 *
 * The sender's roles and region are recorded for the office, never shown to other senders. Nothing asks
 * for personal numbers, and numbers a sender types anyway are masked in the inbox.
 */
import * as v from 'valibot'
import { ROLES, action, defineFunction } from '../contract'
import { levelOf, normaliseRegion } from '../region'
import type { RoleGrant } from './identity'

export const FEEDBACK_KINDS = ['suggestion', 'complaint', 'problem'] as const
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number]

export const FEEDBACK_STATES = ['new', 'answered'] as const
export type FeedbackState = (typeof FEEDBACK_STATES)[number]

/** The screen a piece of feedback is about, by area: what a sender can name without knowing routes. */
export const FEEDBACK_SCREENS = [
  'home',
  'bind',
  'notices',
  'contacts',
  'officials',
  'households',
  'invite',
  'roster',
  'pairing',
  'coverage',
  'other',
] as const
export type FeedbackScreen = (typeof FEEDBACK_SCREENS)[number]

export const FEEDBACK_TEXT_MAX = 500
/** what one person may send in a China day: enough for anything real, too few to flood the office */
export const FEEDBACK_PER_DAY = 5
/** a page of the inbox, and of "my feedback" (the newest) */
export const FEEDBACK_PAGE = 20
/** the last inbox page that may be asked for (20 a page: 100,000 pieces of feedback) */
export const INBOX_PAGES_MAX = 5_000

const uuid = v.pipe(
  v.string(),
  v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'validation.invalid'),
)
const text = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'validation.required'),
  v.maxLength(FEEDBACK_TEXT_MAX, 'validation.tooLong'),
)
const kind = v.picklist(FEEDBACK_KINDS, 'feedback.kindRequired')
const screen = v.picklist(FEEDBACK_SCREENS, 'validation.invalid')
const BilingualSchema = v.object({ 'zh-Hans': v.string(), bo: v.string() })

export const FeedbackInputSchema = v.object({
  /** made on the phone, so a resend (a tap twice, a lost answer) is stored once */
  id: uuid,
  kind,
  text,
  screen: v.optional(screen),
})
export type FeedbackInput = v.InferOutput<typeof FeedbackInputSchema>

export const AnswerInputSchema = v.object({ id: uuid, text })

const AnswerSchema = v.object({ text: v.string(), at: v.string() })

/** One piece of feedback as its sender sees it. */
export const MyFeedbackSchema = v.object({
  id: v.string(),
  kind: v.picklist(FEEDBACK_KINDS),
  text: v.string(),
  screen: v.optional(v.picklist(FEEDBACK_SCREENS)),
  createdAt: v.string(),
  state: v.picklist(FEEDBACK_STATES),
  answer: v.optional(AnswerSchema),
  /** an answer the sender had not seen before this call */
  fresh: v.boolean(),
})
export type MyFeedback = v.InferOutput<typeof MyFeedbackSchema>

/** One piece of feedback in the prefecture office's inbox: who sent it by role and region, never by name. */
export const InboxItemSchema = v.object({
  id: v.string(),
  kind: v.picklist(FEEDBACK_KINDS),
  /** personal numbers in it masked */
  text: v.string(),
  screen: v.optional(v.picklist(FEEDBACK_SCREENS)),
  createdAt: v.string(),
  state: v.picklist(FEEDBACK_STATES),
  answer: v.optional(AnswerSchema),
  roles: v.array(v.picklist(ROLES)),
  /** the sender's region, named from the county down */
  regionNames: v.array(BilingualSchema),
})
export type InboxItem = v.InferOutput<typeof InboxItemSchema>

/** Who reads and answers feedback: an office grant at the prefecture, or an administrator. A county or lower
 * office is refused, whatever it covers. The function enforces it; the office home shows the inbox by it. */
export function readsInbox(grants: readonly RoleGrant[]): boolean {
  return grants.some(
    (g) => g.role === 'admin' || (g.role === 'office' && levelOf(normaliseRegion(g.region)) === 'prefecture'),
  )
}

const ALL = ['household', 'official', 'office', 'reviewer', 'department', 'admin'] as const
/** administrators first: the fuzz harness and the matrix call an action as its first role */
const PREFECTURE = ['admin', 'office'] as const

export const feedback = defineFunction('feedback', {
  /** Sends a piece of feedback; a resend of the same id answers the stored one. */
  send: action({
    input: FeedbackInputSchema,
    output: v.object({ id: v.string(), createdAt: v.string(), status: v.picklist(['created', 'duplicate']) }),
    roles: ALL,
    scope: 'none',
    writes: true,
  }),
  /** The caller's own feedback, newest first, with the answers; answers shown here count as seen. */
  mine: action({
    input: v.object({}),
    output: v.object({ items: v.array(MyFeedbackSchema) }),
    roles: ALL,
    scope: 'none',
    writes: true,
  }),
  /** How many answers the caller has not seen yet: the mark on the home screens. */
  unread: action({
    input: v.object({}),
    output: v.object({ answers: v.number() }),
    roles: ALL,
    scope: 'none',
  }),
  /** The prefecture office's inbox, newest first, by state and kind. */
  inbox: action({
    input: v.object({
      state: v.optional(v.picklist(FEEDBACK_STATES, 'validation.invalid')),
      kind: v.optional(v.picklist(FEEDBACK_KINDS, 'validation.invalid')),
      page: v.optional(
        v.pipe(
          v.number(),
          v.integer('validation.invalid'),
          v.minValue(0, 'validation.invalid'),
          v.maxValue(INBOX_PAGES_MAX, 'validation.invalid'),
        ),
      ),
    }),
    output: v.object({ items: v.array(InboxItemSchema), more: v.boolean() }),
    roles: PREFECTURE,
    scope: 'none',
    list: true,
  }),
  /** Answers a piece of feedback (again, to correct an answer: the sender sees the latest). */
  answer: action({
    input: AnswerInputSchema,
    output: v.object({ id: v.string(), answeredAt: v.string() }),
    roles: PREFECTURE,
    scope: 'none',
    writes: true,
  }),
})
