import { describe, expect, it } from 'vitest';
import type { CardAction } from '../../src/cards/card-actions.js';
import type { Case, Person } from '../../src/models/case.js';
import { appPerTest } from '../helpers/app-per-test.js';
import type { HardenedApp, TeamsCall } from '../helpers/hardening-app.js';
import { expectAllOf, longText } from '../helpers/long-text.js';
import { people } from '../helpers/people.js';
import { okCase } from '../helpers/services.js';
import { artsWifiCase } from '../helpers/user-reply-case.js';
import { ANNA, aPersonalMessage, personalConversation } from '../helpers/teams-activities.js';

const apps = appPerTest('public-note-long-');
const ANNA_EMAIL = 'anna.jensen@cas.au.dk';

/** A note of `chars` characters (`longText`: numbered sentences `s0001 …`, to be cut between sentences). */
const longNote = (chars: number) => longText(chars, 's');

function caseFor(app: HardenedApp, user: Person): Promise<Case> {
  return artsWifiCase(app, user, 'No wifi', 'en');
}

/** Jonas writes `text` on the case as a public note, through the case service (as the note form's submit). */
async function publicNote(app: HardenedApp, c: Case, text: string): Promise<void> {
  const fresh = (await app.app.services.store.getCase(c.id))!;
  okCase(
    await app.app.services.cases.act(people.jonas, {
      verb: 'note',
      caseId: fresh.id,
      version: fresh.version,
      text,
      visibility: 'public',
    } as CardAction),
  );
}

/** The texts of the Teams DM messages (TextBlocks of their cards) posted to Anna's chat from `since` on. */
function teamsDm(app: HardenedApp, since: number): string[] {
  const chat = personalConversation(ANNA).id;
  return app.teamsCalls
    .slice(since)
    .filter((c: TeamsCall) => decodeURIComponent(c.path).includes(chat))
    .map((c) => {
      const texts: string[] = [];
      const walk = (n: unknown): void => {
        if (Array.isArray(n)) n.forEach(walk);
        else if (n && typeof n === 'object') {
          const o = n as Record<string, unknown>;
          if (o['type'] === 'TextBlock' && typeof o['text'] === 'string') texts.push(o['text']);
          Object.values(o).forEach(walk);
        }
      };
      walk(c.body.attachments?.map((a) => a.content));
      return texts.join('\n\n');
    })
    .filter((t) => t.includes('writes about your case'));
}

/** The texts of the Slack messages (section blocks) posted to Anna's DM from `since` on. */
function slackDm(app: HardenedApp, since: number): string[] {
  return app.slackCalls
    .slice(since)
    .filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === 'DU0ANNA')
    .map((c) =>
      (JSON.parse(c.body['blocks'] ?? '[]') as { text?: { text?: string } }[])
        .map((b) => b.text?.text ?? '')
        .join('\n\n'),
    )
    .filter((t) => t.includes('writes about your case'));
}

describe('a long public note reaches the user whole', () => {
  it('Teams: 20 000 characters come in parts "1 of N" …, all of the text; 500 characters as one message', async () => {
    const app = await apps.start(() => ({ rateLimit: false, teamsEmails: { [ANNA.id]: ANNA_EMAIL } }));
    // Anna's chat with the bot is known once she has written to it.
    expect((await app.teams(aPersonalMessage(ANNA, 'help'))).status).toBe(200);
    const c = await caseFor(app, { id: `teams:${ANNA.aadObjectId}`, name: ANNA.name, email: ANNA_EMAIL, locale: 'en' });
    const { text, sentences } = longNote(20_000);
    expect(text.length).toBeGreaterThanOrEqual(20_000);

    let since = app.teamsCalls.length;
    await publicNote(app, c, text);
    await expect.poll(() => teamsDm(app, since).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const n = Number(/part 1 of (\d+):/.exec(teamsDm(app, since)[0] ?? '')?.[1]);
    expect(n).toBeGreaterThan(1);
    await expect.poll(() => teamsDm(app, since).length, { timeout: 10_000 }).toBe(n);
    const got = teamsDm(app, since);
    expect(got[0]).toContain(
      `Jonas Vestergaard (ARTS Support) writes about your case ${c.number} ("No wifi") – part 1 of ${n}:`,
    );
    expect(got[0]).toContain(`The note is long, so it comes in ${n} messages, one after the other.`);
    for (const [i, t] of got.entries()) expect(t).toContain(`– part ${i + 1} of ${n}:`);
    expectAllOf(got, sentences);

    since = app.teamsCalls.length;
    const short = longNote(500).text.slice(0, 500);
    await publicNote(app, c, short);
    await expect.poll(() => teamsDm(app, since).length, { timeout: 10_000 }).toBe(1);
    expect(teamsDm(app, since)[0]).toContain(`writes about your case ${c.number} ("No wifi"):`);
    expect(teamsDm(app, since)[0]).not.toContain('part 1');
    expectAllOf(teamsDm(app, since), [short.split('\n\n').at(-1)!.trim()]);
  }, 30_000);

  it('Slack: 20 000 characters come in parts, all of the text; 500 characters as one message', async () => {
    const app = await apps.start(() => ({ rateLimit: false }));
    const c = await caseFor(app, { id: 'slack:U0ANNA', name: 'Anna Berg', locale: 'en' });
    const { text, sentences } = longNote(20_000);

    let since = app.slackCalls.length;
    await publicNote(app, c, text);
    await expect.poll(() => slackDm(app, since).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const n = Number(/part 1 of (\d+):/.exec(slackDm(app, since)[0] ?? '')?.[1]);
    expect(n).toBeGreaterThan(1);
    await expect.poll(() => slackDm(app, since).length, { timeout: 10_000 }).toBe(n);
    const got = slackDm(app, since);
    for (const [i, t] of got.entries()) {
      expect(t).toContain(`writes about your case ${c.number} ("No wifi") – part ${i + 1} of ${n}:`);
    }
    expectAllOf(got, sentences);

    since = app.slackCalls.length;
    const short = longNote(500).text.slice(0, 500);
    await publicNote(app, c, short);
    await expect.poll(() => slackDm(app, since).length, { timeout: 10_000 }).toBe(1);
    expect(slackDm(app, since)[0]).toContain(`writes about your case ${c.number} ("No wifi"):\n\n`);
    expect(slackDm(app, since)[0]).toContain(short.split('\n\n').at(-1)!.trim());
  }, 30_000);
});
