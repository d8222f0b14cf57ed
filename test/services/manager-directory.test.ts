import { Writable } from 'node:stream';
import nock from 'nock';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackClient } from '../../src/bot/slack/slack-client.js';
import { SlackDirectory } from '../../src/bot/slack/slack-directory.js';
import type { Person } from '../../src/models/case.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../src/services/clock.js';
import { withManagers } from '../../src/services/manager-directory.js';
import { findApprover } from '../../src/services/orders/order-approver.js';
import { catalogueDirectory, compositeDirectory } from '../../src/services/people-directory.js';
import type { Directory, ManagerSource } from '../../src/services/ports/directory.js';
import { PrivacyService } from '../../src/services/privacy/privacy-service.js';
import { people } from '../helpers/people.js';
import { formOf, SLACK_API_ORIGIN, SLACK_API_URL, slackUsers, usersInfoBody } from '../helpers/slack-harness.js';
import { shippedCatalogue } from '../helpers/services.js';

/** A manager source from a fixed map (what the managers file gives). */
const source = (managers: Record<string, string>): ManagerSource => ({
  managerEmailOf: async (email) => managers[email],
});

/** Lise, Anna's manager on Slack, who has never written to the bot. */
const LISE = { id: 'U0LISE', name: 'Lise Damgaard', email: 'lise.damgaard@cas.au.dk', locale: 'da-DK' };

describe('withManagers', () => {
  let store: SqliteCaseStore;
  let slack: Directory;
  beforeEach(async () => {
    nock.disableNetConnect();
    store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    const client = createSlackClient({
      botToken: 'xoxb-t',
      logger: pino({ level: 'silent' }),
      slackApiUrl: SLACK_API_URL,
    });
    slack = new SlackDirectory({
      client,
      store,
      clock: new ManualClock('2025-03-03T09:00:00.000Z'),
      defaultLocale: 'da',
    });
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await store.close();
  });

  /** The app's directory: Slack, then the catalogue's staff, with managers from `managers`. */
  const directory = (managers: Record<string, string>) =>
    withManagers(
      compositeDirectory([
        { prefix: 'slack:', directory: slack },
        { directory: catalogueDirectory(shippedCatalogue()) },
      ]),
      source(managers),
    );

  it("finds a Slack person's manager by e-mail on Slack, as a person Slack can reach, also one who never wrote to the bot", async () => {
    nock(SLACK_API_ORIGIN)
      .post('/api/users.info', (b) => formOf(b)['user'] === 'U0ANNA')
      .reply(200, usersInfoBody(slackUsers.anna))
      .post('/api/users.lookupByEmail', (b) => formOf(b)['email'] === LISE.email)
      .reply(200, usersInfoBody(LISE));
    const dir = directory({ [slackUsers.anna.email]: LISE.email });
    expect(await dir.managerOf?.('slack:U0ANNA')).toMatchObject({
      id: 'slack:U0LISE',
      name: 'Lise Damgaard',
      email: LISE.email,
      locale: 'da',
    });
  });

  it('sends an order to the manager of the manager when the manager ordered it for her own employee', async () => {
    const anna: Person = { id: 'slack:U0ANNA', name: 'Anna Berg', email: slackUsers.anna.email };
    const lise: Person = { id: 'slack:U0LISE', name: 'Lise Damgaard', email: LISE.email };
    nock(SLACK_API_ORIGIN)
      .persist()
      .post('/api/users.info', (b) => formOf(b)['user'] === 'U0ANNA')
      .reply(200, usersInfoBody(slackUsers.anna))
      .post('/api/users.info', (b) => formOf(b)['user'] === 'U0LISE')
      .reply(200, usersInfoBody(LISE))
      .post('/api/users.lookupByEmail', (b) => formOf(b)['email'] === LISE.email)
      .reply(200, usersInfoBody(LISE))
      .post('/api/users.lookupByEmail', (b) => formOf(b)['email'] === slackUsers.jonas.email)
      .reply(200, usersInfoBody(slackUsers.jonas));
    const dir = directory({ [anna.email!]: LISE.email, [LISE.email]: slackUsers.jonas.email });
    const approver = await findApprover(
      { directory: dir, catalogue: shippedCatalogue() },
      { user: anna, reporter: lise },
      'arts-indkoeb',
      'arts',
    );
    expect(approver).toMatchObject({ person: { id: 'slack:U0JONAS', email: slackUsers.jonas.email } });
    expect(approver?.fallback).toBeFalsy();
  });

  it('addresses people known only by e-mail, and asks the inner directory for those the file has no manager for', async () => {
    const boss: Person = { id: 'slack:U0BOSS', name: 'The Boss', email: 'boss@au.dk' };
    const inner: Directory = {
      lookup: async () => null,
      search: async (q) => (q === LISE.email ? [{ id: 'teams:aad-lise', name: LISE.name, email: LISE.email }] : []),
      managerOf: async (id) => (id === 'teams:aad-carl' ? boss : null),
    };
    const dir = withManagers(inner, source({ 'anna.berg@cas.au.dk': LISE.email }));
    expect((await dir.managerOf?.('email:Anna.Berg@cas.au.dk'))?.id).toBe('teams:aad-lise');
    expect(await dir.managerOf?.('teams:aad-carl')).toEqual(boss);
    expect(await dir.managerOf?.('teams:aad-nobody')).toBeNull();
  });

  it('does not answer with a manager known to no platform (only by the catalogue, by e-mail)', async () => {
    // Mette Kirkegaard supervises ARTS Indkøb in the catalogue; no platform knows her.
    nock(SLACK_API_ORIGIN)
      .post('/api/users.info')
      .reply(200, usersInfoBody(slackUsers.anna))
      .post('/api/users.lookupByEmail')
      .reply(200, { ok: false, error: 'users_not_found' });
    const dir = directory({ [slackUsers.anna.email]: 'mette.kirkegaard@au.dk' });
    expect(await dir.search('mette.kirkegaard@au.dk')).toEqual([
      { id: 'email:mette.kirkegaard@au.dk', name: 'Mette Kirkegaard', email: 'mette.kirkegaard@au.dk' },
    ]);
    expect(await dir.managerOf?.('slack:U0ANNA')).toBeNull();
  });

  it('forgets a manager it warned about once she is erased: her e-mail is not kept, and the next look-up warns again', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
        done();
      },
    });
    // Nobody on a platform knows Lise: every look-up of Anna's manager ends without one, and warns about Lise.
    const inner: Directory = { lookup: async () => null, search: async () => [] };
    const dir = withManagers(inner, source({ 'anna.berg@cas.au.dk': LISE.email }), pino({ level: 'warn' }, sink));
    const warned = () => lines.filter((l) => l['manager'] === LISE.email).length;
    expect(await dir.managerOf?.('email:anna.berg@cas.au.dk')).toBeNull();
    expect(await dir.managerOf?.('email:anna.berg@cas.au.dk')).toBeNull();
    expect(warned()).toBe(1);

    const privacy = new PrivacyService({
      store,
      catalogue: shippedCatalogue(),
      clock: new ManualClock('2025-03-03T09:00:00.000Z'),
      defaultLocale: 'en',
      personRefs: [],
      directory: dir,
    });
    expect((await privacy.erasePerson(people.birgitte, LISE.email.toUpperCase())).ok).toBe(true);
    expect(await dir.managerOf?.('email:anna.berg@cas.au.dk')).toBeNull();
    expect(warned()).toBe(2);
  });
});
