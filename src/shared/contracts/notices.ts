/**
 * Notices: bilingual publicity written by offices, reviewed before publishing (先审后发), targeted at
 * region subtrees, read by households and officials with per-reader receipts.
 *
 * Times cross the wire as ISO instants (src/shared/time.ts). Notice text is user content: it carries both
 * languages where the author wrote both, and `pickText` chooses one language for the title and the body
 * together, marking a fallback.
 */
import * as v from 'valibot'
import { pick } from '../bilingual'
import { action, defineFunction } from '../contract'
import type { Lang, MessageKey } from '../i18n'
import { isInstant, toInstant } from '../time'

export const CATEGORIES = ['policy', 'virtues', 'customs', 'livelihood', 'safety', 'other'] as const
export type Category = (typeof CATEGORIES)[number]

/** who a notice is for, within its regions */
export const AUDIENCE_ROLES = ['households', 'officials', 'both'] as const
export type AudienceRoles = (typeof AUDIENCE_ROLES)[number]

export const NOTICE_STATUSES = ['draft', 'submitted', 'approved', 'returned', 'published', 'retracted'] as const
export type NoticeStatus = (typeof NOTICE_STATUSES)[number]

/**
 * The subscription-message template announcing a new notice. Template ids are issued per mini-program
 * in the WeChat admin console; the function reads `NOTICE_TEMPLATE_ID` from its environment and falls
 * back to this id, which the local cloud accepts like any other.
 */
export const NOTICE_TEMPLATE_ID = 'notice-published'

/** limits: msgSecCheck takes at most 2,500 characters per call, and one language's title + body is one call */
export const TITLE_MAX = 80
export const BODY_MAX = 2000
export const MEDIA_MAX = 9
export const AUDIENCE_REGIONS_MAX = 20
export const FEED_PAGE_MAX = 20
/** the last page of an office's own notices that may be asked for (20 a page: 200,000 notices) */
export const MINE_PAGES_MAX = 10_000

const regionCode = v.pipe(v.string(), v.regex(/^\d{12}$/, 'validation.invalid'))
const id = v.pipe(v.string(), v.minLength(1, 'validation.required'), v.maxLength(64, 'validation.invalid'))
/** an instant, stored in one form (`toISOString`) so instants compare as strings */
const time = v.pipe(
  v.string(),
  v.check((s) => isInstant(s), 'validation.invalid'),
  v.transform((s) => toInstant(s) ?? s),
)

const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max, 'validation.tooLong'))

export const NoticeTextSchema = v.object({ 'zh-Hans': v.string(), bo: v.string() })
export type NoticeText = v.InferOutput<typeof NoticeTextSchema>

export const MediaSchema = v.object({
  kind: v.picklist(['audio', 'image'], 'validation.invalid'),
  /** cloud storage file id (`cloud://…`) */
  fileID: v.pipe(v.string(), v.minLength(1, 'validation.required'), v.maxLength(512, 'validation.invalid')),
  /** the language spoken in a recording; pictures have none */
  lang: v.optional(v.picklist(['zh-Hans', 'bo'], 'validation.invalid')),
  durationSec: v.optional(v.pipe(v.number(), v.minValue(0, 'validation.invalid'))),
})
export type Media = v.InferOutput<typeof MediaSchema>

export const AudienceSchema = v.object({
  regions: v.pipe(
    v.array(regionCode),
    v.minLength(1, 'notice.audienceRequired'),
    v.maxLength(AUDIENCE_REGIONS_MAX, 'validation.invalid'),
  ),
  roles: v.picklist(AUDIENCE_ROLES, 'validation.invalid'),
})
export type Audience = v.InferOutput<typeof AudienceSchema>

const LANGS = ['zh-Hans', 'bo'] as const

type DraftTexts = { title: NoticeText; body: NoticeText }

/**
 * The text fields a draft is missing, each with the rule it breaks: a language with a title but no body
 * (or the reverse) names the empty one; a draft with no text at all names every field, since any language
 * will do. The paths are the form's fields (`title.bo`, `body.zh-Hans`), so the screen marks the field to fill.
 */
export function missingText(d: DraftTexts): { path: ['title' | 'body', Lang]; message: MessageKey }[] {
  const half = LANGS.flatMap((l) =>
    (d.title[l] === '') === (d.body[l] === '')
      ? []
      : [
          {
            path: [d.title[l] === '' ? 'title' : 'body', l] as ['title' | 'body', Lang],
            message: 'notice.titleAndBody' as const,
          },
        ],
  )
  if (half.length > 0 || LANGS.some((l) => d.title[l] !== '' && d.body[l] !== '')) return half
  return (['title', 'body'] as const).flatMap((f) =>
    LANGS.map((l) => ({ path: [f, l] as ['title' | 'body', Lang], message: 'notice.languageRequired' as const })),
  )
}

