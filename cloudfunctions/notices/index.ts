/**
 * The notices function: writing and review (先审后发), the reader's feed and receipts, read rates, and
 * the push dispatch its timer runs. Rules live in ./domain; this file reads, checks and writes.
 *
 * Round trips that matter at the scale of 264,974 households (∥ = sent together, one round trip):
 * - publishing writes the notice and creates its counters document: 2 writes, whatever the audience;
 * - the feed, when the client names its reader (`reader`, checked against the caller's roles): caller ∥
 *   the reader's record ∥ its latest receipts → one query over notices (`audienceRegions` in the
 *   reader's 4 codes). 2 round trips (an official's paired households join the first). Without
 *   `reader`: caller → record → notices → receipts of the notices found, 4;
 * - opening, with `reader`: caller ∥ record ∥ the notice ∥ the reader's receipt of it → on a first read,
 *   the receipt insert ∥ one `$inc` (the 4 region counters). 2 round trips; a repeat read 1. A first
 *   read racing another of the same reader takes its increment back in a third. Without `reader`: 3–4.
 */
import cloud from 'wx-server-sdk'
import type { RoleGrant } from '../../src/shared/contracts/identity'
import type { FeedItem, NoticeRecord, RateRow, RecordSummary } from '../../src/shared/contracts/notices'
import type { ReaderHint } from '../../src/shared/contracts/notices'
import { NOTICE_TEMPLATE_ID, notices } from '../../src/shared/contracts/notices'
import { AppError } from '../../src/shared/errors'
import type { Lang } from '../../src/shared/i18n'
import { isLang } from '../../src/shared/i18n'
import type { ActionContext, Db, Handlers } from '../_shared/handler'
import { readEarly, serve } from '../_shared/handler'
import { maskPhone } from '@shared/mask'
import type { Reader } from './domain/audience'
import { isLive, reaches, within } from './domain/audience'
import { levelOf } from '../../src/shared/region'
import type { PushState, NoticeDoc, Office } from './domain/review'
import {
  approveNotice,
  createNotice,
  editNotice,
  officeCovers,
  publishNotice,
  retractNotice,
  returnNotice,
  reviewedVersion,
  reviewerCovers,
  submitNotice,
} from './domain/review'
import type { NoticeStats } from './domain/receipts'
import { counterIncrements, readsIn, receiptFor, receiptId, unreadFirst } from './domain/receipts'
import type { Subscription } from './domain/push'
import { messageData, outcomeOf, shouldAsk, tally } from './domain/push'
import { coll, getById, insertOnce, rows } from '../_shared/db'
import { FORWARDS, NOTICES, READS, STATS, SUBSCRIPTIONS, getNotice, writeTransition } from './data'

/** the most recent live notices a feed considers; a village sees far fewer at any time */
const FEED_WINDOW = 200
const MINE_PAGE = 20
/** subscriptions handled per dispatch batch, and messages sent at once within a batch */
const PUSH_BATCH = 100
const PUSH_PARALLEL = 10
/** a timer run stops starting batches after this long, well inside the function's timeout */
const PUSH_BUDGET_MS = 12_000

const templateId = () => process.env.NOTICE_TEMPLATE_ID || NOTICE_TEMPLATE_ID

// ---------------------------------------------------------------------------------------------------
// Who is calling

function grantsOf(ctx: ActionContext): RoleGrant[] {
  return ctx.scope.grants
}

function regionsOf(ctx: ActionContext, role: 'office' | 'reviewer'): string[] {
  return grantsOf(ctx).flatMap((g) => (g.role === role ? [g.region] : []))
}

/** The caller's office grant that covers `codes` (the first office grant when none is asked for). */
function officeFor(ctx: ActionContext, covers: (region: string) => boolean = () => true): Office {
  const region = regionsOf(ctx, 'office').find(covers)
  if (!region) throw new AppError('FORBIDDEN', 'notice.outsideRegion')
  return { openid: ctx.caller.openid, region }
}

