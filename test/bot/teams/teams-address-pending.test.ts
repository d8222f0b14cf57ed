import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { writeLargeDeskCatalogue } from '../../helpers/large-desk.js';
import { holdMovesTo } from '../../helpers/held-address-moves.js';
import { aPersonalMessage, anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import { cardJson, type TeamsApp } from '../../helpers/teams-app.js';
import { ANNA, JONAS } from '../../helpers/teams-anna-case.js';

const apps = teamsAppPerTest('teams-address-pending-');

const OLD = 'anna.employee@au.dk';
const NEW = 'anna.holm@au.dk';
const ANNA_ID = 'teams:aad-anna';

/** The member look-up's answers (Teams user id → address): Anna's changes in a test. */
let emails: Record<string, string>;
/** Lets the held move of Anna's cases to her new address go on (`holdMovesTo`). */
let release: () => void = () => {};
afterEach(() => {
  release();
  vi.restoreAllMocks();
});

/** What the bot answered Anna in her personal chat (the last message), as text. */
async function say(t: TeamsApp, text: string, who: TestUser = ANNA): Promise<string> {
  const before = t.calls.length;
  expect((await t.post(aPersonalMessage(who, text))).status).toBe(200);
  return t.calls
    .slice(before)
    .map((c) => `${String(c.body['text'] ?? '')} ${cardJson(c.body)}`)
    .join('\n');
}

/** A case registered for Anna by her e-mail alone (before the bot knew her), taken on by Jonas with `actions`. */
async function caseByOld(t: TeamsApp, title: string, actions: Record<string, string>[]): Promise<Case> {
  const { store } = t.app.services;
  const user = { id: `email:${OLD}`, name: 'Anna Employee', email: OLD };
  let c = await store.createCase(
    buildNewCase({ title, categoryId: 'vpn', groupId: 'arts-support', ownerGroupId: 'arts-support', user }),
  );
  for (const action of [{ verb: 'claim' }, ...actions]) {
    const out = await t.app.services.actions.act(JONAS, { ...action, caseId: c.id, version: c.version } as never);
    if (!out.ok) throw new Error(out.reply.text);
    c = out.case;
  }
  return c;
}

/** Anna's address changes (a day on, her next turn takes it); the move of her cases is held. */
async function annaMoving(t: TeamsApp): Promise<void> {
  emails[ANNA.id] = NEW;
  t.clock.advance(25 * 3_600_000);
  release = holdMovesTo(NEW);
}

describe('Teams: a person whose address changed, while their cases are still being moved', () => {
  it('lists the cases still on the former address in mine, and takes their "Yes, solved" on one', async () => {
    emails = { [ANNA.id]: OLD };
    const t = await apps.start({ emails });
    await say(t, 'help');
    const c = await caseByOld(t, 'VPN drops at home', [{ verb: 'resolve', solution: 'New VPN profile.' }]);
    await annaMoving(t);

    const mine = await say(t, 'mine');
    expect(await t.app.services.store.getRef('teams.ref', ANNA_ID)).toMatchObject({ email: NEW, movingFrom: OLD });
    expect((await t.app.services.store.getCase(c.id))?.user.id).toBe(`email:${OLD}`);
    expect(mine).toContain(c.number);

    const res = await t.post(anActionInvoke(ANNA, { verb: 'confirm_solved', caseId: c.id, version: c.version }));
    expect(res.status).toBe(200);
    const answered = await t.app.services.store.getCase(c.id);
    expect(answered?.history.at(-1)).toMatchObject({ action: 'user_confirmed', actor: { id: ANNA_ID } });
    // Nothing of her former address is stored with her on the case (she is named as she is now).
    expect(JSON.stringify(answered?.history.at(-1))).not.toContain(OLD);

    release();
    await t.app.transports.find((x) => x.platform === 'teams')?.settled?.();
    expect((await t.app.services.store.getCase(c.id))?.user.id).toBe(`email:${NEW}`);
  });

  it('takes her answer to a question on such a case (her chat message) as the answer', async () => {
    emails = { [ANNA.id]: OLD };
    const t = await apps.start({ emails });
    await say(t, 'help');
    const { store } = t.app.services;
    const question = { verb: 'set_status', status: 'awaiting_user', question: 'Which printer?' };
    const c = await caseByOld(t, 'Printer jams', [question]);
    expect(c.status).toBe('awaiting_user');
    await annaMoving(t);

    await say(t, 'The one in room 112');
    const answered = await store.getCase(c.id);
    expect(answered?.status).toBe('in_progress');
    expect(answered?.notes.at(-1)).toMatchObject({ text: 'The one in room 112', fromUser: true });
  });

  it('takes an address changed again meanwhile only once the move is done; the cases follow from where they went', async () => {
    emails = { [ANNA.id]: OLD };
    const t = await apps.start({ emails });
    await say(t, 'help');
    const c = await caseByOld(t, 'VPN drops at home', [{ verb: 'resolve', solution: 'New VPN profile.' }]);
    await annaMoving(t);
    await say(t, 'mine');
    // Teams names a third address a day on, while the move is still held.
    const THIRD = 'anna.skov@au.dk';
    emails[ANNA.id] = THIRD;
    t.clock.advance(25 * 3_600_000);
    await say(t, 'mine');
    expect(await t.app.services.store.getRef('teams.ref', ANNA_ID)).toMatchObject({ email: NEW, movingFrom: OLD });
    release();
    const settled = () => t.app.transports.find((x) => x.platform === 'teams')?.settled?.();
    await settled();
    expect((await t.app.services.store.getCase(c.id))?.user.id).toBe(`email:${NEW}`);
    // Her next look-up (a day on) takes it, and the case follows from the address it went to.
    t.clock.advance(25 * 3_600_000);
    expect(await say(t, 'mine')).toContain(c.number);
    await settled();
    expect((await t.app.services.store.getCase(c.id))?.user.id).toBe(`email:${THIRD}`);
    expect(await t.app.services.store.getRef('teams.ref', ANNA_ID)).not.toHaveProperty('movingFrom');
  });

  it("lists a staff member's cases assigned to the former address in their mine", async () => {
    const jonas: TestUser = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };
    const JONAS_NEW = 'jonas.holm@au.dk';
    // The catalogue names his new address too (an admin updated it), so he takes it at once.
    const dir = await apps.dirs.make();
    const catalogue = writeLargeDeskCatalogue(dir, 'arts-support', [JONAS_NEW]);
    emails = { [jonas.id]: JONAS.email as string };
    const t = await apps.start({ dataDir: dir, emails, env: { CATALOGUE_PATH: catalogue } });
    await say(t, 'help', jonas);
    const { store } = t.app.services;
    const registered = await store.createCase(
      buildNewCase({
        title: 'Assigned by e-mail',
        categoryId: 'vpn',
        groupId: 'arts-support',
        ownerGroupId: 'arts-support',
      }),
    );
    const assignee = { id: `email:${JONAS.email}`, name: JONAS.name, email: JONAS.email };
    const c = await store.updateCase({ ...registered, status: 'in_progress', assignee }, registered.version, []);
    emails[jonas.id] = JONAS_NEW;
    t.clock.advance(25 * 3_600_000);
    release = holdMovesTo(JONAS_NEW);

    const mine = await say(t, 'mine', jonas);
    expect(await store.getRef('teams.ref', 'teams:aad-jonas')).toMatchObject({
      email: JONAS_NEW,
      movingFrom: JONAS.email,
    });
    expect((await store.getCase(c.id))?.assignee?.id).toBe(`email:${JONAS.email}`);
    expect(mine).toContain(c.number);
  });
});
