import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { CardAction } from '../../src/cards/card-actions.js';
import type { Case, Person } from '../../src/models/case.js';
import type { CaseStore } from '../../src/models/case-store.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { buildNewCase } from '../helpers/case-builder.js';
import { type HardenedApp, teamsText } from '../helpers/hardening-app.js';
import { people } from '../helpers/people.js';
import { okCase } from '../helpers/services.js';
import { ANNA, aPersonalMessage, personalConversation, SERVICE_URL } from '../helpers/teams-activities.js';

const apps = appPerTest('user-reply-conflict-files-');
const ANNA_EMAIL = 'anna.jensen@cas.au.dk';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 0xff]);

/** Anna's Wi-Fi case of ARTS Support (in `locale`), claimed by Jonas, who asks her a question. */
async function askedAnna(app: HardenedApp, locale: 'en' | 'da'): Promise<Case> {
  const anna: Person = { id: `teams:${ANNA.aadObjectId}`, name: ANNA.name, email: ANNA_EMAIL, locale };
  const created = await app.app.services.store.createCase(
    buildNewCase({
      title: 'No wifi',
      categoryId: 'wifi-eduroam',
      groupId: 'arts-support',
      ownerGroupId: 'arts-support',
      user: anna,
      locale,
    }),
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
  await act({ verb: 'claim' });
  return act({ verb: 'set_status', status: 'awaiting_user', question: 'Can you send a screenshot?' });
}

/** Every write of the user's answer to `c` meets another write of the case just before it. */
function alwaysConflicting(store: CaseStore, c: Case): void {
  const own = (Object.getPrototypeOf(store) as CaseStore).updateCase;
  store.updateCase = async (next, expectedVersion, outbox) => {
    if (next.id === c.id && next.history.at(-1)?.action === 'user_replied') {
      const now = (await store.getCase(c.id))!;
      await own.call(store, { ...now }, now.version, []);
    }
    return own.call(store, next, expectedVersion, outbox);
  };
}

/** Anna's message with a screenshot alone (its download faked by nock); what the bot answered in her chat. */
async function screenshotOnly(app: HardenedApp, locale: string): Promise<string> {
  nock('https://smba.test').get('/teams/v3/attachments/shot/views/original').reply(200, PNG);
  const picture = { contentType: 'image/*', contentUrl: `${SERVICE_URL}v3/attachments/shot/views/original` };
  const since = app.teamsCalls.length;
  const res = await app.teams(aPersonalMessage(ANNA, '', { locale, attachments: [picture] }));
  expect(res.status).toBe(200);
  const chat = personalConversation(ANNA).id;
  return app.teamsCalls
    .slice(since)
    .filter((k) => decodeURIComponent(k.path).includes(chat))
    .map(teamsText)
    .join('\n');
}

describe('an answer of files alone that meets another write of the case each time', () => {
  for (const [locale, l, expected, not] of [
    [
      'en-US',
      'en',
      'so nothing was saved. 📎 Please send the files again in a moment: picture.png.',
      ['Nothing you wrote is lost', 'it is in your message above'],
    ],
    [
      'da-DK',
      'da',
      'så intet blev gemt. 📎 Send gerne filerne igen om et øjeblik: picture.png.',
      ['Intet af det, du skrev', 'det står i din besked ovenfor'],
    ],
  ] as const) {
    it(`asks for the files again, not for what she "wrote" (${l})`, async () => {
      const app = await apps.start(() => ({ rateLimit: false, teamsEmails: { [ANNA.id]: ANNA_EMAIL } }));
      const c = await askedAnna(app, l);
      alwaysConflicting(app.app.services.store, c);
      const answer = await screenshotOnly(app, locale);
      expect(answer).toContain(expected);
      for (const s of not) expect(answer).not.toContain(s);
      const stored = (await app.app.services.store.getCase(c.id))!;
      expect(stored.status).toBe('awaiting_user');
      expect(stored.notes.filter((n) => n.fromUser)).toEqual([]);
    });
  }
});
