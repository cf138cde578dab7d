/**
 * The notices function: writing and review (先审后发), the reader's feed and receipts, read rates, and
 * the push dispatch its timer runs. Rules live in ./domain; this file reads, checks and writes.
 *
 * Round trips that matter at the scale of 264,974 households (∥ = sent together, one round trip):
 * - publishing writes the notice and creates its counters document: 2 writes, whatever the audience;
 * - who reads: the caller's household or official grant carries its `regionPath` (written at binding), so
 *   the reader and its region are known once the caller is looked up, with no read of its record (an
 *   older grant without it costs one read of the record);
 * - the feed: caller → one query over notices (`audienceRegions` in the reader's 4 codes) ∥ the reader's
 *   latest receipts. 2 round trips. An official's feed also needs their paired households before the
 *   notices query: read beside the caller when the client names the role it acts as (`as`, which the feed
 *   answers), else in a round trip of their own (3);
 * - opening: caller ∥ the notice ∥ the reader's receipt of it (by id, when the client names `as`) → on a
 *   first read, the receipt insert ∥ one `$inc` (the 4 region counters). 2 round trips; a repeat read 1.
 *   A first read racing another of the same reader takes its increment back in a third. Without `as`
 *   the receipt is read after the caller: 3 round trips, a repeat read 2.
 */
import { passesModeration } from '@fn/moderation'
import type cloud from 'wx-server-sdk'
import type { Household, Notice, NoticeSubscription, PushState, ReaderKind } from '@config/documents'
import type { ActingAs, FeedItem, NoticeRecord, PushReach, RateRow, RecordSummary } from '@shared/contracts/notices'
import { NOTICE_TEMPLATE_ID, missingText, notices } from '@shared/contracts/notices'
import type { Bilingual } from '@shared/bilingual'
import { pick } from '@shared/bilingual'
import type { FieldIssue } from '@shared/errors'
import { AppError } from '@shared/errors'
import type { Lang, MessageKey } from '@shared/i18n'
import { t } from '@shared/i18n'
import { maskPhone } from '@shared/mask'
import { covers, levelOf } from '@shared/region'
import { now as nowInstant } from '@shared/time'
import type { Db, Projected } from '@fn/db'
import { aggregated, collection } from '@fn/db'
import type { ActionContext, Handlers, TimerContext } from '@fn/handler'
import { serve } from '@fn/handler'
import { acceptFiles, temporaryUrls } from '@fn/storage'
import type { Reader } from './domain/audience'
import { isLive, reaches } from './domain/audience'
import type { Office } from './domain/review'
import {
  approveNotice,
  createNotice,
  editNotice,
  officeCovers,
  officeOwns,
  publishNotice,
  retractNotice,
  returnNotice,
  reviewedVersion,
  reviewerCovers,
  submitNotice,
} from './domain/review'
import { counterIncrements, readsIn, receiptFor, receiptId, unreadFirst } from './domain/receipts'
import type { SendOutcome } from './domain/push'
import { claim, messageData, outcomeOf, shouldAsk, tally } from './domain/push'
import { getNotice, writeTransition } from './data'

/** the most recent live notices a feed considers; a village sees far fewer at any time */
const FEED_WINDOW = 200
/** the receipts a feed reads beside its notices; with more, the feed asks for the ones it shows */
const RECEIPT_WINDOW = 1000
const MINE_PAGE = 20
/** subscriptions handled per dispatch batch, and messages sent at once within a batch */
const PUSH_BATCH = 100
const PUSH_PARALLEL = 10
/** a timer run stops starting batches after this long, well inside the function's timeout */
const PUSH_BUDGET_MS = 12_000

const templateId = () => process.env.NOTICE_TEMPLATE_ID || NOTICE_TEMPLATE_ID

/** A read started before an await that may throw: its own failure must not go unhandled meanwhile. */
function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined)
  return promise
}

// ---------------------------------------------------------------------------------------------------
// Reads started beside the caller's lookup (serve's prefetch), from the input alone

type PairedHousehold = Projected<Household, 'regionPath' | 'head' | 'phone'>

/** An official's paired households, with what the notice screens need. */
function pairedHouseholds(db: Db, officialId: string): Promise<PairedHousehold[]> {
  return collection(db, 'households').find(
    { officialIds: officialId },
    { fields: ['regionPath', 'head', 'phone'], limit: 100 },
  )
}

