import { beforeEach, describe, expect, it } from 'vitest';
import { rateLimitedText } from '../../../src/services/rate-limit.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import type { TeamsApp } from '../../helpers/teams-app.js';

const apps = teamsAppPerTest('teams-rate-limit-');
const PETER: TestUser = { id: '29:peter', aadObjectId: 'aad-peter', name: 'Peter Aagaard' };
/** RATE_LIMIT_BURST's default: requests one person may send at once (the manual clock never refills them). */
const BURST = 20;

let t: TeamsApp;
beforeEach(async () => {
  t = await apps.start({ emails: { '29:peter': 'peter.aagaard@au.dk' } });
});

type InvokeAnswer = { statusCode?: number; type?: string; value?: { type?: string; body?: unknown[] } };

describe('Teams card clicks over the rate limit', () => {
  it('answers every click past the burst with a message card, the notice and the quiet drops alike', async () => {
    const answers: { status: number; body: InvokeAnswer | null }[] = [];
    for (let i = 0; i < BURST + 3; i++) {
      const res = await t.post(
        anActionInvoke(PETER, { verb: 'refresh', caseId: 'c0ffee00-0000-4000-8000-00000000abcd' }),
      );
      const text = await res.text();
      answers.push({ status: res.status, body: text === '' ? null : (JSON.parse(text) as InvokeAnswer) });
    }
    const limited = answers.slice(BURST);
    for (const a of answers) {
      expect(a.status).toBe(200);
      // A Universal Actions response: a card that replaces the clicked one, never an empty 200 Teams shows as an error.
      expect(a.body).toMatchObject({
        statusCode: 200,
        type: 'application/vnd.microsoft.card.adaptive',
        value: { type: 'AdaptiveCard' },
      });
    }
    for (const a of limited) expect(JSON.stringify(a.body)).toContain(rateLimitedText.en);
    expect(JSON.stringify(answers.slice(0, BURST))).not.toContain(rateLimitedText.en);
  });

  it('keeps the refresh block when a case card refresh is over the limit, so Teams asks again later', async () => {
    const caseId = 'c0ffee00-0000-4000-8000-00000000abcd';
    let last: { value?: { refresh?: unknown } } | undefined;
    for (let i = 0; i < BURST + 2; i++) {
      const res = await t.post(anActionInvoke(PETER, { verb: 'refresh', caseId, version: 3 }));
      last = JSON.parse(await res.text()) as typeof last;
    }
    expect(JSON.stringify(last)).toContain(rateLimitedText.en);
    expect(last?.value?.refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'refresh', data: { verb: 'refresh', caseId, version: 3 } },
      userIds: ['29:peter'],
    });
  });

  it('answers other limited clicks with the notice alone, without a refresh block', async () => {
    let last: { value?: { refresh?: unknown } } | undefined;
    for (let i = 0; i < BURST + 2; i++) {
      const res = await t.post(
        anActionInvoke(PETER, { verb: 'claim', caseId: 'c0ffee00-0000-4000-8000-00000000abcd' }),
      );
      last = JSON.parse(await res.text()) as typeof last;
    }
    expect(JSON.stringify(last)).toContain(rateLimitedText.en);
    expect(last?.value?.refresh).toBeUndefined();
  });
});
