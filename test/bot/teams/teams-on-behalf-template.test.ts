import { describe, expect, it } from 'vitest';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { type Json, walk } from '../../helpers/card-walk.js';
import { aPersonalMessage, anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import type { TeamsApp } from '../../helpers/teams-app.js';

const apps = teamsAppPerTest('teams-on-behalf-template-');

/** An employee at Arts: staff register her case by phone. */
const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Employee' };
/** Employees whose names end in a template word. */
const TEMPLATE: TestUser = { id: '29:template', aadObjectId: 'aad-template', name: 'Template' };
const MARIA: TestUser = { id: '29:maria', aadObjectId: 'aad-maria', name: 'Maria Skabelon' };
/** ARTS Support (1st level) members in the shipped catalogue: staff, may use case templates; Emma's Teams is Danish. */
const JONAS: TestUser = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };
const EMMA: TestUser = { id: '29:emma', aadObjectId: 'aad-emma', name: 'Emma Skov' };
const EMAILS = {
  '29:anna': 'anna.employee@au.dk',
  '29:template': 'template.person@au.dk',
  '29:maria': 'maria.skabelon@au.dk',
  '29:jonas': 'jonas.vestergaard@au.dk',
  '29:emma': 'emma.skov@au.dk',
};
const LOCALE: Record<string, string> = { '29:jonas': 'en-US', '29:emma': 'da-DK' };

interface Draft {
  step: string;
  mode: string;
  draftId: string;
  onBehalf?: { query: string; user?: { email?: string }; channel?: string };
  template?: { id: string };
}

/** The app, with the people staff register for known to it (each has written to the bot once). */
async function start(...known: TestUser[]): Promise<TeamsApp> {
  const app = await apps.start({ emails: EMAILS });
  for (const user of known) {
    expect((await app.post({ ...aPersonalMessage(user, 'hello'), locale: 'en-US' })).status).toBe(200);
  }
  return app;
}

/** What the bot wrote back to `user` after `text` in their chat with it, as one string. */
async function say(app: TeamsApp, user: TestUser, text: string): Promise<string> {
  const from = app.calls.length;
  expect((await app.post({ ...aPersonalMessage(user, text), locale: LOCALE[user.id] })).status).toBe(200);
  return JSON.stringify(app.calls.slice(from).map((c) => c.body));
}

/** `user`'s intake draft in their chat with the bot. */
async function draftOf(app: TeamsApp, user: TestUser): Promise<Draft | undefined> {
  const key = `teams:a:personal-${user.id}:${user.aadObjectId}`;
  return (await app.app.services.store.getConversation(key))?.state as Draft | undefined;
}