const prefetch = {
  feed: ({ as }: { as?: ActingAs | undefined }, db: Db) => ({
    households: as?.role === 'official' ? pairedHouseholds(db, as.id) : undefined,
  }),
  open: ({ id, as }: { id: string; as?: ActingAs | undefined }, db: Db) => ({
    notice: collection(db, 'notices').get(id),
    receipt: as ? collection(db, 'noticeReads').get(receiptId(id, { kind: as.role, id: as.id }), ['_id']) : undefined,
  }),
}

const options = { prefetch, timers: { pushDispatch } }

// ---------------------------------------------------------------------------------------------------
// Who is calling

function regionsOf(ctx: ActionContext, role: 'office' | 'reviewer'): string[] {
  return ctx.scope.grants.flatMap((g) => (g.role === role ? [g.region] : []))
}

/** The caller's first office region that `fits` (any office region when nothing is asked of it). */
function officeFor(ctx: ActionContext, fits: (region: string) => boolean = () => true): Office {
  const region = regionsOf(ctx, 'office').find(fits)
  if (!region) throw new AppError('FORBIDDEN', 'notice.outsideRegion')
  return { openid: ctx.caller.openid, region }
}

/** The caller's office that wrote the notice; an office above it is told the notice is not its own. */
function ownerFor(ctx: ActionContext, doc: Notice): Office {
  const offices = regionsOf(ctx, 'office')
  const region = offices.find((r) => officeOwns(doc, r))
  if (region) return { openid: ctx.caller.openid, region }
  throw new AppError(
    'FORBIDDEN',
    offices.some((r) => officeCovers(doc, r)) ? 'notice.notOwnOffice' : 'notice.outsideRegion',
  )
}

function reviewerFor(ctx: ActionContext, doc: Notice): Office {
  const grant = ctx.scope.grants.find((g) => g.role === 'reviewer' && reviewerCovers(doc, g.region))
  if (grant?.role !== 'reviewer') throw new AppError('FORBIDDEN', 'notice.outsideReviewRegion')
  // who appointed the reviewer: separation of duties (domain/review.ts) refuses the author's own appointees
  const appointedBy = { openid: grant.grantedBy, offices: grant.grantedByOffices }
  return { openid: ctx.caller.openid, region: grant.region, appointedBy }
}

/**
 * The household or official the caller reads as: the role the client names when it is the caller's,
 * else their first household or official grant. The grant carries the reader's regionPath; an older
 * grant without it costs a read of the record (and a record that is gone passes to the next grant).
 */
async function readerOf(ctx: ActionContext, as?: ActingAs): Promise<Reader> {
  const grants = ctx.scope.grants.flatMap((g): { kind: Reader['kind']; id: string; regionPath?: string[] }[] =>
    g.role === 'household'
      ? [{ kind: 'household', id: g.householdId, regionPath: g.regionPath }]
      : g.role === 'official'
        ? [{ kind: 'official', id: g.officialId, regionPath: g.regionPath }]
        : [],
  )
  const chosen = as && grants.find((g) => g.kind === as.role && g.id === as.id)
  for (const grant of chosen ? [chosen, ...grants.filter((g) => g !== chosen)] : grants) {
    if (grant.regionPath) return { kind: grant.kind, id: grant.id, regionPath: grant.regionPath }
    const doc =
      grant.kind === 'household'
        ? await collection(ctx.db, 'households').get(grant.id, ['regionPath'])
        : await collection(ctx.db, 'officials').get(grant.id, ['regionPath'])
    if (doc) return { kind: grant.kind, id: grant.id, regionPath: doc.regionPath ?? [] }
  }
  throw new AppError('FORBIDDEN')
}

/** Whether the role the client named is the reader: only then are the reads prefetched for it used. */
function named(as: ActingAs | undefined, reader: Reader): boolean {
  return as !== undefined && as.role === reader.kind && as.id === reader.id
}

// ---------------------------------------------------------------------------------------------------
// Shapes sent back

type Listed = Projected<Notice, (typeof LISTED)[number]>
const LISTED = ['status', 'pending', 'revision', 'draft', 'updatedAt', 'editors'] as const

function summary(doc: Listed, openid: string): RecordSummary {
  const shown = doc.pending?.draft ?? doc.draft
  return {
    id: doc._id,
    status: doc.status,
    pendingStatus: doc.pending?.status ?? null,
    revision: doc.pending?.revision ?? doc.revision,
    title: shown.title,
    category: shown.category,
    audience: shown.audience,
    updatedAt: doc.updatedAt,
    authoredByMe: (reviewedVersion(doc)?.editors ?? doc.editors).includes(openid),
  }
}

