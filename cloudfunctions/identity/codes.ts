/**
 * Invitation codes: 8 digits, read out on the phone as `1234 5678`, encoded in the QR code as
 * `shiliuzi:invite:12345678` (what `Taro.scanCode` returns as `result`).
 *
 * The first four digits are a lookup handle and are stored in clear; the whole code is stored only as a
 * keyed hash (HMAC-SHA256 with INVITE_PEPPER from the function's environment), so a copy of the database
 * does not give working codes. The handle is what lets a wrong guess count against the codes it aimed at:
 * a code whose handle has collected CODE_MAX_FAILURES wrong secrets is locked, whoever guessed.
 */
import crypto from 'node:crypto'
import { functionDecl } from '@config/cloud'

export const QR_PREFIX = 'shiliuzi:invite:'

/**
 * INVITE_PEPPER is a required secret (config/cloud.ts): serve refuses every call of a production function
 * that lacks it, so the declared development value is reached only by the local cloud and by tests that
 * make codes themselves.
 */
function pepper(): string {
  const declared = functionDecl('identity')?.secrets?.find((s) => s.name === 'INVITE_PEPPER')
  return process.env.INVITE_PEPPER || declared?.development || ''
}

export function newCode(): string {
  return String(crypto.randomInt(0, 100_000_000)).padStart(8, '0')
}

export function handleOf(code: string): string {
  return code.slice(0, 4)
}

export function hashCode(code: string): string {
  return crypto.createHmac('sha256', pepper()).update(code).digest('hex')
}

export function displayCode(code: string): string {
  return `${code.slice(0, 4)} ${code.slice(4)}`
}

export function qrPayload(code: string): string {
  return `${QR_PREFIX}${code}`
}

/** Constant-time comparison of two hex hashes. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  return x.length === y.length && crypto.timingSafeEqual(x, y)
}
