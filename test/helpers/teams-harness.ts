import type { CloudAdapter } from '@microsoft/agents-hosting';
import nock from 'nock';
import type { CaseCardView, MessageView } from '../../src/cards/view-models.js';
import type { CardAction } from '../../src/cards/card-actions.js';
import { createCatalogueIndex } from '../../src/config/catalogue-index.js';
import { loadCatalogue } from '../../src/config/load-catalogue.js';
import { startHttpServer, type RunningServer } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import type { AttachmentRef, Person } from '../../src/models/case.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { keepFiles } from '../../src/services/attachments.js';
import { ManualClock } from '../../src/services/clock.js';
import type { ConversationLook } from '../../src/services/conversations.js';
import type { IntakeInput, IntakeReply } from '../../src/services/intake/intake-engine.js';
import type { ActionOutcome } from '../../src/services/lifecycle/case-service.js';
import { isAdmin, isStaff } from '../../src/services/roles.js';
import { TeamsBot } from '../../src/bot/teams/teams-bot.js';
import type { TeamsCases, TeamsIntake } from '../../src/bot/teams/teams-bot-deps.js';
import { TeamsGateway } from '../../src/bot/teams/teams-gateway.js';
import { TeamsRefs } from '../../src/bot/teams/teams-refs.js';
import { botAppId, createTeamsAdapter, mountTeams, type TeamsConfig } from '../../src/bot/teams/teams-transport.js';
import type { StaffServices } from '../../src/bot/run-staff-command.js';
import { aCaseCardView } from './views.js';

/** Host of the fake Bot Connector. */
export const CONNECTOR_HOST = 'https://smba.test';
/** E-mails the fake connector's member lookup gives, by Teams user id. */
export const MEMBER_EMAILS: Record<string, string> = {
  '29:anna': 'anna.jensen@example.dk',
  '29:mia': 'mia.medlem@example.dk',
  '29:ada': 'admin.person@example.dk',
};

/** An intake engine double: records turns and answers with a scripted reply. */
export class FakeIntake implements TeamsIntake {
  readonly inputs: IntakeInput[] = [];
  active = false;
  next: IntakeReply = {
    state: 'active',
    views: [
      {
        kind: 'message',
        locale: 'en',
        title: 'Which category?',
        text: 'Choose what your problem is about.',
        form: {
          id: 'category',
          inputs: [
            {
              id: 'categoryId',
              kind: 'choice',
              label: 'Category',
              required: true,
              options: [{ value: 'printing', label: 'Printing' }],
            },
          ],
          submit: [{ action: { verb: 'intake_answer', step: 'category' }, label: 'Next' }],
        },
      },
    ],
  };
  async handle(input: IntakeInput): Promise<IntakeReply> {
    this.inputs.push(input);
    return this.next;
  }
  /** While `active`, the intake's last turn was at the start of 2025 (any later question wins). */
  async look(conversationKey: string): Promise<ConversationLook> {
    const since = this.active ? '2025-01-01T00:00:00.000Z' : null;
    return { conversationKey, since, intake: { record: null, since }, order: { record: null, since: null } };
  }
}

/** A case service double: records actions and answers with a scripted outcome. */
export class FakeCases implements TeamsCases {
  readonly acts: { actor: Person; action: CardAction }[] = [];
  readonly replies: { person: Person; text: string; files?: readonly AttachmentRef[] }[] = [];
  awaitingReply: MessageView | null = null;
  card: CaseCardView = aCaseCardView({ version: 8, assigneeLabel: 'Mia Medlem', statusLabel: 'Assigned' });
  outcome?: ActionOutcome;
  async act(actor: Person, action: CardAction): Promise<ActionOutcome> {
    this.acts.push({ actor, action });
    return this.outcome ?? ({ ok: true, card: this.card } as ActionOutcome);
  }
  async userReply(
    person: Person,
    text: string,
    _askedAfter?: string,
    files?: readonly AttachmentRef[],
  ): Promise<MessageView | null> {
    this.replies.push({ person, text, ...(files?.length ? { files } : {}) });
    return this.awaitingReply;
  }
  readonly comments: { person: Person; ref: string; text: string; files?: readonly AttachmentRef[] }[] = [];
  async userComment(person: Person, ref: string, text: string, files?: readonly AttachmentRef[]): Promise<MessageView> {
    this.comments.push({ person, ref, text, ...(files?.length ? { files } : {}) });
    return { kind: 'message', locale: 'en', text: `Added to ${ref}.` };
  }
  readonly receipts: string[] = [];
  async receipt(caseId: string): Promise<void> {
    this.receipts.push(caseId);
  }
  /** Each lookup's number and whether it was for a shared chat (`shared`). */
  readonly lookups: { ref: string; shared: boolean }[] = [];
  async lookup(_viewer: Person, numberOrId: string, opts: { shared?: boolean } = {}) {
    this.lookups.push({ ref: numberOrId, shared: opts.shared === true });
    return numberOrId === this.card.number
      ? ({ ok: true, card: this.card } as const)
      : ({ ok: false, reply: { kind: 'message', locale: 'en', text: `No case ${numberOrId}.` } } as const);
  }
  async mine(): Promise<MessageView> {
    return { kind: 'message', locale: 'en', title: 'Your cases', text: 'INC-000123 Printer' };
  }
  async queue(_viewer: Person, groupId?: string): Promise<MessageView> {
    return { kind: 'message', locale: 'en', title: `Queue: ${groupId ?? 'all'}`, text: 'INC-000123' };
  }
}

