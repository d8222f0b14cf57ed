import { afterEach, describe, expect, it, vi } from 'vitest';
import { USER_CACHE_REF } from '../../../src/bot/slack/slack-directory.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { holdMovesTo } from '../../helpers/held-address-moves.js';
import { slackHarnessPerTest, slackUsers, usersInfoBody } from '../../helpers/slack-harness.js';
import { recordToldInDm } from '../../helpers/slack-message-form.js';
import { slackDm, slackEvent } from '../../helpers/slack-requests.js';

/**
 * Slack: `mine` of someone whose cases are still being moved from their former address counts each case once in its
 * "… more" figure, also a case that names them by the former address and by their own id (counted twice before).
 */

const anna = slackUsers.anna;
const OLD = anna.email;
const NEW = 'anna.holm@cas.au.dk';
const DM = `D${anna.id}`;

const h = slackHarnessPerTest({}, anna);
let release: () => void = () => {};
afterEach(() => {
  release();
  vi.restoreAllMocks();
});

describe('Slack: mine while the cases of her former address are being moved', () => {
  it('counts a case naming her by the former address and by her id once in "more"', async () => {
    await h.person(anna);
    const byOld = { id: `email:${OLD}`, name: anna.name, email: OLD };
    const byId = { id: `slack:${anna.id}`, name: anna.name, email: OLD };
    // 23 cases for her former address that she reported herself (by her Slack id), and 2 by the former address alone.
    for (let i = 1; i <= 25; i++) {
      const reporter = i <= 23 ? byId : { id: 'email:bo.nielsen@au.dk', name: 'Bo Nielsen', email: 'bo.nielsen@au.dk' };
      await h.services.store.createCase(
        buildNewCase({ title: `Case ${i}`, categoryId: 'vpn', groupId: 'arts-support', user: byOld, reporter }),
      );
    }
    release = holdMovesTo(NEW);
    const changed = usersInfoBody({ ...anna, email: NEW }) as { user: object };
    expect((await h.send(slackEvent('EvChange', { type: 'user_change', user: changed.user }))).status).toBe(200);
    expect(await h.services.store.getRef(USER_CACHE_REF, anna.id)).toMatchObject({ movingFrom: OLD });

    const told = recordToldInDm(h, DM);
    expect((await h.send(slackDm('EvMine', anna, 'mine'))).status).toBe(200);
    const text = decodeURIComponent(told.join('\n'));
    // 25 cases, 20 listed.
    expect(text).toMatch(/\b5 more\b/);
    expect(text).not.toMatch(/\b28 more\b/);
  });
});
