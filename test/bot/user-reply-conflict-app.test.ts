import { describe, expect, it } from 'vitest';
import type { CardAction } from '../../src/cards/card-actions.js';
import type { Case, Person } from '../../src/models/case.js';
import type { CaseStore, OutboxDraft } from '../../src/models/case-store.js';
import { postCardDraft } from '../../src/services/outbox/deliveries.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { buildNewCase } from '../helpers/case-builder.js';
import { type HardenedApp, teamsText } from '../helpers/hardening-app.js';
import { people } from '../helpers/people.js';
import { okCase } from '../helpers/services.js';
import { slackUsers } from '../helpers/slack-harness.js';
import { ANNA, aPersonalMessage, personalConversation } from '../helpers/teams-activities.js';

const apps = appPerTest('user-reply-conflict-');
const ANNA_EMAIL = 'anna.jensen@cas.au.dk';

async function start(): Promise<HardenedApp> {
  return apps.start(() => ({
    rateLimit: false,
    teamsEmails: { [ANNA.id]: ANNA_EMAIL },
    slackUsers: [slackUsers.anna],
  }));
}

/** `user`'s Wi-Fi case of ARTS Support, its card posted, claimed by Jonas; asked `question` when given. */
async function caseOf(app: HardenedApp, user: Person, question?: string): Promise<Case> {
  const created = await app.app.services.store.createCase(
    buildNewCase({
      title: 'No wifi',
      categoryId: 'wifi-eduroam',
      groupId: 'arts-support',
      ownerGroupId: 'arts-support',
      user,
      locale: user.locale ?? 'en',
    }),
    (s): OutboxDraft[] => [postCardDraft(s, 'arts-support')],
  );
  const act = async (action: Record<string, unknown>) => {
    const fresh = (await app.app.services.store.getCase(created.id))!;
    return okCase(
      await app.app.services.cases.act(people.jonas, {
        ...action,
        caseId: fresh.id,
        version: fresh.version,
      } as CardAction),
    );
  };
  const c = await act({ verb: 'claim' });
  return question ? act({ verb: 'set_status', status: 'awaiting_user', question }) : c;
}

/**
 * Every write of the user's text to case `c` meets another write landing just before it (the case's version moves
 * between the writer's read and its write), so each try conflicts; other writes (the card's delivery) go through.
 * The store's own method is its class's: shadowed here.
 */
function alwaysConflicting(store: CaseStore, c: Case): { tries: number; on: boolean } {
  expect(Object.hasOwn(store, 'updateCase')).toBe(false);
  const own = (Object.getPrototypeOf(store) as CaseStore).updateCase;
  const state = { tries: 0, on: true };
  store.updateCase = async (next, expectedVersion, outbox) => {
    const action = next.history.at(-1)?.action;
    if (state.on && next.id === c.id && (action === 'user_replied' || action === 'user_comment')) {
      state.tries += 1;
      const now = (await store.getCase(c.id))!;
      await own.call(store, { ...now }, now.version, []);
    }
    return own.call(store, next, expectedVersion, outbox);
  };
  return state;
}

/** What the bot answered Anna in her Teams chat to `text`, her locale `locale`. */
async function annaWritesInTeams(app: HardenedApp, text: string, locale = 'en-US'): Promise<string> {
  const since = app.teamsCalls.length;
  expect((await app.teams(aPersonalMessage(ANNA, text, { locale }))).status).toBe(200);
  const chat = personalConversation(ANNA).id;
  return app.teamsCalls
    .slice(since)
    .filter((c) => decodeURIComponent(c.path).includes(chat))
    .map(teamsText)
    .join('\n');
}

/** What the bot answered Anna in her Slack DM to `text` (an event, answered after its acknowledgement). */
async function annaWritesInSlack(app: HardenedApp, text: string, id: string): Promise<string> {
  const posts = () => app.slackCalls.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === 'D0ANNA');
  const since = posts().length;
  const res = await app.slack({
    kind: 'event',
    json: {
      type: 'event_callback',
      event_id: id,
      team_id: 'T1',
      event: { type: 'message', channel_type: 'im', channel: 'D0ANNA', user: 'U0ANNA', text, ts: `${id}.1` },
    },
  });
  expect(res.status).toBe(200);
  await expect.poll(() => posts().length, { timeout: 10_000 }).toBeGreaterThan(since);
  return posts()
    .slice(since)
    .map((c) => `${c.body['text'] ?? ''}\n${c.body['blocks'] ?? ''}`)
    .join('\n');
}

