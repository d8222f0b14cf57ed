import { catalogueSchema } from '../../../src/config/catalogue-schema.js';
import { type CatalogueIndex, createCatalogueIndex } from '../../../src/config/catalogue-index.js';
import type { Case, Person } from '../../../src/models/case.js';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../../src/services/clock.js';
import {
  type IntakeDeps,
  IntakeEngine,
  type IntakeInput,
  type IntakeReply,
} from '../../../src/services/intake/intake-engine.js';
import { KnowledgeService } from '../../../src/services/knowledge.js';
import type { Directory } from '../../../src/services/ports/directory.js';
import type { RegisterCase, RegistrationInput } from '../../../src/services/registration.js';
import { buildNewCase, buildPerson } from '../../helpers/case-builder.js';

const both = (da: string, en: string) => ({ da, en });
const group = (id: string, level: 1 | 2 | 3, name: string) => ({
  id,
  level,
  name: both(name, name),
  supervisor: { name: 'Sara Supervisor', email: `sup-${id}@au.dk` },
  members: [`member-${id}@au.dk`],
});
const routing = { firstLevel: { default: 'servicedesk' }, escalateTo: 'ops-network' };

/**
 * A small catalogue with every question kind: standard what (text, max 300) / where (text) / who (optional
 * text) / when (optional date); printing asks a choice and a yes/no, wifi a choice; one template, one quick
 * case, and known solutions in both languages.
 */
export function buildTestCatalogue(): CatalogueIndex {
  return createCatalogueIndex(
    catalogueSchema.parse({
      organisation: both('Aarhus Universitet', 'Aarhus University'),
      groups: [
        group('servicedesk', 1, 'Servicedesk'),
        group('print-desk', 2, 'Print back desk'),
        group('ops-network', 3, 'Network team'),
      ],
      standardQuestions: [
        { id: 'what', kind: 'text', label: both('Hvad er problemet?', 'What is the problem?'), maxLength: 300 },
        { id: 'where', kind: 'text', label: both('Hvor opstår problemet?', 'Where does it occur?'), maxLength: 200 },
        { id: 'who', kind: 'text', label: both('Hvem har problemet?', 'Who has the problem?'), required: false },
        { id: 'when', kind: 'date', label: both('Hvornår begyndte det?', 'When did it start?'), required: false },
      ],
      categories: [
        {
          id: 'printing',
          name: both('Print og scanning', 'Printing and scanning'),
          type: 'incident',
          keywords: { da: ['printer', 'print', 'udskrift', 'toner'], en: ['printer', 'print', 'printing', 'toner'] },
          impact: 'low',
          routing,
          questions: [
            {
              id: 'printer_model',
              kind: 'choice',
              label: both('Hvilken printer?', 'Which printer?'),
              options: [
                { value: 'hp', label: both('HP', 'HP') },
                { value: 'canon', label: both('Canon', 'Canon') },
                { value: 'other', label: both('Anden', 'Other') },
              ],
            },
            { id: 'others_affected', kind: 'yes_no', label: both('Er andre ramt?', 'Are others affected?') },
          ],
        },
        {
          id: 'wifi',
          name: both('Trådløst net (eduroam)', 'Wireless network (eduroam)'),
          type: 'incident',
          keywords: { da: ['eduroam', 'wifi', 'trådløst'], en: ['eduroam', 'wifi', 'wireless'] },
          impact: 'medium',
          routing,
          questions: [
            {
              id: 'device',
              kind: 'choice',
              label: both('Hvilken enhed?', 'Which device?'),
              options: [
                { value: 'pc', label: both('PC', 'PC') },
                { value: 'phone', label: both('Telefon', 'Phone') },
              ],
            },
          ],
        },
        {
          id: 'password',
          name: both('Adgangskode og login', 'Password and login'),
          type: 'service_request',
          keywords: { da: ['adgangskode', 'login', 'konto'], en: ['password', 'login', 'account'] },
          impact: 'low',
          routing,
        },
      ],
      priorities: {
        matrix: {
          high: { high: 'P1', medium: 'P2', low: 'P3' },
          medium: { high: 'P2', medium: 'P3', low: 'P3' },
          low: { high: 'P3', medium: 'P4', low: 'P4' },
        },
        levels: {
          P1: { name: both('Kritisk', 'Critical'), responseMinutes: 30, resolutionMinutes: 240 },
          P2: { name: both('Høj', 'High'), responseMinutes: 60, resolutionMinutes: 480 },
          P3: { name: both('Normal', 'Normal'), responseMinutes: 240, resolutionMinutes: 1440 },
          P4: { name: both('Lav', 'Low'), responseMinutes: 480, resolutionMinutes: 4800 },
        },
      },
      calendar: { workdays: [1, 2, 3, 4, 5], start: '08:00', end: '16:00' },
      caseTemplates: [
        {
          id: 'exam-printing',
          name: both('Eksamensprint virker ikke', 'Exam printing down'),
          categoryId: 'printing',
          priority: 'P1',
          groupId: 'print-desk',
          title: both('Eksamensprint virker ikke', 'Exam printing is not working'),
          description: both('Print under eksamen fejler.', 'Printing during an exam fails.'),
        },
      ],
      quickCases: [
        {
          id: 'eduroam-setup',
          name: both('Opsætning af eduroam', 'Eduroam set-up'),
          categoryId: 'wifi',
          title: both('Opsætning af eduroam', 'Eduroam set-up'),
          solution: both('Eduroam sat op og testet.', 'Eduroam set up and tested.'),
        },
      ],
      articles: [
        {
          id: 'printer-queue-da',
          locale: 'da',
          categoryId: 'printing',
          title: 'Dit print kommer ikke ud af printeren',
          body: 'Log på printeren med dit kort; printjobs ligger i follow-me-køen i 24 timer.',
          keywords: ['print', 'printkø', 'printer'],
        },
        {
          id: 'printer-queue-en',
          locale: 'en',
          categoryId: 'printing',
          title: 'Your print job does not come out of the printer',
          body: 'Log in at the printer with your card; print jobs stay in the follow-me queue for 24 hours.',
          keywords: ['print', 'print queue', 'printer'],
        },
        {
          id: 'eduroam-en',
          locale: 'en',
          categoryId: 'wifi',
          title: 'How to connect to eduroam',
          body: 'Forget the eduroam network, choose it again and log in with your AU ID and password.',
          keywords: ['eduroam', 'wifi', 'wireless'],
        },
      ],
    }),
  );
}

