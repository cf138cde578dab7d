import type { ContactInput } from '@shared/contracts/contacts'
import type { ReportInput } from '@shared/contracts/requests'
import {
  Outbox,
  OutboxFullError,
  PHOTO_BUDGET_BYTES,
  PhotoGoneError,
  STORAGE_KEY,
  backoffMs,
  type OutboxDeps,
  type SendResult,
} from '@/services/outbox-core'

/** A phone: storage that outlives an Outbox instance, a clock, a network that can be down, a server that dedupes. */
function phone() {
  const disk = new Map<string, string>()
  const server = new Map<string, string>()
  const timers: { at: number; fn: () => void }[] = []
  const state = {
    online: true,
    now: 1_000_000,
    n: 0,
    sends: 0,
    uploads: 0,
    dropped: [] as string[],
    gone: new Set<string>(),
  }
  const deps: OutboxDeps = {
    storage: { get: (k) => disk.get(k), set: (k, v) => void disk.set(k, v) },
    async send(contact: ContactInput): Promise<SendResult> {
      state.sends += 1
      if (!state.online) return { ok: false, code: 'NETWORK' }
      const body = JSON.stringify({ ...contact, id: undefined })
      const stored = server.get(contact.id)
      if (stored !== undefined && stored !== body) return { ok: false, code: 'CONFLICT' }
      server.set(contact.id, body)
      return { ok: true }
    },
    async sendReport(report: ReportInput): Promise<SendResult> {
      state.sends += 1
      if (!state.online) return { ok: false, code: 'NETWORK' }
      const body = JSON.stringify({ ...report, id: undefined, kind: 'report' })
      const stored = server.get(report.id)
      if (stored !== undefined && stored !== body) return { ok: false, code: 'CONFLICT' }
      server.set(report.id, body)
      return { ok: true }
    },
    async upload(path, cloudPath) {
      if (state.gone.has(path)) throw new PhotoGoneError(path)
      if (!state.online) throw new Error('offline')
      state.uploads += 1
      return `cloud://shiliuzi.local/${cloudPath}`
    },
    async keepPhoto(temp) {
      return { path: `saved/${temp}`, bytes: Number(temp.split(':')[1] ?? 1000) }
    },
    async keepAudio(temp) {
      return { path: `saved/${temp}`, bytes: Number(temp.split(':')[1] ?? 1000) }
    },
    dropPhoto: (p) => void state.dropped.push(p),
    uuid: () => `00000000-0000-4000-8000-${String(++state.n).padStart(12, '0')}`,
    now: () => state.now,
    schedule: (fn, ms) => void timers.push({ at: state.now + ms, fn }),
  }
  const advance = async (ms: number) => {
    state.now += ms
    for (const t of timers.splice(0).filter((t) => t.at <= state.now)) t.fn()
    await new Promise((r) => setTimeout(r, 0))
  }
  return { disk, server, state, deps, advance }
}

function draft(box: Outbox, householdId = 'h1'): Omit<ContactInput, 'photos'> {
  return {
    id: box.newId(),
    householdId,
    channel: 'visit',
    at: '2025-03-10T09:00:00+08:00',
    topics: ['policy'],
    notes: '',
    locationConsent: false,
    needs: [],
  }
}

