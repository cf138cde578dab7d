/**
 * Rules on a contact that the schema alone cannot state because they depend on the moment of checking.
 * The schema (src/shared/contracts/contacts.ts) has already checked shapes, topics, lengths and the
 * location rule; the form runs this too, so an official hears about a wrong time before saving.
 */
import { CLOCK_SKEW_MS } from '@shared/contracts/contacts'
import type { ContactInput } from '@shared/contracts/contacts'
import type { FieldIssue } from '@shared/errors'
import type { MessageKey } from '@shared/i18n'
import type { Instant } from '@shared/time'
import { epochMs } from '@shared/time'

export interface ContactProblem {
  path: string
  key: MessageKey
}

export function contactProblems(contact: Pick<ContactInput, 'at'>, now: Instant): ContactProblem[] {
  const problems: ContactProblem[] = []
  const at = Date.parse(contact.at)
  if (Number.isNaN(at)) problems.push({ path: 'at', key: 'validation.invalid' })
  else if (at > epochMs(now) + CLOCK_SKEW_MS) problems.push({ path: 'at', key: 'contacts.inFuture' })
  return problems
}

export function toFieldIssues(problems: ContactProblem[], translate: (key: MessageKey) => string): FieldIssue[] {
  return problems.map((p) => ({ path: p.path, message: translate(p.key) }))
}
