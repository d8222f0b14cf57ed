import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../models/errors.js';

/** TIME_ZONE when unset; also the zone of a service built without one (the intake engine in tests). */
export const DEFAULT_TIME_ZONE = 'Europe/Copenhagen';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Variables whose values are never shown in errors or logs. */
const SECRET_VARS = new Set([
  'TEAMS_CLIENT_SECRET',
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'METRICS_TOKEN',
]);

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/**
 * A whole number from `min` to `max`, written in digits only; unset or empty (`PORT=` from a compose file whose
 * variable is missing) means the default, as for text variables — never 0, which would turn the rate limit off or
 * bind a random port.
 */
const intFrom = (def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const v = raw?.trim() ?? '';
      if (v === '') return def;
      if (!/^[0-9]+$/.test(v)) {
        ctx.addIssue({ code: 'custom', message: 'must be a whole number, in digits only' });
        return z.NEVER;
      }
      const n = Number(v);
      if (n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

/** An interface to listen on: an IPv4/IPv6 address or a host name, without a scheme, port or brackets. */
function validHost(v: string): boolean {
  if (isIP(v) !== 0) return true;
  return (
    v.length <= 253 &&
    v.split('.').every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(label)) &&
    !/^[0-9.]+$/.test(v)
  );
}

/** Whether `host` is reachable from this machine only: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * What is wrong with a `PUBLIC_URL`, if anything. Links whose only key is an unguessable id or a signature go out
 * under it (attachments, report charts, CSV links), so it must be https; plain http only for a loopback host
 * outside production (a local run: nobody else can see those links).
 */
function publicUrlProblem(v: string, nodeEnv: string): string | undefined {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return 'must be an https URL (e.g. https://bot.example.org)';
  }
  if (/\s/.test(v) || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    return 'must be an https URL (e.g. https://bot.example.org)';
  }
  if (url.protocol === 'http:' && (nodeEnv === 'production' || !isLoopbackHost(url.hostname))) {
    return 'must be https: links whose only key is an unguessable id or signature go out under it (http is allowed only for localhost/127.0.0.1/::1 outside production)';
  }
  return undefined;
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: intFrom(3978, 0, 65535),
  HOST: optionalText.refine(
    (v) => v === undefined || validHost(v),
    'must be an interface address or host name without a scheme or port (e.g. 0.0.0.0, 127.0.0.1, ::)',
  ),
  ALLOW_ANONYMOUS_TEAMS_ON_NETWORK: optionalText.pipe(z.enum(['true', 'false']).optional()),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  MONGODB_URI: optionalText.refine((v) => v === undefined || /^mongodb(\+srv)?:\/\//.test(v), {
    message: 'must start with mongodb:// or mongodb+srv://',
  }),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  DEFAULT_LOCALE: z.enum(['da', 'en']).default('da'),
  TIME_ZONE: z.string().trim().default(DEFAULT_TIME_ZONE).refine(validTimeZone, 'is not an IANA time zone'),
  CATALOGUE_PATH: z.string().trim().min(1).default('config/catalogue.yaml'),
  MANAGERS_FILE: optionalText,
  TEAMS_CLIENT_ID: optionalText,
  TEAMS_CLIENT_SECRET: optionalText,
  // Teams names the tenant by its id (a GUID) in every activity, which the tenant check compares with this; a
  // domain (`contoso.onmicrosoft.com`), which Entra takes for sign-in, would have every activity dropped.
  // A GUID as some tools print it, in braces or upper case, is the same id: kept bare and lower-cased.
  TEAMS_TENANT_ID: optionalText
    .transform((v) => v?.replace(/^\{(.*)\}$/, '$1').toLowerCase())
    .refine((v) => v === undefined || !['common', 'organizations', 'consumers'].includes(v), {
      message:
        'must be the Directory (tenant) ID of the one tenant the bot serves; common, organizations and consumers are Entra sign-in aliases for many tenants, which no activity names',
    })
    .refine(
      (v) => v === undefined || !v.includes('.'),
      "must be the Directory (tenant) ID, a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47 (Entra admin center → Overview), not a domain: Teams names the tenant by that id in every activity, so with a domain every activity would be dropped as another tenant's",
    ),
  TEAMS_GRAPH_MANAGERS: optionalText.pipe(z.enum(['true', 'false']).optional()),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), 'must be a bot token (xoxb-…)'),
  SLACK_APP_TOKEN: optionalText.refine(
    (v) => v === undefined || v.startsWith('xapp-'),
    'must be an app token (xapp-…)',
  ),
  SLACK_COMMAND: z
    .string()
    .trim()
    .default('/incident')
    .refine((v) => /^\/[a-z0-9_-]{1,31}$/.test(v), 'must look like /incident'),
  REOPEN_WINDOW_DAYS: intFrom(14, 0, 365),
  PUBLIC_URL: optionalText,
  METRICS_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters'),
  RATE_LIMIT_BURST: intFrom(20, 0, 10_000),
  RATE_LIMIT_PER_SECOND: intFrom(5, 1, 10_000),
  OUTBOX_DELIVERY: z.enum(['worker', 'inline']).default('worker'),
  OUTBOX_WORKER_NICE: intFrom(10, 0, 19),
  PLATFORM_TIMEOUT_MS: intFrom(15_000, 1_000, 25_000),
});

