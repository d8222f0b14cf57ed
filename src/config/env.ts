import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../models/errors.js';

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

const intFrom = (def: number, min: number, max: number) =>
  z.coerce.number().int(`must be a whole number`).min(min).max(max).default(def);

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
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  MONGODB_URI: optionalText.refine((v) => v === undefined || /^mongodb(\+srv)?:\/\//.test(v), {
    message: 'must start with mongodb:// or mongodb+srv://',
  }),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  DEFAULT_LOCALE: z.enum(['da', 'en']).default('da'),
  TIME_ZONE: z.string().trim().default('Europe/Copenhagen').refine(validTimeZone, 'is not an IANA time zone'),
  CATALOGUE_PATH: z.string().trim().min(1).default('config/catalogue.yaml'),
  TEAMS_CLIENT_ID: optionalText,
  TEAMS_CLIENT_SECRET: optionalText,
  TEAMS_TENANT_ID: optionalText,
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
  PUBLIC_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), 'must be an http(s) URL'),
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
  host: string;
  dataDir: string;
  mongodbUri?: string;
  logLevel: Env['LOG_LEVEL'];
  defaultLocale: 'da' | 'en';
  timeZone: string;
  cataloguePath: string;
  /** Set when Teams credentials are configured; otherwise Teams runs anonymous (local only). */
  teams: { clientId?: string; clientSecret?: string; tenantId?: string; anonymous: boolean };
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
   * as failed: a stalled platform must not hold a request or an outbox lease (30 s) for ever. At most 25 s, so
   * the outbox retries a stalled message itself before its lease could let another dispatcher send it too.
   */
  platformTimeoutMs: number;
}

/** Shows a value in an error without leaking a secret. */
export function redact(name: string, value: string | undefined): string {
  if (value === undefined) return '(unset)';
  if (SECRET_VARS.has(name)) return value.length <= 4 ? '****' : `${value.slice(0, 4)}…(redacted)`;
  if (name === 'MONGODB_URI') return value.replace(/\/\/([^:@/]+):([^@/]*)@/, '//$1:****@');
  return JSON.stringify(value);
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
  if (has('SLACK_SIGNING_SECRET') !== has('SLACK_BOT_TOKEN')) {
    const missing = has('SLACK_SIGNING_SECRET') ? 'SLACK_BOT_TOKEN' : 'SLACK_SIGNING_SECRET';
    problems.push(`${missing}=(unset): Slack needs both SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN, or neither`);
  }
  if (has('SLACK_APP_TOKEN') && !has('SLACK_BOT_TOKEN')) {
    problems.push('SLACK_APP_TOKEN: Socket Mode also needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
  }
  if ((env.NODE_ENV ?? '').trim() === 'production' && !has('TEAMS_CLIENT_ID') && !has('SLACK_BOT_TOKEN')) {
    problems.push('NODE_ENV=production: configure Teams or Slack credentials; anonymous mode is for local runs only');
  }
  const e = parsed.success ? parsed.data : undefined;
  if (problems.length > 0 || !e) {
    throw new AppError('CONFIG.INVALID', `Configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
      problems,
    });
  }
  const teamsAnonymous = !e.TEAMS_CLIENT_ID;
  const slackEnabled = Boolean(e.SLACK_SIGNING_SECRET && e.SLACK_BOT_TOKEN);
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    mongodbUri: e.MONGODB_URI,
    logLevel: e.LOG_LEVEL,
    defaultLocale: e.DEFAULT_LOCALE,
    timeZone: e.TIME_ZONE,
    cataloguePath: path.resolve(e.CATALOGUE_PATH),
    teams: {
      clientId: e.TEAMS_CLIENT_ID,
      clientSecret: e.TEAMS_CLIENT_SECRET,
      tenantId: e.TEAMS_TENANT_ID,
      anonymous: teamsAnonymous,
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
