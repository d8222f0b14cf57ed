import nock from 'nock';
import { describe, expect, it, vi } from 'vitest';
import { typedBackMessage, typedInForm } from '../../../src/bot/slack/slack-failures.js';
import { intakeModal } from '../../../src/bot/slack/slack-modals.js';
import { slackTexts } from '../../../src/bot/slack/slack-replies.js';
import { AppError } from '../../../src/models/errors.js';
import { formOf, notInChannel, slackHarnessPerTest, slackUsers, usersInfoBody } from '../../helpers/slack-harness.js';
import { slashCommand } from '../../helpers/slack-requests.js';
import { postSigned } from '../../helpers/slack-signer.js';

describe('registerFailureReplies', () => {
  const h = slackHarnessPerTest();

  it('answers a failed form in its modal at once, without looking the person up again, when Slack is slow', async () => {
    // Slack fails to describe Anna at first (the request goes on with what it says) and is slow the next time.
    h.api()
      .post('/api/users.info', (b) => formOf(b)['user'] === slackUsers.anna.id)
      .reply(200, { ok: false, error: 'fatal_error' });
    h.api()
      .post('/api/users.info', (b) => formOf(b)['user'] === slackUsers.anna.id)
      .delay(3300)
      .reply(200, usersInfoBody(slackUsers.anna))
      .persist();
    const anna = { id: `slack:${slackUsers.anna.id}`, name: slackUsers.anna.name, locale: 'en' as const };
    const first = await h.intake.handle({
      conversationKey: `slack:modal:${slackUsers.anna.id}`,
      surface: 'form',
      person: anna,
      platform: 'slack',
      action: { verb: 'intake_start' },
    });
    const modal = intakeModal(first.views, 'en');
    // The step fails at once: the store does not answer.
    vi.spyOn(h.intake, 'handle').mockRejectedValue(new AppError('STORE.UNAVAILABLE', 'store down (test)'));
    const started = Date.now();

    const res = await postSigned(h.url, {
      kind: 'interactive',
      payload: {
        type: 'view_submission',
        team: { id: 'T0AU' },
        user: { id: slackUsers.anna.id, name: 'anna' },
        api_app_id: 'A0APP',
        trigger_id: 't',
        view: {
          id: 'V0MODAL',
          type: 'modal',
          callback_id: 'intake',
          private_metadata: modal.private_metadata,
          hash: 'h1',
          state: {
            values: {
              description: { description: { type: 'plain_text_input', value: 'Printer on 3rd floor is broken' } },
            },
          },
        },
      },
    });
    const answered = Date.now() - started;
    const ack = (await res.json()) as { response_action?: string; view?: unknown };
    await h.transport.settled();

    expect(res.status).toBe(200);
    expect(answered).toBeLessThan(2000);
    expect(ack.response_action).toBe('update');
    expect(JSON.stringify(ack.view)).toContain(slackTexts.storeDown.en.slice(0, 30));
  });

  it("tells the person in the bot's DM that a command failed when its response URL is expired", async () => {
    h.knowUsers(slackUsers.bo);
    const calls = notInChannel(h);
    let tried = 0;
    nock('https://hooks.slack.test')
      .post('/commands/expired', () => {
        tried++;
        return true;
      })
      .reply(404, 'expired_url')
      .persist();
    vi.spyOn(h.services.service, 'mine').mockRejectedValue(new AppError('STORE.UNAVAILABLE', 'store down (test)'));

    await h.send(
      slashCommand(slackUsers.bo, 'mine', {
        responseUrl: 'https://hooks.slack.test/commands/expired',
        channel: 'C0RANDOM',
      }),
    );

    expect(tried).toBe(1);
    expect(calls.map((x) => `${x.method} ${x.channel}`)).toEqual([
      'chat.postEphemeral C0RANDOM',
      `chat.postMessage ${slackUsers.bo.id}`,
    ]);
    // Bo speaks Danish (his look-up came before the failure).
    expect(calls[1]?.text).toContain(slackTexts.storeDown.da.slice(0, 30));
  });
});

describe('typedInForm / typedBackMessage (what a failed case form quotes back)', () => {
  const input = (value: string | null) => ({ type: 'plain_text_input', value });
  const block = (id: string, label: string) => ({
    type: 'input',
    block_id: id,
    label: { type: 'plain_text', text: label },
  });

  it("takes the typed texts in the form's order by their labels; choices and blank inputs are left out", () => {
    const view = {
      blocks: [
        block('set_status.status', 'Status'),
        block('set_status.vendorName', 'Vendor'),
        block('set_status.vendorRef', 'Vendor reference'),
        block('set_status.question', 'Question for the user'),
      ],
      state: {
        values: {
          'set_status.status': { 'set_status.status': { type: 'static_select', selected_option: { value: 'x' } } },
          'set_status.vendorName': { 'set_status.vendorName': input('Dell') },
          'set_status.vendorRef': { 'set_status.vendorRef': input('   ') },
          'set_status.question': { 'set_status.question': input('Which room?') },
          unlabelled: { 'other.text': input('kept by its id') },
        },
      },
    };
    expect(typedInForm(view)).toEqual([
      { label: 'Vendor', text: 'Dell' },
      { label: 'Question for the user', text: 'Which room?' },
      { label: 'other.text', text: 'kept by its id' },
    ]);
    expect(typedInForm({ state: 'not state' })).toEqual([]);
    expect(typedInForm(undefined)).toEqual([]);
  });

  it('quotes at most four texts, in English under the notice, the notification text escaped', () => {
    const typed = Array.from({ length: 6 }, (_, i) => ({ label: `Field <${i}>`, text: `text ${i} <!here>` }));
    const view = {
      state: { values: Object.fromEntries(typed.map((t, i) => [`b${i}`, { [`b${i}`]: input(t.text) }])) },
    };
    const taken = typedInForm(view);
    expect(taken).toHaveLength(4);
    const message = typedBackMessage('en', slackTexts.failed.en, taken);
    expect(message.blocks.filter((b) => b.type === 'rich_text')).toHaveLength(4);
    expect(message.text).toContain('text 0 &lt;!here&gt;');
    expect(message.text).not.toMatch(/[<>]/);
  });
});
