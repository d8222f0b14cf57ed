import { fileURLToPath } from 'node:url';
import type { MessageView } from '../../src/cards/view-models.js';
import { type CatalogueIndex, createCatalogueIndex, loadCatalogue } from '../../src/config/load-catalogue.js';
import { BusinessCalendar } from '../../src/models/business-calendar.js';
import type { Case, Level, Locale, Person } from '../../src/models/case.js';
import type { OutboxMessage } from '../../src/models/case-store.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../src/services/clock.js';
import { type ActionOutcome, CaseService } from '../../src/services/lifecycle/case-service.js';
import { createRegisterCase } from '../../src/services/lifecycle/register-case.js';
import { type Delivery, toDelivery } from '../../src/services/outbox/deliveries.js';
import type { Directory } from '../../src/services/ports/directory.js';
import { ANONYMOUS_QUICK } from '../../src/services/registration.js';
import type { RegistrationInput } from '../../src/services/registration.js';
import { people } from './people.js';

const CATALOGUE_PATH = fileURLToPath(new URL('../../config/catalogue.yaml', import.meta.url));

/** The shipped catalogue, loaded once per test file. */
let cachedCatalogue: CatalogueIndex | undefined;
export function shippedCatalogue(): CatalogueIndex {
  cachedCatalogue ??= createCatalogueIndex(loadCatalogue(CATALOGUE_PATH));
  return cachedCatalogue;
}

/** A directory that knows the fixture people (by id and by e-mail). */
export function fixtureDirectory(known: readonly Person[] = Object.values(people)): Directory {
  return {
    lookup: async (id) => known.find((p) => p.id === id) ?? null,
    search: async (query, limit = 10) => {
      const q = query.trim().toLowerCase();
      return known.filter((p) => p.email?.toLowerCase() === q || p.name.toLowerCase().includes(q)).slice(0, limit);
    },
  };
}

/** One outbox message read back as what would be sent. */
export type Sent = Delivery & { key: string; caseId?: string };

/**
 * Reads the outbox back for assertions: `take()` returns what was enqueued since the last `take()`, so each
 * step of a scenario asserts exactly the messages it caused.
 */
export class OutboxReader {
  private seen = new Set<string>();
  constructor(private readonly store: SqliteCaseStore) {}

  async all(): Promise<Sent[]> {
    const rows: OutboxMessage[] = await this.store.listOutbox({ limit: 10_000 });
    return rows.map((m) => ({
      ...toDelivery(m.kind, m.payload),
      key: m.key,
      ...(m.caseId ? { caseId: m.caseId } : {}),
    }));
  }

  async take(): Promise<Sent[]> {
    const fresh = (await this.all()).filter((m) => !this.seen.has(m.key));
    for (const m of fresh) this.seen.add(m.key);
    return fresh;
  }
}

/** Personal messages among `sent` to the person with this id. */
export function toPerson(sent: readonly Sent[], personId: string): MessageView[] {
  return sent.flatMap((m) => (m.kind === 'send_person' && m.person.id === personId ? [m.view] : []));
}

export function threadTexts(sent: readonly Sent[]): string[] {
  return sent.flatMap((m) => (m.kind === 'thread_reply' ? [m.view.text] : []));
}

export const kinds = (sent: readonly Sent[]): string[] => sent.map((m) => m.kind).sort();

export interface BuildServicesOptions {
  /** Start of the manual clock; default Monday 3 March 2025, 10:00 in Copenhagen. */
  now?: string;
  reopenWindowDays?: number;
  defaultLocale?: Locale;
  /** Another catalogue than the shipped one (e.g. with a large desk). */
  catalogue?: CatalogueIndex;
  /** The store stamps its own times (processed-event expiry, outbox times) by the manual clock too; default the system clock. */
  storeOnClock?: boolean;
}

/**
 * The lifecycle wired as in production but embedded: SqliteCaseStore(':memory:'), the shipped catalogue (or
 * `catalogue`) and calendar, a ManualClock and the fixture directory. Call `close()` after each test.
 */
export async function buildServices(opts: BuildServicesOptions = {}) {
  const clock = new ManualClock(opts.now ?? '2025-03-03T09:00:00Z');
  const store = new SqliteCaseStore({ file: ':memory:', ...(opts.storeOnClock ? { now: () => clock.now() } : {}) });
  await store.init();
  const catalogue = opts.catalogue ?? shippedCatalogue();
  const timeZone = 'Europe/Copenhagen';
  const calendar = BusinessCalendar.fromConfig(catalogue.catalogue.calendar, timeZone);
  const directory = fixtureDirectory();
  const defaultLocale = opts.defaultLocale ?? 'da';
  const service = new CaseService({
    store,
    catalogue,
    calendar,
    clock,
    directory,
    timeZone,
    defaultLocale,
    reopenWindowDays: opts.reopenWindowDays ?? 14,
  });
  const register = createRegisterCase({ store, catalogue, calendar, clock, defaultLocale, directory });
  const outbox = new OutboxReader(store);

  /** Registers a Wi-Fi incident of an Arts user (routed to ARTS Support) and forgets its outbox messages. */
  async function reportWifi(user: Person = people.anna, overrides: Partial<RegistrationInput> = {}): Promise<Case> {
    const c = await register(wifiInput(user, overrides), overrides.reporter ?? user);
    await outbox.take();
    return c;
  }

  return {
    store,
    catalogue,
    calendar,
    clock,
    directory,
    service,
    register,
    outbox,
    reportWifi,
    close: () => store.close(),
  };
}

