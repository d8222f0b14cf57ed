import { App, ExpressReceiver, type ReceiverEvent } from '@slack/bolt';
import express, { type Express, type Request, type Response, type Router } from 'express';
import type { Logger } from '../../logger.js';
import type { Locale } from '../../models/case.js';
import { AckLane } from './ack-lane.js';
import { type BotIdentity, resolveBotIdentity, webClientOptions } from './slack-client.js';
import { registerCommands } from './slack-commands.js';
import { ARRIVED_AT, SlackContext, type SlackHandlerDeps } from './slack-context.js';
import { registerEvents } from './slack-events.js';
import { registerFailureReplies } from './slack-failures.js';
import { registerUnknownRequests } from './slack-unknown.js';
import { registerInteractions } from './slack-interactions.js';
import { slackLogger } from './slack-logger.js';
import { slackTexts } from './slack-replies.js';
import { classifySlackRequest, type SlackRequestKind } from './slack-shape.js';

/** The one path Slack posts to: slash commands, interactivity (buttons, modals) and events. */
export const SLACK_EVENTS_PATH = '/slack/events';
/** How long an event id is remembered to drop Slack's retries and duplicates (default 24 h). */
export const DEFAULT_DEDUPE_MS = 24 * 60 * 60 * 1000;
/** Largest request body accepted on /slack/events (Bolt's own default is 4 MB; Slack's payloads stay far below). */
export const SLACK_BODY_LIMIT = 1024 * 1024;

export interface SlackTransportDeps extends SlackHandlerDeps {
  signingSecret: string;
  botToken: string;
  /** Socket Mode when set together with `socketMode` (no public URL needed). */
  appToken?: string;
  socketMode?: boolean;
  /** The Web API base URL for the clients Bolt builds itself; tests point it at nock. */
  slackApiUrl?: string;
  /** The bot's identity when known; otherwise resolved with one `auth.test` here. */
  identity?: BotIdentity;
  dedupeMs?: number;
}

/** A request as the router saw it come in: when (ms since the epoch), before its body was read and checked. */
type StampedRequest = Request & { [ARRIVED_AT]?: number };

/** The running Slack side of the app. */
export interface SlackTransport {
  readonly mode: 'http' | 'socket';
  readonly identity: BotIdentity;
  readonly bolt: App;
  /** HTTP mode: the router serving `/slack/events`, mounted on the shared server by `mountSlack`. */
  readonly router?: Router;
  /** Socket Mode: connects. HTTP mode: nothing to do (the shared server listens). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when every request received so far is fully processed, also the work after `ack()`. */
  settled(): Promise<void>;
  /**
   * A person's language without a look-up (`SlackContext.quickLocale`): for middleware whose answer is the
   * acknowledgement itself, such as the rate limit's.
   */
  quickLocale(userId: string): Locale;
}

/**
 * An ExpressReceiver that remembers the requests in flight, so shutdown (and tests) can wait for the work after ack,
 * and that acknowledges first: the work after each `ack()` waits for its turn in an `AckLane`, so requests already
 * received are acknowledged before it runs (see ack-lane.ts).
 */
class TrackingReceiver extends ExpressReceiver {
  readonly inflight = new Set<Promise<void>>();
  readonly lane = new AckLane();
  /** Told about each request of a kind Bolt cannot tell (acknowledged and dropped). */
  onUnknownKind: (body: Record<string, unknown>) => void = () => {};
  /** Told about each request refused for lacking what the bot reads (answered 400). */
  onMalformed: (kind: SlackRequestKind | undefined, issues: string[]) => void = () => {};

  override init(bolt: App): void {
    // The receiver only ever calls `processEvent`; the event it passes gets an `ack` that answers Slack at once and
    // then waits for the work's turn.
    const lane = this.lane;
    const processEvent = (event: ReceiverEvent) =>
      bolt.processEvent({
        ...event,
        ack: async (response) => {
          await event.ack(response);
          await lane.turn();
        },
      });
    super.init(Object.assign(Object.create(bolt) as App, { processEvent }));
  }

