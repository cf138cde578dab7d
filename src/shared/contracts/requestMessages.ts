/**
 * The subscription messages about hardship relief requests (sent by the `requests` timer, see
 * cloudfunctions/requests/domain/messages.ts). Template ids are issued per mini-program in the WeChat
 * admin console; the function reads `REQUEST_TEMPLATE_<KIND>` (ASSIGNED, WARN, ESCALATED, RESOLVED) from
 * its environment and falls back to these ids, which the local cloud accepts like any other.
 *
 * Each template: thing1 the request's category, thing2 what happened (in the reader's language), time3 the
 * deadline running (or the resolution's time), thing4 the household's village.
 */
export const REQUEST_TEMPLATES = {
  assigned: 'request-assigned',
  warn: 'request-warn',
  escalated: 'request-escalated',
  resolved: 'request-resolved',
} as const

export type RequestMessageKind = keyof typeof REQUEST_TEMPLATES

/** what a household is asked to accept when it reports (at most 3 templates per WeChat request) */
export const HOUSEHOLD_REQUEST_TEMPLATES = [REQUEST_TEMPLATES.escalated, REQUEST_TEMPLATES.resolved]
/** what a unit's staff are asked to accept from their inbox */
export const UNIT_REQUEST_TEMPLATES = [REQUEST_TEMPLATES.assigned, REQUEST_TEMPLATES.warn, REQUEST_TEMPLATES.escalated]