export type Services = Awaited<ReturnType<typeof buildServices>>;

/** A Wi-Fi incident at Arts: routed to ARTS Support, escalated to Operations: Network. */
export function wifiInput(user: Person, overrides: Partial<RegistrationInput> = {}): RegistrationInput {
  const urgency: Level = 'medium';
  return {
    type: 'incident',
    categoryId: 'wifi-eduroam',
    title: 'Eduroam drops every few minutes',
    description: 'My laptop loses eduroam in building 1481 several times an hour.',
    answers: { faculty: 'arts', what: 'eduroam drops', where: '1481-235' },
    impact: 'medium',
    urgency,
    user,
    intakeChannel: 'teams',
    locale: user.locale ?? 'en',
    ...overrides,
  };
}

/** The case of a successful outcome; throws with the refusal otherwise. */
export function okCase(outcome: ActionOutcome): Case {
  if (!outcome.ok) throw new Error(`expected ok, got ${outcome.code}: ${outcome.reply.text}`);
  return outcome.case;
}

/**
 * A Wi-Fi case of Anna's, claimed by Jonas and set to Awaiting user with `question`, its outbox messages
 * forgotten: the start of every test of a user's answer.
 */
export async function caseAwaitingAnna(s: Services, question = 'Which room?'): Promise<Case> {
  let c = await s.reportWifi();
  c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
  c = okCase(
    await s.service.act(people.jonas, {
      verb: 'set_status',
      caseId: c.id,
      version: c.version,
      status: 'awaiting_user',
      question,
    }),
  );
  await s.outbox.take();
  return c;
}

/**
 * A quick case that names nobody (`ANONYMOUS_QUICK`): Emma (ARTS Support) registered "Eduroam set up" for a student
 * at the desk, solved with `solution`. Its outbox messages are not taken.
 */
export async function quickForNobody(s: Services, solution = 'Eduroam set up and tested'): Promise<Case> {
  return s.register(
    wifiInput(ANONYMOUS_QUICK, {
      reporter: people.emma,
      intakeChannel: 'desk',
      resolvedWith: { solution, quick: true },
    }),
    people.emma,
  );
}

/**
 * `quickForNobody` back to work in the student's place: the student came back, Emma says it is still a problem
 * (she becomes its user), Jonas claims it and resolves it ("New profile."); the outbox messages taken.
 */
export async function resolvedInStudentsPlace(s: Services, solution?: string): Promise<Case> {
  let c = await quickForNobody(s, solution);
  c = okCase(await s.service.act(people.emma, { verb: 'still_a_problem', caseId: c.id, version: c.version }));
  c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
  c = okCase(
    await s.service.act(people.jonas, { verb: 'resolve', caseId: c.id, version: c.version, solution: 'New profile.' }),
  );
  await s.outbox.take();
  return c;
}

/**
 * The path most lifecycle tests start from: a Wi-Fi case reported at the ARTS desk (its owner), claimed by Jonas
 * and escalated to Operations: Network, claimed there by Thor and resolved. `afterReport` and `afterEscalation`
 * run at those points (e.g. to let an outbox post and update the cards, or to check them) and may hand back a
 * fresher copy of the case; the case is returned as the resolve left it.
 */
export async function resolvedAtNetworkDesk(
  s: Services,
  opts: {
    afterReport?: (c: Case) => Promise<Case | undefined>;
    afterEscalation?: (c: Case) => Promise<Case | undefined>;
    reason?: string;
    solution?: string;
  } = {},
): Promise<Case> {
  let c = await s.reportWifi();
  c = (await opts.afterReport?.(c)) ?? c;
  c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
  c = okCase(
    await s.service.act(people.jonas, {
      verb: 'escalate_group',
      caseId: c.id,
      version: c.version,
      groupId: 'ops-network',
      reason: opts.reason ?? 'Access point',
    }),
  );
  c = (await opts.afterEscalation?.(c)) ?? c;
  c = okCase(await s.service.act(people.thor, { verb: 'claim', caseId: c.id, version: c.version }));
  return okCase(
    await s.service.act(people.thor, {
      verb: 'resolve',
      caseId: c.id,
      version: c.version,
      solution: opts.solution ?? 'Replaced the access point',
    }),
  );
}
