import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { CardAction } from '../../../src/cards/card-actions.js';
import type { Case, Person } from '../../../src/models/case.js';
import type { OutboxDraft } from '../../../src/models/case-store.js';
import { ManualClock } from '../../../src/services/clock.js';
import { postCardDraft } from '../../../src/services/outbox/deliveries.js';
import { appPerTest } from '../../helpers/app-per-test.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { type HardenedApp, teamsText } from '../../helpers/hardening-app.js';
import { people } from '../../helpers/people.js';
import { okCase } from '../../helpers/services.js';
import { ANNA, aPersonalMessage, personalConversation, SERVICE_URL } from '../../helpers/teams-activities.js';

const apps = appPerTest('teams-add-to-case-');
const DAY = 86_400_000;
const ANNA_EMAIL = 'anna.jensen@cas.au.dk';
/** Anna as the Teams bot knows her (her AAD id, her e-mail from the member lookup). */
const annaInTeams = (locale: 'en' | 'da'): Person => ({
  id: `teams:${ANNA.aadObjectId}`,
  name: ANNA.name,
  email: ANNA_EMAIL,
  locale,
});

async function start(clock: ManualClock): Promise<HardenedApp> {
  return apps.start(() => ({ clock, rateLimit: false, teamsEmails: { [ANNA.id]: ANNA_EMAIL } }));
}

/** Anna's Wi-Fi case of ARTS Support, its card posted. */
async function annasCase(app: HardenedApp, locale: 'en' | 'da' = 'en'): Promise<Case> {
  return app.app.services.store.createCase(
    buildNewCase({
      title: 'No wifi',
      categoryId: 'wifi-eduroam',
      groupId: 'arts-support',
      ownerGroupId: 'arts-support',
      user: annaInTeams(locale),
      locale,
    }),
    (s): OutboxDraft[] => [postCardDraft(s, 'arts-support')],
  );
}

/** `actor` acts on the case as stored now, through the case service (as a card click). */
async function act(app: HardenedApp, c: Case, action: Record<string, unknown>, actor: Person = people.jonas) {
  const fresh = (await app.app.services.store.getCase(c.id))!;
  return okCase(
    await app.app.services.cases.act(actor, { ...action, caseId: fresh.id, version: fresh.version } as CardAction),
  );
}

async function solvedAndClosed(app: HardenedApp, c: Case, close = true): Promise<Case> {
  await act(app, c, { verb: 'claim' });
  const solved = await act(app, c, { verb: 'resolve', solution: 'Restarted the access point' });
  return close ? act(app, c, { verb: 'close' }) : solved;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 0xff]);

/** A picture in Anna's message, its download faked by nock (once). */
function aPicture(name: string): Record<string, string> {
  nock('https://smba.test').get(`/teams/v3/attachments/${name}/views/original`).reply(200, PNG);
  return { contentType: 'image/*', contentUrl: `${SERVICE_URL}v3/attachments/${name}/views/original` };
}

/**
 * What the bot answered Anna in her chat to `text` (sent through the app's HTTP server), her locale `locale`, with
 * `attachments` (pictures) if any.
 */
async function annaWrites(
  app: HardenedApp,
  text: string,
  locale = 'en-US',
  attachments: Record<string, string>[] = [],
): Promise<string> {
  const since = app.teamsCalls.length;
  const extra = attachments.length > 0 ? { attachments } : {};
  const res = await app.teams(aPersonalMessage(ANNA, text, { locale, ...extra }));
  expect(res.status).toBe(200);
  const chat = encodeURIComponent(personalConversation(ANNA).id);
  return app.teamsCalls
    .slice(since)
    .filter((c) => c.path.includes(chat) || decodeURIComponent(c.path).includes(personalConversation(ANNA).id))
    .map(teamsText)
    .join('\n');
}

