import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { BusinessCalendar } from '../../models/business-calendar.js';
import type { Case, NewCase } from '../../models/case.js';
import { isBreached, recomputeForPriority, slaUsedFraction } from '../../models/sla.js';
import { addDays, localMidnight } from '../dates.js';
import { isCalendarDate, readOrder } from './order.js';

/** What `withDeliveryTarget` reads besides the case. */
export interface DeliveryTargetDeps {
  catalogue: CatalogueIndex;
  calendar: BusinessCalendar;
}

/**
 * The instant an order promised for `date` (YYYY-MM-DD, local) becomes late: the close of the desk's first business
 * day on or after that date (the close of that very day on a business day), so it is never late before the day the
 * requester was promised, and the notice comes while the desk is open.
 */
export function deliveryDueAt(date: string, calendar: BusinessCalendar): string {
  const open = calendar.nextOpening(localMidnight(date, calendar.timeZone));
  const endOfDay = localMidnight(addDays(calendar.localDate(open), 1), calendar.timeZone);
  return calendar.addBusinessMinutes(open, calendar.businessMinutesBetween(open, endOfDay)).toISOString();
}

/**
 * An order case with its resolution due time set from its delivery date (PROCESS.md principle 3b: the user is
 * contacted when the delivery takes longer than expected): the date the requester was last given (the vendor's
 * expected date once ordered, moved by every slip; before that the promised date), when that is later than the
 * priority's resolution target (counted from registration, pushed by the pauses taken). A lead time of weeks then
 * neither tells the requester "taking longer than we aimed for" nor pings the supervisor while the order is on
 * schedule. When the due time moves, the ladder's resolution rungs no longer reached under it (at `now`) may fire
 * again, as on a priority change; breaches already recorded stay. Any other case is returned as it is.
 */
export function withDeliveryTarget<C extends Case | NewCase>(c: C, deps: DeliveryTargetDeps, now: Date): C {
  const order = readOrder(c);
  if (!order || !c.createdAt) return c;
  const date = order.fulfilment.expectedAt ?? order.promisedAt;
  if (!isCalendarDate(date)) return c;
  const def = deps.catalogue.priorityLevel(c.priority);
  const base = recomputeForPriority(c.sla, def, c.createdAt, c.createdAt, deps.calendar).resolutionDueAt;
  const delivery = deliveryDueAt(date, deps.calendar);
  const due = base === undefined || delivery > base ? delivery : base;
  if (due === c.sla.resolutionDueAt) return c;
  const sla = { ...c.sla, resolutionDueAt: due };
  sla.fired = c.sla.fired.filter((rung) => {
    const m = /^resolution:(\d+(?:\.\d+)?|breach)$/.exec(rung);
    if (!m) return true;
    if (m[1] === 'breach') return isBreached('resolution', sla, now);
    return slaUsedFraction('resolution', sla, now, deps.calendar, def.aroundTheClock) >= Number(m[1]) / 100;
  });
  return { ...c, sla };
}
