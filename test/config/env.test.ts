import { describe, expect, it } from 'vitest';
import { loadConfig, redact } from '../../src/config/env.js';
import { AppError } from '../../src/models/errors.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).details.problems as string[];
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('uses the embedded defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3978);
    expect(c.dataDir).toMatch(/data$/);
    expect(c.mongodbUri).toBeUndefined();
    expect(c.defaultLocale).toBe('da');
    expect(c.timeZone).toBe('Europe/Copenhagen');
    expect(c.cataloguePath).toMatch(/config[/\\]catalogue\.yaml$/);
    expect(c.teams.anonymous).toBe(true);
    expect(c.slack.enabled).toBe(false);
    expect(c.slack.command).toBe('/incident');
    expect(c.metricsToken).toBeUndefined();
    expect(c.rateLimit).toEqual({ burst: 20, perSecond: 5 });
    expect(c.outboxDelivery).toBe('worker');
    expect(c.outboxWorkerNice).toBe(10);
    expect(c.platformTimeoutMs).toBe(15_000);
  });

  it('takes PLATFORM_TIMEOUT_MS between 1 and 25 seconds, and says so otherwise', () => {
    expect(loadConfig({ PLATFORM_TIMEOUT_MS: '5000' }).platformTimeoutMs).toBe(5000);
    for (const bad of ['500', '30000', 'soon']) {
      const problems = problemsOf({ PLATFORM_TIMEOUT_MS: bad });
      expect(
        problems.some((p) => p.startsWith(`PLATFORM_TIMEOUT_MS="${bad}"`)),
        bad,
      ).toBe(true);
    }
  });

  it('delivers the outbox in the main thread when OUTBOX_DELIVERY is inline, and refuses other values', () => {
    expect(loadConfig({ OUTBOX_DELIVERY: 'inline' }).outboxDelivery).toBe('inline');
    const problems = problemsOf({ OUTBOX_DELIVERY: 'thread' });
    expect(problems.some((p) => p.startsWith('OUTBOX_DELIVERY="thread"') && p.includes('worker'))).toBe(true);
  });

  it("takes the delivery worker's OUTBOX_WORKER_NICE from 0 (as the request thread) to 19, and says so otherwise", () => {
    expect(loadConfig({ OUTBOX_WORKER_NICE: '0' }).outboxWorkerNice).toBe(0);
    expect(loadConfig({ OUTBOX_WORKER_NICE: '19' }).outboxWorkerNice).toBe(19);
    for (const bad of ['-5', '20', '2.5', 'low']) {
      const problems = problemsOf({ OUTBOX_WORKER_NICE: bad });
      expect(
        problems.some((p) => p.startsWith(`OUTBOX_WORKER_NICE="${bad}"`)),
        bad,
      ).toBe(true);
    }
  });

  it('reads the metrics token and the per-person rate limit when they are set', () => {
    const c = loadConfig({
      METRICS_TOKEN: 'prometheus-scrape-token',
      RATE_LIMIT_BURST: '0',
      RATE_LIMIT_PER_SECOND: '2',
    });
    expect(c.metricsToken).toBe('prometheus-scrape-token');
    expect(c.rateLimit).toEqual({ burst: 0, perSecond: 2 });
  });

  it('refuses a short metrics token without showing it, and rate limits out of range', () => {
    const problems = problemsOf({ METRICS_TOKEN: 'short-secret', RATE_LIMIT_BURST: '-1', RATE_LIMIT_PER_SECOND: '0' });
    expect(problems.some((p) => p.startsWith('METRICS_TOKEN=shor…(redacted)') && p.includes('16'))).toBe(true);
    expect(problems.join('\n')).not.toContain('short-secret');
    expect(problems.some((p) => p.startsWith('RATE_LIMIT_BURST='))).toBe(true);
    expect(problems.some((p) => p.startsWith('RATE_LIMIT_PER_SECOND='))).toBe(true);
  });

  it('turns Teams and Slack on when their credentials are set', () => {
    const c = loadConfig({
      TEAMS_CLIENT_ID: '00000000-0000-0000-0000-000000000001',
      TEAMS_CLIENT_SECRET: 's3cret-value',
      TEAMS_TENANT_ID: 'tenant',
      SLACK_SIGNING_SECRET: 'abcdef',
      SLACK_BOT_TOKEN: 'xoxb-1-2',
      SLACK_APP_TOKEN: 'xapp-1',
      MONGODB_URI: 'mongodb://db:27017/incidents',
    });
    expect(c.teams.anonymous).toBe(false);
    expect(c.slack.enabled).toBe(true);
    expect(c.slack.socketMode).toBe(true);
    expect(c.mongodbUri).toBe('mongodb://db:27017/incidents');
  });

  it('lists every problem at once when several variables are wrong', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      TIME_ZONE: 'Mars/Olympus',
      DEFAULT_LOCALE: 'fr',
      MONGODB_URI: 'postgres://x',
      SLACK_BOT_TOKEN: 'xoxp-user-token',
    });
    expect(problems.some((p) => p.startsWith('PORT="eighty"'))).toBe(true);
    expect(problems.some((p) => p.startsWith('LOG_LEVEL='))).toBe(true);
    expect(problems.some((p) => p.startsWith('TIME_ZONE=') && p.includes('IANA'))).toBe(true);
    expect(problems.some((p) => p.startsWith('DEFAULT_LOCALE='))).toBe(true);
    expect(problems.some((p) => p.startsWith('MONGODB_URI=') && p.includes('mongodb://'))).toBe(true);
    expect(problems.some((p) => p.startsWith('SLACK_BOT_TOKEN=') && p.includes('bot token'))).toBe(true);
    expect(problems.length).toBeGreaterThanOrEqual(6);
  });

  it('never shows a secret value in its problems', () => {
    const problems = problemsOf({ SLACK_BOT_TOKEN: 'xoxp-very-secret-token-value' });
    const text = problems.join('\n');
    expect(text).not.toContain('very-secret');
    expect(text).toContain('SLACK_BOT_TOKEN=xoxp…(redacted)');
  });

  it('refuses half-configured Teams and Slack credentials', () => {
    const problems = problemsOf({ TEAMS_CLIENT_ID: 'id-only', SLACK_SIGNING_SECRET: 'secret-only' });
    expect(problems.some((p) => p.startsWith('TEAMS_CLIENT_SECRET=(unset)'))).toBe(true);
    expect(problems.some((p) => p.startsWith('SLACK_BOT_TOKEN=(unset)'))).toBe(true);
  });

  it('refuses anonymous mode in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.some((p) => p.includes('anonymous mode is for local runs only'))).toBe(true);
  });
});

describe('redact', () => {
  it('hides the password in a MongoDB URI when the variable is not secret otherwise', () => {
    expect(redact('MONGODB_URI', 'mongodb://app:pw123@db:27017/x')).toBe('mongodb://app:****@db:27017/x');
  });
});