function record(
  doc: Notice,
  ctx: ActionContext,
  regionNames: NoticeRecord['regionNames'],
  mediaUrls: Map<string, string>,
): NoticeRecord {
  const openid = ctx.caller.openid
  const version = reviewedVersion(doc)
  const canReview =
    version?.status === 'submitted' &&
    !version.editors.includes(openid) &&
    regionsOf(ctx, 'reviewer').some((r) => reviewerCovers(doc, r))
  return {
    id: doc._id,
    status: doc.status,
    revision: doc.revision,
    draft: doc.draft,
    pending: doc.pending
      ? { revision: doc.pending.revision, status: doc.pending.status, draft: doc.pending.draft }
      : null,
    authoredByMe: (version?.editors ?? doc.editors).includes(openid),
    canReview,
    publishedAt: doc.publishedAt,
    retractReason: doc.retractReason,
    returnComment: doc.pending?.returnComment ?? doc.returnComment,
    history: doc.history.map(({ by, ...event }) => ({ ...event, byMe: by === openid })),
    push: doc.push
      ? {
          state: doc.push.state,
          sent: doc.push.sent,
          noSubscription: doc.push.noSubscription,
          failed: doc.push.failed,
          reach: doc.push.reach ?? null,
        }
      : null,
    regionNames,
    office: {
      region: doc.officeRegion,
      name: regionNames[doc.officeRegion] ?? { 'zh-Hans': doc.officeRegion, bo: '' },
    },
    ownOffice: regionsOf(ctx, 'office').some((r) => officeOwns(doc, r)),
    mediaUrls: Object.fromEntries(mediaUrls),
  }
}

/** An office on the notice's path (its own or above) or a reviewer of its region may look at it. */
function checkCanSee(doc: Notice, ctx: ActionContext): void {
  const office = regionsOf(ctx, 'office').some((r) => officeCovers(doc, r))
  const reviewer = regionsOf(ctx, 'reviewer').some((r) => reviewerCovers(doc, r))
  if (!office && !reviewer) throw new AppError('FORBIDDEN', 'notice.outsideRegion')
}

// ---------------------------------------------------------------------------------------------------
// Moderation

/** A field of the submitted draft, named as the editor names it (the `draft` of `save`). */
const draftField = (lang: Lang, field: 'title' | 'body', language: Lang, key: MessageKey): FieldIssue => ({
  path: `draft.${field}.${language}`,
  message: t(lang, key),
})

/**
 * The version sent for review still has the text the schema asks for (a draft stored before a rule was
 * added may not): refused with the fields to fill, in the caller's language.
 */
function checkComplete(doc: Notice, lang: Lang): void {
  const draft = doc.pending?.draft ?? doc.draft
  const missing = missingText(draft)
  if (missing.length === 0) return
  const details = missing.map(({ path: [field, language], message }) => draftField(lang, field, language, message))
  throw new AppError('INVALID_ARGUMENT', missing[0]!.message, undefined, details)
}

/**
 * Each written language's title and body, checked together as one post; a language held back is named
 * by its two fields, so the author knows which text to change.
 */
async function checkModeration(ctx: ActionContext, doc: Notice): Promise<void> {
  const draft = doc.pending?.draft ?? doc.draft
  const held: FieldIssue[] = []
  for (const language of ['zh-Hans', 'bo'] as const) {
    const text = [draft.title[language], draft.body[language]].filter(Boolean).join('\n')
    if (await passesModeration(ctx.cloud, [text], ctx.caller.openid, 3)) continue
    for (const field of ['title', 'body'] as const)
      held.push(draftField(ctx.lang, field, language, 'notice.moderationFailed'))
  }
  if (held.length) throw new AppError('INVALID_ARGUMENT', 'notice.moderationFailed', undefined, held)
}

// ---------------------------------------------------------------------------------------------------
// Handlers

