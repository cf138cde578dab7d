/**
 * Just enough protobuf for wx.openApi: the request is `CommApiData` and the reply `CommOpenApiResp`, as
 * defined by the generated `openapi` module inside wx-server-sdk's bundle:
 *   CommApiData { 1: apiType int32, 2: openapiData OpenApiData, 6: appid string }
 *   OpenApiData { 1: repeated KeyValuePair }
 *   KeyValuePair { 1: key string, 2: value bytes (JSON), 3: contenttype string, 4: filename string }
 *   CommOpenApiResp { 1: respData bytes, 2: contentType string, 3: errorCode int32, 4: httpCode uint32 }
 */
import { invalidParam } from './errors'

type Field = { no: number; wire: number; value: number | Buffer }

function readVarint(buf: Buffer, pos: number): [number, number] {
  let result = 0
  let shift = 0
  for (;;) {
    if (pos >= buf.length) throw invalidParam('truncated protobuf varint')
    const b = buf[pos++] as number
    result += (b & 0x7f) * 2 ** shift
    if ((b & 0x80) === 0) return [result, pos]
    shift += 7
    if (shift > 63) throw invalidParam('protobuf varint too long')
  }
}

export function readFields(buf: Buffer): Field[] {
  const fields: Field[] = []
  let pos = 0
  while (pos < buf.length) {
    const [tag, p1] = readVarint(buf, pos)
    pos = p1
    const no = Math.floor(tag / 8)
    const wire = tag & 7
    if (wire === 0) {
      const [v, p2] = readVarint(buf, pos)
      pos = p2
      fields.push({ no, wire, value: v })
    } else if (wire === 2) {
      const [len, p2] = readVarint(buf, pos)
      if (p2 + len > buf.length) throw invalidParam('truncated protobuf field')
      fields.push({ no, wire, value: buf.subarray(p2, p2 + len) })
      pos = p2 + len
    } else if (wire === 1) {
      pos += 8
    } else if (wire === 5) {
      pos += 4
    } else {
      throw invalidParam(`unsupported protobuf wire type ${wire}`)
    }
  }
  return fields
}

function varint(n: number): Buffer {
  const out: number[] = []
  let v = n < 0 ? 2 ** 64 + n : n
  do {
    let b = v % 128
    v = Math.floor(v / 128)
    if (v > 0) b |= 0x80
    out.push(b)
  } while (v > 0)
  return Buffer.from(out)
}

function bytesField(no: number, value: Buffer | string): Buffer {
  const b = typeof value === 'string' ? Buffer.from(value) : value
  return Buffer.concat([varint(no * 8 + 2), varint(b.length), b])
}

function intField(no: number, value: number): Buffer {
  return Buffer.concat([varint(no * 8), varint(value)])
}

export interface OpenApiRequest {
  apiType: number
  appid?: string
  /** each pair's value decoded from JSON */
  data: Record<string, unknown>
}

export function decodeCommApiData(buf: Buffer): OpenApiRequest {
  const req: OpenApiRequest = { apiType: 0, data: {} }
  for (const f of readFields(buf)) {
    if (f.no === 1 && typeof f.value === 'number') req.apiType = f.value
    else if (f.no === 6 && Buffer.isBuffer(f.value)) req.appid = f.value.toString()
    else if (f.no === 2 && Buffer.isBuffer(f.value)) {
      for (const pair of readFields(f.value)) {
        if (pair.no !== 1 || !Buffer.isBuffer(pair.value)) continue
        let key = ''
        let value: Buffer | undefined
        for (const kv of readFields(pair.value)) {
          if (kv.no === 1 && Buffer.isBuffer(kv.value)) key = kv.value.toString()
          if (kv.no === 2 && Buffer.isBuffer(kv.value)) value = kv.value
        }
        if (!key || !value) continue
        try {
          req.data[key] = JSON.parse(value.toString())
        } catch {
          req.data[key] = value.toString()
        }
      }
    }
  }
  return req
}

export function encodeCommOpenApiResp(resp: {
  respData: Buffer | string
  contentType: string
  httpCode?: number
  errorCode?: number
}): Buffer {
  const parts = [bytesField(1, resp.respData), bytesField(2, resp.contentType)]
  if (resp.errorCode) parts.push(intField(3, resp.errorCode))
  parts.push(intField(4, resp.httpCode ?? 200))
  return Buffer.concat(parts)
}
