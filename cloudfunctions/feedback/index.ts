/**
 * The `feedback` function: feedback about the app from every bound role (send.ts), the prefecture office's
 * inbox and answers (inbox.ts). serve() has checked the caller's roles before a handler runs; the inbox and
 * answers check the finer rule themselves (an office at the prefecture, or an administrator).
 */
import { feedback } from '@shared/contracts/feedback'
import { serve } from '@fn/handler'
import { answer, inbox } from './inbox'
import { mine, prefetchSend, send, unread } from './send'

/** what each action reads beside the caller's lookup, before serve has checked who it is */
const prefetch = { send: prefetchSend }

export const main = serve(feedback, { send, mine, unread, inbox, answer }, { prefetch })