/** Reports, privacy and major incidents doubles: record the calls, answer with a short message each. */
export class FakeStaff implements StaffServices {
  readonly calls: { method: string; person: Person; args: unknown[] }[] = [];
  private record(method: string, person: Person, ...args: unknown[]) {
    this.calls.push({ method, person, args });
    return { kind: 'message' as const, locale: 'en' as const, text: `${method} done` };
  }
  readonly cases: StaffServices['cases'] = {
    search: async (viewer, terms) => ({ ...this.record('search', viewer, terms), title: 'Search' }),
    similar: async (viewer, ref) => ({ ...this.record('similar', viewer, ref), title: 'Similar' }),
  };
  readonly reports: StaffServices['reports'] = {
    statsView: async (viewer, args, locale) => ({ ...this.record('statsView', viewer, args, locale), title: 'Stats' }),
  };
  readonly privacy: StaffServices['privacy'] = {
    exportPerson: async (admin, email) => ({
      ok: true,
      view: this.record('exportPerson', admin, email),
      data: { query: email } as never,
    }),
    erasePerson: async (admin, email) => ({
      ok: true,
      view: this.record('erasePerson', admin, email),
      data: { cases: 0, other: 0 },
    }),
  };
  readonly majors: StaffServices['majors'] = {
    declare: async (actor, n, summary) => ({
      ok: false,
      code: 'CASE.NOT_FOUND',
      reply: this.record('declare', actor, n, summary),
    }),
    link: async (actor, n, p) => ({ ok: false, code: 'CASE.NOT_FOUND', reply: this.record('link', actor, n, p) }),
    unlink: async (actor, n) => ({ ok: false, code: 'CASE.NOT_FOUND', reply: this.record('unlink', actor, n) }),
  };
}

export interface TeamsHarness {
  base: string;
  url: string;
  store: SqliteCaseStore;
  refs: TeamsRefs;
  gateway: TeamsGateway;
  adapter: CloudAdapter;
  intake: FakeIntake;
  cases: FakeCases;
  staff: FakeStaff;
  clock: ManualClock;
  /** Posts an activity to /api/messages, with `Authorization` when a token is given. */
  post(activity: object, token?: string): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The real HTTP server (`startHttpServer` + `mountTeams`) with the real SDK adapter, the Teams bot, gateway and
 * an in-memory SQLite store; services are doubles. Outbound calls must be faked with nock; the fake connector's
 * member lookup is installed (persisting) for the users in `MEMBER_EMAILS`.
 */
export async function startTeamsHarness(
  teams: TeamsConfig = { anonymous: true },
  opts: {
    /** A store of the caller's (another harness's: a second instance of the bot); the caller closes it. */
    store?: SqliteCaseStore;
    /** Message ids recorded in the store (`TeamsBotDeps.sharedSeen`), as with MongoDB. */
    sharedSeen?: boolean;
  } = {},
): Promise<TeamsHarness> {
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const store = opts.store ?? new SqliteCaseStore({ file: ':memory:' });
  if (!opts.store) await store.init();
  const refs = new TeamsRefs(store);
  const clock = new ManualClock(new Date('2025-03-03T09:00:00Z'));
  const catalogue = createCatalogueIndex(loadCatalogue('test/fixtures/catalogues/minimal.yaml'));
  const intake = new FakeIntake();
  const cases = new FakeCases();
  const staff = new FakeStaff();
  const adapter = createTeamsAdapter(teams, logger, 15_000);
  const bot = new TeamsBot({
    intake,
    cases,
    staff,
    refs,
    catalogue,
    isStaff: (p) => isStaff(p, catalogue),
    isAdmin: (p) => isAdmin(p, catalogue),
    clock,
    logger,
    defaultLocale: 'da',
    ...(opts.sharedSeen ? { sharedSeen: (key: string, expiresAt: string) => store.markProcessed(key, expiresAt) } : {}),
    keepFiles: (person, files) => keepFiles({ store, clock, logger }, person, files),
  });
  const gateway = new TeamsGateway({ adapter, refs, clock, appId: botAppId(teams), tenantId: 'tenant-0001' });
  nock(CONNECTOR_HOST)
    .persist()
    .get(/\/teams\/v3\/conversations\/[^/]+\/members\/.+/)
    .reply((uri) => {
      const userId = decodeURIComponent(uri.split('/members/')[1] ?? '');
      const email = MEMBER_EMAILS[userId];
      return email ? [200, { id: userId, email, userPrincipalName: email, givenName: 'Test' }] : [404, {}];
    });
  const running: RunningServer = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    logger,
    readiness: {},
    mount: (app) => mountTeams(app, { adapter, onTurn: bot.run, logger }),
  });
  const base = `http://127.0.0.1:${running.port}`;
  const url = `${base}/api/messages`;
  return {
    base,
    url,
    store,
    refs,
    gateway,
    adapter,
    intake,
    cases,
    staff,
    clock,
    post: (activity, token) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(activity),
      }),
    close: async () => {
      await running.close(1000);
      if (!opts.store) await store.close();
    },
  };
}
