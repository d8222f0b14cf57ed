import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackClient } from '../../../src/bot/slack/slack-client.js';
import { SlackContext, type SlackHandlerDeps } from '../../../src/bot/slack/slack-context.js';
import { DM_CHANNEL_REF } from '../../../src/bot/slack/slack-gateway.js';
import { slackTexts, textView } from '../../../src/bot/slack/slack-replies.js';
import { renderCaseCardBlocks } from '../../../src/cards/slack/render-case-card-blocks.js';
import { createLogger } from '../../../src/logger.js';
import type { Case } from '../../../src/models/case.js';
import {
  formOf,
  jsonField,
  RESPONSE_ORIGIN,
  SLACK_API_ORIGIN,
  SLACK_API_URL,
  slackUsers,
  slackHarnessPerTest,
  usersInfoBody,
} from '../../helpers/slack-harness.js';

interface Modal {
  callback_id: string;
  private_metadata: string;
  blocks: { type: string; block_id?: string }[];
}

const RESPONSE_PATH = '/actions/T0AU/1/xyz';

/** A click on a button of a case card shown in `channelId` (an ephemeral card unless `ephemeral` is false). */
function cardClick(
  channelId: string,
  card: ReturnType<typeof renderCaseCardBlocks>,
  actionId: string,
  opts: { ephemeral?: boolean; responseUrl?: boolean; responsePath?: string } = {},
) {
  const block = card.blocks.find((b) => b.type === 'actions' && b.block_id?.endsWith('|buttons')) as {
    block_id: string;
    elements: { action_id: string; value: string }[];
  };
  const button = block.elements.find((e) => e.action_id === actionId);
  if (!button) throw new Error(`no ${actionId} button on the card`);
  return {
    kind: 'interactive' as const,
    payload: {
      type: 'block_actions',
      team: { id: 'T0AU' },
      user: { id: slackUsers.jonas.id, name: 'jonas' },
      api_app_id: 'A0APP',
      trigger_id: 'trigger-click',
      ...(opts.responseUrl === false
        ? {}
        : { response_url: `${RESPONSE_ORIGIN}${opts.responsePath ?? RESPONSE_PATH}` }),
      container: {
        type: 'message',
        channel_id: channelId,
        message_ts: '1700000000.000100',
        is_ephemeral: opts.ephemeral ?? true,
      },
      channel: { id: channelId, name: 'x' },
      actions: [
        { type: 'button', action_id: button.action_id, block_id: block.block_id, value: button.value, action_ts: '1' },
      ],
    },
  };
}

