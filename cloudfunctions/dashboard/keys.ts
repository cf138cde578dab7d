/**
 * The `_id`s of the counters the dashboard reads: contacts' `stats` and the dashboard's own figures share one
 * form (`r:<region>:<period>`, `d:<department>:<period>`, `…:now` for the present); the requests' rate
 * counters of a period are `p:<period>:<its all-time id>` (`p:2026-11:region:<code>`,
 * `p:2026-11:unit:department:<id>:<region>`). The figures' own ids are the shared ones the registry's writes
 * keep them under (cloudfunctions/_shared/figures.ts).
 */
import type { Axis } from '@shared/contracts/dashboard'
import { NOW, figuresId as sharedFiguresId } from '@fn/figures'

export { NOW }

export const statsId = (axis: Axis, key: string, period: string): string => sharedFiguresId(axis, key, period)

export const figuresId = statsId

export const needsId = (period: string, id: string): string => `p:${period}:${id}`