describe('Teams: staff start the templates for someone in one message, or with "template" at the contact step', () => {
  it('goes straight to the templates for Anna, by phone, when staff write "new for … template" (English) or "ny for … skabelon" (Danish)', async () => {
    const app = await start(ANNA);

    const en = await say(app, JONAS, 'new for anna.employee@au.dk template');
    expect(en).toContain('Case from a template');
    expect(en).not.toContain('How did Anna Employee contact us?');
    expect(en).toContain(
      "Reached us by: Phone, as the contact step offers it. If it was otherwise, change it from the case's summary (an order from a template does not ask for it).",
    );
    expect(await draftOf(app, JONAS)).toMatchObject({
      step: 'template',
      mode: 'template',
      onBehalf: { query: 'anna.employee@au.dk', user: { email: 'anna.employee@au.dk' }, channel: 'phone' },
    });
    // The template picked, the case goes on for Anna, by phone.
    await say(app, JONAS, 'MFA reset for staff');
    expect(await draftOf(app, JONAS)).toMatchObject({
      template: { id: 'mfa-reset-staff' },
      onBehalf: { user: { email: 'anna.employee@au.dk' }, channel: 'phone' },
    });

    const da = await say(app, EMMA, 'ny for Anna Employee skabelon');
    expect(da).toContain('Sag fra skabelon');
    expect(da).not.toContain('Hvordan kontaktede Anna Employee os?');
    expect(da).toContain(
      'Henvendelse via: Telefon, som kontakttrinnet foreslår. Var det anderledes, så ret det fra sagens oversigt (en bestilling fra en skabelon spørger ikke om det).',
    );
    expect(await draftOf(app, EMMA)).toMatchObject({
      step: 'template',
      onBehalf: { query: 'Anna Employee', user: { email: 'anna.employee@au.dk' }, channel: 'phone' },
    });
  });

  it('takes "template" written at the contact step as its From a template button: the templates next, not the contact again', async () => {
    const app = await start(ANNA);

    expect(await say(app, JONAS, 'new for anna.employee@au.dk')).toContain('How did Anna Employee contact us?');
    const en = await say(app, JONAS, 'template');
    expect(en).toContain('Started over from a template, still for Anna Employee');
    expect(en).toContain('Case from a template');
    expect(en).not.toContain('How did Anna Employee contact us?');
    expect(await draftOf(app, JONAS)).toMatchObject({
      step: 'template',
      onBehalf: { user: { email: 'anna.employee@au.dk' }, channel: 'phone' },
    });

    expect(await say(app, EMMA, 'ny for anna.employee@au.dk')).toContain('Hvordan kontaktede Anna Employee os?');
    const da = await say(app, EMMA, 'skabelon');
    expect(da).toContain('Sag fra skabelon');
    expect(da).toContain('Henvendelse via: Telefon');
    expect(await draftOf(app, EMMA)).toMatchObject({ step: 'template', onBehalf: { channel: 'phone' } });

    // A contact chosen earlier in the draft stays: "template" written later keeps the desk.
    await say(app, JONAS, 'new for anna.employee@au.dk');
    await say(app, JONAS, 'In person at the desk');
    expect((await draftOf(app, JONAS))?.onBehalf?.channel).toBe('desk');
    const later = await say(app, JONAS, 'template');
    expect(later).not.toContain('Reached us by');
    expect(await draftOf(app, JONAS)).toMatchObject({ step: 'template', onBehalf: { channel: 'desk' } });
  });

  it('finds a person named "Template" or "Maria Skabelon" as written, and the templates for them with the word once more', async () => {
    const app = await start(TEMPLATE, MARIA);

    // One word after "for" is the person.
    expect(await say(app, JONAS, 'new for template')).toContain('How did Template contact us?');
    expect(await draftOf(app, JONAS)).toMatchObject({
      mode: 'on_behalf',
      step: 'channel',
      onBehalf: { user: { email: 'template.person@au.dk' } },
    });
    // Her whole name: Maria Skabelon, not the templates for "maria".
    expect(await say(app, EMMA, 'ny for maria skabelon')).toContain('Hvordan kontaktede Maria Skabelon os?');
    expect(await draftOf(app, EMMA)).toMatchObject({
      mode: 'on_behalf',
      step: 'channel',
      onBehalf: { query: 'maria skabelon', user: { email: 'maria.skabelon@au.dk' } },
    });
    // The word once more: the templates for her.
    expect(await say(app, EMMA, 'ny for maria skabelon skabelon')).toContain('Sag fra skabelon');
    expect(await draftOf(app, EMMA)).toMatchObject({
      step: 'template',
      onBehalf: { query: 'maria skabelon', user: { email: 'maria.skabelon@au.dk' } },
    });
    // Another word than her name's: the templates for whoever the rest finds.
    expect(await say(app, JONAS, 'new for maria.skabelon@au.dk template')).toContain('Case from a template');
    expect(await draftOf(app, JONAS)).toMatchObject({
      step: 'template',
      onBehalf: { query: 'maria.skabelon@au.dk', user: { email: 'maria.skabelon@au.dk' } },
    });
    expect(await say(app, JONAS, 'new for template template')).toContain('Case from a template');
    expect(await draftOf(app, JONAS)).toMatchObject({
      step: 'template',
      onBehalf: { user: { email: 'template.person@au.dk' } },
    });
  });

  it('asks again who it is for when nobody matches, and goes on to the templates with the answer', async () => {
    const app = await start(ANNA);
    const from = app.calls.length;
    await say(app, JONAS, 'new for annna template');
    const sent = app.calls.slice(from).map((c) => c.body as Json);
    expect(JSON.stringify(sent)).toContain('I found nobody matching \\"annna\\"');
    const next = walk(sent).find((n) => n['type'] === 'Action.Execute' && n['verb'] === 'intake_start');
    expect(next?.['data']).toMatchObject({ mode: 'template' });

    const res = await app.post({
      ...anActionInvoke(JONAS, {
        ...(next?.['data'] as Json),
        verb: 'intake_start',
        onBehalfOf: 'anna.employee@au.dk',
      }),
      locale: 'en-US',
    });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('Case from a template');
    expect(await draftOf(app, JONAS)).toMatchObject({
      step: 'template',
      onBehalf: { user: { email: 'anna.employee@au.dk' }, channel: 'phone' },
    });
  });

  it('lists "new for «person» [template]" in the staff help, in English and Danish', async () => {
    const app = await start();
    // Teams shows the brackets Markdown-escaped.
    const en = await say(app, JONAS, 'help');
    expect(en).toContain('For support staff:\\n- new for «person» \\\\[template\\\\]: a case on someone');
    expect(en).toContain("someone's behalf (name, e-mail or @mention); with template: from a case template");
    const da = await say(app, EMMA, 'hjælp');
    expect(da).toContain('- ny for «person» \\\\[skabelon\\\\]: en sag på en persons vegne');
    expect(da).toContain('(navn, e-mail eller @omtale); med skabelon: fra en sagsskabelon');
  });
});