describe('SlackContext', () => {
  describe('tell (where the answer to a click goes)', () => {
    let calls: { method: string; channel?: string; text: string }[];
    let responded: Record<string, unknown>[];
    const h = slackHarnessPerTest({}, slackUsers.bo, slackUsers.jonas, slackUsers.emma);
    beforeEach(async () => {
      calls = [];
      responded = [];
      nock(RESPONSE_ORIGIN)
        .post(RESPONSE_PATH, (b) => {
          responded.push(b as Record<string, unknown>);
          return true;
        })
        .reply(200, 'ok')
        .persist();
    });

    /** Slack answers `method` with `error` (or ok) for `channel`, and every call is recorded. */
    function slackAnswers(method: string, answer: (channel: string) => Record<string, unknown>) {
      h.api()
        .post(`/api/${method}`, (b) => {
          calls.push({ method, channel: formOf(b)['channel'], text: formOf(b)['text'] ?? '' });
          return true;
        })
        .reply(200, (_uri, b) => answer(formOf(b)['channel'] ?? ''))
        .persist();
    }

    /** A case of Bo's, seen by Jonas, then claimed by Emma: Jonas's card is stale. */
    async function staleCard(): Promise<{ c: Case; card: ReturnType<typeof renderCaseCardBlocks> }> {
      const bo = await h.person(slackUsers.bo);
      const jonas = await h.person(slackUsers.jonas);
      const emma = await h.person(slackUsers.emma);
      const c = await h.services.reportWifi(bo);
      const seen = await h.services.service.act(jonas, { verb: 'refresh', caseId: c.id });
      if (!seen.ok) throw new Error('refresh refused');
      const claimed = await h.services.service.act(emma, { verb: 'claim', caseId: c.id, version: c.version });
      expect(claimed.ok).toBe(true);
      return { c, card: renderCaseCardBlocks(seen.card) };
    }

    for (const [where, channelId] of [
      ['a channel the bot is not in', 'C0RANDOM'],
      ["a DM between two people (not the bot's)", 'D0COLLEAGUE'],
    ] as const) {
      it(`answers a click on an ephemeral card through its response URL when the card is in ${where}`, async () => {
        slackAnswers('chat.postEphemeral', () => ({ ok: false, error: 'not_in_channel' }));
        slackAnswers('chat.postMessage', () => ({ ok: false, error: 'channel_not_found' }));
        const { c, card } = await staleCard();

        const res = await h.send(cardClick(channelId, card, 'claim'));

        expect(res.status).toBe(200);
        // The refusal with the case number, where Jonas sees it — not "something went wrong".
        expect(responded).toHaveLength(1);
        expect(responded[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
        expect(JSON.stringify(responded[0])).toContain(c.number);
        expect(JSON.stringify(responded)).not.toContain(slackTexts.failed.en);
        expect(calls).toEqual([]);
      });
    }

    it('answers in the DM when Slack refuses the channel of a click that has no response URL', async () => {
      slackAnswers('chat.postEphemeral', () => ({ ok: false, error: 'not_in_channel' }));
      slackAnswers('chat.postMessage', (channel) => ({ ok: true, channel, ts: '1.1' }));
      const { c, card } = await staleCard();

      await h.send(cardClick('C0RANDOM', card, 'claim', { responseUrl: false }));

      expect(calls.map((x) => `${x.method} ${x.channel}`)).toEqual([
        'chat.postEphemeral C0RANDOM',
        `chat.postMessage ${slackUsers.jonas.id}`,
      ]);
      expect(calls[1]?.text).toContain(c.number);
      expect(calls[1]?.text).not.toContain(slackTexts.failed.en);
    });

    for (const [status, body] of [
      [400, 'used_url'],
      [403, 'expired_url'],
      [404, 'expired_url'],
      [410, 'gone'],
    ] as const) {
      it(`answers in the DM when the response URL answers HTTP ${status} (${body}) and the channel is refused`, async () => {
        const path = `/actions/T0AU/1/refused-${status}`;
        let tried = 0;
        nock(RESPONSE_ORIGIN)
          .post(path, () => {
            tried++;
            return true;
          })
          .times(5)
          .reply(status, body);
        slackAnswers('chat.postEphemeral', () => ({ ok: false, error: 'not_in_channel' }));
        slackAnswers('chat.postMessage', (channel) => ({ ok: true, channel, ts: '1.1' }));
        const { c, card } = await staleCard();

        await h.send(cardClick('C0RANDOM', card, 'claim', { responsePath: path }));

        expect(tried).toBeGreaterThan(0);
        expect(calls.map((x) => `${x.method} ${x.channel}`)).toEqual([
          'chat.postEphemeral C0RANDOM',
          `chat.postMessage ${slackUsers.jonas.id}`,
        ]);
        expect(calls[1]?.text).toContain(c.number);
        expect(calls[1]?.text).not.toContain(slackTexts.failed.en);
        nock.removeInterceptor({ hostname: new URL(RESPONSE_ORIGIN).hostname, path, method: 'POST' });
      });
    }

    for (const [status, body] of [
      [500, 'internal_error'],
      [503, 'service unavailable'],
    ] as const) {
      it(`answers nowhere else when the response URL answers HTTP ${status} past its retries (it may have shown)`, async () => {
        const path = `/actions/T0AU/1/busy-${status}`;
        let tried = 0;
        nock(RESPONSE_ORIGIN)
          .post(path, () => {
            tried++;
            return true;
          })
          .times(5)
          .reply(status, body);
        slackAnswers('chat.postEphemeral', (channel) => ({ ok: true, channel }));
        slackAnswers('chat.postMessage', (channel) => ({ ok: true, channel, ts: '1.1' }));
        const { card } = await staleCard();

        const res = await h.send(cardClick('C0RANDOM', card, 'claim', { responsePath: path }));

        expect(res.status).toBe(200);
        // Three tries (the reply's retries), then nothing more: Slack may have shown the note it answered 5xx for,
        // and a second copy in the channel or the DM, or a "something went wrong", would be wrong.
        expect(tried).toBe(3);
        expect(calls).toEqual([]);
        nock.removeInterceptor({ hostname: new URL(RESPONSE_ORIGIN).hostname, path, method: 'POST' });
      });
    }

    for (const [name, answers] of [
      [
        '500, then 429, 429',
        [
          [500, 'internal_error'],
          [429, 'rate_limited'],
          [429, 'rate_limited'],
        ],
      ],
      [
        '503, then 410',
        [
          [503, 'service unavailable'],
          [410, 'gone'],
        ],
      ],
      ['a connection lost after sending, then 404', ['lost', [404, 'expired_url']]],
    ] as const) {
      it(`answers nowhere else when the response URL answers ${name} (an earlier try may have shown)`, async () => {
        const path = `/actions/T0AU/1/ambiguous-then-refused-${name.replace(/\W+/g, '-')}`;
        let tried = 0;
        for (const answer of answers) {
          const scope = nock(RESPONSE_ORIGIN).post(path, () => {
            tried++;
            return true;
          });
          // An Error with a code, as Node raises it: nock gives a plain object to fetch calls only.
          if (answer === 'lost')
            scope.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
          else scope.reply(answer[0], answer[1]);
        }
        slackAnswers('chat.postEphemeral', (channel) => ({ ok: true, channel }));
        slackAnswers('chat.postMessage', (channel) => ({ ok: true, channel, ts: '1.1' }));
        const { card } = await staleCard();

        const res = await h.send(cardClick('C0RANDOM', card, 'claim', { responsePath: path }));

        expect(res.status).toBe(200);
        expect(tried).toBe(answers.length);
        // The last try's 4xx says only that try showed nothing; the first one may have shown the note, so a copy in
        // the channel or the DM could be the second one.
        expect(calls).toEqual([]);
      });
    }

    it('answers in the DM when the response URL refuses the connection (nothing was sent)', async () => {
      // A port nobody listens on: the connection is refused before any request goes out.
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise((resolve) => closed.close(resolve));
      slackAnswers('chat.postEphemeral', () => ({ ok: false, error: 'not_in_channel' }));
      slackAnswers('chat.postMessage', (channel) => ({ ok: true, channel, ts: '1.1' }));
      const { c, card } = await staleCard();
      const click = cardClick('C0RANDOM', card, 'claim');
      click.payload.response_url = `http://127.0.0.1:${port}/actions/T0AU/1/refused`;

      await h.send(click);

      expect(calls.map((x) => `${x.method} ${x.channel}`)).toEqual([
        'chat.postEphemeral C0RANDOM',
        `chat.postMessage ${slackUsers.jonas.id}`,
      ]);
      expect(calls[1]?.text).toContain(c.number);
    });

    it("answers with a message in the bot's own DM when the clicked card is a message there", async () => {
      slackAnswers('chat.postMessage', (channel) => ({ ok: true, channel, ts: '1.1' }));
      const { c, card } = await staleCard();

      // Not ephemeral, in a D… channel: a message the bot posted, and it posts into no DM but its own.
      await h.send(cardClick('D0JONAS', card, 'claim', { ephemeral: false }));

      expect(calls.map((x) => `${x.method} ${x.channel}`)).toEqual(['chat.postMessage D0JONAS']);
      expect(calls[0]?.text).toContain(c.number);
      expect(responded).toEqual([]);
    });

    it("answers with a message in the bot's own DM when an ephemeral card is in the DM the bot opened", async () => {
      slackAnswers('chat.postMessage', (channel) => ({ ok: true, channel, ts: '1.1' }));
      await h.services.store.putRef(DM_CHANNEL_REF, slackUsers.jonas.id, { channelId: 'D0JONAS' });
      const { c, card } = await staleCard();

      await h.send(cardClick('D0JONAS', card, 'claim'));

      expect(calls.map((x) => `${x.method} ${x.channel}`)).toEqual(['chat.postMessage D0JONAS']);
      expect(calls[0]?.text).toContain(c.number);
    });

    it('tells the person in the DM how a form went when the channel it was opened from refuses the bot', async () => {
      const bo = await h.person(slackUsers.bo);
      const jonas = await h.person(slackUsers.jonas);
      const emma = await h.person(slackUsers.emma);
      const c = await h.services.reportWifi(bo);
      const seen = await h.services.service.act(jonas, { verb: 'refresh', caseId: c.id });
      if (!seen.ok) throw new Error('refresh refused');
      let opened: Record<string, string> | undefined;
      h.api()
        .post('/api/views.open', (b) => {
          opened = formOf(b);
          return true;
        })
        .reply(200, { ok: true, view: { id: 'V0NOTE' } });
      // The note form, opened from the ephemeral card of `/incident status` in a channel the bot is not in.
      await h.send(cardClick('C0RANDOM', renderCaseCardBlocks(seen.card), 'open_form#2'));
      const modal = jsonField<Modal>(opened, 'view');
      const textBlock = modal.blocks.find((b) => b.type === 'input' && b.block_id?.endsWith('text'));
      if (!textBlock?.block_id) throw new Error('no text input in the note form');
      // Meanwhile the case changes hands: the form is stale, and Jonas must hear that his note was not added.
      const claimed = await h.services.service.act(emma, { verb: 'claim', caseId: c.id, version: c.version });
      expect(claimed.ok).toBe(true);
      slackAnswers('chat.postEphemeral', () => ({ ok: false, error: 'not_in_channel' }));
      slackAnswers('chat.postMessage', (channel) => ({ ok: true, channel, ts: '1.1' }));

      const res = await h.send({
        kind: 'interactive',
        payload: {
          type: 'view_submission',
          team: { id: 'T0AU' },
          user: { id: slackUsers.jonas.id, name: 'jonas' },
          api_app_id: 'A0APP',
          trigger_id: 't',
          view: {
            id: 'V0NOTE',
            type: 'modal',
            callback_id: modal.callback_id,
            private_metadata: modal.private_metadata,
            hash: 'h1',
            state: {
              values: {
                [textBlock.block_id]: { [textBlock.block_id]: { type: 'plain_text_input', value: 'AP swapped' } },
              },
            },
          },
        },
      });

      expect(res.status).toBe(200);
      expect((await h.services.store.getCase(c.id))?.notes.some((n) => n.text === 'AP swapped')).toBe(false);
      // The refusal with the note quoted back, then the fresh card: each in the DM when the channel refuses.
      expect(calls.map((x) => `${x.method} ${x.channel}`)).toEqual([
        'chat.postEphemeral C0RANDOM',
        `chat.postMessage ${slackUsers.jonas.id}`,
        'chat.postEphemeral C0RANDOM',
        `chat.postMessage ${slackUsers.jonas.id}`,
      ]);
      expect(calls[1]?.text).toContain(c.number);
      expect(calls[1]?.text).toContain('AP swapped');
      expect(calls[1]?.text).not.toContain(slackTexts.failed.en);
    });
  });

  describe('case forms opened from a card (the trigger id lives 3 s)', () => {
    // A short deadline stands for Slack's 2 s of 3: Jonas's look-up (new to this process) takes longer.
    const h = slackHarnessPerTest({ ackDeadlineMs: 200 }, slackUsers.bo, slackUsers.emma);
    beforeEach(async () => {
      h.api()
        .post('/api/users.info', (b) => formOf(b)['user'] === slackUsers.jonas.id)
        .delay(700)
        .reply(200, usersInfoBody(slackUsers.jonas))
        .persist();
    });

    /** Jonas (staff) as the directory would describe him, without asking it (his look-up stays slow). */
    const jonas = {
      id: `slack:${slackUsers.jonas.id}`,
      name: slackUsers.jonas.name,
      email: slackUsers.jonas.email,
      locale: 'en' as const,
    };

    /** views.open and views.update as Slack gets them. */
    function recordViews(): { opened: Modal[]; updated: { viewId: string; view: Modal }[] } {
      const seen = { opened: [] as Modal[], updated: [] as { viewId: string; view: Modal }[] };
      h.api()
        .post('/api/views.open', (b) => {
          seen.opened.push(jsonField<Modal>(b, 'view'));
          return true;
        })
        .reply(200, { ok: true, view: { id: 'V0WORKING' } })
        .persist();
      h.api()
        .post('/api/views.update', (b) => {
          seen.updated.push({ viewId: formOf(b)['view_id'] ?? '', view: jsonField<Modal>(b, 'view') });
          return true;
        })
        .reply(200, { ok: true, view: { id: 'V0WORKING' } })
        .persist();
      return seen;
    }

    it('opens "one moment" with the trigger id and then shows the form when the look-up is slow', async () => {
      const bo = await h.person(slackUsers.bo);
      const c = await h.services.reportWifi(bo);
      const seen = await h.services.service.act(jonas, { verb: 'refresh', caseId: c.id });
      if (!seen.ok) throw new Error('refresh refused');
      const views = recordViews();

      await h.send(cardClick('C0ARTSSUP', renderCaseCardBlocks(seen.card), 'open_form#2', { ephemeral: false }));

      expect(views.opened).toHaveLength(1);
      expect(JSON.stringify(views.opened[0])).toContain(slackTexts.workingText.en);
      expect(views.updated).toHaveLength(1);
      expect(views.updated[0]?.viewId).toBe('V0WORKING');
      expect(views.updated[0]?.view.callback_id).toBe('case_form');
      expect(views.updated[0]?.view.blocks.some((b) => b.type === 'input')).toBe(true);
    });

    it('shows the refusal in the "one moment" modal when the slow click turns out stale', async () => {
      const bo = await h.person(slackUsers.bo);
      const emma = await h.person(slackUsers.emma);
      const c = await h.services.reportWifi(bo);
      const seen = await h.services.service.act(jonas, { verb: 'refresh', caseId: c.id });
      if (!seen.ok) throw new Error('refresh refused');
      expect((await h.services.service.act(emma, { verb: 'claim', caseId: c.id, version: c.version })).ok).toBe(true);
      const views = recordViews();

      await h.send(cardClick('C0ARTSSUP', renderCaseCardBlocks(seen.card), 'open_form#2', { ephemeral: false }));

      expect(views.opened).toHaveLength(1);
      expect(JSON.stringify(views.opened[0])).toContain(slackTexts.workingText.en);
      expect(views.updated).toHaveLength(1);
      expect(views.updated[0]?.view.callback_id).toBe('info');
      expect(JSON.stringify(views.updated[0]?.view)).toContain(c.number);
    });
  });

  describe('tell (messages into the DM)', () => {
    beforeEach(() => {
      nock.disableNetConnect();
    });
    afterEach(() => {
      nock.cleanAll();
      nock.enableNetConnect();
    });

    function contextWith(timeoutMs: number): SlackContext {
      const logger = createLogger('silent');
      const client = createSlackClient({ botToken: 'xoxb-test', logger, slackApiUrl: SLACK_API_URL, timeoutMs });
      return new SlackContext({ client, logger, defaultLocale: 'en' } as unknown as SlackHandlerDeps);
    }

    it('does not post a DM message again when Slack took the call and did not answer it in time', async () => {
      let posts = 0;
      nock(SLACK_API_ORIGIN)
        .post('/api/chat.postMessage', () => {
          posts += 1;
          return true;
        })
        .delay(1500)
        .reply(200, { ok: true, channel: 'D0BO', ts: '1.1' })
        .persist();

      const told = contextWith(300).tell({ userId: 'U0BO', channel: 'D0BO', dm: true }, textView('en', 'Hello'));

      await expect(told).rejects.toThrow();
      // Let the 0.25 s back-off pass: a second post would show now.
      await new Promise((r) => setTimeout(r, 400));
      expect(posts).toBe(1);
    });

    it('posts a DM message again when Slack answered with a 5xx', async () => {
      let posts = 0;
      const count = () => {
        posts += 1;
        return true;
      };
      nock(SLACK_API_ORIGIN).post('/api/chat.postMessage', count).reply(503, 'upstream unavailable');
      nock(SLACK_API_ORIGIN).post('/api/chat.postMessage', count).reply(200, { ok: true, channel: 'D0BO', ts: '1.1' });

      await contextWith(300).tell({ userId: 'U0BO', channel: 'D0BO', dm: true }, textView('en', 'Hello'));

      expect(posts).toBe(2);
    });
  });
});