/** Whether readers of Tibetan find the notice in their script: most households in the programme read Tibetan. */
export const hasTibetan = (d: DraftTexts): boolean => d.title.bo.trim() !== '' && d.body.bo.trim() !== ''

/** What an author writes. At least one language must have both a title and a body. */
export const NoticeDraftSchema = v.pipe(
  v.object({
    title: v.object({ 'zh-Hans': text(TITLE_MAX), bo: text(TITLE_MAX) }),
    body: v.object({ 'zh-Hans': text(BODY_MAX), bo: text(BODY_MAX) }),
    category: v.picklist(CATEGORIES, 'validation.invalid'),
    media: v.pipe(v.array(MediaSchema), v.maxLength(MEDIA_MAX, 'validation.invalid')),
    audience: AudienceSchema,
    /** null: as soon as it is published */
    publishAt: v.nullable(time),
    /** null: never expires */
    expireAt: v.nullable(time),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return
    const d = dataset.value
    for (const { path, message } of missingText(d)) {
      const [field, l] = path
      addIssue({
        message,
        input: d[field][l],
        path: [
          { type: 'object', origin: 'value', input: d, key: field, value: d[field] },
          { type: 'object', origin: 'value', input: d[field], key: l, value: d[field][l] },
        ],
      })
    }
  }),
  v.forward(
    v.check(
      (d) => d.expireAt === null || d.publishAt === null || d.expireAt > d.publishAt,
      'notice.expiryBeforePublish',
    ),
    ['expireAt'],
  ),
)
export type NoticeDraft = v.InferOutput<typeof NoticeDraftSchema>

/**
 * The text a reader sees: the title as `pick` chooses it (their language when the author wrote it, else
 * the other one), and the body in the same language, so a notice never mixes languages; `fallback` marks
 * a notice shown in the reader's other language.
 */
export function pickText(content: { title: NoticeText; body: NoticeText }, lang: Lang) {
  const title = pick(content.title, lang)
  const shown: Lang = content.title[lang] === title ? lang : lang === 'bo' ? 'zh-Hans' : 'bo'
  return { lang: shown, fallback: shown !== lang, title, body: content.body[shown] }
}

/** The recording for a reader: one in their language first, else any. */
export function pickAudio<M extends { kind: string; lang?: Lang | undefined }>(media: M[], lang: Lang): M | undefined {
  const audio = media.filter((m) => m.kind === 'audio')
  return audio.find((m) => m.lang === lang) ?? audio[0]
}

const ReviewEventSchema = v.object({
  at: v.string(),
  action: v.picklist(['create', 'edit', 'submit', 'approve', 'return', 'publish', 'retract']),
  revision: v.number(),
  /** the return comment or the retraction reason */
  comment: v.optional(v.string()),
  /** true when the caller did this event */
  byMe: v.boolean(),
})

/**
 * Who the audience holds and why some of it cannot get a WeChat message, counted when the push starts: its
 * households and officials, those with no WeChat user bound to them, and bound users who never accepted
 * the notice message.
 */
const PushReachSchema = v.object({
  households: v.number(),
  householdsUnbound: v.number(),
  officials: v.number(),
  officialsUnbound: v.number(),
  notSubscribed: v.number(),
})
export type PushReach = v.InferOutput<typeof PushReachSchema>

const PushProgressSchema = v.object({
  state: v.picklist(['waiting', 'running', 'done']),
  sent: v.number(),
  noSubscription: v.number(),
  failed: v.number(),
  /** null until the push starts */
  reach: v.nullable(PushReachSchema),
})
export type PushProgress = v.InferOutput<typeof PushProgressSchema>

/** A notice as its author and reviewers see it: everything, both languages. */
export const NoticeRecordSchema = v.object({
  id: v.string(),
  status: v.picklist(NOTICE_STATUSES),
  revision: v.number(),
  draft: NoticeDraftSchema,
  /** a published notice being edited: the revision under way, and its review state */
  pending: v.nullable(
    v.object({
      revision: v.number(),
      status: v.picklist(['draft', 'submitted', 'approved', 'returned']),
      draft: NoticeDraftSchema,
    }),
  ),
  authoredByMe: v.boolean(),
  /** the caller may approve or return it now */
  canReview: v.boolean(),
  publishedAt: v.nullable(v.string()),
  retractReason: v.nullable(v.string()),
  returnComment: v.nullable(v.string()),
  history: v.array(ReviewEventSchema),
  push: v.nullable(PushProgressSchema),
  /** names of the regions in the audience (of the published text and of a pending revision) and of the office */
  regionNames: v.record(v.string(), NoticeTextSchema),
  /** the office that wrote it, by its region's name: an office above sees whose notice it is */
  office: v.object({ region: v.string(), name: NoticeTextSchema }),
  /** the caller holds the office that wrote it: only that office edits, submits, publishes or retracts it */
  ownOffice: v.boolean(),
  /** temporary download URLs of its media by file id, so a reviewer hears the recording before approving */
  mediaUrls: v.record(v.string(), v.string()),
})
export type NoticeRecord = v.InferOutput<typeof NoticeRecordSchema>

