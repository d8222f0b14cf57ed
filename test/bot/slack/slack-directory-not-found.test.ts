import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NOT_FOUND_TTL_MS } from '../../../src/bot/slack/slack-directory.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildDispatchCase } from '../../helpers/case-builder.js';
import { formOf, SLACK_API_ORIGIN, slackHarnessPerTest, usersInfoBody } from '../../helpers/slack-harness.js';
import { slackEvent } from '../../helpers/slack-requests.js';
import { TEST_SIGNING_SECRET } from '../../helpers/slack-signer.js';
import { anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';

/**
 * The Slack directory remembers for a short while (`DEFAULT_NOT_FOUND_TTL_MS`) that Slack knows nobody by an e-mail
 * address, so a manager named in MANAGERS_FILE whom Slack does not know costs no Slack call at every card rendered
 * for the supervisor below; a `user_change` or `team_join` naming the address ends it at once.
 */

/** An address Slack knows nobody by (until a test says otherwise). */
const HELLE = 'helle.vestergaard@au.dk';

/** Answers every `users.lookupByEmail` for `email` with "not found" (or with `found`); how many were asked. */
function lookups(email: string, found?: { id: string; name: string; email: string }): { count: number } {
  const seen = { count: 0 };
  nock(SLACK_API_ORIGIN)
    .persist()
    .post('/api/users.lookupByEmail', (b) => formOf(b)['email'] === email)
    .reply(200, () => {
      seen.count += 1;
      return found ? usersInfoBody(found) : { ok: false, error: 'users_not_found' };
    });
  return seen;
}

describe('Slack directory: an address Slack knows nobody by', () => {
  const h = slackHarnessPerTest({});

  it('is asked of Slack once within the window, and again after it', async () => {
    const asked = lookups(HELLE);
    expect(await h.directory.search(HELLE)).toEqual([]);
    expect(await h.directory.search(HELLE)).toEqual([]);
    expect(asked.count).toBe(1);
    h.services.clock.advance(DEFAULT_NOT_FOUND_TTL_MS);
    expect(await h.directory.search(HELLE)).toEqual([]);
    expect(asked.count).toBe(2);
  });

  it.each([
    ['team_join', 'a new member has it'],
    ['user_change', "a member's profile changed to it"],
  ])('is asked again at once after a %s naming it (%s)', async (type) => {
    const helle = { id: 'U0HELLE', name: 'Helle Vestergaard', email: HELLE };
    const before = lookups(HELLE);
    expect(await h.directory.search(HELLE)).toEqual([]);
    expect(before.count).toBe(1);
    nock.cleanAll();
    const after = lookups(HELLE, helle);
    const user = (usersInfoBody(helle) as { user: object }).user;
    expect((await h.send(slackEvent(`Ev${type}`, { type, user }))).status).toBe(200);
    expect(await h.directory.search(HELLE)).toEqual([expect.objectContaining({ id: 'slack:U0HELLE', email: HELLE })]);
    expect(after.count).toBe(1);
  });
});

describe('Teams case card of a supervisor whose manager (MANAGERS_FILE) Slack does not know, with Slack on', () => {
  const apps = teamsAppPerTest('slack-directory-not-found-');
  /** The central dispatch's supervisor in config/catalogue.yaml: nobody above her there. */
  const LONE: TestUser = { id: '29:lone', aadObjectId: 'aad-lone', name: 'Lone Bech Hansen' };

  it('asks Slack for the manager at the first card only, until the window is over', async () => {
    const dataDir = await apps.dirs.make();
    const file = path.join(dataDir, 'managers.csv');
    await writeFile(file, `email;manager\nlone.bech@au.dk;${HELLE}\n`);
    const app = await apps.start({
      dataDir,
      emails: { '29:lone': 'lone.bech@au.dk' },
      env: { MANAGERS_FILE: file, SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-test-token' },
      transports: { slackApiUrl: `${SLACK_API_ORIGIN}/api/`, slackIdentity: { botId: 'B01', botUserId: 'U0BOT' } },
    });
    const asked = lookups(HELLE);
    // Anyone else Slack is asked about (Lone herself) it does not know either.
    nock(SLACK_API_ORIGIN)
      .persist()
      .post('/api/users.lookupByEmail')
      .reply(200, { ok: false, error: 'users_not_found' });
    const c = await app.app.services.store.createCase(buildDispatchCase());
    const card = async () => {
      const res = await app.post(anActionInvoke(LONE, { verb: 'refresh', caseId: c.id, version: c.version }));
      expect(res.status).toBe(200);
      expect(JSON.stringify(await res.json())).toContain(c.number);
    };

    await card();
    expect(asked.count).toBe(1);
    await card();
    expect(asked.count).toBe(1);
    app.clock.advance(DEFAULT_NOT_FOUND_TTL_MS);
    await card();
    expect(asked.count).toBe(2);
  });
});
