import { afterEach, describe, expect, it, vi } from 'vitest';
import { USER_CACHE_REF } from '../../../src/bot/slack/slack-directory.js';
import { createLogger } from '../../../src/logger.js';
import type { Case } from '../../../src/models/case.js';
import { presentChannelCard } from '../../../src/services/case-view.js';
import { ManualClock } from '../../../src/services/clock.js';
import { OutboxDispatcher } from '../../../src/services/outbox/dispatcher.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { holdMovesTo } from '../../helpers/held-address-moves.js';
import { people } from '../../helpers/people.js';
import { okCase } from '../../helpers/services.js';
import { formOf, slackHarnessPerTest, slackUsers, usersInfoBody } from '../../helpers/slack-harness.js';
import { slackEvent } from '../../helpers/slack-requests.js';

/**
 * Slack: a personal message queued to someone's former address (`email:<address>`: a case registered for them by
 * e-mail) that goes out only after the move of their cases to their new address is done — it failed while Slack was
 * down and is retried, or it is being delivered at the moment the move ends — reaches them in their DM. The former
 * address finds nobody by then, and such a message was a dead letter for good.
 */

const anna = slackUsers.anna;
const OLD = anna.email;
const NEW = 'anna.holm@cas.au.dk';
const DM = `D${anna.id}`;
const QUESTION = 'Which printer is it?';

const h = slackHarnessPerTest({}, anna);
let release: () => void = () => {};
afterEach(() => {
  release();
  vi.restoreAllMocks();
});

/** A case registered for Anna by her e-mail alone, Jonas asking her a question on it (a message to `email:<OLD>`). */
async function questionToOld(): Promise<Case> {
  const user = { id: `email:${OLD}`, name: anna.name, email: OLD };
  let c = await h.services.store.createCase(
    buildNewCase({
      title: 'Printer jams',
      categoryId: 'vpn',
      groupId: 'arts-support',
      ownerGroupId: 'arts-support',
      user,
    }),
  );
  for (const action of [{ verb: 'claim' }, { verb: 'set_status', status: 'awaiting_user', question: QUESTION }]) {
    c = okCase(await h.services.service.act(people.jonas, { ...action, caseId: c.id, version: c.version } as never));
  }
  return c;
}

/** The outbox as the app delivers it to Slack (no channels: only the personal messages matter here). */
function slackOutbox(clock: ManualClock): OutboxDispatcher {
  const viewDeps = { catalogue: h.services.catalogue, timeZone: 'Europe/Copenhagen', locale: 'en' as const };
  return new OutboxDispatcher({
    store: h.services.store,
    gateways: [h.gateway],
    directory: h.directory,
    clock,
    logger: createLogger('silent'),
    renderCard: (c, _platform, groupId) => presentChannelCard(c, viewDeps, groupId),
    renderMovedCard: (c) => presentChannelCard(c, viewDeps),
    channelTargets: async () => [],
    alert: () => [],
    random: () => 0.5,
  });
}

/** Slack answers: the former address is nobody's; Anna's DM takes what is posted (`dm`), unless `down` (503). */
function slack(state: { down: boolean }): string[] {
  const dm: string[] = [];
  h.api().post('/api/users.lookupByEmail').reply(200, { ok: false, error: 'users_not_found' }).persist();
  h.api()
    .post('/api/conversations.open', (b) => formOf(b)['users'] === anna.id)
    .reply(200, { ok: true, channel: { id: DM } })
    .persist();
  h.api()
    .post('/api/chat.postMessage', (b) => formOf(b)['channel'] === DM)
    .reply((_uri, body) => {
      if (state.down) return [503, 'Service Unavailable'];
      dm.push(formOf(body)['text'] ?? '');
      return [200, { ok: true, channel: DM, ts: '1700000000.000300' }];
    })
    .persist();
  return dm;
}

/** Slack tells of Anna's new address through the events endpoint; the move of her cases starts. */
async function annaChanges(): Promise<void> {
  const changed = usersInfoBody({ ...anna, email: NEW }) as { user: object };
  expect((await h.send(slackEvent('EvChange', { type: 'user_change', user: changed.user }))).status).toBe(200);
}

async function personal() {
  return (await h.services.store.listOutbox({ kind: 'send_person', limit: 100 })).filter((m) =>
    JSON.stringify(m.payload).includes(QUESTION),
  );
}

describe('Slack: a message to the former address delivered after the move of her cases is done', () => {
  it('retried after a Slack outage, reaches her DM at the new address', async () => {
    await h.person(anna);
    const c = await questionToOld();
    const state = { down: true };
    const dm = slack(state);
    const clock = new ManualClock(new Date(Date.now() + 60_000));
    const outbox = slackOutbox(clock);
    await outbox.runOnce();
    expect((await personal()).map((m) => m.state)).toEqual(['pending']);

    await annaChanges();
    await h.directory.settled();
    expect((await h.services.store.getCase(c.id))?.user.id).toBe(`email:${NEW}`);
    expect(await h.services.store.getRef(USER_CACHE_REF, anna.id)).not.toHaveProperty('movingFrom');

    state.down = false;
    clock.advance(3_600_000);
    await outbox.runOnce();
    const [message] = await personal();
    expect(message?.state).toBe('sent');
    expect(message?.payload['person']).toMatchObject({ id: `email:${NEW}`, email: NEW });
    expect(dm.join('\n')).toContain(QUESTION);
    expect(await h.services.store.listOutbox({ state: 'dead', limit: 10 })).toEqual([]);
  });

  it('being delivered when the move ends (read with the former address), reaches her DM all the same', async () => {
    await h.person(anna);
    await questionToOld();
    const dm = slack({ down: false });
    // The move is held: the delivery claims the message to the former address meanwhile ...
    release = holdMovesTo(NEW);
    await annaChanges();
    const search = h.directory.search.bind(h.directory);
    let moved = false;
    vi.spyOn(h.directory, 'search').mockImplementation(async (query, limit) => {
      if (query === OLD && !moved) {
        // ... and the move goes on, re-addresses it and ends before the delivery looks the address up.
        moved = true;
        release();
        await h.directory.settled();
        expect(await h.services.store.getRef(USER_CACHE_REF, anna.id)).not.toHaveProperty('movingFrom');
      }
      return search(query, limit);
    });
    await slackOutbox(new ManualClock(new Date(Date.now() + 60_000))).runOnce();
    expect(moved).toBe(true);
    const [message] = await personal();
    expect(message?.state).toBe('sent');
    expect(dm.join('\n')).toContain(QUESTION);
  });
});
