/** A small multipart/form-data reader: the SDK's openApi calls are the only multipart requests we get. */
import { invalidParam } from './errors'

export function parseMultipart(body: Buffer, contentType: string): Map<string, Buffer> {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
  const boundary = m?.[1] ?? m?.[2]
  if (!boundary) throw invalidParam('multipart request without boundary')
  const delimiter = Buffer.from(`--${boundary}`)
  const parts = new Map<string, Buffer>()
  let pos = body.indexOf(delimiter)
  while (pos !== -1) {
    const start = pos + delimiter.length
    if (body.subarray(start, start + 2).toString() === '--') break
    const next = body.indexOf(delimiter, start)
    if (next === -1) break
    // a part is CRLF, headers, CRLF CRLF, content, CRLF
    const part = body.subarray(start + 2, next - 2)
    const headerEnd = part.indexOf('\r\n\r\n')
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString()
      const name = /name="([^"]*)"/i.exec(headers)?.[1]
      if (name !== undefined) parts.set(name, part.subarray(headerEnd + 4))
    }
    pos = next
  }
  return parts
}