describe('the contacts outbox', () => {
  it('keeps contacts saved offline across an app restart and shows how many wait', async () => {
    const p = phone()
    p.state.online = false
    const box = new Outbox(p.deps)
    const seen: number[] = []
    box.subscribe((s) => seen.push(s.waiting))
    await box.add(draft(box))
    await box.add(draft(box))
    await box.flush()
    expect(box.summary().waiting).toBe(2)
    expect(seen.at(-1)).toBe(2)
    const reopened = new Outbox(p.deps)
    expect(reopened.summary().waiting).toBe(2)
    p.state.online = true
    await reopened.wake()
    expect(reopened.summary()).toMatchObject({ waiting: 0, sent: 2 })
    expect(p.server.size).toBe(2)
  })

  it('treats an item left "sending" by a killed app as waiting, and its resend is stored once', async () => {
    const p = phone()
    const box = new Outbox(p.deps)
    const item = await box.add(draft(box))
    p.disk.set(STORAGE_KEY, JSON.stringify([{ ...item, state: 'sending' }]))
    p.server.set(item.id, JSON.stringify({ ...item.contact, photos: [], id: undefined }))
    const reopened = new Outbox(p.deps)
    await reopened.wake()
    expect(reopened.summary()).toMatchObject({ sent: 1, conflict: 0 })
    expect(p.server.size).toBe(1)
  })

  it('retries with growing waits and sends when the network returns', async () => {
    const p = phone()
    p.state.online = false
    const box = new Outbox(p.deps)
    await box.add(draft(box))
    await box.flush()
    expect(box.list()[0]).toMatchObject({ state: 'waiting', reason: 'NETWORK', attempts: 1 })
    await p.advance(backoffMs(1))
    expect(box.list()[0]?.attempts).toBe(2)
    expect(backoffMs(2)).toBeGreaterThan(backoffMs(1))
    p.state.online = true
    await p.advance(backoffMs(2))
    expect(box.summary()).toMatchObject({ waiting: 0, sent: 1 })
  })

  it('marks a conflict for review instead of retrying it', async () => {
    const p = phone()
    const box = new Outbox(p.deps)
    const d = draft(box)
    p.server.set(d.id, 'something else')
    await box.add(d)
    await box.flush()
    expect(box.summary()).toMatchObject({ conflict: 1, waiting: 0 })
  })

  it('uploads photos before the contact, once, and frees them after sending', async () => {
    const p = phone()
    p.state.online = false
    const box = new Outbox(p.deps)
    const item = await box.add(draft(box), ['a.jpg:300000', 'b.jpg:200000'])
    expect(box.summary().photoBytes).toBe(500000)
    p.state.online = true
    await box.wake()
    expect(p.state.uploads).toBe(2)
    expect(JSON.parse(p.server.get(item.id) as string).photos).toEqual([
      `cloud://shiliuzi.local/contacts/${item.id}/0.jpg`,
      `cloud://shiliuzi.local/contacts/${item.id}/1.jpg`,
    ])
    expect(p.state.dropped).toEqual(['saved/a.jpg:300000', 'saved/b.jpg:200000'])
    expect(box.summary().photoBytes).toBe(0)
  })

  it('stops on a photo the phone lost instead of retrying forever, and sends without it when the official says so', async () => {
    const p = phone()
    const box = new Outbox(p.deps)
    const item = await box.add(draft(box), ['a.jpg:1000', 'b.jpg:1000'])
    p.state.gone.add('saved/b.jpg:1000')
    await box.wake()
    expect(box.list()[0]).toMatchObject({ state: 'failed', reason: 'PHOTO_GONE' })
    expect(box.list()[0]!.photos.map((x) => Boolean(x.gone))).toEqual([false, true])
    expect(p.state.sends).toBe(0)
    await p.advance(3_600_000)
    expect(p.state.uploads).toBe(1)
    await box.sendWithoutLostPhotos(item.id)
    expect(box.list()[0]!.state).toBe('sent')
    expect(JSON.parse(p.server.get(item.id) as string).photos).toEqual([
      `cloud://shiliuzi.local/contacts/${item.id}/0.jpg`,
    ])
  })

  it('uploads a voice note once into the contact folder, sends its fileID, resends it unchanged, and frees it', async () => {
    const p = phone()
    const box = new Outbox(p.deps)
    // the first send's answer is lost: the contact goes again, the recording is not uploaded again
    p.deps.send = async (contact) => {
      p.state.sends += 1
      p.server.set(contact.id, JSON.stringify({ ...contact, id: undefined }))
      return p.state.sends === 1 ? { ok: false, code: 'NETWORK' } : { ok: true }
    }
    const item = await box.add(draft(box), [], { path: 'rec.mp3:40000', ext: 'mp3' })
    expect(box.summary().photoBytes).toBe(40000)
    await box.wake()
    expect(box.list()[0]!.state).toBe('waiting')
    await p.advance(3_000)
    expect(box.list()[0]!.state).toBe('sent')
    expect(p.state.uploads).toBe(1)
    expect(p.state.sends).toBe(2)
    expect(JSON.parse(p.server.get(item.id) as string).voiceNote).toBe(
      `cloud://shiliuzi.local/contacts/${item.id}/voice.mp3`,
    )
    expect(p.state.dropped).toEqual(['saved/rec.mp3:40000'])
    expect(box.summary().photoBytes).toBe(0)
  })

  it('refuses photos beyond the 10 MB budget with the "full" message and keeps nothing of that contact', async () => {
    const p = phone()
    p.state.online = false
    const box = new Outbox(p.deps)
    await box.add(draft(box), [`big.jpg:${PHOTO_BUDGET_BYTES - 100}`])
    await expect(box.add(draft(box), ['more.jpg:200'])).rejects.toBeInstanceOf(OutboxFullError)
    expect(box.summary().waiting).toBe(1)
    expect(p.state.dropped).toEqual(['saved/more.jpg:200'])
  })
})

describe('requests in the outbox', () => {
  const need = (box: Outbox) => ({ id: box.newId(), householdId: 'h2', category: 'other', text: '屋顶漏雨' })

  it('keeps a request recorded offline beside contacts and sends each by its own call once the network returns', async () => {
    const p = phone()
    p.state.online = false
    const box = new Outbox(p.deps)
    const contact = await box.add(draft(box))
    const request = await box.addReport(need(box), ['roof.jpg:30000'])
    expect(await box.addReport({ ...need(box), id: request.id })).toBe(request)
    await box.flush()
    const reopened = new Outbox(p.deps)
    expect(reopened.summary()).toMatchObject({ waiting: 2, photoBytes: 30000 })
    expect(reopened.list().map((i) => [i.id, Boolean(i.report)])).toEqual([
      [contact.id, false],
      [request.id, true],
    ])
    p.state.online = true
    await reopened.wake()
    expect(reopened.summary()).toMatchObject({ waiting: 0, sent: 2, photoBytes: 0 })
    expect(JSON.parse(p.server.get(request.id) as string)).toEqual({
      householdId: 'h2',
      category: 'other',
      text: '屋顶漏雨',
      photos: [`cloud://shiliuzi.local/requests/${request.id}/0.jpg`],
      kind: 'report',
    })
    expect(JSON.parse(p.server.get(contact.id) as string).kind).toBeUndefined()
  })

  it('sends a request without photos with none, and a request stored with other words is a conflict', async () => {
    const p = phone()
    const box = new Outbox(p.deps)
    const plain = await box.addReport(need(box))
    await box.flush()
    expect(JSON.parse(p.server.get(plain.id) as string).photos).toBeUndefined()
    const other = need(box)
    p.server.set(other.id, 'another text')
    await box.addReport(other)
    await box.flush()
    expect(box.summary()).toMatchObject({ sent: 1, conflict: 1 })
  })
})
