import type { Case, Person } from '../../src/models/case.js';
import { CaseService } from '../../src/services/lifecycle/case-service.js';
import { OrderEngine, type OrderInput } from '../../src/services/orders/order-engine.js';
import { OrderService } from '../../src/services/orders/order-service.js';
import { OrderSweeper } from '../../src/services/orders/order-sweeper.js';
import type { Directory } from '../../src/services/ports/directory.js';
import type { RegistrationInput } from '../../src/services/registration.js';
import { people } from './people.js';
import { buildServices, type BuildServicesOptions, okCase } from './services.js';

/** People for order scenarios: managers, and the ARTS Indkøb desk of the shipped catalogue. */
export const orderPeople = {
  /** Anna's and Bo's manager (not staff). */
  lise: { id: 'teams:lise', name: 'Lise Damgaard', email: 'lise.damgaard@cas.au.dk', locale: 'da' },
  /** ARTS Indkøb member. */
  anders: { id: 'teams:anders', name: 'Anders Lykke', email: 'anders.lykke@au.dk', locale: 'en' },
  /** ARTS Indkøb member. */
  nanna: { id: 'teams:nanna', name: 'Nanna Ravn', email: 'nanna.ravn@au.dk', locale: 'da' },
  /** ARTS Indkøb supervisor: the fallback approver at Arts. */
  mette: { id: 'teams:mette', name: 'Mette Kirkegaard', email: 'mette.kirkegaard@au.dk', locale: 'da' },
  /** A second "Carl", so an on-behalf search for "carl" finds two people. */
  carla: { id: 'teams:carla', name: 'Carla Holm', email: 'carla.holm@cas.au.dk', locale: 'en' },
} satisfies Record<string, Person>;

/** A directory that knows the fixture people and managers: Lise manages Anna and Bo; Carl has no manager. */
function orderDirectory(): Directory {
  const known: Person[] = [...Object.values(people), ...Object.values(orderPeople)];
  const managers: Record<string, Person> = { [people.anna.id]: orderPeople.lise, [people.bo.id]: orderPeople.lise };
  return {
    lookup: async (id) => known.find((p) => p.id === id) ?? null,
    search: async (query, limit = 10) => {
      const q = query.trim().toLowerCase();
      return known.filter((p) => p.email?.toLowerCase() === q || p.name.toLowerCase().includes(q)).slice(0, limit);
    },
    managerOf: async (id) => managers[id] ?? null,
  };
}

/**
 * The lifecycle of `buildServices` plus the order engine, the order service and the approval sweeper, sharing
 * one store, clock and a directory with managers.
 */
export async function buildOrderServices(opts: BuildServicesOptions = {}) {
  const s = await buildServices(opts);
  const directory = orderDirectory();
  const defaultLocale = opts.defaultLocale ?? 'da';
  const lifecycle = {
    store: s.store,
    catalogue: s.catalogue,
    calendar: s.calendar,
    clock: s.clock,
    directory,
    timeZone: 'Europe/Copenhagen',
    defaultLocale,
    reopenWindowDays: 14,
  };
  const engine = new OrderEngine({ ...lifecycle, register: s.register });
  const orders = new OrderService(lifecycle);
  const cases = new CaseService(lifecycle);
  const sweeper = new OrderSweeper({ ...lifecycle });

  /** One turn of `person` in their own chat. */
  const turn = (person: Person, rest: Omit<OrderInput, 'conversationKey' | 'person' | 'platform'> = {}) =>
    engine.handle({ conversationKey: `chat:${person.id}`, person, platform: 'teams', ...rest });

  return { ...s, directory, engine, orders, cases, sweeper, turn };
}

export type OrderServices = Awaited<ReturnType<typeof buildOrderServices>>;

export { okCase } from './services.js';

/** Details-step values for an Arts order. */
export const artsDetails = (extra: Record<string, unknown> = {}) => ({
  forWhom: 'self',
  faculty: 'arts',
  deliveryLocation: '1481-235',
  costCentre: '12345678',
  ...extra,
});

/** Places an order through the engine in one go (items → details → confirm) and returns the registered case. */
export async function placeOrder(
  s: OrderServices,
  person: Person,
  items: Record<string, unknown>,
  details: Record<string, unknown> = artsDetails(),
) {
  await s.turn(person, { action: { verb: 'order_start' } });
  const afterItems = await s.turn(person, { action: { verb: 'order_items' }, values: items });
  if (afterItems.errors) throw new Error(`items refused: ${JSON.stringify(afterItems.errors)}`);
  const afterDetails = await s.turn(person, { action: { verb: 'order_details' }, values: details });
  if (afterDetails.errors) throw new Error(`details refused: ${JSON.stringify(afterDetails.errors)}`);
  const done = await s.turn(person, { action: { verb: 'order_confirm' } });
  if (!done.case) throw new Error(`not registered: ${done.views[0]?.text}`);
  return { case: done.case, summary: afterDetails.views[0] };
}

/** The vendor of `orderedFromVendor`, as the case records it. */
export const ORDER_VENDOR = { name: 'Atea', reference: 'PO-4711', expectedAt: '2025-03-12' } as const;

/**
 * Anna's 27" screen (no approval), placed and ordered from its vendor (`ORDER_VENDOR`) by Anders (ARTS Indkøb),
 * who has it then: the case as the order step stored it (Awaiting vendor).
 */
export async function orderedFromVendor(s: OrderServices): Promise<Case> {
  const { case: placed } = await placeOrder(s, people.anna, { 'qty.screen-dell-p2725q': '1' });
  return okCase(
    await s.orders.act(orderPeople.anders, {
      verb: 'order_ordered',
      caseId: placed.id,
      version: placed.version,
      vendor: ORDER_VENDOR.name,
      reference: ORDER_VENDOR.reference,
      expectedAt: ORDER_VENDOR.expectedAt,
    }),
  );
}

/**
 * A headset for `user` (default Anna) at Arts, registered as a plain service request: the purchase category
 * routes it straight to ARTS Indkøb, owned by ARTS Support.
 */
export function headsetInput(extra: Partial<RegistrationInput> = {}): RegistrationInput {
  return {
    type: 'service_request',
    categoryId: 'purchase-equipment',
    title: 'A headset',
    description: 'I need a headset for video meetings.',
    answers: { faculty: 'arts', item: 'headset', cost_centre: '12345678' },
    impact: 'low',
    urgency: 'low',
    user: people.anna,
    intakeChannel: 'teams',
    locale: 'en',
    ...extra,
  };
}