const RecordSummarySchema = v.object({
  id: v.string(),
  status: v.picklist(NOTICE_STATUSES),
  pendingStatus: v.nullable(v.picklist(['draft', 'submitted', 'approved', 'returned'])),
  revision: v.number(),
  title: NoticeTextSchema,
  category: v.picklist(CATEGORIES),
  audience: AudienceSchema,
  updatedAt: v.string(),
  authoredByMe: v.boolean(),
})
export type RecordSummary = v.InferOutput<typeof RecordSummarySchema>

const FeedItemSchema = v.object({
  id: v.string(),
  title: NoticeTextSchema,
  category: v.picklist(CATEGORIES),
  publishedAt: v.string(),
  read: v.boolean(),
  hasAudio: v.boolean(),
  hasImage: v.boolean(),
  /** officials: a notice meant for their households rather than for officials */
  forHouseholds: v.boolean(),
})
export type FeedItem = v.InferOutput<typeof FeedItemSchema>

export const NoticeDetailSchema = v.object({
  id: v.string(),
  revision: v.number(),
  title: NoticeTextSchema,
  body: NoticeTextSchema,
  category: v.picklist(CATEGORIES),
  publishedAt: v.string(),
  /** media with a temporary download URL (valid for a while; the cached copy keeps the file id) */
  media: v.array(v.object({ ...MediaSchema.entries, url: v.string() })),
})
export type NoticeDetail = v.InferOutput<typeof NoticeDetailSchema>

const RateRowSchema = v.object({
  code: v.string(),
  name: NoticeTextSchema,
  level: v.picklist(['prefecture', 'county', 'township', 'village']),
  reads: v.number(),
  audience: v.number(),
  /** has regions below it to drill into */
  hasChildren: v.boolean(),
})
export type RateRow = v.InferOutput<typeof RateRowSchema>

const RegionItemSchema = v.object({
  code: v.string(),
  name: NoticeTextSchema,
  level: v.picklist(['prefecture', 'county', 'township', 'village']),
})
export type RegionItem = v.InferOutput<typeof RegionItemSchema>

const noticeId = v.object({ id })

/**
 * Which of the caller's roles the app reads as (its household, or the official themself), as the feed
 * answered it. Sent back with the next feed or open, it lets the function start the reads that depend on
 * the reader beside the caller's lookup (an official's households, the receipt of the notice opened); the
 * function uses it only when it is one of the caller's own roles, and reads as the caller otherwise.
 */
const ActingAsSchema = v.object({ role: v.picklist(['household', 'official'], 'validation.invalid'), id })
export type ActingAs = v.InferOutput<typeof ActingAsSchema>