  override async requestHandler(req: Request, res: Response): Promise<void> {
    // A body without the fields Bolt and the listeners read (see slack-shape.ts) is refused with what is wrong,
    // instead of a 500 from Bolt's internals or a 3 s wait for an acknowledgement no listener gives.
    const { kind, issues } = classifySlackRequest(req.body);
    if (issues.length > 0) {
      this.onMalformed(kind, issues);
      res.status(400).json({ error: 'not a valid Slack request', issues });
      return;
    }
    // For a signed body Bolt cannot tell the kind of (a payload type Slack added since, an `app_rate_limited`
    // notice) no listener can acknowledge: Bolt would wait 3 s, answer 404 and log an error. It is acknowledged
    // at once instead, and the log says what came.
    if (kind === undefined) {
      this.onUnknownKind((req.body ?? {}) as Record<string, unknown>);
      res.status(200).end();
      return;
    }
    const work = super.requestHandler(req, res);
    this.inflight.add(work);
    try {
      await work;
    } finally {
      this.inflight.delete(work);
    }
  }
}

/**
 * Builds the Bolt app. The bot's identity is resolved once (one `auth.test`) and handed to Bolt as
 * `botId`/`botUserId`, so Bolt never calls `auth.test` per request. HTTP mode: an ExpressReceiver on a router
 * at `/slack/events` (signature and 5-minute timestamp checked by Bolt: 401 otherwise, nothing processed;
 * `processBeforeResponse: false`, so `ack()` answers Slack at once and the work goes on after). Socket Mode when
 * an app token is configured. Event ids are recorded with `store.markProcessed`, so Slack's retries
 * (`X-Slack-Retry-Num`) and duplicates are processed once.
 */