const annaInTeams: Person = { id: `teams:${ANNA.aadObjectId}`, name: ANNA.name, email: ANNA_EMAIL, locale: 'en' };
const annaInSlack: Person = { id: 'slack:U0ANNA', name: 'Anna Berg', email: 'anna.berg@cas.au.dk', locale: 'en' };

describe("a user's answer or addition meeting another write of the case every time", () => {
  it('Teams: says it could not be added right now and quotes what she wrote back (EN, DA); written once it can be', async () => {
    const app = await start();
    const c = await caseOf(app, annaInTeams, 'Which room are you in?');
    const race = alwaysConflicting(app.app.services.store, c);

    const answer = await annaWritesInTeams(app, 'Room 235, second floor');
    expect(race.tries).toBe(3);
    expect(answer).toContain(`Your answer could not be added to case ${c.number} right now`);
    expect(answer).toContain('Nothing you wrote is lost');
    expect(answer).toContain('Room 235, second floor');
    expect(answer).not.toContain('Something went wrong');
    let stored = (await app.app.services.store.getCase(c.id))!;
    expect(stored.status).toBe('awaiting_user');
    expect(stored.notes.filter((n) => n.fromUser)).toEqual([]);

    // Her `tilføj` while the case awaits her is that answer too; in Danish.
    const da = await annaWritesInTeams(app, `tilføj ${c.number} Det sker også i lokale 236`, 'da-DK');
    expect(da).toContain(`Dit svar kunne ikke lægges på sag ${c.number} lige nu`);
    expect(da).toContain('Intet af det, du skrev, er gået tabt');
    expect(da).toContain('Det sker også i lokale 236');
    expect(da).not.toContain('Noget gik galt');

    // The writes go through again: the same answer is taken.
    race.on = false;
    const again = await annaWritesInTeams(app, 'Room 235, second floor');
    expect(again).toContain(`Your answer is added to case ${c.number}`);
    stored = (await app.app.services.store.getCase(c.id))!;
    expect(stored.status).toBe('in_progress');
    expect(stored.notes.filter((n) => n.fromUser).map((n) => n.text)).toEqual(['Room 235, second floor']);

    // An addition (the case no longer waits for her), in Danish, meeting the other writes again.
    race.on = true;
    const added = await annaWritesInTeams(app, `tilføj ${c.number} Det sker også i lokale 237`, 'da-DK');
    expect(added).toContain(`Det kunne ikke tilføjes sag ${c.number} lige nu`);
    expect(added).toContain(`send det gerne igen om et øjeblik med \\"tilføj ${c.number} …\\". Her er det, du skrev:`);
    expect(added).toContain('Det sker også i lokale 237');
    expect((await app.app.services.store.getCase(c.id))!.notes.filter((n) => n.fromUser)).toHaveLength(1);
  }, 30_000);

  it('Slack: an addition in the DM is answered with what she wrote, not "something went wrong"', async () => {
    const app = await start();
    const c = await caseOf(app, annaInSlack);
    const race = alwaysConflicting(app.app.services.store, c);

    const answer = await annaWritesInSlack(app, `add ${c.number} It drops in room 235 too`, 'Ev1');
    expect(race.tries).toBe(3);
    expect(answer).toContain(`This could not be added to case ${c.number} right now`);
    expect(answer).toContain('Nothing you wrote is lost');
    expect(answer).toContain(`add ${c.number}`);
    expect(answer).toContain('It drops in room 235 too');
    expect(answer).not.toContain('Something went wrong');
    expect((await app.app.services.store.getCase(c.id))!.notes.filter((n) => n.fromUser)).toEqual([]);

    // A text too long to quote back in one message is not cut into a quote: it is in her own message above.
    const long = `add ${c.number} ${'The access point in room 235 blinks red and then drops everyone. '.repeat(60)}`;
    const told = await annaWritesInSlack(app, long, 'Ev2');
    expect(told).toContain(`This could not be added to case ${c.number} right now`);
    expect(told).toContain(`with \\"add ${c.number} …\\" (it is in your message above).`);
    expect(told).not.toContain('blinks red');
    expect(race.tries).toBe(6);
  }, 30_000);
});