export const notices = defineFunction('notices', {
  /** Creates (with a client-made id, so a resend is harmless) or edits a draft; editing a published notice starts a new revision. */
  save: action({
    input: v.object({ id, draft: NoticeDraftSchema }),
    output: v.object({ id: v.string(), status: v.picklist(NOTICE_STATUSES), revision: v.number() }),
    roles: ['office'],
    scope: 'region',
    writes: true,
  }),
  /** Sends the draft (or the pending revision) for review; its text passes content moderation first. */
  submit: action({
    input: noticeId,
    output: v.object({ status: v.picklist(NOTICE_STATUSES) }),
    roles: ['office'],
    scope: 'region',
    writes: true,
  }),
  approve: action({
    input: noticeId,
    output: v.object({ status: v.picklist(NOTICE_STATUSES) }),
    roles: ['reviewer'],
    scope: 'region',
    writes: true,
  }),
  returnNotice: action({
    input: v.object({
      id,
      comment: v.pipe(
        v.string(),
        v.trim(),
        v.minLength(1, 'validation.required'),
        v.maxLength(500, 'validation.tooLong'),
      ),
    }),
    output: v.object({ status: v.picklist(NOTICE_STATUSES) }),
    roles: ['reviewer'],
    scope: 'region',
    writes: true,
  }),
  /** Publishes an approved notice (readers see it from its publish time) and queues the push. */
  publish: action({
    input: noticeId,
    output: v.object({ status: v.picklist(NOTICE_STATUSES), revision: v.number() }),
    roles: ['office'],
    scope: 'region',
    writes: true,
  }),
  retract: action({
    input: v.object({
      id,
      reason: v.pipe(
        v.string(),
        v.trim(),
        v.minLength(1, 'validation.required'),
        v.maxLength(500, 'validation.tooLong'),
      ),
    }),
    output: v.object({ status: v.picklist(NOTICE_STATUSES) }),
    roles: ['office'],
    scope: 'region',
    writes: true,
  }),
  /** The office's notices (its region and below), newest first. */
  mine: action({
    // bounded: a page far past the end would make a skip beyond any safe integer (1e308 × 20 is Infinity)
    input: v.object({
      page: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MINE_PAGES_MAX)), 0),
    }),
    output: v.object({ items: v.array(RecordSummarySchema), more: v.boolean() }),
    roles: ['office'],
    scope: 'region',
    list: true,
  }),
  /** What waits for review in the reviewer's region. */
  queue: action({
    input: v.object({}),
    output: v.object({ items: v.array(RecordSummarySchema) }),
    roles: ['reviewer'],
    scope: 'region',
    list: true,
  }),
  /** One notice with its review history and push progress, for its author, offices above and reviewers. */
  record: action({
    input: noticeId,
    output: NoticeRecordSchema,
    roles: ['office', 'reviewer'],
    scope: 'region',
  }),
  /** Notices for the reader, unread first, newest first. */
  feed: action({
    input: v.object({
      page: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
      pageSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(FEED_PAGE_MAX)), 10),
      as: v.optional(ActingAsSchema),
    }),
    output: v.object({ items: v.array(FeedItemSchema), unread: v.number(), more: v.boolean(), as: ActingAsSchema }),
    roles: ['household', 'official'],
    scope: 'self',
    list: true,
  }),
  /** A notice's content; records the caller's read receipt (once). */
  open: action({
    input: v.object({ id, as: v.optional(ActingAsSchema) }),
    output: NoticeDetailSchema,
    roles: ['household', 'official'],
    scope: 'self',
    writes: true,
  }),
  /** Read rates by region: the notice's audience regions, or the regions one level under `region`. */
  readRates: action({
    /** `readers`: whose reads, for a notice to both (default households) */
    input: v.object({
      id,
      region: v.optional(regionCode),
      readers: v.optional(v.picklist(['households', 'officials'])),
    }),
    output: v.object({
      roles: v.picklist(AUDIENCE_ROLES),
      readers: v.picklist(['households', 'officials']),
      rows: v.array(RateRowSchema),
      total: v.object({ reads: v.number(), audience: v.number() }),
    }),
    roles: ['office', 'reviewer'],
    scope: 'region',
    list: true,
  }),
  /** The caller's paired households that were meant to read a notice and have not yet. */
  unreadHouseholds: action({
    input: noticeId,
    output: v.object({
      items: v.array(
        v.object({ id: v.string(), headName: v.string(), village: NoticeTextSchema, phoneMasked: v.string() }),
      ),
      read: v.number(),
    }),
    roles: ['official'],
    // the caller's own paired households, found by the function: there is no household in the input
    scope: 'self',
    list: true,
  }),
  /** An official forwarded a notice to a household in WeChat: logged as a contact. */
  forwardToHousehold: action({
    input: v.object({ id, householdId: id, contactId: id }),
    output: v.object({ contactId: v.string() }),
    roles: ['official'],
    scope: 'household',
    writes: true,
  }),
  /** The user accepted (or refused) `requestSubscribeMessage` for the notice template. */
  subscribe: action({
    input: v.object({ accepted: v.boolean() }),
    output: v.object({ remaining: v.number() }),
    roles: ['household', 'official'],
    scope: 'self',
    writes: true,
  }),
  /** A region and the regions one level under it, for the audience picker (the caller's office region by default). */
  regions: action({
    input: v.object({ region: v.optional(regionCode) }),
    output: v.object({ region: RegionItemSchema, children: v.array(RegionItemSchema) }),
    roles: ['office'],
    scope: 'region',
    list: true,
  }),
  /** Whether to ask the user to subscribe (the household home and the notices list call this). */
  subscription: action({
    input: v.object({}),
    output: v.object({ remaining: v.number(), askSubscribe: v.boolean() }),
    roles: ['household', 'official'],
    scope: 'self',
  }),
})
