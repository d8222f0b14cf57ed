import type { Express } from 'express';
import { slackPersonRefs } from './bot/slack/slack-ref-people.js';
import { type GraphTroubleSink, GraphTroubleLog } from './bot/teams/graph-trouble.js';
import { teamsPersonRefs } from './bot/teams/teams-ref-people.js';
import { type AppConfig, asksGraphFor } from './config/env.js';
import { type CatalogueIndex, createCatalogueIndex } from './config/catalogue-index.js';
import { loadCatalogue } from './config/load-catalogue.js';
import { ManagersFile } from './config/managers-file.js';
import { createMetrics, type Metrics } from './http/metrics.js';
import { mountFileRoutes } from './http/files-routes.js';
import { mountReportRoutes } from './http/reports-routes.js';
import { startHttpServer, type RunningServer } from './http/server.js';
import type { Logger } from './logger.js';
import { BusinessCalendar } from './models/business-calendar.js';
import type { Platform } from './models/case.js';
import type { CaseStore } from './models/case-store.js';
import { FILE_DOWNLOAD_SLOTS } from './services/attachments.js';
import { CaseActions } from './services/case-actions.js';
import { type Clock, systemClock } from './services/clock.js';
import { ConversationRouter } from './services/conversations.js';
import { IntakeEngine } from './services/intake/intake-engine.js';
import { KnowledgeService } from './services/knowledge.js';
import { CaseService } from './services/lifecycle/case-service.js';
import { createRegisterCase } from './services/lifecycle/register-case.js';
import { MajorIncidentService } from './services/major/major-incident-service.js';
import { OrderEngine } from './services/orders/order-engine.js';
import { OrderService } from './services/orders/order-service.js';
import { OrderSweeper } from './services/orders/order-sweeper.js';
import { startPeriodic } from './services/periodic.js';
import { ManagersAbove, withManagers } from './services/manager-directory.js';
import { catalogueDirectory, compositeDirectory } from './services/people-directory.js';
import { PrivacyService } from './services/privacy/privacy-service.js';
import { RetentionJob } from './services/privacy/retention-job.js';
import { MonthlyReportJob } from './services/reports/monthly-report-job.js';
import { ReportLinks } from './services/reports/report-links.js';
import { ReportService } from './services/reports/report-service.js';
import type { ChannelTarget, ChatGateway } from './services/ports/chat-gateway.js';
import { checkpointInBackground, createStore } from './create-store.js';
import { limitPlatformCalls } from './http/platform-timeouts.js';
import { channelTargetsFor, createOutboxDispatcher, type OutboxControl } from './outbox-delivery.js';
import type { GatewayOverrides } from './delivery-channels.js';
import { OutboxThread } from './outbox-thread.js';
import type { Directory } from './services/ports/directory.js';
import { isStaff } from './services/roles.js';
import { DailyDigest } from './services/sla/daily-digest.js';
import { SlaSweeper } from './services/sla/sla-sweeper.js';
import { withOutboxKick } from './services/outbox/kick-on-write.js';
import { Slots } from './services/slots.js';

/** The services every transport calls; built once by `createServices`. */
export interface Services {
  config: AppConfig;
  logger: Logger;
  clock: Clock;
  store: CaseStore;
  catalogue: CatalogueIndex;
  calendar: BusinessCalendar;
  directory: Directory;
  /**
   * Where the Teams directory tells how its manager look-ups in Microsoft Graph went (`TEAMS_GRAPH_MANAGERS`): the
   * process's one log of Graph's troubles, which the delivery worker's go to as well, and the cards' memory of its
   * refusals, both threads', which an answer ends.
   */
  graphTrouble: GraphTroubleSink;
  knowledge: KnowledgeService;
  cases: CaseService;
  intake: IntakeEngine;
  /** Major incidents by command and at intake (issue 9). */
  majors: MajorIncidentService;
  /** Equipment order conversations (issue 11). */
  orders: OrderEngine;
  /** Approval and fulfilment of orders on their cases (issue 11). */
  orderCases: OrderService;
  /** What the transports hand chat turns and conversation card actions to: intake or order conversation. */
  conversations: ConversationRouter;
  /** What the transports hand case card actions and case commands to: the lifecycle, order verbs to orders. */
  actions: CaseActions;
  /** The outbox's delivery: the dispatcher itself, or the handle of the worker thread running it. */
  dispatcher: OutboxControl;
  /** `stats [group] [period]` and the monthly report (issue 8). */
  reports: ReportService;
  /** `admin export <email>` / `admin erase <email>` and retention (issue 8). */
  privacy: PrivacyService;
  /** Prometheus metrics; transports call `metrics.recordTurn(platform)` once per handled turn. */
  metrics: Metrics;
  /** The files people send are downloaded and stored in these slots, whatever the platform (see `keepFiles`). */
  fileSlots: Slots;
  /** Where a group's cards go: channels captured when the app was added, else the catalogue's bindings. */
  channelTargets(groupId: string): Promise<ChannelTarget[]>;
}

