import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/models/case.js';
import { appPerTest } from '../helpers/app-per-test.js';
import type { HardenedApp } from '../helpers/hardening-app.js';
import { ANNA } from '../helpers/teams-activities.js';
import {
  ANNA_TEAMS_EMAIL,
  alwaysConflicting,
  annaInTeams,
  annaWritesInTeams,
  claimedCase,
  teamsPicture,
} from '../helpers/user-reply-case.js';

const apps = appPerTest('user-reply-conflict-files-');

/** Anna's Wi-Fi case of ARTS Support (in `locale`), claimed by Jonas, who asks her a question. */
function askedAnna(app: HardenedApp, locale: 'en' | 'da'): Promise<Case> {
  return claimedCase(app, { ...annaInTeams, locale }, 'Can you send a screenshot?');
}

/** Anna's message with a screenshot alone (its download faked by nock); what the bot answered in her chat. */
function screenshotOnly(app: HardenedApp, locale: string): Promise<string> {
  return annaWritesInTeams(app, '', locale, [teamsPicture('shot')]);
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
      const app = await apps.start(() => ({ rateLimit: false, teamsEmails: { [ANNA.id]: ANNA_TEAMS_EMAIL } }));
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