/** A directory over a fixed list of people: search matches a part of the name or the e-mail. */
export class FakeDirectory implements Directory {
  constructor(readonly people: Person[]) {}
  async lookup(personId: string): Promise<Person | null> {
    return this.people.find((p) => p.id === personId) ?? null;
  }
  async search(query: string, limit = 10): Promise<Person[]> {
    const q = query.trim().toLowerCase();
    return this.people.filter((p) => p.name.toLowerCase().includes(q) || p.email?.toLowerCase() === q).slice(0, limit);
  }
}

export interface IntakeHarness {
  store: SqliteCaseStore;
  catalogue: CatalogueIndex;
  knowledge: KnowledgeService;
  clock: ManualClock;
  directory: FakeDirectory;
  /** Every registration the engine asked for, with the actor. */
  registered: { input: RegistrationInput; actor: Person; case: Case }[];
  /**
   * An engine over the harness's store (call again for "a restarted server"); `overrides` replace its
   * dependencies (a failing store, major incidents, another time zone).
   */
  engine(overrides?: Partial<IntakeDeps>): IntakeEngine;
  staff: Person;
}

/**
 * An in-memory SQLite store with the knowledge base seeded, a manual clock, a directory with Anna and two
 * Jensens, and a `register` double that records its input and stores a case built from it (routed by the
 * catalogue, resolved when `resolvedWith` says so).
 */
