/**
 * A need written on a contact becomes a hardship request (issue 14). Its request id is made from the
 * contact's id and the line's place, the same on the phone that sends it and in the migration of needs
 * stored before requests existed: whichever comes first stores the request, the other finds it stored.
 */

/** FNV-1a over the text from a given start: 32 bits as 8 hex digits. */
function fnv(text: string, start: number): string {
  let hash = start >>> 0
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, '0')
}

/** Four different starts: 128 bits from four independent runs over the same text. */
const STARTS = [0x811c9dc5, 0x050c5d1f, 0x6b43a9b5, 0x3f1c2a77]

/** The request id of a contact's need line: a well-formed UUID (version 5's layout), stable for the pair. */
export function needRequestId(contactId: string, index: number): string {
  const text = `${contactId.toLowerCase()}#need#${Math.trunc(index)}`
  const hex = STARTS.map((start) => fnv(text, start)).join('')
  const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
