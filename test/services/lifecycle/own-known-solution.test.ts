import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '../../../src/models/case.js';
import { userConfirmedAt } from '../../../src/services/sla/ladder.js';
import { driveToKnownSolutions } from '../../helpers/drive-intake.js';
import { toPerson } from '../../helpers/services.js';
import { slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { slackDm } from '../../helpers/slack-requests.js';
import { buildDigest, buildSweeper } from '../../helpers/sla.js';

const dm = (eventId: string, text: string) => slackDm(eventId, slackUsers.anna, text, { channel: 'D0ANNA' });

/**
 * A user's own "This solved it" at intake (a known solution the user applied) is the user's word that the problem
 * is solved: the case is recorded as confirmed by them, as a "Yes, solved" click would, and closes at the next
 * sweep — quietly, since they were told nothing more is needed.
 */
describe('"This solved it" at intake: the user\'s own confirmation', () => {
  let anna: Person;
  const h = slackHarnessPerTest({}, slackUsers.anna);
  beforeEach(async () => {
    anna = await h.person(slackUsers.anna);
  });
  afterEach(async () => {
    nock.cleanAll();
  });

  /** Anna's printer report in her DM, answered up to the known solutions. */
  async function atKnownSolutions(): Promise<void> {
    const base = { conversationKey: `slack:dm:${slackUsers.anna.id}`, person: anna, platform: 'slack' as const };
    await driveToKnownSolutions(h.intake, base, 'The printer on floor 2 does not print', 'Building 1482, floor 2');
  }

  it('records it as her confirmation and closes the case at the next sweep, with no message to her', async () => {
    await atKnownSolutions();
    h.api().post('/api/chat.postMessage').reply(200, { ok: true, ts: '1.1', channel: 'D0ANNA' }).persist();
    // "1": the first known solution solved it.
    await h.send(dm('EvSolvedOwn1', '1'));

    const s = h.services;
    let [c] = await s.store.findCases({ personId: anna.id });
    expect(c).toMatchObject({ status: 'resolved', quick: true });
    // The same history entry a "Yes, solved" click writes, by Anna, for this resolution.
    expect(c!.history.filter((e) => e.action === 'user_confirmed')).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ id: anna.id }) }),
    ]);
    expect(userConfirmedAt(c!)).toBe(c!.resolvedAt);
    // Nobody checks it: not in 1st level's ready-to-close list, and due at once.
    expect((await buildDigest(s).lists(c!.groupId, s.clock.now())).ready).toEqual([]);
    expect(c!.nextTimerAt).toBe(c!.resolvedAt);
    await s.outbox.take();

    s.clock.set(new Date(s.clock.now().getTime() + 60_000).toISOString());
    expect((await buildSweeper(s).sweepOnce()).fired).toBe(1);
    c = (await s.store.getCase(c!.id))!;
    expect(c).toMatchObject({ status: 'closed' });
    // Quiet: she was told nothing more is needed; no "closed, rate us".
    expect(toPerson(await s.outbox.take(), anna.id)).toEqual([]);
  });
});
