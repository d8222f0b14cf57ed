import { describe, expect, it } from 'vitest';
import { appPerTest } from '../helpers/app-per-test.js';
import { annasWifiCase, type HardenedApp } from '../helpers/hardening-app.js';
import { type OpenedCaseForm, submitCaseForm } from '../helpers/slack-case-form.js';
import { type SlackUserFixture, slackUsers } from '../helpers/slack-harness.js';
import { caseButtonClick } from '../helpers/slack-requests.js';
import { anActionInvoke, type TestUser } from '../helpers/teams-activities.js';

const apps = appPerTest('explore-invisible-text-');
/** Jonas (ARTS Support), reading Slack in Danish. */
const JONAS_DA: SlackUserFixture = { ...slackUsers.jonas, locale: 'da-DK' };
/** Jonas in Teams (the fake member look-up gives his e-mail). */
const JONAS_TEAMS: TestUser = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };
/** What a copy from a web page or a chat may hold and show nothing: zero-width spaces, a word joiner, a soft hyphen. */
const ZERO_WIDTH = '\u200b\u2060\u00ad\u200b';
/** Only the direction marks a right-to-left keyboard puts in, and a zero-width non-joiner. */
const MARKS = ' \u200f\u200e\u200c ';

function start(): Promise<HardenedApp> {
  return apps.start(() => ({
    rateLimit: false,
    slackUsers: [JONAS_DA],
    teamsEmails: { [JONAS_TEAMS.id]: 'jonas.vestergaard@au.dk' },
  }));
}

/** `user` opens the case form `form` from the card of `c` in #arts-support; the modal the app asked Slack to open. */
async function openForm(h: HardenedApp, user: SlackUserFixture, c: { id: string; version: number }, form: string) {
  const before = h.slackCalls.length;
  const click = { verb: 'open_form', caseId: c.id, version: c.version, form };
  expect((await h.slack(caseButtonClick(user, click, { team: 'T0AU' }))).status).toBe(200);
  const opened = () => h.slackCalls.slice(before).find((x) => x.method === 'views.open');
  await expect.poll(opened).toBeDefined();
  return JSON.parse(opened()!.body['view'] as string) as OpenedCaseForm;
}

/** The text of every TextBlock of a Teams invoke's answer card. */
async function shownOnTeams(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  const texts: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o['type'] === 'TextBlock' && typeof o['text'] === 'string') texts.push(o['text']);
      Object.values(o).forEach(walk);
    }
  };
  walk(await res.json());
  return texts.join('\n');
}

describe('a note, solution or reason that shows nothing (only invisible characters)', () => {
  it('is refused on its Slack form field as an empty one, in Danish, and the case is not resolved', async () => {
    const h = await start();
    const c = await annasWifiCase(h);
    const modal = await openForm(h, JONAS_DA, c, 'resolve');
    const res = await submitCaseForm(h, JONAS_DA, modal, { solution: ZERO_WIDTH });
    expect(await res.json()).toEqual({
      response_action: 'errors',
      errors: { solution: 'Det kunne jeg ikke bruge: udfyld «Løsning (hvad blev gjort)», og prøv igen.' },
    });
    const note = await openForm(h, JONAS_DA, c, 'note');
    const noted = await submitCaseForm(h, JONAS_DA, note, { text: MARKS });
    expect(await noted.json()).toEqual({
      response_action: 'errors',
      errors: { text: 'Det kunne jeg ikke bruge: udfyld «Tekst», og prøv igen.' },
    });
    const stored = await h.app.services.store.getCase(c.id);
    expect(stored?.status).toBe('registered');
    expect(stored?.solution).toBeUndefined();
    expect(stored?.notes).toEqual([]);
  });

  it('is refused on Teams as an empty one, in English, and nothing is resolved, noted or returned', async () => {
    const h = await start();
    const c = await annasWifiCase(h);
    const resolve = { verb: 'resolve', caseId: c.id, version: c.version, solution: ZERO_WIDTH };
    expect(await shownOnTeams(await h.teams(anActionInvoke(JONAS_TEAMS, resolve)))).toContain(
      'I could not use that: please fill in “Solution (what was done)” and try again.',
    );
    const note = { verb: 'note', caseId: c.id, version: c.version, 'note.text': MARKS, visibility: 'public' };
    expect(await shownOnTeams(await h.teams(anActionInvoke(JONAS_TEAMS, note)))).toContain(
      'I could not use that: please fill in “Note” and try again.',
    );
    const stored = await h.app.services.store.getCase(c.id);
    expect(stored?.status).toBe('registered');
    expect(stored?.solution).toBeUndefined();
    expect(stored?.notes).toEqual([]);
    expect(stored?.version).toBe(c.version);
    // Visible text with joiners in it (an emoji sequence) is text as before.
    const real = { verb: 'note', caseId: c.id, version: c.version, 'note.text': '\u200b👩‍💻 checked' };
    await h.teams(anActionInvoke(JONAS_TEAMS, real));
    expect((await h.app.services.store.getCase(c.id))?.notes.map((n) => n.text)).toEqual(['\u200b👩‍💻 checked']);
  });

  it('is no documented solution: a Close on a case resolved so (before forms refused it) sends it back, in Danish', async () => {
    const h = await start();
    const c = await annasWifiCase(h);
    const jonas = { id: 'teams:aad-jonas', name: JONAS_TEAMS.name, email: 'jonas.vestergaard@au.dk' };
    // The service takes a parsed action: as a form before this check would have given it.
    const resolved = await h.app.services.actions.act(jonas, {
      verb: 'resolve',
      caseId: c.id,
      version: c.version,
      solution: ZERO_WIDTH,
    });
    expect(resolved.ok && resolved.case.status).toBe('resolved');
    const version = resolved.ok ? resolved.case.version : 0;
    const close = { ...anActionInvoke(JONAS_TEAMS, { verb: 'close', caseId: c.id, version }), locale: 'da-DK' };
    expect(await shownOnTeams(await h.teams(close))).toContain(
      'Sag INC-000001 er ikke lukket: løsningen er ikke dokumenteret. Den er sendt tilbage til Jonas Vestergaard.',
    );
    expect((await h.app.services.store.getCase(c.id))?.status).toBe('in_progress');
  });
});