/** A transport (Teams, Slack): adds its routes, its gateway and its directory; started and stopped with the app. */
export interface Transport {
  platform: Platform;
  /** None for a platform that is off but still answers its route (Teams in a Slack-only production). */
  gateway?: ChatGateway;
  directory?: Directory;
  mount(app: Express): void;
  start?(): Promise<void>;
  stop?(): Promise<void>;
  /** Resolves when every request received so far is fully processed, the work after its acknowledgement too. */
  settled?(): Promise<void>;
  /** One line for the start-up log: how this channel runs (anonymous, Socket Mode …). */
  describe(): string;
}

/** Builds a transport once the services exist (transports need the services; services need their gateways). */
export type TransportFactory = (services: Services) => Promise<Transport | null>;

export interface CreateAppOptions {
  logger: Logger;
  clock?: Clock;
  /** Overrides the store (tests); by default MongoDB when MONGODB_URI is set, else SQLite under DATA_DIR. */
  store?: CaseStore;
  transports?: TransportFactory[];
  /** Dispatcher poll interval (default 500 ms). */
  dispatchIntervalMs?: number;
  /** SLA sweeper interval (default 30 s). */
  slaSweepIntervalMs?: number;
  /** Order approval reminder sweep interval (default 5 min). */
  orderSweepIntervalMs?: number;
  /**
   * Where the outbox is delivered: by default `OUTBOX_DELIVERY` (a worker thread), but always in the main thread
   * when `store` or `clock` is given (the worker opens its own connection and runs on the system clock).
   * `overrides` point the worker's gateways where the transports' point (tests, bench); `entry` replaces the
   * worker's program (tests).
   */
  outbox?: { delivery?: 'inline' | 'worker'; overrides?: GatewayOverrides; entry?: URL; closeTimeoutMs?: number };
}

/** How long `stop` lets the requests in flight finish before their connections are cut. */
export const HTTP_CLOSE_TIMEOUT_MS = 10_000;

export interface RunningApp {
  services: Services;
  http: RunningServer;
  transports: Transport[];
  /**
   * Shuts down in order: the HTTP server (no new requests; those in flight finished, at most
   * `HTTP_CLOSE_TIMEOUT_MS`), the transports (Slack's work after its acks), the timers, the outbox (the worker's
   * batch in flight at most its close timeout, 15 s), then the store. `main` bounds the whole.
   */
  stop(): Promise<void>;
}

/**
 * Composition root: catalogue → store → services → transports → HTTP server. Throws AppError (CONFIG/CATALOGUE/
 * STORE codes) with every problem listed before anything listens.
 */
