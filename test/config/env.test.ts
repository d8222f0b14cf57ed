import { describe, expect, it } from 'vitest';
import { isLoopbackHost, loadConfig, redact, teamsServed } from '../../src/config/env.js';
import { foreignTenant } from '../../src/bot/teams/teams-transport.js';
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
      TEAMS_TENANT_ID: '7d1a6b8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
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

  it('refuses a TEAMS_TENANT_ID written as a domain, naming the GUID to use, and keeps a GUID for the tenant check', () => {
    const teams = {
      NODE_ENV: 'production',
      TEAMS_CLIENT_ID: '11111111-1111-4111-8111-111111111111',
      TEAMS_CLIENT_SECRET: 'secret-value-1234567890',
    };
    const problems = problemsOf({ ...teams, TEAMS_TENANT_ID: 'au.onmicrosoft.com' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^TEAMS_TENANT_ID="au\.onmicrosoft\.com": must be the Directory \(tenant\) ID, a GUID/);
    // What Teams puts in every activity of the tenant: its id, which the configured GUID matches (in any case).
    const ownTenant = '7d1a6b8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
    const config = loadConfig({ ...teams, TEAMS_TENANT_ID: ownTenant.toUpperCase() });
    const activity = (tenant: string) => ({
      conversation: { tenantId: tenant },
      channelData: { tenant: { id: tenant } },
    });
    expect(foreignTenant(activity(ownTenant), config.teams.tenantId)).toBeUndefined();
    expect(foreignTenant(activity('0f0f0f0f-1c2d-4e5f-8a9b-0c1d2e3f4a5b'), config.teams.tenantId)).toBeDefined();
    // As some tools print it, in braces: the same id.
    const braced = loadConfig({ ...teams, TEAMS_TENANT_ID: `{${ownTenant.toUpperCase()}}` });
    expect(braced.teams.tenantId).toBe(ownTenant);
    expect(foreignTenant(activity(ownTenant), braced.teams.tenantId)).toBeUndefined();
    // Entra's sign-in aliases for many tenants name no tenant an activity comes from.
    for (const alias of ['common', 'organizations']) {
      expect(problemsOf({ ...teams, TEAMS_TENANT_ID: alias })[0]).toMatch(/sign-in aliases for many tenants/);
    }
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

  it('takes a number variable that is set but empty as unset (the default), never as 0', () => {
    // `RATE_LIMIT_BURST=` used to read as 0, which turns the rate limit off; `PORT=` bound a random port.
    const c = loadConfig({ PORT: '', RATE_LIMIT_BURST: '', RATE_LIMIT_PER_SECOND: '  ', REOPEN_WINDOW_DAYS: '' });
    expect(c.port).toBe(3978);
    expect(c.rateLimit).toEqual({ burst: 20, perSecond: 5 });
    expect(c.reopenWindowDays).toBe(14);
    expect(loadConfig({ PORT: ' 8080 ' }).port).toBe(8080);
  });

  it('takes numbers in digits only, and says why otherwise', () => {
    for (const bad of ['1e3', '0x10', '2.5', '+5', '-1', '20 requests', 'Infinity']) {
      const problems = problemsOf({ RATE_LIMIT_BURST: bad });
      expect(
        problems.some((p) => p.startsWith(`RATE_LIMIT_BURST=${JSON.stringify(bad)}`) && p.includes('digits')),
        bad,
      ).toBe(true);
    }
    expect(problemsOf({ PORT: '70000' })).toEqual(['PORT="70000": must be from 0 to 65535']);
  });

  it('refuses a PUBLIC_URL that is not https, except a loopback http URL outside production', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://bot.example.org' }).publicUrl).toBe('https://bot.example.org');
    for (const bad of ['http://bot.example.org', 'http://10.0.0.5:3978', 'ftp://bot.example.org', 'bot.example.org']) {
      const problems = problemsOf({ PUBLIC_URL: bad });
      expect(
        problems.some((p) => p.startsWith(`PUBLIC_URL="${bad}"`) && p.includes('https')),
        bad,
      ).toBe(true);
    }
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:3978' }).publicUrl).toBe('http://localhost:3978');
    expect(loadConfig({ PUBLIC_URL: 'http://127.0.0.1:3978' }).publicUrl).toBe('http://127.0.0.1:3978');
    const production = problemsOf({ NODE_ENV: 'production', PUBLIC_URL: 'http://localhost:3978' });
    expect(production.some((p) => p.startsWith('PUBLIC_URL='))).toBe(true);
  });

  it('never shows a MongoDB password, also in a URI with a typo', () => {
    for (const uri of ['mongodb:/app:S3cretPw99@db:27017/incidents', 'mongodb//app:S3cretPw99@db/incidents']) {
      const problems = problemsOf({ MONGODB_URI: uri });
      expect(problems).toEqual(['MONGODB_URI=(redacted): must start with mongodb:// or mongodb+srv://']);
    }
  });

  it('refuses a HOST with a port or scheme (which failed at listen with ENOTFOUND)', () => {
    for (const bad of ['localhost:3978', 'http://0.0.0.0', '[::1]', '1.2.3', 'bad host']) {
      const problems = problemsOf({ HOST: bad, TEAMS_CLIENT_ID: 'id', TEAMS_CLIENT_SECRET: 'secret' });
      expect(
        problems.some((p) => p.startsWith(`HOST=${JSON.stringify(bad)}`) && p.includes('without a scheme or port')),
        bad,
      ).toBe(true);
    }
    for (const good of ['0.0.0.0', '::', '10.1.2.3', 'bot-1.internal.example.org', 'localhost']) {
      expect(loadConfig({ HOST: good, TEAMS_CLIENT_ID: 'id', TEAMS_CLIENT_SECRET: 'secret' }).host).toBe(good);
    }
  });

  it('listens on loopback only by default while Teams runs anonymous, and on every interface with credentials', () => {
    const anonymous = loadConfig({});
    expect(anonymous.teams.anonymous).toBe(true);
    expect(anonymous.host).toBe('127.0.0.1');
    expect(loadConfig({ TEAMS_CLIENT_ID: 'id', TEAMS_CLIENT_SECRET: 'secret' }).host).toBe('0.0.0.0');
    // Production without Teams credentials does not serve Teams at all (see teamsServed): Slack needs the network.
    const slackOnly = loadConfig({ NODE_ENV: 'production', SLACK_SIGNING_SECRET: 'secret', SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(slackOnly.host).toBe('0.0.0.0');
    expect(teamsServed(slackOnly)).toBe(false);
    expect(teamsServed(anonymous)).toBe(true);
  });

  it('refuses a non-loopback HOST while Teams runs anonymous, unless ALLOW_ANONYMOUS_TEAMS_ON_NETWORK=true', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'bot.example.org']) {
      const problems = problemsOf({ HOST: host });
      expect(
        problems.some((p) => p.startsWith(`HOST="${host}"`) && p.includes('ALLOW_ANONYMOUS_TEAMS_ON_NETWORK=true')),
        host,
      ).toBe(true);
    }
    for (const host of ['127.0.0.1', '::1', 'localhost', '127.0.0.2'])
      expect(loadConfig({ HOST: host }).host).toBe(host);
    expect(loadConfig({ HOST: '0.0.0.0', ALLOW_ANONYMOUS_TEAMS_ON_NETWORK: 'true' }).host).toBe('0.0.0.0');
    expect(problemsOf({ HOST: '0.0.0.0', ALLOW_ANONYMOUS_TEAMS_ON_NETWORK: 'false' }).length).toBe(1);
    expect(problemsOf({ ALLOW_ANONYMOUS_TEAMS_ON_NETWORK: 'yes' })[0]).toMatch(
      /^ALLOW_ANONYMOUS_TEAMS_ON_NETWORK="yes"/,
    );
  });

  describe('HOST with Slack and without Teams credentials, outside production', () => {
    const SLACK = { SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef', SLACK_BOT_TOKEN: 'xoxb-1-2-abcdef' };

    it('listens on every interface by default for Slack over HTTP, with Teams off there', () => {
      const c = loadConfig({ ...SLACK, NODE_ENV: 'development' });
      expect(c.slack.enabled).toBe(true);
      expect(c.host).toBe('0.0.0.0');
      expect(teamsServed(c)).toBe(false);
    });

    it('takes a network HOST with Teams off, and serves anonymous Teams there only with ALLOW_ANONYMOUS_TEAMS_ON_NETWORK=true', () => {
      for (const host of ['0.0.0.0', '::', '10.0.0.5']) {
        const c = loadConfig({ ...SLACK, NODE_ENV: 'development', HOST: host });
        expect(c.host).toBe(host);
        expect(teamsServed(c), host).toBe(false);
      }
      const opened = loadConfig({ ...SLACK, HOST: '0.0.0.0', ALLOW_ANONYMOUS_TEAMS_ON_NETWORK: 'true' });
      expect(teamsServed(opened)).toBe(true);
      // On loopback (a tunnel in front of this machine) anonymous Teams is served as in a plain local run.
      expect(teamsServed(loadConfig({ ...SLACK, HOST: '127.0.0.1' }))).toBe(true);
    });

    it('keeps loopback and anonymous Teams by default in Socket Mode (Slack needs no inbound port)', () => {
      const c = loadConfig({ ...SLACK, SLACK_APP_TOKEN: 'xapp-1-abc' });
      expect(c.host).toBe('127.0.0.1');
      expect(teamsServed(c)).toBe(true);
      const network = loadConfig({ ...SLACK, SLACK_APP_TOKEN: 'xapp-1-abc', HOST: '0.0.0.0' });
      expect(teamsServed(network)).toBe(false);
    });

    it('keeps the plain local run (no credentials at all) on loopback with anonymous Teams', () => {
      const c = loadConfig({ NODE_ENV: 'development' });
      expect(c.host).toBe('127.0.0.1');
      expect(teamsServed(c)).toBe(true);
      expect(problemsOf({ HOST: '0.0.0.0' })).toHaveLength(1);
    });
  });
});

describe('isLoopbackHost', () => {
  it('tells the addresses only this machine reaches', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(h), h).toBe(true);
    }
    for (const h of ['0.0.0.0', '::', '10.0.0.1', 'localhost.example.org', '128.0.0.1']) {
      expect(isLoopbackHost(h), h).toBe(false);
    }
  });
});

describe('redact', () => {
  it('masks a MongoDB URI up to its last @, the password with an @ in it included', () => {
    expect(redact('MONGODB_URI', 'mongodb://app:pw123@db:27017/x')).toBe('mongodb://****@db:27017/x');
    expect(redact('MONGODB_URI', 'mongodb+srv://app:p@ss/w0rd@cluster/x')).toBe('mongodb+srv://****@cluster/x');
    expect(redact('MONGODB_URI', 'mongodb://db:27017/x')).toBe('mongodb://db:27017/x');
    expect(redact('MONGODB_URI', 'mongodb:/app:S3cretPw99@db/x')).toBe('(redacted)');
  });
});