const handlers: Handlers<typeof notices, typeof options> = {
  async save({ id, draft }, ctx) {
    const now = nowInstant()
    const existing = await collection(ctx.db, 'notices').get(id)
    const office = existing
      ? ownerFor(ctx, existing)
      : officeFor(ctx, (r) => draft.audience.regions.every((code) => covers(r, code)))
    // media from this notice's upload folder, or kept from what the notice already holds
    const kept = existing
      ? [...existing.draft.media, ...(existing.pending?.draft.media ?? [])].map((m) => m.fileID)
      : []
    acceptFiles(
      ctx,
      'draft.media',
      draft.media.map((m) => m.fileID),
      { kind: 'noticeMedia', id },
      kept,
    )
    if (!existing) {
      const doc = createNotice(id, draft, office, now)
      if (!(await collection(ctx.db, 'notices').addOnce(doc))) throw new AppError('CONFLICT')
      return { id, status: doc.status, revision: doc.revision }
    }
    const next = editNotice(existing, draft, office, now)
    await writeTransition(ctx.db, existing, next)
    return { id, status: next.status, revision: next.pending?.revision ?? next.revision }
  },

  async submit({ id }, ctx) {
    const doc = await getNotice(ctx.db, id)
    const next = submitNotice(doc, ownerFor(ctx, doc), nowInstant())
    checkComplete(doc, ctx.lang)
    await checkModeration(ctx, doc)
    await writeTransition(ctx.db, doc, next)
    return { status: next.status }
  },

  async approve({ id }, ctx) {
    const doc = await getNotice(ctx.db, id)
    const next = approveNotice(doc, reviewerFor(ctx, doc), nowInstant())
    await writeTransition(ctx.db, doc, next)
    return { status: next.status }
  },

  async returnNotice({ id, comment }, ctx) {
    const doc = await getNotice(ctx.db, id)
    const next = returnNotice(doc, reviewerFor(ctx, doc), comment, nowInstant())
    await writeTransition(ctx.db, doc, next)
    return { status: next.status }
  },

  async publish({ id }, ctx) {
    const doc = await getNotice(ctx.db, id)
    const next = publishNotice(doc, ownerFor(ctx, doc), nowInstant())
    await writeTransition(ctx.db, doc, next)
    // The counters document must exist before the first `$inc`: an update never creates a document.
    if (doc.publishedAt === null) await collection(ctx.db, 'noticeStats').set(id, { household: {}, official: {} })
    return { status: next.status, revision: next.revision }
  },

  async retract({ id, reason }, ctx) {
    const doc = await getNotice(ctx.db, id)
    const next = retractNotice(doc, ownerFor(ctx, doc), reason, nowInstant())
    await writeTransition(ctx.db, doc, next)
    return { status: next.status }
  },

  async mine({ page }, ctx) {
    const _ = ctx.db.command
    const docs = await collection(ctx.db, 'notices').find(
      { officePath: _.in(regionsOf(ctx, 'office')) },
      { fields: LISTED, orderBy: [['updatedAt', 'desc']], skip: page * MINE_PAGE, limit: MINE_PAGE + 1 },
    )
    return { items: docs.slice(0, MINE_PAGE).map((d) => summary(d, ctx.caller.openid)), more: docs.length > MINE_PAGE }
  },

  async queue(_input, ctx) {
    const _ = ctx.db.command
    const docs = await collection(ctx.db, 'notices').find(
      { reviewState: 'submitted', reviewPath: _.in(regionsOf(ctx, 'reviewer')) },
      { fields: LISTED, orderBy: [['updatedAt', 'asc']], limit: 100 },
    )
    return { items: docs.map((d) => summary(d, ctx.caller.openid)) }
  },

  async record({ id }, ctx) {
    const _ = ctx.db.command
    const doc = await getNotice(ctx.db, id)
    checkCanSee(doc, ctx)
    const codes = [
      ...new Set([doc.officeRegion, ...doc.draft.audience.regions, ...(doc.pending?.draft.audience.regions ?? [])]),
    ]
    const media = [...doc.draft.media, ...(doc.pending?.draft.media ?? [])]
    // URLs only for the notice's own uploads, asked beside the names
    const [regions, urls] = await Promise.all([
      collection(ctx.db, 'regions').find({ _id: _.in(codes) }, { fields: ['name'], limit: 100 }),
      temporaryUrls(
        ctx.cloud,
        media.map((m) => ({ fileId: m.fileID, owner: { kind: 'noticeMedia' as const, id: doc._id } })),
      ),
    ])
    const names = Object.fromEntries(regions.flatMap((r) => (r.name ? [[r._id, r.name]] : [])))
    return record(doc, ctx, names, urls)
  },

  async feed({ page, pageSize, as }, ctx) {
    const _ = ctx.db.command
    const now = nowInstant()
    const reader = await readerOf(ctx, as)
    const receipts = started(
      collection(ctx.db, 'noticeReads').find(
        { readerId: reader.id, readerKind: reader.kind },
        { fields: ['noticeId'], orderBy: [['at', 'desc']], limit: RECEIPT_WINDOW },
      ),
    )
    const live = { status: 'published', publishAt: _.lte(now), expireAt: _.gt(now) }
    let where: object
    let householdCodes: string[] = []
    if (reader.kind === 'household') {
      where = { ...live, audienceRegions: _.in(reader.regionPath), audienceKinds: 'household' }
    } else {
      // Officials: notices for officials where they live, and what their households received.
      const early = named(as, reader) ? ctx.prefetched.households : undefined
      const households = await (early ?? pairedHouseholds(ctx.db, reader.id))
      householdCodes = [...new Set(households.flatMap((h) => h.regionPath))]
      where = { ...live, audienceRegions: _.in([...new Set([...reader.regionPath, ...householdCodes])]) }
    }
    const docs = await collection(ctx.db, 'notices').find(where, {
      fields: [
        'draft.title',
        'draft.category',
        'draft.media',
        'publishAt',
        'publishedAt',
        'audienceKinds',
        'audienceRegions',
      ],
      orderBy: [['publishAt', 'desc']],
      limit: FEED_WINDOW,
    })
    const forReader = (d: (typeof docs)[number]) =>
      d.audienceKinds.includes(reader.kind) && d.audienceRegions.some((c) => reader.regionPath.includes(c))
    const visible = docs.filter(
      (d) =>
        forReader(d) ||
        (d.audienceKinds.includes('household') && d.audienceRegions.some((c) => householdCodes.includes(c))),
    )
    const read = new Set<string>()
    const latest = await receipts
    if (latest.length < RECEIPT_WINDOW) {
      for (const r of latest) read.add(r.noticeId)
    } else if (visible.length) {
      const shown = await collection(ctx.db, 'noticeReads').find(
        { _id: _.in(visible.map((d) => receiptId(d._id, reader))) },
        { fields: ['noticeId'], limit: FEED_WINDOW },
      )
      for (const r of shown) read.add(r.noticeId)
    }
    const items: FeedItem[] = unreadFirst(
      visible.map((d) => ({
        id: d._id,
        title: d.draft.title,
        category: d.draft.category,
        publishedAt: d.publishedAt !== null && d.publishedAt > d.publishAt ? d.publishedAt : d.publishAt,
        read: read.has(d._id),
        hasAudio: d.draft.media.some((m) => m.kind === 'audio'),
        hasImage: d.draft.media.some((m) => m.kind === 'image'),
        forHouseholds: !forReader(d),
      })),
    )
    const start = page * pageSize
    return {
      items: items.slice(start, start + pageSize),
      unread: items.filter((i) => !i.read).length,
      more: items.length > start + pageSize,
      as: { role: reader.kind, id: reader.id },
    }
  },

  async open({ id, as }, ctx) {
    const now = nowInstant()
    const reader = await readerOf(ctx, as)
    const doc = await ctx.prefetched.notice
    if (!doc || !isLive(doc, now)) throw new AppError('NOT_FOUND')
    const audience = doc.draft.audience
    if (reaches(audience, reader)) {
      const reads = collection(ctx.db, 'noticeReads')
      const stats = collection(ctx.db, 'noticeStats')
      const known = named(as, reader) ? ctx.prefetched.receipt : undefined
      const before = await (known ?? reads.get(receiptId(id, reader), ['_id']))
      if (!before) {
        // The receipt's `_id` is unique per notice and reader: the receipt and the counters go together,
        // and a second open racing this one, whose insert is refused, takes its increments back.
        const _ = ctx.db.command
        const counters = (by: number) =>
          Object.fromEntries(Object.entries(counterIncrements(reader)).map(([k, n]) => [k, _.inc(n * by)]))
        const [inserted] = await Promise.all([
          reads.addOnce(receiptFor(id, reader, now)),
          stats.update(id, counters(1)),
        ])
        if (!inserted) await stats.update(id, counters(-1))
      }
    } else if (reader.kind === 'official' && audience.roles !== 'officials') {
      // An official may open what their households received (to relay it), without a receipt of their own.
      const households = await pairedHouseholds(ctx.db, reader.id)
      if (!households.some((h) => reaches(audience, { kind: 'household', regionPath: h.regionPath }))) {
        throw new AppError('FORBIDDEN', 'notice.notInAudience')
      }
    } else {
      throw new AppError('FORBIDDEN', 'notice.notInAudience')
    }
    const media = doc.draft.media
    // URLs only for the notice's own uploads
    const urls = await temporaryUrls(
      ctx.cloud,
      media.map((m) => ({ fileId: m.fileID, owner: { kind: 'noticeMedia' as const, id: doc._id } })),
    )
    return {
      id: doc._id,
      revision: doc.revision,
      title: doc.draft.title,
      body: doc.draft.body,
      category: doc.draft.category,
      publishedAt: doc.publishedAt ?? doc.publishAt,
      media: media.map((m) => ({ ...m, url: urls.get(m.fileID) ?? '' })),
    }
  },

  async readRates({ id, region, readers: asked }, ctx) {
    const _ = ctx.db.command
    const doc = await getNotice(ctx.db, id)
    checkCanSee(doc, ctx)
    const roles = doc.draft.audience.roles
    const readers = roles === 'both' ? (asked ?? 'households') : roles
    if (asked && asked !== readers) throw new AppError('INVALID_ARGUMENT', 'notice.notInAudience')
    const kind = readers === 'officials' ? 'official' : 'household'
    const audienceRegions = doc.draft.audience.regions
    if (region && !audienceRegions.some((code) => covers(code, region)))
      throw new AppError('FORBIDDEN', 'notice.outsideRegion')
    const regions = region
      ? await collection(ctx.db, 'regions').find({ parent: region }, { fields: ['name'], limit: 1000 })
      : await collection(ctx.db, 'regions').find({ _id: _.in(audienceRegions) }, { fields: ['name'], limit: 100 })
    const people = collection(ctx.db, kind === 'household' ? 'households' : 'officials')
    const [stats, counts] = await Promise.all([
      collection(ctx.db, 'noticeStats').get(id),
      Promise.all(regions.map((r) => people.count({ regionPath: r._id }))),
    ])
    const rateRows: RateRow[] = regions
      .map((r, i) => ({
        code: r._id,
        name: r.name ?? { 'zh-Hans': r._id, bo: '' },
        level: levelOf(r._id) ?? 'village',
        reads: readsIn(stats, kind, r._id),
        audience: counts[i] ?? 0,
        hasChildren: levelOf(r._id) !== 'village',
      }))
      .sort((a, b) => (a.code < b.code ? -1 : 1))
    return {
      roles,
      readers,
      rows: rateRows,
      total: {
        reads: rateRows.reduce((s, r) => s + r.reads, 0),
        audience: rateRows.reduce((s, r) => s + r.audience, 0),
      },
    }
  },

  async unreadHouseholds({ id }, ctx) {
    const _ = ctx.db.command
    const grant = ctx.scope.grants.find((g) => g.role === 'official')
    if (!grant || grant.role !== 'official') throw new AppError('FORBIDDEN')
    const [doc, paired] = await Promise.all([getNotice(ctx.db, id), pairedHouseholds(ctx.db, grant.officialId)])
    const households = paired.filter((h) =>
      reaches(doc.draft.audience, { kind: 'household', regionPath: h.regionPath }),
    )
    if (!households.length) return { items: [], read: 0 }
    const villages = [...new Set(households.map((h) => h.regionPath[3] ?? ''))].filter(Boolean)
    const [receipts, regions] = await Promise.all([
      collection(ctx.db, 'noticeReads').find(
        { _id: _.in(households.map((h) => receiptId(id, { kind: 'household', id: h._id }))) },
        { fields: ['readerId'], limit: 100 },
      ),
      collection(ctx.db, 'regions').find({ _id: _.in(villages) }, { fields: ['name'], limit: 100 }),
    ])
    const read = new Set(receipts.map((r) => r.readerId))
    const names = new Map(regions.map((r) => [r._id, r.name]))
    return {
      items: households
        .filter((h) => !read.has(h._id))
        .map((h) => ({
          id: h._id,
          headName: pick(h.head?.name, 'zh-Hans'),
          village: names.get(h.regionPath[3] ?? '') ?? { 'zh-Hans': '', bo: '' },
          phoneMasked: maskPhone(h.phone ?? ''),
        })),
      read: read.size,
    }
  },

  async forwardToHousehold({ id, householdId, contactId }, ctx) {
    const grant = ctx.scope.grants.find((g) => g.role === 'official')
    const household = ctx.scope.household
    if (!grant || grant.role !== 'official' || !household) throw new AppError('FORBIDDEN')
    // The household scope admits only paired officials here (the action admits no office role).
    if (!(household.officialIds ?? []).includes(grant.officialId)) throw new AppError('FORBIDDEN', 'notice.notPaired')
    const doc = await getNotice(ctx.db, id)
    const now = nowInstant()
    if (!isLive(doc, now) || !reaches(doc.draft.audience, { kind: 'household', regionPath: household.regionPath })) {
      throw new AppError('FORBIDDEN', 'notice.notInAudience')
    }
    // The contact itself is logged through the contacts function by the official's client (its rollups
    // stay exact); this records which notice it carried. Idempotent per notice and household.
    await collection(ctx.db, 'noticeForwards').addOnce({
      _id: `${id}:${householdId}`,
      noticeId: id,
      householdId,
      officialId: grant.officialId,
      contactId,
      at: now,
    })
    return { contactId }
  },

  async regions({ region }, ctx) {
    const code = region ?? officeFor(ctx).region
    const regions = collection(ctx.db, 'regions')
    const [self, children] = await Promise.all([
      regions.get(code, ['name']),
      regions.find({ parent: code }, { fields: ['name'], limit: 1000 }),
    ])
    if (!self) throw new AppError('NOT_FOUND')
    const item = (r: { _id: string; name?: Bilingual }) => ({
      code: r._id,
      name: r.name ?? { 'zh-Hans': r._id, bo: '' },
      level: levelOf(r._id) ?? ('village' as const),
    })
    return { region: item(self), children: children.map(item).sort((a, b) => (a.code < b.code ? -1 : 1)) }
  },

  async subscribe({ accepted }, ctx) {
    const subscriptions = collection(ctx.db, 'noticeSubscriptions')
    const [reader, existing] = await Promise.all([readerOf(ctx), subscriptions.get(ctx.caller.openid, ['remaining'])])
    const remaining = (existing?.remaining ?? 0) + (accepted ? 1 : 0)
    await subscriptions.set(ctx.caller.openid, {
      kind: reader.kind,
      lang: ctx.lang,
      regionPath: reader.regionPath,
      remaining,
      updatedAt: nowInstant(),
    })
    return { remaining }
  },

  async subscription(_input, ctx) {
    const existing = await collection(ctx.db, 'noticeSubscriptions').get(ctx.caller.openid, ['remaining'])
    const remaining = existing?.remaining ?? 0
    return { remaining, askSubscribe: shouldAsk(remaining) }
  },
}

