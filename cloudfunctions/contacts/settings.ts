/** The function's settings, from the environment variables config/cloud.ts declares for it. */
import { parsePeriodTable } from './domain/overdue'

/** region code → days between contacts before a household is overdue (CONTACT_PERIOD_DAYS, a JSON map) */
export const periodTable = parsePeriodTable(process.env.CONTACT_PERIOD_DAYS)