function reviewerFor(ctx: ActionContext, doc: NoticeDoc): Office {
  const region = regionsOf(ctx, 'reviewer').find((r) => reviewerCovers(doc, r))
  if (!region) throw new AppError('FORBIDDEN', 'notice.outsideReviewRegion')
  return { openid: ctx.caller.openid, region }
}

/**
 * Reads started beside the caller's lookup (serve's `early`), for the reader the client named (`reader` in
 * feed and open). They are used only once the caller's roles show that reader is theirs.
 */
interface Early {
  hint: ReaderHint
  /** the reader's household or official record */
  record: Promise<{ regionPath?: string[] } | undefined>
  /** an official's paired households (feed) */
  households?: Promise<PairedHousehold[]>
  /** the notices the reader has read, most recent first (feed) */
  receipts?: Promise<{ noticeId: string }[]>
  /** the notice asked for, and the reader's receipt of it (open) */
  noticeId?: string
  notice?: Promise<NoticeDoc | undefined>
  receipt?: Promise<{ _id: string } | undefined>
}

/** the receipts a feed reads beside the caller; with more, the feed asks for the ones it shows */
const RECEIPT_WINDOW = 1000

function startEarly(event: unknown, db: Db): Early | undefined {
  const e = event as { action?: unknown; data?: { reader?: { kind?: unknown; id?: unknown }; id?: unknown } }
  if (e?.action !== 'feed' && e?.action !== 'open') return undefined
  const { kind, id } = e.data?.reader ?? {}
  if ((kind !== 'household' && kind !== 'official') || typeof id !== 'string' || !id || id.length > 64) return undefined
  const hint: ReaderHint = { kind, id }
  const early: Early = {
    hint,
    record: readEarly(getById(db, kind === 'household' ? 'households' : 'officials', id, { regionPath: true })),
  }
  if (e.action === 'feed') {
    if (kind === 'official') early.households = readEarly(pairedHouseholds(db, id))
    early.receipts = readEarly(
      rows<{ noticeId: string }>(
        coll(db, READS)
          .where({ readerId: id, readerKind: kind })
          .orderBy('at', 'desc')
          .limit(RECEIPT_WINDOW)
          .field({ noticeId: true }),
      ),
    )
  } else if (typeof e.data?.id === 'string' && e.data.id && e.data.id.length <= 64) {
    early.noticeId = e.data.id
    early.notice = readEarly(getById<NoticeDoc>(db, NOTICES, e.data.id))
    early.receipt = readEarly(getById(db, READS, receiptId(e.data.id, hint), { _id: true }))
  }
  return early
}

/** the early reads, if the reader they were made for is the caller's */
function earlyFor(ctx: ActionContext): Early | undefined {
  const early = ctx.early as Early | undefined
  if (!early) return undefined
  const { kind, id } = early.hint
  const mine = grantsOf(ctx).some(
    (g) =>
      (kind === 'household' && g.role === 'household' && g.householdId === id) ||
      (kind === 'official' && g.role === 'official' && g.officialId === id),
  )
  return mine ? early : undefined
}

/** The household (preferred) or official the caller reads as, with its regionPath: one request, or
 * none beyond the early reads when the client named a reader of the caller's. */
async function readerOf(ctx: ActionContext): Promise<Reader> {
  const early = earlyFor(ctx)
  const record = early && (await early.record)
  if (early && record) return { kind: early.hint.kind, id: early.hint.id, regionPath: record.regionPath ?? [] }
  for (const grant of grantsOf(ctx)) {
    if (grant.role === 'household') {
      const doc = await getById<{ regionPath: string[] }>(ctx.db, 'households', grant.householdId, { regionPath: true })
      if (doc) return { kind: 'household', id: grant.householdId, regionPath: doc.regionPath }
    }
    if (grant.role === 'official') {
      const doc = await getById<{ regionPath?: string[] }>(ctx.db, 'officials', grant.officialId, { regionPath: true })
      if (doc) return { kind: 'official', id: grant.officialId, regionPath: doc.regionPath ?? [] }
    }
  }
  throw new AppError('FORBIDDEN')
}

