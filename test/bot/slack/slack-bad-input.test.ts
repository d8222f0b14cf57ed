import { describe, expect, it } from 'vitest';
import { renderCaseCardBlocks } from '../../../src/cards/slack/render-case-card-blocks.js';
import type { Case } from '../../../src/models/case.js';
import { formOf, type SlackUserFixture, slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { chosenIn, openModal, reportShortcut, submitModal as sendModal, typedInto } from '../../helpers/slack-modal.js';
import { blockAction, deskCardClick } from '../../helpers/slack-requests.js';

/**
 * What Slack answers to a click or a modal that sent something the bot cannot use: the person's language and the
 * field by the label they saw, as on Teams — never the parser's English with internal field names ("urgency must
 * be one of", "values.description is too long", "reason must not be empty.", "Not an intake step.").
 */

interface Block {
  type: string;
  block_id?: string;
  label?: { text: string };
  element?: { type: string; action_id: string };
  elements?: { action_id: string; value?: string }[];
}
interface Modal {
  callback_id: string;
  private_metadata: string;
  blocks: Block[];
}

/** Jonas, reading Slack in Danish. */
const jonasDa: SlackUserFixture = { ...slackUsers.jonas, locale: 'da-DK' };

/** The parser's own words (English, internal field names), which must not reach anyone. */
const PARSER_WORDS = /must be one of|is missing|must not be empty|is too long|Not an intake step|values\.|urgency/;

describe('slack bad input', () => {
  const h = slackHarnessPerTest();

  /** Texts posted into DMs (chat.postMessage), any number. */
  function dmTexts(): string[] {
    const texts: string[] = [];
    h.api()
      .post('/api/chat.postMessage', (b) => {
        texts.push(formOf(b)['text'] ?? '');
        return true;
      })
      .reply(200, { ok: true, ts: '1700000003.000100', channel: 'D0DM' })
      .persist();
    return texts;
  }

  /** A click on a conversation button in the person's DM with the bot, with a value the bot cannot use. */
  function dmClick(user: SlackUserFixture, action: Record<string, unknown>) {
    return h.send(
      blockAction(user, 'trigger-dm', {
        container: { type: 'message', channel_id: 'D0DM', message_ts: '1700000000.000100' },
        channel: { id: 'D0DM', name: 'directmessage' },
        message: { ts: '1700000000.000100', text: 'step' },
        actions: [
          {
            type: 'button',
            action_id: String(action['verb']),
            block_id: 'intake_actions',
            value: JSON.stringify(action),
            action_ts: '1',
          },
        ],
      }),
    );
  }

  it('answers a DM conversation button it cannot use in Danish, without the parser’s words', async () => {
    h.knowUsers(slackUsers.bo);
    const said = dmTexts();
    await dmClick(slackUsers.bo, { verb: 'intake_urgency', urgency: 'extreme' });
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('Det kunne jeg ikke bruge');
    expect(said[0]).not.toMatch(PARSER_WORDS);
  });

  it('answers a DM conversation button it cannot use in English, without the parser’s words', async () => {
    h.knowUsers(slackUsers.anna);
    const said = dmTexts();
    await dmClick(slackUsers.anna, { verb: 'intake_urgency', urgency: 'extreme' });
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('I could not use that');
    expect(said[0]).not.toMatch(PARSER_WORDS);
  });

  it('says a DM conversation button it cannot use, naming no field, was something clicked (no card in Slack’s DM)', async () => {
    h.knowUsers(slackUsers.bo);
    const said = dmTexts();
    await dmClick(slackUsers.bo, { verb: 'intake_urgency', urgency: 'extreme' });
    expect(said).toEqual([
      'Det kunne jeg ikke bruge: det, du klikkede på, sendte noget, jeg ikke kunne bruge. Prøv igen.',
    ]);
  });

  it('says a case button it cannot use, naming no field, was something clicked, in English', async () => {
    h.knowUsers(slackUsers.anna);
    const said = dmTexts();
    await dmClick(slackUsers.anna, { verb: 'confirm_solved' });
    expect(said).toEqual(['I could not use that: what you clicked sent something I could not use. Please try again.']);
  });

  /** The report modal `user` opens with the shortcut. */
  const openIntake = (user: SlackUserFixture) => openModal<Modal>(h, reportShortcut(user));

  /** `user` submits `modal` (as Slack sends it: its blocks, its metadata, the inputs' state). */
  async function submitModal(
    user: SlackUserFixture,
    modal: Modal,
    values: Record<string, Record<string, unknown>>,
    metadata = modal.private_metadata,
  ): Promise<{ response_action?: string; errors?: Record<string, string> }> {
    const res = await sendModal(h, user, modal, values, { metadata, blocks: true });
    expect(res.status).toBe(200);
    const text = await res.text();
    return text === '' ? {} : JSON.parse(text);
  }

  const inputOf = (modal: Modal, field: string): Block => {
    const block = modal.blocks.find(
      (b) => b.type === 'input' && (b.block_id === field || b.block_id?.endsWith(`.${field}`)),
    );
    if (!block?.block_id) throw new Error(`no ${field} input in the modal`);
    return block;
  };

  it('answers an intake modal whose submit is no intake step in Danish on its first input', async () => {
    h.knowUsers(slackUsers.bo);
    const modal = await openIntake(slackUsers.bo);
    const description = inputOf(modal, 'description');
    const body = await submitModal(
      slackUsers.bo,
      modal,
      { description: { description: { type: 'plain_text_input', value: 'The printer is broken' } } },
      JSON.stringify({ submit: { verb: 'claim', caseId: 'c-1', version: 1 } }),
    );
    expect(body.response_action).toBe('errors');
    const error = body.errors?.[description.block_id!];
    expect(error).toContain('Det kunne jeg ikke bruge');
    expect(error).not.toMatch(PARSER_WORDS);
  });

  it('says a modal it cannot use, naming no field, sent a form (not a card), in English and Danish', async () => {
    for (const [user, expected] of [
      [slackUsers.anna, 'I could not use that: the form sent something I could not use. Please try again.'],
      [slackUsers.bo, 'Det kunne jeg ikke bruge: formularen sendte noget, jeg ikke kunne bruge. Prøv igen.'],
    ] as const) {
      h.knowUsers(user);
      const modal = await openIntake(user);
      const description = inputOf(modal, 'description');
      const body = await submitModal(
        user,
        modal,
        { description: { description: { type: 'plain_text_input', value: 'The printer is broken' } } },
        JSON.stringify({ submit: { verb: 'claim', caseId: 'c-1', version: 1 } }),
      );
      expect(body).toEqual({ response_action: 'errors', errors: { [description.block_id!]: expected } });
    }
  });

  it('answers an intake answer it cannot use in English on its input, named by its label', async () => {
    h.knowUsers(slackUsers.anna);
    const modal = await openIntake(slackUsers.anna);
    const description = inputOf(modal, 'description');
    const body = await submitModal(slackUsers.anna, modal, {
      description: { description: { type: 'plain_text_input', value: 'x'.repeat(20_001) } },
    });
    expect(body.response_action).toBe('errors');
    expect(body.errors?.[description.block_id!]).toBe(
      `I could not use that: “${description.label!.text}” could not be used. Please check it and try again.`,
    );
    expect(body.errors?.[description.block_id!]).not.toMatch(PARSER_WORDS);
  });

  /** A staff member's click on a button of the card of `c` that opens a case form; returns the modal. */
  async function openCaseForm(user: SlackUserFixture, c: Case, form: string): Promise<Modal> {
    const seen = await h.services.service.act(await h.person(user), { verb: 'refresh', caseId: c.id });
    if (!seen.ok) throw new Error('refresh refused');
    const card = renderCaseCardBlocks(seen.card);
    const block = card.blocks.find((b) => b.type === 'actions' && b.block_id?.endsWith('|buttons')) as Block;
    const button = block.elements?.find((e) => e.value && JSON.parse(e.value).form === form);
    if (!button) throw new Error(`no ${form} button on the card`);
    return openModal<Modal>(h, deskCardClick(user, button, block.block_id, card.text));
  }

  it('answers a blank note in the note modal in English on its field, named by its label', async () => {
    h.knowUsers(slackUsers.bo, slackUsers.jonas);
    const c = await h.services.reportWifi(await h.person(slackUsers.bo));
    const modal = await openCaseForm(slackUsers.jonas, c, 'note');
    const text = inputOf(modal, 'text');
    const body = await submitModal(slackUsers.jonas, modal, typedInto(text, '   '));
    expect(body.response_action).toBe('errors');
    expect(body.errors).toEqual({
      [text.block_id!]: `I could not use that: please fill in “${text.label!.text}” and try again.`,
    });
    expect((await h.services.store.getCase(c.id))?.notes).toEqual([]);
  });

  it('answers a note past its limit on its field with the limit and the length given', async () => {
    h.knowUsers(slackUsers.bo, slackUsers.jonas);
    const c = await h.services.reportWifi(await h.person(slackUsers.bo));
    const modal = await openCaseForm(slackUsers.jonas, c, 'note');
    const text = inputOf(modal, 'text');
    // Slack's own cap on what can be typed (3000) is below the note's 20 000: a longer one is a crafted submission.
    expect((text.element as { max_length?: number }).max_length).toBe(3000);
    const body = await submitModal(slackUsers.jonas, modal, typedInto(text, 'n'.repeat(25_000)));
    expect(body).toEqual({
      response_action: 'errors',
      errors: {
        [text.block_id!]:
          `I could not use that: “${text.label!.text}” is 25,000 characters; at most 20,000 fit. Nothing was ` +
          'saved: please shorten it and send it again.',
      },
    });
    expect((await h.services.store.getCase(c.id))?.notes).toEqual([]);
  });

  it('says the status modal’s vendor limit (500) on its inputs and answers a longer vendor with it', async () => {
    h.knowUsers(slackUsers.bo, slackUsers.jonas);
    const c = await h.services.reportWifi(await h.person(slackUsers.bo));
    // The card's status menu opens the status form (its button value: the verb without a status).
    const setStatus = { verb: 'set_status', caseId: c.id, version: c.version };
    const modal = await openModal<Modal>(
      h,
      deskCardClick(
        slackUsers.jonas,
        { action_id: 'set_status', value: JSON.stringify(setStatus) },
        `${c.id}|buttons`,
        c.number,
      ),
    );
    const vendor = inputOf(modal, 'vendorName');
    const ref = inputOf(modal, 'vendorRef');
    expect([vendor, ref].map((b) => (b.element as { max_length?: number }).max_length)).toEqual([500, 500]);
    const status = inputOf(modal, 'status');
    const body = await submitModal(slackUsers.jonas, modal, {
      ...chosenIn(status, 'awaiting_vendor'),
      ...typedInto(vendor, 'v'.repeat(501)),
    });
    expect(body.errors?.[vendor.block_id!]).toBe(
      `I could not use that: “${vendor.label!.text}” is 501 characters; at most 500 fit. Nothing was saved: please ` +
        'shorten it and send it again.',
    );
    expect((await h.services.store.getCase(c.id))?.status).toBe(c.status);
  });

  it('answers a blank escalation reason in Danish on its field, named by its label, and escalates nothing', async () => {
    h.knowUsers(slackUsers.bo, jonasDa);
    const c = await h.services.reportWifi(await h.person(slackUsers.bo));
    const modal = await openCaseForm(jonasDa, c, 'escalate');
    const reason = inputOf(modal, 'reason');
    const group = inputOf(modal, 'groupId');
    const kind = inputOf(modal, 'escalate_to');
    const body = await submitModal(jonasDa, modal, {
      ...chosenIn(kind, 'functional', 'radio_buttons'),
      ...chosenIn(group, 'ops-network'),
      ...typedInto(reason, '   '),
    });
    expect(body.response_action).toBe('errors');
    expect(body.errors).toEqual({
      [reason.block_id!]: `Det kunne jeg ikke bruge: udfyld «${reason.label!.text}», og prøv igen.`,
    });
    expect((await h.services.store.getCase(c.id))?.escalations).toEqual([]);
  });
});
