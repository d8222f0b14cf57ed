import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { formOf, SLACK_API_ORIGIN, slackHarnessPerTest, usersInfoBody } from '../../helpers/slack-harness.js';
import { slackEvent } from '../../helpers/slack-requests.js';

/**
 * "Slack knows nobody by this address" (remembered 5 minutes) is not remembered from a look-up that Slack answered
 * while a `team_join` naming the address came in: the new member is found at the next look-up, not 5 minutes on.
 */

const HELLE = { id: 'U0HELLE', name: 'Helle Vestergaard', email: 'helle.vestergaard@au.dk' };

describe('Slack directory: a team_join while Slack is asked about the address', () => {
  const h = slackHarnessPerTest({});

  it('leaves the answer "nobody" unremembered, so the new member is found at the next look-up', async () => {
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    let asked!: () => void;
    const askedNow = new Promise<void>((resolve) => {
      asked = resolve;
    });
    let joined = false;
    let lookups = 0;
    nock(SLACK_API_ORIGIN)
      .persist()
      .post('/api/users.lookupByEmail', (b) => formOf(b)['email'] === HELLE.email)
      .reply(200, async () => {
        lookups += 1;
        if (joined) return usersInfoBody(HELLE);
        // Slack answers "nobody" as of before she joined, after the team_join was handled here.
        asked();
        await answered;
        return { ok: false, error: 'users_not_found' };
      });

    const first = h.directory.search(HELLE.email);
    await askedNow;
    const user = (usersInfoBody(HELLE) as { user: object }).user;
    expect((await h.send(slackEvent('EvJoinRace', { type: 'team_join', user }))).status).toBe(200);
    joined = true;
    answer();
    expect(await first).toEqual([]);

    expect(await h.directory.search(HELLE.email)).toEqual([
      expect.objectContaining({ id: `slack:${HELLE.id}`, email: HELLE.email }),
    ]);
    expect(lookups).toBe(2);
  });
});