export async function startApp(config: AppConfig, opts: CreateAppOptions): Promise<RunningApp> {
  const { logger } = opts;
  const clock = opts.clock ?? systemClock;
  limitPlatformCalls(config.platformTimeoutMs);
  const catalogue = createCatalogueIndex(loadCatalogue(config.cataloguePath));
  const calendar = BusinessCalendar.fromConfig(catalogue.catalogue.calendar, config.timeZone);
  const managers = config.managersFile
    ? ManagersFile.load(config.managersFile, logger.child({ part: 'managers' }))
    : undefined;
  const delivery = opts.store || opts.clock ? 'inline' : (opts.outbox?.delivery ?? config.outboxDelivery);
  // With the delivery worker, its connection checkpoints the SQLite WAL: one thread fewer in the process.
  const baseStore =
    opts.store ??
    (await createStore(config, clock, {
      ...(delivery === 'worker' ? { checkpoints: 'elsewhere' as const } : {}),
      warn: (message) => logger.warn(message),
    }));
  await baseStore.init();
  const metrics = createMetrics({
    store: baseStore,
    clock,
    ...(config.metricsToken ? { token: config.metricsToken } : {}),
  });
  // Microsoft Graph's troubles with manager look-ups, logged once per cause for both threads (the worker sends its own).
  const graphLog = new GraphTroubleLog(logger.child({ channel: 'teams' }), () => clock.now().getTime());
  // The delivery worker builds its part of the app while the main thread builds the rest.
  const outboxThread =
    delivery === 'worker'
      ? OutboxThread.start({
          config,
          logger,
          overrides: opts.outbox?.overrides,
          entry: opts.outbox?.entry,
          closeTimeoutMs: opts.outbox?.closeTimeoutMs,
          onEnded: () => metrics.recordOutboxWorkerEnded(),
          onGraph: (news) => graphLog.fromWorker(news),
        }).catch((err: unknown) => {
          logger.error(
            { err, part: 'outbox' },
            'the outbox worker could not start; delivering cards and messages in the main thread instead',
          );
          checkpointInBackground(baseStore);
          return undefined;
        })
      : Promise.resolve(undefined);
  // Services write through this one: a write with outbox messages wakes the dispatcher (set once it exists).
  let kickOutbox = (): void => {};
  const store = withOutboxKick(baseStore, () => kickOutbox());

  const gateways: ChatGateway[] = [];
  // Transports add their directories in front of the catalogue's staff list once they exist; the composite
  // reads this array on every call.
  const directoryParts: { prefix?: string; directory: Directory }[] = [{ directory: catalogueDirectory(catalogue) }];
  const partsDirectory = compositeDirectory(directoryParts, (err) =>
    logger.warn({ err }, 'a directory did not answer; carrying on without it'),
  );
  const liveDirectory = managers
    ? withManagers(partsDirectory, managers, logger.child({ part: 'managers' }))
    : partsDirectory;

  const above = new ManagersAbove({
    directory: liveDirectory,
    ...(managers ? { managers } : {}),
    asksGraph: asksGraphFor(config),
    now: () => clock.now().getTime(),
  });
  // Graph answered anyone's look-up (here or in the worker): cards stop hiding "Manager" for its refusal.
  graphLog.onAnswered(() => above.graphAnswered());
  const graphTrouble: GraphTroubleSink = {
    refused: (trouble) => graphLog.refused(trouble),
    answered: () => {
      graphLog.answered();
      void outboxThread.then((thread) => thread?.graphAnswered());
    },
  };
  const lifecycleDeps = {
    store,
    catalogue,
    calendar,
    clock,
    directory: liveDirectory,
    timeZone: config.timeZone,
    defaultLocale: config.defaultLocale,
    reopenWindowDays: config.reopenWindowDays,
    publicUrl: config.publicUrl,
    logger: logger.child({ part: 'lifecycle' }),
    // Her card offers the escalation to the manager exactly when it would reach someone (asked before it is rendered).
    knownNobodyAbove: above.knownNobodyAbove,
    askAbove: above.ask.bind(above),
  };
  const cases = new CaseService(lifecycleDeps);
  const register = createRegisterCase(lifecycleDeps);
  const knowledge = new KnowledgeService(store, catalogue);
  await knowledge.seed();
  const majors = new MajorIncidentService({
    store,
    cases,
    clock,
    timeZone: config.timeZone,
    defaultLocale: config.defaultLocale,
  });
  const intake = new IntakeEngine({
    store,
    catalogue,
    knowledge,
    register,
    clock,
    defaultLocale: config.defaultLocale,
    timeZone: config.timeZone,
    directory: liveDirectory,
    isStaff: (p) => isStaff(p, catalogue),
    majors,
  });
  const orders = new OrderEngine({
    store,
    catalogue,
    calendar,
    clock,
    directory: liveDirectory,
    register,
    defaultLocale: config.defaultLocale,
  });
  const orderCases = new OrderService(lifecycleDeps);
  const conversations = new ConversationRouter({ intake, orders });
  const actions = new CaseActions({ cases, orders: orderCases });

  const channelTargets = channelTargetsFor(store, catalogue, gateways);
  const inlineDispatcher = () =>
    createOutboxDispatcher({
      config,
      logger,
      clock,
      store: baseStore,
      writeStore: store,
      catalogue,
      calendar,
      gateways,
      directory: liveDirectory,
      above,
    });

  // Reports, data protection and metrics (issue 8).
  const reportLinks = new ReportLinks({ store, clock, publicUrl: config.publicUrl });
  const reportDeps = {
    store,
    catalogue,
    calendar,
    clock,
    timeZone: config.timeZone,
    defaultLocale: config.defaultLocale,
  };
  const reports = new ReportService({ ...reportDeps, links: reportLinks });
  const privacy = new PrivacyService({
    store,
    catalogue,
    clock,
    defaultLocale: config.defaultLocale,
    // Both platforms' records, whichever transports run: one switched off may have left some.
    personRefs: [...teamsPersonRefs, ...slackPersonRefs],
    // The directories' memory of the person, and whether anyone is above her (`ManagersAbove`); the delivery
    // worker's copies of both too, by a message to its thread.
    directory: {
      forget(personIds, email) {
        liveDirectory.forget?.(personIds, email);
        above.forget(personIds);
        void outboxThread.then((thread) => thread?.forget(personIds, email));
      },
    },
  });

  const thread = await outboxThread;
  const dispatcher: OutboxControl = thread ?? inlineDispatcher();
  kickOutbox = () => dispatcher.kick();

  const services: Services = {
    config,
    logger,
    clock,
    store,
    catalogue,
    calendar,
    directory: liveDirectory,
    graphTrouble,
    knowledge,
    cases,
    intake,
    majors,
    orders,
    orderCases,
    conversations,
    actions,
    dispatcher,
    reports,
    privacy,
    metrics,
    fileSlots: new Slots(FILE_DOWNLOAD_SLOTS),
    channelTargets,
  };

  const transports: Transport[] = [];
  for (const factory of opts.transports ?? []) {
    const t = await factory(services);
    if (!t) continue;
    transports.push(t);
    if (t.gateway) gateways.push(t.gateway);
    if (t.directory) directoryParts.unshift({ prefix: `${t.platform}:`, directory: t.directory });
  }

  const http = await startHttpServer({
    port: config.port,
    host: config.host,
    logger,
    readiness: { store: () => store.ping() },
    mount: (app) => {
      metrics.mount(app);
      mountReportRoutes(app, { reports, links: reportLinks, catalogue });
      mountFileRoutes(app, { store });
      for (const t of transports) t.mount(app);
    },
  });
  for (const t of transports) await t.start?.();
  dispatcher.start(opts.dispatchIntervalMs ?? 500);
  // SLA ladder and daily follow-up (issue 7): durable timers in the store, so any number of instances may run.
  const timeDeps = {
    store,
    catalogue,
    calendar,
    clock,
    timeZone: config.timeZone,
    defaultLocale: config.defaultLocale,
    directory: liveDirectory,
  };
  const slaSweeper = new SlaSweeper({
    ...timeDeps,
    logger: logger.child({ part: 'sla' }),
    onBreach: (kind) => metrics.recordSlaBreach(kind),
  });
  const digest = new DailyDigest({ ...timeDeps, logger: logger.child({ part: 'digest' }) });
  slaSweeper.start(opts.slaSweepIntervalMs ?? 30_000);
  digest.start();
  // Order approvals (issue 11): reminders and escalation of stuck approvals; idempotent, so any instance may run.
  const orderSweeper = new OrderSweeper({
    store,
    catalogue,
    calendar,
    clock,
    directory: liveDirectory,
    defaultLocale: config.defaultLocale,
  });
  const orderSweeps = startPeriodic(
    () => orderSweeper.sweep(),
    opts.orderSweepIntervalMs ?? 5 * 60_000,
    (err) => logger.error({ err, part: 'orders' }, 'order approval sweep failed'),
  );
  const monthlyReport = new MonthlyReportJob({ ...reportDeps, reports, logger: logger.child({ part: 'reports' }) });
  const retention = new RetentionJob({
    privacy,
    store,
    clock,
    logger: logger.child({ part: 'retention' }),
    closedCaseMonths: catalogue.catalogue.retention.closedCaseMonths,
    deliveredMessageDays: catalogue.catalogue.retention.deliveredMessageDays,
    links: reportLinks,
  });
  monthlyReport.start();
  retention.start();

  logger.info(
    {
      host: config.host,
      port: http.port,
      store: store.kind === 'sqlite' ? `embedded SQLite in ${config.dataDir}` : 'MongoDB',
      catalogue: config.cataloguePath,
      managers: managers ? `${managers.size} people from ${managers.path}` : 'none (MANAGERS_FILE unset)',
      groups: catalogue.catalogue.groups.length,
      categories: catalogue.catalogue.categories.length,
      channels: transports.map((t) => t.describe()),
      metrics: config.metricsToken ? 'GET /metrics needs the bearer token' : 'GET /metrics is open',
      outbox: thread ? 'delivered by a worker thread' : 'delivered in the main thread',
    },
    `incident bot listening on ${config.host.includes(':') ? `[${config.host}]` : config.host}:${http.port} with ${store.kind === 'sqlite' ? 'embedded SQLite' : 'MongoDB'}; ${
      transports.map((t) => t.describe()).join('; ') || 'no chat channel active'
    }`,
  );

  let stopped = false;
  return {
    services,
    http,
    transports,
    async stop() {
      if (stopped) return;
      stopped = true;
      await http.close(HTTP_CLOSE_TIMEOUT_MS);
      for (const t of transports) await t.stop?.();
      await slaSweeper.stop();
      await orderSweeps.stop();
      await digest.stop();
      await monthlyReport.stop();
      await retention.stop();
      // The worker's close stops its dispatcher itself, within one bound (a separate stop first waited unbounded).
      if (thread) await thread.close();
      else await dispatcher.stop();
      await store.close();
    },
  };
}