/** An official's paired households, with what the notice screens need. */
interface PairedHousehold {
  _id: string
  regionPath: string[]
  head?: { name?: { 'zh-Hans': string; bo: string } }
  phone?: string
}

async function pairedHouseholds(db: Db, officialId: string): Promise<PairedHousehold[]> {
  return rows<PairedHousehold>(
    coll(db, 'households')
      .where({ officialIds: officialId })
      .field({ regionPath: true, head: true, phone: true })
      .limit(100),
  )
}

// ---------------------------------------------------------------------------------------------------
// Shapes sent back

function summary(doc: NoticeDoc, openid: string): RecordSummary {
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

function record(doc: NoticeDoc, ctx: ActionContext, regionNames: NoticeRecord['regionNames']): NoticeRecord {
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
      ? { state: doc.push.state, sent: doc.push.sent, noSubscription: doc.push.noSubscription, failed: doc.push.failed }
      : null,
    regionNames,
  }
}

/** An office on the notice's path (its own or above) or a reviewer of its region may look at it. */
function checkCanSee(doc: NoticeDoc, ctx: ActionContext): void {
  const office = regionsOf(ctx, 'office').some((r) => officeCovers(doc, r))
  const reviewer = regionsOf(ctx, 'reviewer').some((r) => reviewerCovers(doc, r))
  if (!office && !reviewer) throw new AppError('FORBIDDEN', 'notice.outsideRegion')
}

// ---------------------------------------------------------------------------------------------------
// Moderation

/** security.msgSecCheck v2 on each written language (title and body together); fails closed. */
async function passesModeration(doc: NoticeDoc, openid: string): Promise<boolean> {
  const draft = doc.pending?.draft ?? doc.draft
  for (const lang of ['zh-Hans', 'bo'] as const) {
    const content = [draft.title[lang], draft.body[lang]].filter(Boolean).join('\n')
    if (!content) continue
    try {
      const res = (await cloud.openapi.security.msgSecCheck({ content, version: 2, scene: 3, openid })) as {
        result?: { suggest?: string }
      }
      if (res.result?.suggest !== 'pass') return false
    } catch {
      return false
    }
  }
  return true
}

// ---------------------------------------------------------------------------------------------------
// Handlers