// ---------------------------------------------------------------------------------------------------
// Push dispatch (timer)

type Dispatched = Projected<
  Notice,
  'draft' | 'publishAt' | 'publishedAt' | 'audienceRegions' | 'audienceKinds' | 'officeRegion' | 'push'
>

async function sendOne(
  sdk: typeof cloud,
  sub: NoticeSubscription,
  doc: Dispatched,
  sender: string,
): Promise<SendOutcome> {
  try {
    await sdk.openapi.subscribeMessage.send({
      touser: sub._id,
      templateId: templateId(),
      page: `pages/household/notices/detail?id=${doc._id}`,
      data: messageData(doc.draft, sub.lang, doc.publishedAt ?? doc.publishAt, sender),
      miniprogramState: 'formal',
    })
    return 'sent'
  } catch (error) {
    return outcomeOf(Number((error as { errCode?: number }).errCode ?? -1))
  }
}

/**
 * Claims the next batch of one notice's audience and sends it. The claim moves the push cursor past the
 * batch only where it still stands at `push.cursor` (one document changed, or another run got there
 * first and this one stops), so concurrent runs never send a subscription the same notice twice.
 * Answers the push state after the claim, or undefined when this run lost it.
 */
async function dispatchBatch(
  db: Db,
  sdk: typeof cloud,
  doc: Dispatched,
  push: PushState,
  sender: string,
): Promise<PushState | undefined> {
  const _ = db.command
  const subscriptions = collection(db, 'noticeSubscriptions')
  const after = push.cursor ? { _id: _.gt(push.cursor) } : {}
  const subs = await subscriptions.find(
    { regionPath: _.in(doc.audienceRegions), kind: _.in(doc.audienceKinds), ...after },
    { orderBy: [['_id', 'asc']], limit: PUSH_BATCH },
  )
  const claimed = claim(push, subs.at(-1)?._id ?? push.cursor, subs.length < PUSH_BATCH)
  const won = await collection(db, 'notices').updateWhere(
    { _id: doc._id, status: 'published', 'push.cursor': push.cursor, 'push.state': push.state },
    { 'push.cursor': claimed.cursor, 'push.state': claimed.state },
  )
  if (won !== 1) return undefined
  const outcomes: SendOutcome[] = []
  for (let i = 0; i < subs.length; i += PUSH_PARALLEL) {
    outcomes.push(...(await Promise.all(subs.slice(i, i + PUSH_PARALLEL).map((s) => sendOne(sdk, s, doc, sender)))))
  }
  const whose = (outcome: SendOutcome) => subs.filter((_s, i) => outcomes[i] === outcome).map((s) => s._id)
  const sent = whose('sent')
  const none = whose('noSubscription')
  const counts = tally(outcomes)
  await Promise.all([
    sent.length ? subscriptions.updateWhere({ _id: _.in(sent) }, { remaining: _.inc(-1) }) : 0,
    none.length ? subscriptions.updateWhere({ _id: _.in(none) }, { remaining: 0 }) : 0,
    subs.length
      ? collection(db, 'notices').update(doc._id, {
          'push.sent': _.inc(counts.sent),
          'push.noSubscription': _.inc(counts.noSubscription),
          'push.failed': _.inc(counts.failed),
        })
      : 0,
  ])
  return claimed
}

