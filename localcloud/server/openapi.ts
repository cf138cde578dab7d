/**
 * wx.openApi, locally: `subscribeMessage.send` and `security.msgSecCheck`. Messages are recorded (not
 * delivered) and listable; one-time subscriptions are counted per openid and template, as WeChat does:
 * each `wx.requestSubscribeMessage` acceptance allows one message, and sending without one left fails
 * with 43101. Kept as JSON files under `<dataDir>/local` so they survive restarts and stay out of the
 * application's collections.
 */
import fs from 'node:fs'
import path from 'node:path'

/** WeChat's limit on msgSecCheck content */
export const MSG_SEC_CHECK_MAX_CHARS = 2500

export interface SentMessage {
  msgid: number
  touser: string
  templateId: string
  page?: string
  data: unknown
  miniprogramState?: string
  lang?: string
  sentAt: string
}

interface SubscriptionFile {
  /** openid → templateId → remaining one-time acceptances, or -1 for a long-term subscription */
  counts: Record<string, Record<string, number>>
}

type WxReply = Record<string, unknown> & { errcode: number; errmsg: string }

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, text)
  fs.renameSync(tmp, file)
}

export class OpenApi {
  private readonly dir: string
  private subs: SubscriptionFile
  private messages: SentMessage[]

  constructor(
    dataDir: string,
    private wordList: string[],
  ) {
    this.dir = path.join(dataDir, 'local')
    fs.mkdirSync(this.dir, { recursive: true })
    this.subs = this.readJson<SubscriptionFile>('subscriptions.json', { counts: {} })
    this.messages = this.readMessages()
  }

  private readJson<T>(name: string, fallback: T): T {
    try {
      return JSON.parse(fs.readFileSync(path.join(this.dir, name), 'utf8')) as T
    } catch {
      return fallback
    }
  }

  private readMessages(): SentMessage[] {
    try {
      return fs
        .readFileSync(path.join(this.dir, 'messages.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as SentMessage)
    } catch {
      return []
    }
  }

  setWordList(words: string[]): void {
    this.wordList = words
  }

  /** what `Taro.requestSubscribeMessage` accepting does: one more message allowed per template */
  grant(openid: string, templateIds: string[], longTerm = false): Record<string, number> {
    const mine = (this.subs.counts[openid] ??= {})
    for (const t of templateIds) {
      const current = mine[t] ?? 0
      mine[t] = longTerm ? -1 : current === -1 ? -1 : current + 1
    }
    writeAtomic(path.join(this.dir, 'subscriptions.json'), JSON.stringify(this.subs))
    return { ...mine }
  }

  remaining(openid: string): Record<string, number> {
    return { ...(this.subs.counts[openid] ?? {}) }
  }

  listMessages(touser?: string): SentMessage[] {
    return touser ? this.messages.filter((m) => m.touser === touser) : [...this.messages]
  }

  reset(): void {
    this.subs = { counts: {} }
    this.messages = []
    fs.rmSync(path.join(this.dir, 'subscriptions.json'), { force: true })
    fs.rmSync(path.join(this.dir, 'messages.jsonl'), { force: true })
  }

  call(apiName: string, data: Record<string, unknown>): WxReply {
    switch (apiName) {
      case 'subscribeMessage.send':
        return this.send(data)
      case 'security.msgSecCheck':
        return this.msgSecCheck(data)
      default:
        return { errcode: 48001, errmsg: `api unauthorized: ${apiName} is not available in the local cloud` }
    }
  }

  private send(data: Record<string, unknown>): WxReply {
    const touser = data.touser
    const templateId = data.template_id
    if (typeof touser !== 'string' || touser === '') return { errcode: 40003, errmsg: 'invalid openid' }
    if (typeof templateId !== 'string' || templateId === '') return { errcode: 40037, errmsg: 'invalid template id' }
    if (data.data === undefined || typeof data.data !== 'object')
      return { errcode: 47003, errmsg: 'argument invalid! data is required' }
    const mine = this.subs.counts[touser]
    const left = mine?.[templateId] ?? 0
    if (left === 0 || !mine) return { errcode: 43101, errmsg: 'user refuse to accept the msg' }
    if (left > 0) mine[templateId] = left - 1
    writeAtomic(path.join(this.dir, 'subscriptions.json'), JSON.stringify(this.subs))
    const msg: SentMessage = {
      // kept under 16 digits: wx-server-sdk parses replies with json-bigint, which boxes longer numbers
      msgid: Math.floor(Date.now() / 1000) * 1000 + (this.messages.length % 1000),
      touser,
      templateId,
      page: typeof data.page === 'string' ? data.page : undefined,
      data: data.data,
      miniprogramState: typeof data.miniprogram_state === 'string' ? data.miniprogram_state : undefined,
      lang: typeof data.lang === 'string' ? data.lang : undefined,
      sentAt: new Date().toISOString(),
    }
    this.messages.push(msg)
    fs.appendFileSync(path.join(this.dir, 'messages.jsonl'), `${JSON.stringify(msg)}\n`)
    return { errcode: 0, errmsg: 'ok', msgid: msg.msgid }
  }

  /**
   * v2 (`version: 2`) answers errcode 0 and puts the verdict in `result.suggest` ('pass' | 'risky');
   * v1 answers errcode 87014 for risky content. A word-list hit is labelled 21000 ("other").
   */
  private msgSecCheck(data: Record<string, unknown>): WxReply {
    const content = data.content
    if (typeof content !== 'string' || content === '')
      return { errcode: 47001, errmsg: 'data format error: content is required' }
    if ([...content].length > MSG_SEC_CHECK_MAX_CHARS) {
      return { errcode: 47001, errmsg: `data format error: content exceeds ${MSG_SEC_CHECK_MAX_CHARS} characters` }
    }
    const v2 = Number(data.version) === 2
    if (v2 && (typeof data.openid !== 'string' || data.openid === ''))
      return { errcode: 40003, errmsg: 'invalid openid' }
    const text = [content, data.title, data.nickname, data.signature].filter((x) => typeof x === 'string').join('\n')
    const lower = text.toLowerCase()
    const hit = this.wordList.find((w) => w && lower.includes(w.toLowerCase()))
    if (!v2) return hit ? { errcode: 87014, errmsg: 'risky content' } : { errcode: 0, errmsg: 'ok' }
    const suggest = hit ? 'risky' : 'pass'
    const label = hit ? 21000 : 100
    return {
      errcode: 0,
      errmsg: 'ok',
      result: { suggest, label },
      detail: [{ strategy: 'keyword', errcode: 0, suggest, label, ...(hit ? { keyword: hit, level: 90 } : {}) }],
      trace_id: `local-${Date.now().toString(36)}`,
    }
  }
}
