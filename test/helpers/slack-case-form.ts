import { expect } from 'vitest';
import type { HardenedApp } from './hardening-app.js';
import type { SlackUserFixture } from './slack-harness.js';
import { caseButtonClick, modalSubmission } from './slack-requests.js';

/** A case form's modal as the app asked Slack to open it. */
export interface OpenedCaseForm {
  private_metadata: string;
  blocks: { type: string; block_id?: string; label?: { text: string } }[];
}

/** `user` clicks the form button `verb` of the card of `c` (in `channel`); the modal the app asked Slack to open. */
export async function openCaseForm(
  app: HardenedApp,
  user: SlackUserFixture,
  verb: string,
  c: { id: string; version: number },
  channel: string,
): Promise<OpenedCaseForm> {
  const before = app.slackCalls.length;
  const res = await app.slack(caseButtonClick(user, { verb, caseId: c.id, version: c.version }, { channel }));
  expect(res.status).toBe(200);
  const opened = () => app.slackCalls.slice(before).find((c) => c.method === 'views.open');
  await expect.poll(() => opened(), { timeout: 5000 }).toBeDefined();
  return JSON.parse(opened()!.body['view'] as string) as OpenedCaseForm;
}

/**
 * `user` submits the opened case form `modal` with `typed` in its text inputs and `chosen` in its selects (by block
 * id), as Slack sends it: blocks and all.
 */
export function submitCaseForm(
  app: HardenedApp,
  user: SlackUserFixture,
  modal: OpenedCaseForm,
  typed: Record<string, string>,
  chosen: Record<string, string> = {},
): Promise<Response> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const [id, value] of Object.entries(typed)) values[id] = { [id]: { type: 'plain_text_input', value } };
  for (const [id, value] of Object.entries(chosen))
    values[id] = { [id]: { type: 'static_select', selected_option: { value } } };
  return app.slack(
    modalSubmission(
      user,
      { id: 'V0FORM', callbackId: 'case_form', privateMetadata: modal.private_metadata, blocks: modal.blocks },
      values,
    ),
  );
}

/**
 * The typed texts an answer quotes back, from its rich text blocks: the label, then the text as typed (each must be
 * preformatted), then any note of a cut.
 */
export function quotedBack(blocks: unknown[]): { label: string; text: string; cut?: string }[] {
  type Rich = { type: string; elements: { type: string; elements: { text: string }[] }[] };
  return (blocks as Rich[])
    .filter((b) => b.type === 'rich_text')
    .map((b) => {
      const [label, pre, cut] = b.elements;
      expect(pre?.type).toBe('rich_text_preformatted');
      return {
        label: label!.elements[0]!.text,
        text: pre!.elements.map((e) => e.text).join(''),
        ...(cut ? { cut: cut.elements[0]!.text } : {}),
      };
    });
}

/** The ephemeral notes the app posted to `user` in `channel`, as recorded so far. */
export function ephemeralsTo(app: HardenedApp, user: SlackUserFixture, channel: string) {
  return app.slackCalls.filter(
    (x) => x.method === 'chat.postEphemeral' && x.body['channel'] === channel && x.body['user'] === user.id,
  );
}