describe('add INC-… to a solved or closed case of yours (Teams, the whole app)', () => {
  it('points a closed case inside the reopen window to "No, still a problem", naming the window\'s end', async () => {
    const clock = new ManualClock('2026-03-02T09:00:00Z');
    const app = await start(clock);
    const c = await solvedAndClosed(app, await annasCase(app));
    expect(c.status).toBe('closed');
    clock.advance(3 * DAY);

    const answer = await annaWrites(app, `add ${c.number} It still drops every hour`);
    expect(answer).toContain(`Case ${c.number} is closed, so nothing more can be added.`);
    // REOPEN_WINDOW_DAYS (14) after the resolution (2 March, 10:00 in Copenhagen).
    expect(answer).toContain('you can reopen it until Mon 16 Mar, 10:00');
    expect(answer).toContain('press \\"No, still a problem\\" on the message about the solution');
    expect(answer).toContain(`write \\"status ${c.number}\\"`);
    const after = (await app.app.services.store.getCase(c.id))!;
    expect(after.notes.filter((n) => n.fromUser)).toEqual([]);
    expect(after.history.map((e) => e.action)).not.toContain('user_comment');

    // Danish alike.
    const da = await annaWrites(app, `tilføj ${c.number} Det falder stadig ud`, 'da-DK');
    expect(da).toContain(`Sag ${c.number} er lukket, så der kan ikke tilføjes mere.`);
    expect(da).toContain('kan du genåbne den indtil man. 16. mar., 10.00');
    expect(da).toContain('tryk \\"Nej, stadig et problem\\" på beskeden om løsningen');

    // Past the window: nothing to reopen, a new problem is a new case.
    clock.advance(12 * DAY);
    const late = await annaWrites(app, `add ${c.number} It still drops every hour`);
    expect(late).toContain(
      `Case ${c.number} is closed, so nothing more can be added. Write to me if you have a new problem.`,
    );
    expect(late).not.toContain('No, still a problem');
  });

  it('points a solved case to "No, still a problem"', async () => {
    const app = await start(new ManualClock('2026-03-02T09:00:00Z'));
    const c = await solvedAndClosed(app, await annasCase(app), false);
    expect(c.status).toBe('resolved');
    const answer = await annaWrites(app, `add ${c.number} It still drops every hour`);
    expect(answer).toContain(
      `Case ${c.number} is solved. If the problem is still there, press \\"No, still a problem\\"`,
    );
  });

  it('tells the user of an order that was not approved that nothing more can be added, not to reopen it', async () => {
    const app = await start(new ManualClock('2026-03-02T09:00:00Z'));
    const at = '2026-03-02T08:00:00.000Z';
    const c = await app.app.services.store.createCase(
      buildNewCase({
        type: 'service_request',
        title: 'A second screen',
        groupId: 'arts-support',
        ownerGroupId: 'arts-support',
        user: annaInTeams('en'),
        locale: 'en',
        status: 'resolved',
        resolvedAt: at,
        history: [
          {
            at,
            actor: { id: people.karen.id, name: people.karen.name },
            action: 'order_rejected',
            from: 'registered',
            to: 'resolved',
          },
        ],
      }),
    );
    const answer = await annaWrites(app, `add ${c.number} I need it for teaching`);
    expect(answer).toContain(`Order ${c.number} was not approved, so nothing more can be added.`);
    expect(answer).not.toContain('No, still a problem');
  });

  it('says the files sent with add INC-… to a solved or closed case are not on it, alone or with text', async () => {
    const clock = new ManualClock('2026-03-02T09:00:00Z');
    const app = await start(clock);
    const c = await solvedAndClosed(app, await annasCase(app), false);

    // Files alone to the solved case: not added, and how to send them once it is reopened.
    const alone = await annaWrites(app, `add ${c.number}`, 'en-US', [aPicture('shot')]);
    expect(alone).toContain(`Case ${c.number} is solved.`);
    expect(alone).toContain(
      `📎 Not added to ${c.number}: picture.png. Once the case is reopened, you can send them again with \\"add ${c.number}\\".`,
    );
    let after = (await app.app.services.store.getCase(c.id))!;
    expect(after.attachments ?? []).toEqual([]);
    expect(after.notes.filter((n) => n.fromUser)).toEqual([]);

    // Closed and past the reopen window, with text: not added, nothing to send them again to. Danish alike.
    await act(app, c, { verb: 'close' });
    clock.advance(15 * DAY);
    const late = await annaWrites(app, `tilføj ${c.number} Her er et billede`, 'da-DK', [aPicture('late')]);
    expect(late).toContain(`Sag ${c.number} er lukket, så der kan ikke tilføjes mere.`);
    expect(late).toContain(`📎 Ikke lagt på ${c.number}: picture.png.`);
    expect(late).not.toContain('genåbnet');
    after = (await app.app.services.store.getCase(c.id))!;
    expect(after.attachments ?? []).toEqual([]);

    // Someone else's case, or none: not on any case.
    const none = await annaWrites(app, 'add INC-999999', 'en-US', [aPicture('none')]);
    expect(none).toContain('I cannot find case INC-999999 among your cases');
    expect(none).toContain('📎 Not added to any case: picture.png.');
  });
});

