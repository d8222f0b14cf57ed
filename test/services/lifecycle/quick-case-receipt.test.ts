import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '../../../src/models/case.js';
import { driveToKnownSolutions } from '../../helpers/drive-intake.js';
import { people } from '../../helpers/people.js';
import { quickForNobody, toPerson, wifiInput } from '../../helpers/services.js';
import { slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { slackDm } from '../../helpers/slack-requests.js';

const dm = (eventId: string, text: string) => slackDm(eventId, slackUsers.anna, text, { channel: 'D0ANNA' });

/**
 * A user's own "This solved it" registers a quick case whose number only the chat's "Glad it helped" answer gives.
 * When Slack refuses that answer past its retries, the number must still reach the user: the receipt comes through
 * the outbox, as for any case registered in a chat whose registered view failed.
 */
describe('CaseService.receipt: a quick case whose "Glad it helped" answer could not be shown', () => {
  let anna: Person;
  const h = slackHarnessPerTest({}, slackUsers.anna);
  beforeEach(async () => {
    anna = await h.person(slackUsers.anna);
  });

  /** Anna's printer report in her DM, answered up to the known solutions. */
  async function atKnownSolutions(): Promise<void> {
    const base = { conversationKey: `slack:dm:${slackUsers.anna.id}`, person: anna, platform: 'slack' as const };
    await driveToKnownSolutions(h.intake, base, 'The printer on floor 2 does not print', 'Building 1482, floor 2');
  }

  it("sends the receipt with the case number through the outbox, once, when Slack refuses the answer to the user's own quick case", async () => {
    await atKnownSolutions();
    let refused = 0;
    h.api()
      .post('/api/chat.postMessage')
      .reply(() => {
        refused++;
        return [500, 'down'];
      })
      .persist();

    // "1": the first known solution solved it.
    await h.send(dm('EvSolved1', '1'));

    expect(refused).toBeGreaterThan(1);
    const [c] = await h.services.store.findCases({ personId: anna.id });
    expect(c).toMatchObject({ status: 'resolved', quick: true });
    const sent = await h.services.outbox.take();
    const toAnna = toPerson(sent, anna.id);
    expect(toAnna).toHaveLength(1);
    expect(toAnna[0]?.title).toBe(c!.number);
    expect(toAnna[0]?.text).toContain(`Your case ${c!.number} is registered as solved`);
    // Asked again (the next turn fails too), still the one receipt.
    await h.services.service.receipt(c!.id);
    expect(toPerson(await h.services.outbox.take(), anna.id)).toEqual([]);
    nock.cleanAll();
  });

  it('sends nothing for a quick case that names nobody, nor a second receipt for one staff registered for a user', async () => {
    const s = h.services;
    const nobody = await quickForNobody(s);
    const forBo = await s.register(
      wifiInput(people.bo, {
        reporter: people.emma,
        intakeChannel: 'phone',
        resolvedWith: { solution: 'Eduroam profile reinstalled', quick: true },
      }),
      people.emma,
    );
    const registered = await s.outbox.take();
    expect(toPerson(registered, people.bo.id)).toHaveLength(1);

    await s.service.receipt(nobody.id);
    await s.service.receipt(forBo.id);
    expect(await s.outbox.take()).toEqual([]);
  });
});
