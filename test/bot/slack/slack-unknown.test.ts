import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { slackTexts } from '../../../src/bot/slack/slack-replies.js';
import { formOf, notInChannel, slackHarnessPerTest, slackUsers, usersInfoBody } from '../../helpers/slack-harness.js';
import { postSigned } from '../../helpers/slack-signer.js';
import { slashCommand } from '../../helpers/slack-requests.js';

const RESPONSE_URL = 'https://hooks.slack.test/actions/T0AU/77';

function interactive(payload: Record<string, unknown>) {
  return {
    kind: 'interactive' as const,
    payload: { team: { id: 'T0AU' }, api_app_id: 'A0APP', ...payload },
  };
}

const slash = (command: string) =>
  slashCommand(slackUsers.jonas, 'help', { command, responseUrl: RESPONSE_URL, team: 'T0AU', channel: 'C0RANDOM' });

describe('slack requests no listener takes', () => {
  const h = slackHarnessPerTest({}, slackUsers.bo, slackUsers.jonas);
  afterEach(async () => {
    nock.cleanAll();
  });

  it('answers a slash command set up under another name at once, naming the one the bot answers', async () => {
    const res = await h.send(slash('/incidents'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      response_type: 'ephemeral',
      text: slackTexts.unknownSlashCommand.en('/incidents', '/incident'),
    });
    // The command the bot answers is not caught: its answer goes to the response URL as always.
    let responded = '';
    nock('https://hooks.slack.test')
      .post('/actions/T0AU/77', (b) => {
        responded = JSON.stringify(b);
        return true;
      })
      .reply(200, 'ok');
    const ok = await h.send(slash('/incident'));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('');
    expect(responded).toContain('/incident status');
  });

  it("replaces a submitted form the bot does not know with a notice, in the person's language as last looked up", async () => {
    // Bo (Danish in Slack) used the command a moment ago: his language is known without a look-up.
    nock('https://hooks.slack.test').post('/actions/T0AU/77').reply(200, 'ok');
    await h.send(slashCommand(slackUsers.bo, 'help', { responseUrl: RESPONSE_URL, team: 'T0AU' }));
    const res = await h.send(
      interactive({
        type: 'view_submission',
        user: { id: slackUsers.bo.id, name: slackUsers.bo.name },
        trigger_id: 'trigger-2',
        view: {
          id: 'V0OLD',
          type: 'modal',
          callback_id: 'escalate_form_v1',
          private_metadata: '',
          hash: 'h',
          state: { values: {} },
        },
      }),
    );
    expect(res.status).toBe(200);
    const ack = (await res.json()) as { response_action?: string; view?: unknown };
    expect(ack.response_action).toBe('update');
    expect(JSON.stringify(ack.view)).toContain(slackTexts.staleForm.da);
  });

  it('tells the person about a shortcut the bot does not know: a message shortcut in its channel, a global one in the DM', async () => {
    let responded: Record<string, unknown> = {};
    nock('https://hooks.slack.test')
      .post('/actions/T0AU/77', (b) => {
        responded = b as Record<string, unknown>;
        return true;
      })
      .reply(200, 'ok');
    const messageShortcut = await h.send(
      interactive({
        type: 'message_action',
        user: { id: slackUsers.jonas.id, name: slackUsers.jonas.name },
        trigger_id: 'trigger-3',
        callback_id: 'escalate_message',
        channel: { id: 'C0RANDOM', name: 'random' },
        message: { ts: '1700000000.000200', text: 'the printer is on fire' },
        response_url: RESPONSE_URL,
        action_ts: '1',
      }),
    );
    expect(messageShortcut.status).toBe(200);
    expect(responded).toMatchObject({ response_type: 'ephemeral', text: slackTexts.unknownShortcut.en });

    const posted: Record<string, string>[] = [];
    h.api()
      .post('/api/chat.postMessage')
      .reply(200, (_uri, body) => {
        const form = formOf(body);
        posted.push(form);
        return { ok: true, channel: form['channel'], ts: '1.2' };
      });
    const globalShortcut = await h.send(
      interactive({
        type: 'shortcut',
        user: { id: slackUsers.bo.id, username: 'bo', team_id: 'T0AU' },
        trigger_id: 'trigger-4',
        callback_id: 'old_shortcut',
        action_ts: '1',
      }),
    );
    expect(globalShortcut.status).toBe(200);
    expect(posted.map((p) => p['channel'])).toEqual([slackUsers.bo.id]);
    expect(JSON.stringify(posted[0])).toContain(slackTexts.unknownShortcut.da.slice(0, 30));
  });

  it("answers an unknown message shortcut in the channel, else the bot's DM, when its response URL takes none", async () => {
    const DEAD_PATH = '/actions/T0AU/dead';
    let tried = 0;
    nock('https://hooks.slack.test')
      .post(DEAD_PATH, () => {
        tried++;
        return true;
      })
      .reply(404, 'expired_url');
    const calls = notInChannel(h, false);
    const res = await h.send(
      interactive({
        type: 'message_action',
        user: { id: slackUsers.jonas.id, name: slackUsers.jonas.name },
        trigger_id: 'trigger-6',
        callback_id: 'escalate_message',
        channel: { id: 'C0RANDOM', name: 'random' },
        message: { ts: '1700000000.000200', text: 'the printer is on fire' },
        response_url: `https://hooks.slack.test${DEAD_PATH}`,
        action_ts: '1',
      }),
    );
    expect(res.status).toBe(200);
    await h.transport.settled();
    expect(tried).toBe(1);
    expect(calls.map((x) => `${x.method} ${x.channel}`)).toEqual([
      'chat.postEphemeral C0RANDOM',
      `chat.postMessage ${slackUsers.jonas.id}`,
    ]);
    expect(calls[1]?.text).toBe(slackTexts.unknownShortcut.en);
  });

  it('acknowledges at once a request of a kind it cannot tell, and goes on serving', async () => {
    // A payload type Slack may add later, and Slack's `app_rate_limited` notice (no event in it).
    const newKind = await h.send(
      interactive({ type: 'brand_new_kind', user: { id: slackUsers.bo.id, name: slackUsers.bo.name } }),
    );
    expect(newKind.status).toBe(200);
    expect(await newKind.text()).toBe('');
    const rateLimited = await h.send({
      kind: 'event',
      json: {
        token: 'x',
        type: 'app_rate_limited',
        team_id: 'T0AU',
        minute_rate_limited: 1518467820,
        api_app_id: 'A0APP',
      },
    });
    expect(rateLimited.status).toBe(200);
    expect((await h.send(slash('/incidents'))).status).toBe(200);
  });

  it('refuses at once, with what is wrong, a request without the fields the bot reads', async () => {
    // Slack never sends these (they are signed): Bolt's internals threw on them (500) or no listener could
    // acknowledge them (a 3 s wait, then 404).
    for (const [payload, issue] of [
      [{ type: 'block_actions', trigger_id: 't', actions: [{ action_id: 'claim', value: '{}' }] }, 'user: '],
      [{ type: 'block_actions', user: { id: slackUsers.bo.id }, actions: 'claim' }, 'actions: '],
      [{ type: 'view_submission', user: { id: slackUsers.bo.id } }, 'view: '],
      [{ type: 'shortcut', user: { id: slackUsers.bo.id }, callback_id: 42 }, 'callback_id: '],
      [{ type: 'block_actions', user: { id: slackUsers.bo.id }, channel: null, actions: [] }, 'channel: '],
    ] as const) {
      const res = await h.send(interactive(payload));
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error?: string; issues?: string[] };
      expect(body.error).toBe('not a valid Slack request');
      expect(body.issues?.[0]).toContain(issue);
    }
    const event = await h.send({ kind: 'event', json: { type: 'event_callback', event_id: 'Ev9', event: 'message' } });
    expect(event.status).toBe(400);
    expect(((await event.json()) as { issues?: string[] }).issues?.[0]).toContain('event: ');
    const noResponseUrl = slash('/incident');
    if (noResponseUrl.kind === 'form') delete noResponseUrl.fields['response_url'];
    const command = await h.send(noResponseUrl);
    expect(command.status).toBe(400);
    expect(((await command.json()) as { issues?: string[] }).issues).toEqual([
      expect.stringContaining('response_url: '),
    ]);
    // Still serving.
    expect((await h.send(slash('/incidents'))).status).toBe(200);
  });

  it('takes the closing of a view it did not ask about without doing anything', async () => {
    const res = await h.send(
      interactive({
        type: 'view_closed',
        user: { id: slackUsers.bo.id, name: slackUsers.bo.name },
        view: { id: 'V0X', type: 'modal', callback_id: 'info', private_metadata: '', hash: 'h', state: { values: {} } },
        is_cleared: false,
      }),
    );
    expect(res.status).toBe(200);
  });

  it('answers an unknown command and form at once, in the default language, when the look-up would be slow', async () => {
    // Anna is new to this process, and Slack takes 3.3 s to describe her: the answers are the acknowledgements.
    h.api()
      .post('/api/users.info', (b) => formOf(b)['user'] === slackUsers.anna.id)
      .delay(3300)
      .reply(200, usersInfoBody(slackUsers.anna))
      .persist();
    const anna = { id: slackUsers.anna.id, name: 'anna' };
    const started = Date.now();
    const command = await postSigned(
      h.url,
      slashCommand(anna, 'help', { command: '/incidents', responseUrl: RESPONSE_URL, team: 'T0AU' }),
    );
    const form = await postSigned(
      h.url,
      interactive({
        type: 'view_submission',
        user: anna,
        trigger_id: 'trigger-5',
        view: {
          id: 'V0OLD',
          type: 'modal',
          callback_id: 'old_form',
          private_metadata: '',
          hash: 'h',
          state: { values: {} },
        },
      }),
    );
    const answered = Date.now() - started;
    await h.transport.settled();

    expect(answered).toBeLessThan(2000);
    expect(await command.json()).toMatchObject({ text: slackTexts.unknownSlashCommand.en('/incidents', '/incident') });
    expect(JSON.stringify(await form.json())).toContain(slackTexts.staleForm.en);
  });
});