describe('add INC-… to a case passed to another group (Teams, the whole app)', () => {
  /** The personal messages the outbox holds for `personId` about the case, their texts. */
  async function toPerson(app: HardenedApp, c: Case, personId: string): Promise<string[]> {
    const sent = await app.app.services.store.listOutbox({ caseId: c.id, kind: 'send_person', limit: 1000 });
    return sent
      .map((m) => m.payload as { person: { id: string }; view: { text: string } })
      .filter((p) => p.person.id === personId)
      .map((p) => p.view.text);
  }

  it('tells its named case owner at 1st level, as well as the group and whoever has it now', async () => {
    const app = await start(new ManualClock('2026-03-02T09:00:00Z'));
    let c = await annasCase(app);
    // (Staff hear it in the desk's language, Danish here: the directory knows no language of theirs.)
    // Jonas (ARTS Support) claims it, which makes him its case owner, and passes it to the network team.
    c = await act(app, c, { verb: 'claim' });
    expect(c.caseOwner?.id).toBe(people.jonas.id);
    c = await act(app, c, { verb: 'escalate_group', groupId: 'ops-network', reason: 'The access point is down' });
    expect(c.groupId).toBe('ops-network');
    const before = (await toPerson(app, c, people.jonas.id)).length;

    const answer = await annaWrites(app, `add ${c.number} It drops in room 235 too`);
    expect(answer).toContain(`It is added to case ${c.number}`);
    const told = (await toPerson(app, c, people.jonas.id)).slice(before);
    expect(told).toEqual([
      `Anna Jensen har tilføjet til sag ${c.number} ("No wifi"), som du ejer, og som Drift: Netværk har nu:\n\nIt drops in room 235 too`,
    ]);
    // The network team hears it in its card's thread.
    const threads = await app.app.services.store.listOutbox({ caseId: c.id, kind: 'thread_reply', limit: 1000 });
    expect(
      threads.some(
        (m) =>
          (m.payload as { groupId?: string }).groupId === 'ops-network' &&
          JSON.stringify(m.payload).includes('It drops in room 235 too'),
      ),
    ).toBe(true);

    // Thor of the network team takes it: he is told as its assignee, and Jonas still as its owner.
    c = await act(app, c, { verb: 'claim' }, people.thor);
    await annaWrites(app, `add ${c.number} And in room 236`);
    expect((await toPerson(app, c, people.thor.id)).at(-1)).toBe(
      `${c.number}: Anna Jensen har tilføjet til sagen:\n\nAnd in room 236`,
    );
    expect((await toPerson(app, c, people.jonas.id)).at(-1)).toContain(`Anna Jensen har tilføjet til sag ${c.number}`);
    expect((await toPerson(app, c, people.jonas.id)).at(-1)).toContain('And in room 236');

    // Thor asks Anna; her answer, written straight back, reaches Jonas too.
    c = await act(app, c, { verb: 'set_status', status: 'awaiting_user', question: 'Which floor?' }, people.thor);
    await annaWrites(app, 'The second floor');
    expect((await app.app.services.store.getCase(c.id))?.status).toBe('in_progress');
    expect((await toPerson(app, c, people.jonas.id)).at(-1)).toBe(
      `Anna Jensen har svaret på spørgsmålet i sag ${c.number} ("No wifi"), som du ejer, og som Drift: Netværk har nu:\n\nThe second floor`,
    );
  });
});