export async function createSlackTransport(deps: SlackTransportDeps): Promise<SlackTransport> {
  const identity = deps.identity ?? (await resolveBotIdentity(deps.client));
  const logger = slackLogger(deps.logger);
  const clientOptions = webClientOptions({
    logger: deps.logger,
    ...(deps.slackApiUrl ? { slackApiUrl: deps.slackApiUrl } : {}),
  });
  const common = {
    token: deps.botToken,
    botId: identity.botId,
    botUserId: identity.botUserId,
    logger,
    clientOptions,
    convoStore: false as const,
  };
  let bolt: App;
  let receiver: TrackingReceiver | undefined;
  let router: Router | undefined;
  const socket = deps.socketMode === true && deps.appToken !== undefined;
  /** Socket Mode: the events being processed (no receiver of ours tracks them), so `stop` can wait for them. */
  const socketWork = new Set<Promise<void>>();
  if (socket) {
    bolt = new App({ ...common, appToken: deps.appToken, socketMode: true, signingSecret: deps.signingSecret });
    const processEvent = bolt.processEvent.bind(bolt);
    bolt.processEvent = (event) => {
      const work = processEvent(event);
      socketWork.add(work);
      const done = () => socketWork.delete(work);
      work.then(done, done);
      return work;
    };
  } else {
    router = express.Router();
    // Slack's 3 s count from the request's arrival: stamped before the body is read, handed to the listeners in
    // their context (`arrivalOf`), so work raced against the deadline knows what is left.
    router.post(SLACK_EVENTS_PATH, (req: StampedRequest, _res, next) => {
      req[ARRIVED_AT] = Date.now();
      next();
    });
    receiver = new TrackingReceiver({
      signingSecret: deps.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      processBeforeResponse: false,
      bodyLimit: SLACK_BODY_LIMIT,
      logger,
      router,
      customPropertiesExtractor: (req) => ({ [ARRIVED_AT]: (req as StampedRequest)[ARRIVED_AT] ?? Date.now() }),
    });
    receiver.onUnknownKind = (body) =>
      deps.logger.warn(
        { type: typeof body['type'] === 'string' ? body['type'].slice(0, 100) : typeof body['type'] },
        'slack: a request of a kind the bot does not take; acknowledged and dropped',
      );
    receiver.onMalformed = (kind, issues) =>
      deps.logger.warn(
        { kind: kind ?? 'unknown', issues },
        'slack: a request without the fields the bot reads; refused with 400',
      );
    bolt = new App({ ...common, receiver });
  }

  const ctx = new SlackContext(deps);
  if (socket) {
    // No receiver to stamp the arrival in Socket Mode: the first middleware does.
    bolt.use(async ({ context, next }) => {
      context[ARRIVED_AT] ??= Date.now();
      await next();
    });
  }
  registerFailureReplies(bolt, ctx);
  const dedupeMs = deps.dedupeMs ?? DEFAULT_DEDUPE_MS;
  bolt.use(async ({ body, context, next }) => {
    const b = body as { type?: unknown; event_id?: unknown };
    if (b.type === 'event_callback' && typeof b.event_id === 'string') {
      // Wall time, as the store compares expiries with wall time: Slack retries within real minutes.
      const expiresAt = new Date(Date.now() + dedupeMs).toISOString();
      // A store that does not answer must not swallow the event (Slack was acked already and will not retry):
      // process it, and let the handlers tell the person what could not be done.
      const first = await deps.store.markProcessed(`slack:event:${b.event_id}`, expiresAt).catch((err: unknown) => {
        deps.logger.warn({ err, eventId: b.event_id }, 'slack event dedupe unavailable; processing anyway');
        return true;
      });
      if (!first) {
        deps.logger.info({ eventId: b.event_id, retryNum: context.retryNum }, 'slack event seen before; skipped');
        return;
      }
    }
    await next();
  });
  bolt.error(async (err) => {
    deps.logger.error({ err }, 'slack request failed');
  });

  registerCommands(bolt, ctx);
  registerInteractions(bolt, ctx);
  registerUnknownRequests(bolt, ctx);
  registerEvents(bolt, ctx);

  deps.logger.info(
    { mode: socket ? 'socket' : 'http', botUserId: identity.botUserId, teamId: identity.teamId },
    socket ? 'Slack is on (Socket Mode)' : `Slack is on (HTTP, ${SLACK_EVENTS_PATH})`,
  );
  return {
    mode: socket ? 'socket' : 'http',
    identity,
    bolt,
    ...(router ? { router } : {}),
    start: async () => {
      if (!socket) return;
      try {
        await bolt.start();
      } catch (err) {
        // Socket Mode opens its connection with the app token (apps.connections.open): a refusal here is that
        // token's, not the bot token's (`describeStartupFailure` tells the two apart by this mark).
        if (typeof err === 'object' && err !== null) Object.assign(err, { slackMethod: SOCKET_OPEN_METHOD });
        throw err;
      }
    },
    stop: async () => {
      if (socket) await bolt.stop();
      // The work after each ack too: HTTP requests (the receiver's), or Socket Mode events (ours).
      await Promise.allSettled([...(receiver?.inflight ?? socketWork)]);
    },
    settled: async () => {
      while (receiver && receiver.inflight.size > 0) await Promise.allSettled([...receiver.inflight]);
    },
    quickLocale: (userId) => ctx.quickLocale(userId),
  };
}

/** The call Socket Mode connects with, using the app token; marked on a start-up error as `slackMethod`. */
export const SOCKET_OPEN_METHOD = 'apps.connections.open';

/**
 * Mounts Slack on the shared HTTP app (`createHttpApp({ mount })`). Without a transport (no signing secret and
 * bot token) Slack is off: the log says so and `/slack/events` answers 503 saying so, instead of a bare 404.
 */
export function mountSlack(app: Express, transport: SlackTransport | null | undefined, logger: Logger): void {
  if (transport?.router) {
    app.use(transport.router);
    return;
  }
  if (transport) return;
  logger.info(slackTexts.slackOff);
  app.post(SLACK_EVENTS_PATH, (_req, res) => {
    res.status(503).json({ error: slackTexts.slackOff });
  });
}