type Env = z.infer<typeof envSchema>;

/** The app's settings, read once from the environment at start. */
export interface AppConfig {
  nodeEnv: Env['NODE_ENV'];
  port: number;
  /**
   * The interface to listen on (`HOST`). Default `0.0.0.0`, but `127.0.0.1` while Teams runs anonymous — unless
   * Slack runs over HTTP (it must reach `/slack/events`). Without Slack, anonymous Teams refuses any other address
   * unless `ALLOW_ANONYMOUS_TEAMS_ON_NETWORK=true`; with Slack it is taken, and Teams is off there (`teamsServed`).
   */
  host: string;
  dataDir: string;
  mongodbUri?: string;
  logLevel: Env['LOG_LEVEL'];
  defaultLocale: 'da' | 'en';
  timeZone: string;
  cataloguePath: string;
  /**
   * `MANAGERS_FILE`: who manages whom (person's e-mail → manager's e-mail, CSV or JSON), for order approvals and
   * hierarchical escalation above the catalogue's supervisors; read and checked at start, read again when it
   * changes. Unset: no managers, as before.
   */
  managersFile?: string;
  /**
   * Set when Teams credentials are configured; otherwise `anonymous`: served unauthenticated outside production
   * on a loopback `host` (local only) or, with `anonymousOnNetwork` (ALLOW_ANONYMOUS_TEAMS_ON_NETWORK=true), on any;
   * not served at all elsewhere (see `teamsServed`).
   */
  teams: {
    clientId?: string;
    clientSecret?: string;
    tenantId?: string;
    anonymous: boolean;
    anonymousOnNetwork?: boolean;
    /**
     * `TEAMS_GRAPH_MANAGERS=true`: people's managers are read from Microsoft Graph with the bot's own credentials
     * (needs the client id, secret and tenant id, and the User.Read.All application permission). Default off.
     */
    graphManagers?: boolean;
  };
  /** Slack is on when both the signing secret and the bot token are set; Socket Mode when an app token is too. */
  slack: {
    enabled: boolean;
    signingSecret?: string;
    botToken?: string;
    appToken?: string;
    command: string;
    socketMode: boolean;
  };
  reopenWindowDays: number;
  publicUrl?: string;
  /** When set, `GET /metrics` answers only requests with `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /**
   * Per-person limit on inbound Teams/Slack requests: `burst` at once, then `perSecond`; `burst` 0 turns the limit
   * off (e.g. behind a gateway that limits already).
   */
  rateLimit: { burst: number; perSecond: number };
  /**
   * Where the outbox delivers cards and messages: `worker` (default) in a worker thread of its own, so that
   * platform calls do not share the event loop with the clicks and messages being answered; `inline` in the main
   * thread (tests that fake the platforms with nock, which sees only its own thread).
   */
  outboxDelivery: 'worker' | 'inline';
  /**
   * The delivery worker thread's scheduling niceness on Linux (0–19; 0 leaves it as the request thread): when both
   * want a CPU, the answers to clicks and messages go first and the deliveries take what is left.
   */
  outboxWorkerNice: number;
  /**
   * How long one call to Teams or Slack may take (connecting, then waiting for the answer) before it is given up
   * as failed: a stalled platform must not hold a request or an outbox delivery for ever. At most 25 s: a message
   * being delivered keeps its outbox lease (30 s) by renewing it before each platform call once 5 s of it are used
   * up (and every 10 s while the delivery runs), so every call starts with at least 25 s of lease left and no other
   * dispatcher sends the message too, however many calls it takes (a card to Teams and Slack, a first 1:1 message).
   */
  platformTimeoutMs: number;
}

