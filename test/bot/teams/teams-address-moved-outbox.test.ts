import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { aPersonalMessage } from '../../helpers/teams-activities.js';
import type { TeamsApp } from '../../helpers/teams-app.js';
import { ANNA, JONAS } from '../../helpers/teams-anna-case.js';

/**
 * Teams, the whole app: a personal message queued to someone's former address (a question on a case registered for
 * them by e-mail) that goes out only after the move of their cases to the new address is done reaches them in their
 * personal chat; it was a dead letter for good (the former address finds nobody by then).
 */

const apps = teamsAppPerTest('teams-address-moved-outbox-');

const OLD = 'anna.employee@au.dk';
const NEW = 'anna.holm@au.dk';
const QUESTION = 'Which printer is it?';

/** A case registered for Anna by her e-mail alone, Jonas asking her a question on it (a message to `email:<OLD>`). */
async function questionToOld(t: TeamsApp): Promise<Case> {
  const { store } = t.app.services;
  const user = { id: `email:${OLD}`, name: 'Anna Employee', email: OLD };
  let c = await store.createCase(
    buildNewCase({
      title: 'Printer jams',
      categoryId: 'vpn',
      groupId: 'arts-support',
      ownerGroupId: 'arts-support',
      user,
    }),
  );
  for (const action of [{ verb: 'claim' }, { verb: 'set_status', status: 'awaiting_user', question: QUESTION }]) {
    const out = await t.app.services.actions.act(JONAS, { ...action, caseId: c.id, version: c.version } as never);
    if (!out.ok) throw new Error(out.reply.text);
    c = out.case;
  }
  return c;
}

describe('Teams: a message to the former address delivered after the move of her cases is done', () => {
  it('reaches her personal chat at the new address', async () => {
    const emails: Record<string, string> = { [ANNA.id]: OLD };
    const t = await apps.start({ emails });
    expect((await t.post(aPersonalMessage(ANNA, 'help'))).status).toBe(200);
    const c = await questionToOld(t);

    // Her address changes (a day on, her next turn takes it) before the question went out; the move runs and ends.
    emails[ANNA.id] = NEW;
    t.clock.advance(25 * 3_600_000);
    expect((await t.post(aPersonalMessage(ANNA, 'help'))).status).toBe(200);
    await t.app.transports.find((x) => x.platform === 'teams')?.settled?.();
    expect((await t.app.services.store.getCase(c.id))?.user.id).toBe(`email:${NEW}`);
    expect(await t.app.services.store.getRef('teams.ref', 'teams:aad-anna')).not.toHaveProperty('movingFrom');

    const before = t.calls.length;
    for (let i = 0; i < 5; i++) if ((await t.app.services.dispatcher.runOnce()).sent === 0) break;
    const question = (await t.app.services.store.listOutbox({ kind: 'send_person', limit: 100 })).filter((m) =>
      JSON.stringify(m.payload).includes(QUESTION),
    );
    expect(question.map((m) => m.state)).toEqual(['sent']);
    expect(JSON.stringify(t.calls.slice(before).map((call) => call.body))).toContain(QUESTION);
  });
});
