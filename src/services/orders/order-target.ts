import type { CatalogueIndex } from '../../config/catalogue-index.js';
import type { BusinessCalendar } from '../../models/business-calendar.js';
import type { Case, NewCase } from '../../models/case.js';
import { pushBy, recomputeForPriority, stillReached } from '../../models/sla.js';
import { addDays, localMidnight } from '../dates.js';
import { isCalendarDate, type Order, readOrder } from './order.js';

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
function deliveryDueAt(date: string, calendar: BusinessCalendar): string {
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
 * schedule. The delivery due time is pushed, like the priority's, by the time the clock stood still after the date
 * was given (a wait in Awaiting user, the time a reopened order sat resolved): a pause before the date was given is
 * already in it. When the due time moves, the ladder's resolution rungs no longer reached under it (at `now`) may fire
 * again, as on a priority change; breaches already recorded stay. Any other case is returned as it is.
 */
export function withDeliveryTarget<C extends Case | NewCase>(c: C, deps: DeliveryTargetDeps, now: Date): C {
  const order = readOrder(c);
  if (!order || !c.createdAt) return c;
  const date = order.fulfilment.expectedAt ?? order.promisedAt;
  if (!isCalendarDate(date)) return c;
  const def = deps.catalogue.priorityLevel(c.priority);
  const base = recomputeForPriority(c.sla, def, c.createdAt, c.createdAt, deps.calendar).resolutionDueAt;
  const given = dateGivenAt(order, c.createdAt);
  // Only the part of each pause after the date was given pushes it.
  const delivery = c.sla.pausedIntervals.reduce(
    (d, { from, to }) => {
      if (Date.parse(to) <= Date.parse(given)) return d;
      const start = Date.parse(from) > Date.parse(given) ? from : given;
      return pushBy(d, { from: start, to }, deps.calendar, def.aroundTheClock) ?? d;
    },
    deliveryDueAt(date, deps.calendar),
  );
  const due = base === undefined || delivery > base ? delivery : base;
  if (due === c.sla.resolutionDueAt) return c;
  const sla = { ...c.sla, resolutionDueAt: due };
  // Only the resolution rungs: the response target did not move.
  sla.fired = c.sla.fired.filter(
    (rung) => !rung.startsWith('resolution:') || stillReached(rung, sla, now, deps.calendar, def.aroundTheClock),
  );
  return { ...c, sla };
}

/**
 * When the requester was given the date the delivery due time counts from: the latest slip, else the vendor order
 * (the vendor's date), else the approval (the promise counts from it), else registration.
 */
function dateGivenAt(order: Order, createdAt: string): string {
  const f = order.fulfilment;
  if (f.expectedAt !== undefined) return f.slips.at(-1)?.at ?? f.orderedAt ?? createdAt;
  if (order.approval.state === 'approved' && order.approval.decidedAt) return order.approval.decidedAt;
  return createdAt;
}