/**
 * One kind of reader in the audience: how many there are, how many have a WeChat user bound (a user's
 * grant carries its record's regionPath since binding wrote it there), and those users. The database
 * groups the users by record and answers one document.
 */
async function readersOf(
  db: Db,
  kind: ReaderKind,
  regions: string[],
): Promise<{ total: number; bound: number; users: number }> {
  const _ = db.command
  const idField = kind === 'household' ? 'householdId' : 'officialId'
  const [total, grouped] = await Promise.all([
    collection(db, kind === 'household' ? 'households' : 'officials').count({ regionPath: _.in(regions) }),
    aggregated<{ bound: number; users: number }>(
      collection(db, 'users')
        .aggregate()
        .match({ roles: _.elemMatch({ role: kind, regionPath: _.in(regions) }) })
        .group({ _id: `$${idField}`, users: { $sum: 1 } })
        .group({ _id: null, bound: { $sum: 1 }, users: { $sum: '$users' } })
        .limit(1),
    ),
  ])
  const bound = Math.min(total, grouped[0]?.bound ?? 0)
  return { total, bound, users: grouped[0]?.users ?? 0 }
}

/**
 * Who the audience holds and why some of it cannot get a message: readers with no bound WeChat user, and
 * bound users who never accepted the notice message (they have no subscription document, so the batches
 * never see them). Counted once, when the push starts.
 */
