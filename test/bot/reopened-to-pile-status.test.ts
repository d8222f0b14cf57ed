import { describe, expect, it } from 'vitest';
import type { Case, Person } from '../../src/models/case.js';
import type { RegistrationInput } from '../../src/services/registration.js';
import { people } from '../helpers/people.js';
import { toPerson, wifiInput } from '../helpers/services.js';
import { slackHarnessPerTest, slackUsers } from '../helpers/slack-harness.js';
import { recordToldInDm } from '../helpers/slack-message-form.js';
import { caseButtonClick } from '../helpers/slack-requests.js';

const h = slackHarnessPerTest({}, slackUsers.anna);

/**
 * Anna's Wi-Fi case registered already solved by `by` on her behalf (nobody claimed it: no assignee), its outbox
 * messages taken.
 */
async function solvedWithNobodyOnIt(by: Person, overrides: Partial<RegistrationInput>): Promise<Case> {
  const s = h.services;
  const c = await s.register(
    wifiInput(people.anna, { ...overrides, resolvedWith: { solution: 'Eduroam profile reinstalled.', quick: true } }),
    by,
  );
  expect(c).toMatchObject({ status: 'resolved' });
  expect(c.assignee).toBeUndefined();
  await s.outbox.take();
  return c;
}

/** Anna's "No, still a problem" on her case card, in her Slack DM. */
async function stillAProblem(c: Case): Promise<void> {
  const told = recordToldInDm(h, 'D0USER');
  const click = { verb: 'still_a_problem', caseId: c.id, version: c.version };
  const res = await h.send(caseButtonClick(slackUsers.anna, click, { channel: 'D0USER' }));
  expect(res.status).toBe(200);
  expect(told.join('\n')).toContain(`Case ${c.number} is reopened`);
}

describe('"No, still a problem" on a case nobody had: staff are told it is Registered, back in the pile', () => {
  it('tells the case owner (Emma, in Danish) that it is registered, not in progress', async () => {
    // Emma (ARTS Support) registered it for Anna at the desk, solved on the spot: she owns it, nobody has it.
    const c = await solvedWithNobodyOnIt(people.emma, { reporter: people.emma, intakeChannel: 'desk' });
    expect(c.caseOwner?.name).toBe('Emma Skov');
    await stillAProblem(c);
    expect((await h.services.store.getCase(c.id))?.status).toBe('registered');
    expect(toPerson(await h.services.outbox.take(), people.emma.id).map((v) => v.text)).toEqual([
      `Anna Berg siger, at sag ${c.number} ("Eduroam drops every few minutes") stadig er et problem. Sagen er ` +
        'genåbnet (registreret, genåbning nr. 1: ingen har den, så den ligger i bunken, til nogen tager den).',
    ]);
  });

  it("tells the owner group's channel (in English) that it is registered at the desk that has it", async () => {
    // Thor (Operations: Network) registered it for Anna in his own group, solved: ARTS Support owns it, unnamed.
    const c = await solvedWithNobodyOnIt(people.thor, { reporter: people.thor, groupId: 'ops-network' });
    expect(c).toMatchObject({ groupId: 'ops-network', ownerGroupId: 'arts-support' });
    expect(c.caseOwner).toBeUndefined();
    await stillAProblem(c);
    expect((await h.services.store.getCase(c.id))?.status).toBe('registered');
    const toOwner = (await h.services.outbox.take()).flatMap((m) =>
      m.kind === 'post_group_message' && m.groupId === 'arts-support' ? [m.view.text] : [],
    );
    expect(toOwner).toEqual([
      `Anna Berg says case ${c.number} ("Eduroam drops every few minutes") is still a problem. The case is ` +
        'reopened (registered, reopen no. 1: nobody has it, so it is in the pile for someone to claim) and is with ' +
        'Operations: Network again.',
    ]);
  });
});