const handlers: Handlers<typeof notices> = {
  async save({ id, draft }, ctx) {
    const now = Date.now()
    const office = officeFor(ctx, (r) => draft.audience.regions.every((code) => within(code, r)))
    const existing = await getById<NoticeDoc>(ctx.db, NOTICES, id)
    if (!existing) {
      const doc = createNotice(id, draft, office, now)
      if (!(await insertOnce(ctx.db, NOTICES, { ...doc }))) throw new AppError('CONFLICT')
      return { id, status: doc.status, revision: doc.revision }
    }
    const next = editNotice(existing, draft, office, now)
    await writeTransition(ctx.db, existing, next)
    return { id, status: next.status, revision: next.pending?.revision ?? next.revision }
  },

  async submit({ id }, ctx) {
    const doc = await getNotice(ctx.db, id)
    const office = officeFor(ctx, (r) => officeCovers(doc, r))
    const next = submitNotice(doc, office, Date.now())
    if (!(await passesModeration(doc, ctx.caller.openid)))
      throw new AppError('INVALID_ARGUMENT', 'notice.moderationFailed')
    await writeTransition(ctx.db, doc, next)
    return { status: next.status }
  },

  async approve({ id }, ctx) {
    const doc = await getNotice(ctx.db, id)
    const next = approveNotice(doc, reviewerFor(ctx, doc), Date.now())
    await writeTransition(ctx.db, doc, next)
    return { status: next.status }
  },

  async returnNotice({ id, comment }, ctx) {
    const doc = await getNotice(ctx.db, id)
    const next = returnNotice(doc, reviewerFor(ctx, doc), comment, Date.now())
    await writeTransition(ctx.db, doc, next)
    return { status: next.status }
  },

  async publish({ id }, ctx) {
    const doc = await getNotice(ctx.db, id)
    const office = officeFor(ctx, (r) => officeCovers(doc, r))
    const next = publishNotice(doc, office, Date.now())
    await writeTransition(ctx.db, doc, next)
    if (doc.publishedAt === null) {
      // The counters document must exist before the first `$inc`: an update never creates a document.
      await coll(ctx.db, STATS)
        .doc(id)
        .set({ data: { household: {}, official: {} } })
    }
    return { status: next.status, revision: next.revision }
  },

  async retract({ id, reason }, ctx) {
    const doc = await getNotice(ctx.db, id)
    const office = officeFor(ctx, (r) => officeCovers(doc, r))
    const next = retractNotice(doc, office, reason, Date.now())
    await writeTransition(ctx.db, doc, next)
    return { status: next.status }
  },

  async mine({ page }, ctx) {
    const _ = ctx.db.command
    const regions = regionsOf(ctx, 'office')
    const docs = await rows<NoticeDoc>(
      coll(ctx.db, NOTICES)
        .where({ officePath: _.in(regions) })
        .orderBy('updatedAt', 'desc')
        .skip(page * MINE_PAGE)
        .limit(MINE_PAGE + 1)
        .field({ history: false }),
    )
    return { items: docs.slice(0, MINE_PAGE).map((d) => summary(d, ctx.caller.openid)), more: docs.length > MINE_PAGE }
  },

  async queue(_input, ctx) {
    const _ = ctx.db.command
    const regions = regionsOf(ctx, 'reviewer')
    const docs = await rows<NoticeDoc>(
      coll(ctx.db, NOTICES)
        .where({ reviewState: 'submitted', reviewPath: _.in(regions) })
        .orderBy('updatedAt', 'asc')
        .limit(100)
        .field({ history: false }),
    )
    return { items: docs.map((d) => summary(d, ctx.caller.openid)) }
  },

  async record({ id }, ctx) {
    const _ = ctx.db.command
    const doc = await getNotice(ctx.db, id)
    checkCanSee(doc, ctx)
    const codes = [...new Set([...doc.draft.audience.regions, ...(doc.pending?.draft.audience.regions ?? [])])]
    const regions = await rows<{ _id: string; name?: { 'zh-Hans': string; bo: string } }>(
      coll(ctx.db, 'regions')
        .where({ _id: _.in(codes) })
        .field({ name: true })
        .limit(100),
    )
    return record(doc, ctx, Object.fromEntries(regions.flatMap((r) => (r.name ? [[r._id, r.name]] : []))))
  },

  async feed({ page, pageSize }, ctx) {
    const _ = ctx.db.command
    const now = Date.now()
    const reader = await readerOf(ctx)
    const early = earlyFor(ctx)
    const live = { status: 'published', publishAt: _.lte(now), expireAt: _.gt(now) }
    let where: Record<string, unknown>
    let householdCodes: string[] = []
    if (reader.kind === 'household') {
      where = { ...live, audienceRegions: _.in(reader.regionPath), audienceKinds: 'household' }
    } else {
      // Officials: notices for officials where they live, and what their households received.
      const households = await (early?.households ?? pairedHouseholds(ctx.db, reader.id))
      householdCodes = [...new Set(households.flatMap((h) => h.regionPath))]
      where = {
        ...live,
        audienceRegions: _.in([...new Set([...reader.regionPath, ...householdCodes])]),
      }
    }
    const docs = await rows<
      Pick<NoticeDoc, '_id' | 'draft' | 'publishAt' | 'publishedAt' | 'audienceKinds' | 'audienceRegions'>
    >(
      coll(ctx.db, NOTICES).where(where).orderBy('publishAt', 'desc').limit(FEED_WINDOW).field({
        'draft.title': true,
        'draft.category': true,
        'draft.media': true,
        publishAt: true,
        publishedAt: true,
        audienceKinds: true,
        audienceRegions: true,
      }),
    )
    const visible = docs.filter((d) => {
      const forMe =
        d.audienceKinds.includes(reader.kind) && d.audienceRegions.some((c) => reader.regionPath.includes(c))
      const forMyHouseholds =
        d.audienceKinds.includes('household') && d.audienceRegions.some((c) => householdCodes.includes(c))
      return forMe || forMyHouseholds
    })
    const read = new Set<string>()
    const known = early?.receipts && (await early.receipts)
    if (known && known.length < RECEIPT_WINDOW) {
      for (const r of known) read.add(r.noticeId)
    } else if (visible.length) {
      const receipts = await rows<{ noticeId: string }>(
        coll(ctx.db, READS)
          .where({ _id: _.in(visible.map((d) => receiptId(d._id, reader))) })
          .field({ noticeId: true })
          .limit(FEED_WINDOW),
      )
      for (const r of receipts) read.add(r.noticeId)
    }
    const items: FeedItem[] = unreadFirst(
      visible.map((d) => ({
        id: d._id,
        title: d.draft.title,
        category: d.draft.category,
        publishedAt: Math.max(d.publishAt, d.publishedAt ?? 0),
        read: read.has(d._id),
        hasAudio: d.draft.media.some((m) => m.kind === 'audio'),
        hasImage: d.draft.media.some((m) => m.kind === 'image'),
        forHouseholds: !(
          d.audienceKinds.includes(reader.kind) && d.audienceRegions.some((c) => reader.regionPath.includes(c))
        ),
      })),
    )
    const start = page * pageSize
    return {
      items: items.slice(start, start + pageSize),
      unread: items.filter((i) => !i.read).length,
      more: items.length > start + pageSize,
    }
  },

  async open({ id }, ctx) {
    const now = Date.now()
    const early = earlyFor(ctx)
    const [reader, found] = await Promise.all([
      readerOf(ctx),
      early?.notice && early.noticeId === id ? early.notice : getById<NoticeDoc>(ctx.db, NOTICES, id),
    ])
    if (!found || !isLive(found, now)) throw new AppError('NOT_FOUND')
    const doc = found
    const audience = doc.draft.audience
    if (reaches(audience, reader)) {
      // The receipt's `_id` is unique per notice and reader: only the insert that creates it counts.
      const _ = ctx.db.command
      const counters = (by: number) =>
        Object.fromEntries(Object.entries(counterIncrements(reader)).map(([k, n]) => [k, _.inc(n * by)]))
      const stats = coll(ctx.db, STATS).doc(id)
      const receipt = { ...receiptFor(id, reader, now) }
      const hinted =
        early?.receipt && early.noticeId === id && early.hint.kind === reader.kind && early.hint.id === reader.id
      if (!hinted) {
        if (await insertOnce(ctx.db, READS, receipt)) await stats.update({ data: counters(1) })
      } else if (!(await early.receipt)) {
        // Not read before (as of the early read): the receipt and the counters go together, and a second
        // open racing this one, whose insert is refused, takes its increments back.
        const [inserted] = await Promise.all([insertOnce(ctx.db, READS, receipt), stats.update({ data: counters(1) })])
        if (!inserted) await stats.update({ data: counters(-1) })
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
    const urls = new Map<string, string>()
    if (media.length) {
      const res = (await cloud.getTempFileURL({ fileList: media.map((m) => m.fileID) })) as {
        fileList?: { fileID: string; tempFileURL?: string }[]
      }
      for (const f of res.fileList ?? []) urls.set(f.fileID, f.tempFileURL ?? '')
    }
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
    let regions: { _id: string; name?: { 'zh-Hans': string; bo: string } }[]
    if (region) {
      if (!audienceRegions.some((code) => within(region, code))) throw new AppError('FORBIDDEN', 'notice.outsideRegion')
      regions = await rows(coll(ctx.db, 'regions').where({ parent: region }).field({ name: true }).limit(1000))
    } else {
      regions = await rows(
        coll(ctx.db, 'regions')
          .where({ _id: _.in(audienceRegions) })
          .field({ name: true })
          .limit(100),
      )
    }
    const [stats, counts] = await Promise.all([
      getById<NoticeStats>(ctx.db, STATS, id),
      Promise.all(
        regions.map(async (r) => {
          const res = (await coll(ctx.db, kind === 'household' ? 'households' : 'officials')
            .where({ regionPath: r._id })
            .count()) as { total?: number }
          return res.total ?? 0
        }),
      ),
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
    const grant = grantsOf(ctx).find((g) => g.role === 'official')
    if (!grant || grant.role !== 'official') throw new AppError('FORBIDDEN')
    const doc = await getNotice(ctx.db, id)
    const households = (await pairedHouseholds(ctx.db, grant.officialId)).filter((h) =>
      reaches(doc.draft.audience, { kind: 'household', regionPath: h.regionPath }),
    )
    if (!households.length) return { items: [], read: 0 }
    const receipts = await rows<{ readerId: string }>(
      coll(ctx.db, READS)
        .where({ _id: _.in(households.map((h) => receiptId(id, { kind: 'household', id: h._id }))) })
        .field({ readerId: true })
        .limit(100),
    )
    const read = new Set(receipts.map((r) => r.readerId))
    const villages = [...new Set(households.map((h) => h.regionPath[3] ?? ''))].filter(Boolean)
    const names = new Map(
      (
        await rows<{ _id: string; name: { 'zh-Hans': string; bo: string } }>(
          coll(ctx.db, 'regions')
            .where({ _id: _.in(villages) })
            .field({ name: true })
            .limit(100),
        )
      ).map((r) => [r._id, r.name]),
    )
    return {
      items: households
        .filter((h) => !read.has(h._id))
        .map((h) => ({
          id: h._id,
          headName: h.head?.name?.['zh-Hans'] || h.head?.name?.bo || '',
          village: names.get(h.regionPath[3] ?? '') ?? { 'zh-Hans': '', bo: '' },
          phoneMasked: maskPhone(h.phone ?? ''),
        })),
      read: read.size,
    }
  },

  async forwardToHousehold({ id, householdId, contactId }, ctx) {
    const grant = grantsOf(ctx).find((g) => g.role === 'official')
    const household = ctx.scope.household
    if (!grant || grant.role !== 'official' || !household) throw new AppError('FORBIDDEN')
    // The household scope admits only paired officials here (the action admits no office role).
    if (!(household.officialIds ?? []).includes(grant.officialId)) throw new AppError('FORBIDDEN', 'notice.notPaired')
    const doc = await getNotice(ctx.db, id)
    if (
      !isLive(doc, Date.now()) ||
      !reaches(doc.draft.audience, { kind: 'household', regionPath: household.regionPath })
    ) {
      throw new AppError('FORBIDDEN', 'notice.notInAudience')
    }
    // The contact itself is logged through the contacts function by the official's client (its rollups
    // stay exact); this records which notice it carried. Idempotent per notice and household.
    await insertOnce(ctx.db, FORWARDS, {
      _id: `${id}:${householdId}`,
      noticeId: id,
      householdId,
      officialId: grant.officialId,
      contactId,
      at: Date.now(),
    })
    return { contactId }
  },

  async regions({ region }, ctx) {
    const code = region ?? officeFor(ctx).region
    type RegionDoc = { _id: string; name?: { 'zh-Hans': string; bo: string } }
    const [self, children] = await Promise.all([
      getById<RegionDoc>(ctx.db, 'regions', code, { name: true }),
      rows<RegionDoc>(coll(ctx.db, 'regions').where({ parent: code }).field({ name: true }).limit(1000)),
    ])
    if (!self) throw new AppError('NOT_FOUND')
    const item = (r: RegionDoc) => ({
      code: r._id,
      name: r.name ?? { 'zh-Hans': r._id, bo: '' },
      level: levelOf(r._id) ?? ('village' as const),
    })
    return { region: item(self), children: children.map(item).sort((a, b) => (a.code < b.code ? -1 : 1)) }
  },

  async subscribe({ accepted }, ctx) {
    const reader = await readerOf(ctx)
    const existing = await getById<Subscription>(ctx.db, SUBSCRIPTIONS, ctx.caller.openid)
    const remaining = (existing?.remaining ?? 0) + (accepted ? 1 : 0)
    const lang: Lang = isLang(ctx.lang) ? ctx.lang : 'zh-Hans'
    const doc: Omit<Subscription, '_id'> = {
      kind: reader.kind,
      lang,
      regionPath: reader.regionPath,
      remaining,
      updatedAt: Date.now(),
    }
    await coll(ctx.db, SUBSCRIPTIONS).doc(ctx.caller.openid).set({ data: doc })
    return { remaining }
  },

  async subscription(_input, ctx) {
    const existing = await getById<Subscription>(ctx.db, SUBSCRIPTIONS, ctx.caller.openid, { remaining: true })
    const remaining = existing?.remaining ?? 0
    return { remaining, askSubscribe: shouldAsk(remaining) }
  },
}

const served = serve(notices, handlers, { early: startEarly })

// ---------------------------------------------------------------------------------------------------
// Push dispatch (timer)

async function sendOne(sub: Subscription, doc: NoticeDoc, sender: string): Promise<ReturnType<typeof outcomeOf>> {
  try {
    await cloud.openapi.subscribeMessage.send({
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

/** Sends one batch for one notice and records the progress; true when the audience is exhausted. */
async function dispatchBatch(db: Db, doc: NoticeDoc, sender: string): Promise<boolean> {
  const _ = db.command
  const push = doc.push as PushState
  const where: Record<string, unknown> = {
    regionPath: _.in(doc.audienceRegions),
    kind: _.in(doc.audienceKinds),
  }
  if (push.cursor) where._id = _.gt(push.cursor)
  const subs = await rows<Subscription>(coll(db, SUBSCRIPTIONS).where(where).orderBy('_id', 'asc').limit(PUSH_BATCH))
  const outcomes: ReturnType<typeof outcomeOf>[] = []
  for (let i = 0; i < subs.length; i += PUSH_PARALLEL) {
    outcomes.push(...(await Promise.all(subs.slice(i, i + PUSH_PARALLEL).map((s) => sendOne(s, doc, sender)))))
  }
  const sent = subs.filter((_s, i) => outcomes[i] === 'sent').map((s) => s._id)
  const none = subs.filter((_s, i) => outcomes[i] === 'noSubscription').map((s) => s._id)
  if (sent.length)
    await coll(db, SUBSCRIPTIONS)
      .where({ _id: _.in(sent) })
      .update({ data: { remaining: _.inc(-1) } })
  if (none.length)
    await coll(db, SUBSCRIPTIONS)
      .where({ _id: _.in(none) })
      .update({ data: { remaining: 0 } })
  const exhausted = subs.length < PUSH_BATCH
  const next = tally(push, outcomes, subs.at(-1)?._id ?? push.cursor, exhausted)
  // Progress only; a retraction in the meantime wins (status no longer published).
  await coll(db, NOTICES)
    .where({ _id: doc._id, status: 'published' })
    .update({ data: { push: _.set(next) } })
  doc.push = next
  return exhausted
}

export async function dispatchPush(db: Db, budgetMs = PUSH_BUDGET_MS): Promise<{ notices: number; batches: number }> {
  const _ = db.command
  const started = Date.now()
  const due = await rows<NoticeDoc>(
    coll(db, NOTICES)
      .where({ 'push.state': _.in(['waiting', 'running']), status: 'published', publishAt: _.lte(Date.now()) })
      .field({ history: false })
      .limit(20),
  )
  let batches = 0
  for (const doc of due) {
    const [office] = await rows<{ name?: { 'zh-Hans': string } }>(
      coll(db, 'regions').where({ _id: doc.officeRegion }).field({ name: true }).limit(1),
    )
    const sender = office?.name?.['zh-Hans'] ?? ''
    while (Date.now() - started < budgetMs) {
      batches += 1
      if (await dispatchBatch(db, doc, sender)) break
    }
  }
  return { notices: due.length, batches }
}

let initialised = false

export async function main(event: unknown): Promise<unknown> {
  if (event && typeof event === 'object' && (event as { Type?: string }).Type === 'Timer') {
    if (!initialised) {
      // The SDK types DYNAMIC_CURRENT_ENV as a symbol although `init` accepts it.
      cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string })
      initialised = true
    }
    return dispatchPush(cloud.database())
  }
  return served(event as Parameters<typeof served>[0])
}
