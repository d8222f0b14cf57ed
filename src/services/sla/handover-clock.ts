import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { BusinessCalendar } from '../../models/business-calendar.js';
import type { AuditEntry, Case, Escalation, NewCase } from '../../models/case.js';
import { isOpen } from '../../models/case.js';
import { pauseSla, resumeSla } from '../../models/sla.js';
import { EXTERNAL_PREFIX } from '../lifecycle/labels.js';

const outside = (e: Escalation): boolean =>
  e.kind === 'functional' && (e.toGroupId?.startsWith(EXTERNAL_PREFIX) ?? false);

/** A history entry taking a resolved or closed case back to work (reopened, returned to its technician). */
const backToWork = (h: AuditEntry): boolean =>
  (h.from === 'resolved' || h.from === 'closed') && h.to !== undefined && isOpen(h.to as Case['status']);

/**
 * The hand-over outside AU IT in effect: the case's latest functional escalation, when it went to another
 * directorate (`external:<name>`); undefined when there is none, the case was escalated to a group of AU IT since,
 * or it came back to AU IT since: resolved, then reopened by its user or returned to its technician (the other
 * unit's part is over; the problem left is AU IT's again).
 */
export function handedOverOutside(c: Pick<Case, 'escalations' | 'history'>): Escalation | undefined {
  for (let i = c.escalations.length - 1; i >= 0; i--) {
    const e = c.escalations[i];
    if (e?.kind !== 'functional') continue;
    if (!outside(e)) return undefined;
    const since = Date.parse(e.at);
    return c.history.some((h) => backToWork(h) && Date.parse(h.at) >= since) ? undefined : e;
  }
  return undefined;
}

/**
 * The SLA clock of a case handed over outside AU IT (PROCESS.md step 6: the user is told it was passed on, with
 * the responsibility). AU IT's targets no longer apply to it: the hand-over, a named person telling the user who
 * is responsible now, is its first response, and its resolution clock stands still from then on (a pause, as
 * while it awaits the user), so the ladder sends no reminder, no breach ping and no "taking longer" message while
 * the other unit has it. A wait for the user's answer in between keeps the clock stopped. Escalated back to a
 * group of AU IT, the clock runs again from there (unless it awaits the user). Only open cases are touched;
 * applied on every lifecycle write (`stampCase`), so every path that resumes a clock is covered.
 */
export function withHandOverClock<C extends Case | NewCase>(
  c: C,
  deps: { catalogue: CatalogueIndex; calendar: BusinessCalendar },
  now: Date,
): C {
  if (!isOpen(c.status)) return c;
  const handed = handedOverOutside(c);
  if (handed) {
    if (c.firstResponseAt !== undefined && c.sla.pausedSince !== undefined) return c;
    return { ...c, firstResponseAt: c.firstResponseAt ?? handed.at, sla: pauseSla(c.sla, now) };
  }
  if (c.sla.pausedSince === undefined || c.status === 'awaiting_user' || !c.escalations.some(outside)) return c;
  const def = deps.catalogue.priorityLevel(c.priority);
  return { ...c, sla: resumeSla(c.sla, now, deps.calendar, def.aroundTheClock) };
}
