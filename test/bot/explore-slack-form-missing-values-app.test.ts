import { describe, expect, it } from 'vitest';
import { appPerTest } from '../helpers/app-per-test.js';
import { annasWifiCase, type HardenedApp } from '../helpers/hardening-app.js';
import type { OpenedCaseForm } from '../helpers/slack-case-form.js';
import { type SlackUserFixture, slackUsers } from '../helpers/slack-harness.js';
import { caseButtonClick, modalSubmission } from '../helpers/slack-requests.js';

const apps = appPerTest('explore-slack-form-missing-');
/** Jonas (ARTS Support), reading Slack in Danish. */
const JONAS_DA: SlackUserFixture = { ...slackUsers.jonas, locale: 'da-DK' };

function start(): Promise<HardenedApp> {
  return apps.start(() => ({ rateLimit: false, slackUsers: [JONAS_DA, slackUsers.emma] }));
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

/** `user` submits `modal` as Slack would with the state `values` (none of its inputs unless given). */
async function submit(
  h: HardenedApp,
  user: SlackUserFixture,
  modal: { private_metadata: string; blocks?: readonly unknown[] },
  values: Record<string, Record<string, unknown>> = {},
): Promise<unknown> {
  const view = {
    id: 'V0FORM',
    callbackId: 'case_form',
    privateMetadata: modal.private_metadata,
    ...(modal.blocks ? { blocks: modal.blocks } : {}),
  };
  const res = await h.slack(modalSubmission(user, view, values));
  expect(res.status).toBe(200);
  const body = await res.text();
  return body === '' ? undefined : JSON.parse(body);
}

/** The texts of a notice modal's sections. */
const noticeOf = (answer: unknown) => {
  const a = answer as {
    response_action?: string;
    view?: { title: { text: string }; blocks: { text: { text: string } }[] };
  };
  return { action: a.response_action, title: a.view?.title.text, text: a.view?.blocks.map((b) => b.text.text) };
};

describe('a Slack case form submitted without the values it needs', () => {
  it('is answered on the input the submission left out (by its label, in the form’s language), nothing saved', async () => {
    const h = await start();
    const c = await annasWifiCase(h);
    const note = await openForm(h, slackUsers.emma, c, 'note');
    expect(await submit(h, slackUsers.emma, note)).toEqual({
      response_action: 'errors',
      errors: { text: 'I could not use that: please fill in “Text” and try again.' },
    });
    const resolve = await openForm(h, JONAS_DA, c, 'resolve');
    // Only the note input of another form in the state: the solution is still left out.
    const other = { 'note.text': { 'note.text': { type: 'plain_text_input', value: 'hi' } } };
    expect(await submit(h, JONAS_DA, resolve, other)).toEqual({
      response_action: 'errors',
      errors: { solution: 'Det kunne jeg ikke bruge: udfyld «Løsning (hvad blev gjort)», og prøv igen.' },
    });
    const stored = await h.app.services.store.getCase(c.id);
    expect(stored?.notes).toEqual([]);
    expect(stored?.status).toBe('registered');
    expect(stored?.version).toBe(c.version);
  });

  it('says why in the modal when it has no input to show it on, or metadata no form of the bot has', async () => {
    const h = await start();
    const c = await annasWifiCase(h);
    const note = await openForm(h, slackUsers.emma, c, 'note');
    expect(noticeOf(await submit(h, slackUsers.emma, { private_metadata: note.private_metadata }))).toEqual({
      action: 'update',
      title: 'Not done',
      // No label to name it by: the field's own name.
      text: ['I could not use that: please fill in “Note” and try again.'],
    });
    expect(noticeOf(await submit(h, slackUsers.emma, { private_metadata: '{"base":', blocks: note.blocks }))).toEqual({
      action: 'update',
      title: 'Not done',
      text: ['This form belongs to an older version of the bot, so it was not sent. Close it and start again.'],
    });
    expect((await h.app.services.store.getCase(c.id))?.version).toBe(c.version);
  });
});