async function reachOf(db: Db, doc: Dispatched): Promise<PushReach> {
  const _ = db.command
  const none = { total: 0, bound: 0, users: 0 }
  const kinds = doc.audienceKinds
  const [households, officials, subscribed] = await Promise.all([
    kinds.includes('household') ? readersOf(db, 'household', doc.audienceRegions) : none,
    kinds.includes('official') ? readersOf(db, 'official', doc.audienceRegions) : none,
    collection(db, 'noticeSubscriptions').count({ regionPath: _.in(doc.audienceRegions), kind: _.in(kinds) }),
  ])
  return {
    households: households.total,
    householdsUnbound: households.total - households.bound,
    officials: officials.total,
    officialsUnbound: officials.total - officials.bound,
    notSubscribed: Math.max(0, households.users + officials.users - subscribed),
  }
}

async function pushDispatch({ db, cloud: sdk }: TimerContext): Promise<{ notices: number; batches: number }> {
  const _ = db.command
  const begun = Date.now()
  const due = await collection(db, 'notices').find(
    { 'push.state': _.in(['waiting', 'running']), status: 'published', publishAt: _.lte(nowInstant()) },
    {
      fields: ['draft', 'publishAt', 'publishedAt', 'audienceRegions', 'audienceKinds', 'officeRegion', 'push'],
      limit: 20,
    },
  )
  let batches = 0
  for (const doc of due) {
    const office = await collection(db, 'regions').get(doc.officeRegion, ['name'])
    const sender = office?.name?.['zh-Hans'] ?? ''
    let push = doc.push ?? undefined
    if (push && !push.reach) {
      // Two runs at once count the same figures: whichever writes last writes the same.
      const reach = await reachOf(db, doc)
      await collection(db, 'notices').update(doc._id, { 'push.reach': _.set(reach) })
      push = { ...push, reach }
    }
    while (push && push.state !== 'done' && Date.now() - begun < PUSH_BUDGET_MS) {
      batches += 1
      push = await dispatchBatch(db, sdk, doc, push, sender)
    }
  }
  return { notices: due.length, batches }
}

export const main = serve(notices, handlers, options)
