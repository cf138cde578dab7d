/**
 * What "the same contact" means for a resend: the same id and the same content. The fingerprint covers
 * every field the official entered, in a canonical form (topics as a set, time as an instant, text
 * trimmed), so a resend from an older app build that orders topics differently is still "the same".
 */
import type { ContactInput } from '@shared/contracts/contacts'

export function canonicalContent(c: ContactInput): string {
  return JSON.stringify([
    c.householdId,
    c.channel,
    new Date(c.at).toISOString(),
    [...c.topics].sort(),
    c.notes.trim(),
    c.photos,
    c.locationConsent === true && c.location ? [c.location.latitude, c.location.longitude, c.location.accuracy] : null,
    c.needs.map((n) => n.text.trim()),
    // only when there is one, so a contact queued before voice notes keeps the fingerprint it was sent with
    ...(c.voiceNote ? [c.voiceNote] : []),
  ])
}

/** 53-bit cyrb53 hash: pure JS (the same on a phone and in a function), compared only between two versions of one id */
function cyrb53(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)
}

export function fingerprint(c: ContactInput): string {
  const text = canonicalContent(c)
  return `${cyrb53(text)}.${cyrb53(text, 7)}.${text.length}`
}

export type ResendVerdict = 'new' | 'duplicate' | 'conflict'

/** Given what is already stored under the id (if anything), what a send means. */
export function judgeResend(stored: { fingerprint: string } | undefined, incoming: string): ResendVerdict {
  if (!stored) return 'new'
  return stored.fingerprint === incoming ? 'duplicate' : 'conflict'
}
