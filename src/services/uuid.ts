/**
 * Ids made on the phone (a contact, a report, an upload folder), so a resend is stored once. Its own module:
 * the screens of several subpackages make ids, and a module they share lands in the main package, so it must
 * not bring the outbox and the contracts it sends with.
 */

/** RFC 4122 version 4 from Math.random: mini-programs have no crypto.randomUUID; uniqueness, not secrecy, is needed */
export function uuid4(): string {
  const hex = [...Array(32)].map(() => Math.floor(Math.random() * 16).toString(16))
  hex[12] = '4'
  hex[16] = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16)
  const s = hex.join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}