/** Shows a value in an error without leaking a secret. */
export function redact(name: string, value: string | undefined): string {
  if (value === undefined) return '(unset)';
  if (SECRET_VARS.has(name)) return value.length <= 4 ? '****' : `${value.slice(0, 4)}…(redacted)`;
  if (name === 'MONGODB_URI') return redactMongoUriValue(value);
  return JSON.stringify(value);
}

/**
 * A `MONGODB_URI` as shown in a problem: everything before the last `@` masked (user, password, and whatever a
 * password with an unescaped `@`, `/` or `:` spread over); a value that is not even a MongoDB URI — a typo such as
 * `mongodb:/app:pw@db` — is not shown at all, since nobody can tell where its password is.
 */
function redactMongoUriValue(value: string): string {
  const scheme = /^mongodb(\+srv)?:\/\//.exec(value.trim());
  if (!scheme) return '(redacted)';
  const rest = value.trim().slice(scheme[0].length);
  const at = rest.lastIndexOf('@');
  return `${scheme[0]}${at === -1 ? rest : `****${rest.slice(at)}`}`;
}

/**
 * Reads and validates the configuration. The only reader of the environment in the app. Throws
 * `AppError('CONFIG.INVALID')` listing every problem (variable, value redacted where secret, why).
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '?');
      problems.push(`${name}=${redact(name, env[name])}: ${issue.message}`);
    }
  }
  // Cross-variable rules look at the raw values, so they are reported together with any format problems.
  const has = (name: string) => (env[name] ?? '').trim() !== '';
  if (has('TEAMS_CLIENT_ID') !== has('TEAMS_CLIENT_SECRET')) {
    const missing = has('TEAMS_CLIENT_ID') ? 'TEAMS_CLIENT_SECRET' : 'TEAMS_CLIENT_ID';
    problems.push(`${missing}=(unset): Teams needs both TEAMS_CLIENT_ID and TEAMS_CLIENT_SECRET, or neither`);
  }
  if (has('TEAMS_TENANT_ID') && !has('TEAMS_CLIENT_ID')) {
    problems.push('TEAMS_TENANT_ID: set without TEAMS_CLIENT_ID; set the client id and secret too');
  }
  if ((env.TEAMS_GRAPH_MANAGERS ?? '').trim() === 'true' && !(has('TEAMS_CLIENT_ID') && has('TEAMS_TENANT_ID'))) {
    problems.push(
      'TEAMS_GRAPH_MANAGERS="true": Microsoft Graph is asked with the bot\'s own app, so set TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET and TEAMS_TENANT_ID too',
    );
  }
  if (has('SLACK_SIGNING_SECRET') !== has('SLACK_BOT_TOKEN')) {
    const missing = has('SLACK_SIGNING_SECRET') ? 'SLACK_BOT_TOKEN' : 'SLACK_SIGNING_SECRET';
    problems.push(`${missing}=(unset): Slack needs both SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN, or neither`);
  }
  if (has('SLACK_APP_TOKEN') && !has('SLACK_BOT_TOKEN')) {
    problems.push('SLACK_APP_TOKEN: Socket Mode also needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
  }
  const production = (env.NODE_ENV ?? '').trim() === 'production';
  if (production && !has('TEAMS_CLIENT_ID') && !has('SLACK_BOT_TOKEN')) {
    problems.push('NODE_ENV=production: configure Teams or Slack credentials; anonymous mode is for local runs only');
  }
  if (has('PUBLIC_URL')) {
    const problem = publicUrlProblem((env.PUBLIC_URL ?? '').trim(), production ? 'production' : 'development');
    if (problem) problems.push(`PUBLIC_URL=${redact('PUBLIC_URL', env.PUBLIC_URL)}: ${problem}`);
  }
  // Anonymous Teams (no credentials, outside production) takes activities from whoever reaches the port, with a
  // serviceUrl of their choosing: it is served on loopback only, unless the deployment opts in explicitly. With
  // Slack configured the port may face the network (Slack over HTTP must reach /slack/events): Teams is off there.
  const anonymousTeams = !has('TEAMS_CLIENT_ID') && !production;
  const slackOn = has('SLACK_SIGNING_SECRET') && has('SLACK_BOT_TOKEN');
  const host = (env.HOST ?? '').trim();
  const openAnyway = (env.ALLOW_ANONYMOUS_TEAMS_ON_NETWORK ?? '').trim() === 'true';
  if (anonymousTeams && !slackOn && host !== '' && validHost(host) && !isLoopbackHost(host) && !openAnyway) {
    problems.push(
      `HOST=${redact('HOST', env.HOST)}: Teams runs anonymous (no TEAMS_CLIENT_ID), so anyone who reaches this address could post as any user; ` +
        'listen on a loopback address (127.0.0.1, ::1, localhost — the default then), set TEAMS_CLIENT_ID and TEAMS_CLIENT_SECRET, ' +
        'or set ALLOW_ANONYMOUS_TEAMS_ON_NETWORK=true to expose it anyway',
    );
  }
  const e = parsed.success ? parsed.data : undefined;
  if (problems.length > 0 || !e) {
    throw new AppError('CONFIG.INVALID', `Configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
      problems,
    });
  }
  const teamsAnonymous = !e.TEAMS_CLIENT_ID;
  const slackEnabled = Boolean(e.SLACK_SIGNING_SECRET && e.SLACK_BOT_TOKEN);
  // Slack over HTTP needs the network; Socket Mode connects out and leaves the loopback default to anonymous Teams.
  const slackHttp = slackEnabled && !e.SLACK_APP_TOKEN;
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST ?? (anonymousTeams && !slackHttp ? '127.0.0.1' : '0.0.0.0'),
    dataDir: path.resolve(e.DATA_DIR),
    mongodbUri: e.MONGODB_URI,
    logLevel: e.LOG_LEVEL,
    defaultLocale: e.DEFAULT_LOCALE,
    timeZone: e.TIME_ZONE,
    cataloguePath: path.resolve(e.CATALOGUE_PATH),
    ...(e.MANAGERS_FILE ? { managersFile: path.resolve(e.MANAGERS_FILE) } : {}),
    teams: {
      clientId: e.TEAMS_CLIENT_ID,
      clientSecret: e.TEAMS_CLIENT_SECRET,
      tenantId: e.TEAMS_TENANT_ID,
      anonymous: teamsAnonymous,
      anonymousOnNetwork: openAnyway,
      ...(e.TEAMS_GRAPH_MANAGERS === 'true' ? { graphManagers: true } : {}),
    },
    slack: {
      enabled: slackEnabled,
      signingSecret: e.SLACK_SIGNING_SECRET,
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      command: e.SLACK_COMMAND,
      socketMode: slackEnabled && Boolean(e.SLACK_APP_TOKEN),
    },
    reopenWindowDays: e.REOPEN_WINDOW_DAYS,
    publicUrl: e.PUBLIC_URL,
    metricsToken: e.METRICS_TOKEN,
    rateLimit: { burst: e.RATE_LIMIT_BURST, perSecond: e.RATE_LIMIT_PER_SECOND },
    outboxDelivery: e.OUTBOX_DELIVERY,
    outboxWorkerNice: e.OUTBOX_WORKER_NICE,
    platformTimeoutMs: e.PLATFORM_TIMEOUT_MS,
  };
}

/**
 * Whether Teams is served: with credentials, or anonymous outside production on a loopback `host` (or any, with
 * ALLOW_ANONYMOUS_TEAMS_ON_NETWORK=true). In production without credentials (a Slack-only deployment) it is off —
 * the Agents SDK refuses to run anonymous there, and so do we — and so it is on a network address Slack needs
 * outside production: unauthenticated Teams is not exposed by the way.
 */
export function teamsServed(config: Pick<AppConfig, 'nodeEnv' | 'teams' | 'host'>): boolean {
  if (!config.teams.anonymous) return true;
  if (config.nodeEnv === 'production') return false;
  return isLoopbackHost(config.host) || config.teams.anonymousOnNetwork === true;
}

/**
 * Whether a person's manager is asked of Microsoft Graph (`TEAMS_GRAPH_MANAGERS=true`, and a Teams id): what the
 * main thread's and the delivery worker's `ManagersAbove` go by.
 */
export function asksGraphFor(config: Pick<AppConfig, 'teams'>): (person: { id: string }) => boolean {
  return (person) => config.teams.graphManagers === true && person.id.startsWith('teams:');
}