export async function createIntakeHarness(catalogue = buildTestCatalogue()): Promise<IntakeHarness> {
  const store = new SqliteCaseStore({ file: ':memory:' });
  await store.init();
  const knowledge = new KnowledgeService(store, catalogue);
  await knowledge.seed();
  const clock = new ManualClock('2025-03-10T09:00:00.000Z');
  const directory = new FakeDirectory([
    buildPerson('anna', {
      id: 'email:anna@au.dk',
      name: 'Anna Andersen',
      email: 'anna@au.dk',
      department: 'Arts',
      locale: 'da',
    }),
    buildPerson('jens', { id: 'email:jens@au.dk', name: 'Jens Jensen', email: 'jens@au.dk' }),
    buildPerson('jette', { id: 'email:jette@au.dk', name: 'Jette Jensen', email: 'jette@au.dk' }),
  ]);
  const staff = buildPerson('sten', { name: 'Sten Support', email: 'member-servicedesk@au.dk' });
  const registered: IntakeHarness['registered'] = [];
  const register: RegisterCase = async (input, actor) => {
    const c = await store.createCase(
      buildNewCase({
        type: input.type,
        title: input.title,
        description: input.description,
        categoryId: input.categoryId,
        answers: input.answers,
        priority: input.priority ?? catalogue.priorityFor(input.impact, input.urgency),
        impact: input.impact,
        urgency: input.urgency,
        status: input.resolvedWith ? 'resolved' : 'registered',
        user: input.user,
        ...(input.reporter ? { reporter: input.reporter } : {}),
        ownerGroupId: 'servicedesk',
        groupId: input.groupId ?? catalogue.routeNewCase(input.categoryId),
        intakeChannel: input.intakeChannel,
        locale: input.locale,
        quick: input.resolvedWith?.quick ?? false,
        ...(input.resolvedWith
          ? { solution: { text: input.resolvedWith.solution, by: actor, at: clock.now().toISOString() } }
          : {}),
      }),
    );
    registered.push({ input, actor, case: c });
    return c;
  };
  const engine = (overrides: Partial<IntakeDeps> = {}) =>
    new IntakeEngine({
      store,
      catalogue,
      knowledge,
      register,
      clock,
      defaultLocale: 'da',
      directory,
      isStaff: (p) => p.email === staff.email,
      ...overrides,
    });
  return { store, catalogue, knowledge, clock, directory, registered, engine, staff };
}

/** A conversation driver: sends turns for one person on one conversation key and keeps the last reply. */
export class Chat {
  last: IntakeReply | undefined;
  constructor(
    private engine: IntakeEngine,
    readonly person: Person,
    readonly opts: { key?: string; locale?: string; platform?: 'teams' | 'slack' } = {},
  ) {}

  use(engine: IntakeEngine): void {
    this.engine = engine;
  }

  private base(): Omit<IntakeInput, 'text' | 'action' | 'values'> {
    return {
      conversationKey: this.opts.key ?? `teams:${this.person.id}`,
      person: this.person,
      platform: this.opts.platform ?? 'teams',
      ...(this.opts.locale ? { locale: this.opts.locale } : {}),
    };
  }

  async say(text: string): Promise<IntakeReply> {
    this.last = await this.engine.handle({ ...this.base(), text });
    return this.last;
  }

  async act(action: IntakeInput['action'], values?: Record<string, unknown>): Promise<IntakeReply> {
    this.last = await this.engine.handle({
      ...this.base(),
      ...(action ? { action } : {}),
      ...(values ? { values } : {}),
    });
    return this.last;
  }

  /** Submits the current form (`intake_answer` for its step) with these values. */
  async submit(values: Record<string, string | boolean>): Promise<IntakeReply> {
    const step = this.formStep();
    return this.act({ verb: 'intake_answer', ...(step ? { step } : {}), values });
  }

  /** The step the last reply's form was rendered for (from its id `intake-<step>`). */
  formStep(): string | undefined {
    return this.view().form?.id.replace(/^intake-/, '');
  }

  /** The last view of the last reply. */
  view() {
    const views = this.last?.views ?? [];
    const view = views[views.length - 1];
    if (!view) throw new Error('no view in the last reply');
    return view;
  }

  input(id: string) {
    return this.view().form?.inputs.find((i) => i.id === id);
  }
}
