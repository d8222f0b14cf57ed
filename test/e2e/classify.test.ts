import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Case } from '../../src/models/case.js';
import { ManualClock } from '../../src/services/clock.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { type Json, walk } from '../helpers/card-walk.js';
import { annasWifiCase, type HardenedApp, settleOutbox, type TeamsCall } from '../helpers/hardening-app.js';
import { people } from '../helpers/people.js';
import { slackUsers } from '../helpers/slack-harness.js';
import { inputStates } from '../helpers/slack-modal.js';
import { modalSubmission } from '../helpers/slack-requests.js';
import { aClickOnChannelCard, type TestUser } from '../helpers/teams-activities.js';

const JONAS: TestUser = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };
const ARTS_TEAMS_CHANNEL = '19:arts-support@thread.tacv2';
const ARTS_SLACK_CHANNEL = 'C0ARTSSUP';

/** Every object in a JSON tree that satisfies `test`. */
const findAll = (node: unknown, test: (o: Json) => boolean): Json[] => walk(node).filter(test);

describe('classifying a case through the real app', () => {
  const apps = appPerTest('classify-');
  let h: HardenedApp;
  let clock: ManualClock;

  beforeEach(async () => {
    // Monday 3 March 2025, 10:00 in Copenhagen.
    clock = new ManualClock('2025-03-03T09:00:00Z');
    h = await apps.start(() => ({
      clock,
      teamsEmails: { [JONAS.id]: people.jonas.email },
      slackUsers: [slackUsers.jonas],
      rateLimit: false,
    }));
    await h.app.services.dispatcher.stop();
  });

  const settle = () => settleOutbox(h);

  /** A P3 Wi-Fi case of Anna's at ARTS Support, its cards posted to the desk's Teams and Slack channels. */
  async function registered(): Promise<Case> {
    const stored = await annasWifiCase(h);
    expect(stored.cards.map((k) => k.platform).sort()).toEqual(['slack', 'teams']);
    expect(stored).toMatchObject({ priority: 'P3', sla: { responseDueAt: '2025-03-03T13:00:00.000Z' } });
    return stored;
  }

  const updatesOfTeamsCard = (from: number): TeamsCall[] =>
    h.teamsCalls.slice(from).filter((k) => JSON.stringify(k.body).includes('P1 Kritisk'));

  it('raises the priority from the Teams card: the Classify button brings the form, its submit classifies; both channel cards updated', async () => {
    const c = await registered();
    const post = h.teamsCalls.find((k) => JSON.stringify(k.body).includes(ARTS_TEAMS_CHANNEL));
    // The card carries a Classify button, not the form: no classify inputs, no submit.
    const [open] = findAll(
      post?.body,
      (o) => o['type'] === 'Action.Execute' && (o['data'] as Json)?.['verb'] === 'open_form',
    ).filter((o) => (o['data'] as Json)['form'] === 'classify');
    expect(open?.['data']).toEqual({ verb: 'open_form', form: 'classify', caseId: c.id, version: c.version });
    expect(findAll(post?.body, (o) => (o['data'] as Json)?.['verb'] === 'classify')).toEqual([]);
    expect(findAll(post?.body, (o) => String(o['id']).startsWith('classify.'))).toEqual([]);

    clock.advance(5 * 60_000);
    const ref = c.cards.find((k) => k.platform === 'teams')!;
    // Teams sends the Action.Execute data merged with the card's input values.
    const click = (data: Json) => h.teams(aClickOnChannelCard(JONAS, ref, data));
    // The click answers with the form in place of the card: its inputs pre-set to the case's values, its submit.
    const opened = (await (await click(open?.['data'] as Json)).json()) as { value: unknown };
    const inputs = findAll(opened.value, (o) => String(o['type']).startsWith('Input.'));
    expect(inputs.map((i) => [i['id'], i['value']])).toEqual([
      ['categoryId', 'wifi-eduroam'],
      ['type', 'incident'],
      ['priority', 'P3'],
      ['reason', ''],
    ]);
    const [submit] = findAll(
      opened.value,
      (o) => o['type'] === 'Action.Execute' && (o['data'] as Json)?.['verb'] === 'classify',
    );
    expect(submit?.['data']).toEqual({ verb: 'classify', caseId: c.id, version: c.version });
    const submitOnCard = (priority: string) =>
      click({
        ...(submit?.['data'] as Json),
        categoryId: 'wifi-eduroam',
        type: 'incident',
        priority,
        reason: 'Whole building 1481',
      });
    // A priority the catalogue does not have is answered by the field's name on the card; nothing changes.
    const wrong = await submitOnCard('P9');
    expect(JSON.stringify(await wrong.json())).toContain('“Priority” is not one of its choices. Nothing was saved.');
    expect((await h.app.services.store.getCase(c.id))?.version).toBe(c.version);

    const before = h.teamsCalls.length;
    const res = await submitOnCard('P1');
    expect(res.status).toBe(200);
    await settle();

    const stored = (await h.app.services.store.getCase(c.id))!;
    expect(stored).toMatchObject({ priority: 'P1', version: c.version + 1, groupId: 'arts-support' });
    // P1's targets count from the change, five minutes after registration.
    expect(stored.sla).toMatchObject({
      responseDueAt: '2025-03-03T09:35:00.000Z',
      resolutionDueAt: '2025-03-03T13:05:00.000Z',
    });
    expect(stored.nextTimerAt).toBe('2025-03-03T09:15:00.000Z');
    expect(stored.history.at(-1)).toMatchObject({ action: 'set_priority', from: 'P3', to: 'P1' });
    // The Teams card is replaced in place (PUT) and the Slack card updated, both showing the new priority.
    const teamsUpdate = updatesOfTeamsCard(before).find((k) => k.path.endsWith(`/activities/${ref.messageId}`));
    expect(teamsUpdate).toBeDefined();
    const slackRef = stored.cards.find((k) => k.platform === 'slack')!;
    const slackUpdate = h.slackCalls.find((k) => k.method === 'chat.update' && k.body['ts'] === slackRef.messageId);
    expect(slackUpdate?.body['blocks']).toContain('P1 Kritisk');
  });

  it('changes the type from the Slack card: the button opens the modal, its signed submission classifies', async () => {
    const c = await registered();
    const post = h.slackCalls.find((k) => k.method === 'chat.postMessage' && k.body['channel'] === ARTS_SLACK_CHANNEL);
    const blocks = JSON.parse(post?.body['blocks'] ?? '[]') as unknown[];
    const [button] = findAll(
      blocks,
      (o) => o['type'] === 'button' && typeof o['value'] === 'string' && (o['value'] as string).includes('"classify"'),
    );
    const [actionsBlock] = findAll(blocks, (o) => o['type'] === 'actions' && JSON.stringify(o).includes('"classify"'));
    expect(button).toBeDefined();
    const slackRef = c.cards.find((k) => k.platform === 'slack')!;

    const opened = h.slackCalls.length;
    const click = await h.slack({
      kind: 'interactive',
      payload: {
        type: 'block_actions',
        team: { id: 'T0AU' },
        user: { id: slackUsers.jonas.id, name: 'jonas' },
        api_app_id: 'A0APP',
        trigger_id: 'trigger-classify',
        container: { type: 'message', channel_id: ARTS_SLACK_CHANNEL, message_ts: slackRef.messageId },
        channel: { id: ARTS_SLACK_CHANNEL, name: 'arts-support' },
        message: { ts: slackRef.messageId, text: post?.body['text'] ?? '' },
        actions: [
          {
            type: 'button',
            action_id: button?.['action_id'],
            block_id: actionsBlock?.['block_id'],
            value: button?.['value'],
            action_ts: '1',
          },
        ],
      },
    });
    expect(click.status).toBe(200);
    const modalCall = await vi.waitFor(() => {
      const call = h.slackCalls.slice(opened).find((k) => k.method === 'views.open');
      if (!call) throw new Error('no modal opened yet');
      return call;
    });
    const modal = JSON.parse(modalCall.body['view'] ?? '{}') as Json & { blocks: Json[] };
    expect(modal['callback_id']).toBe('case_form');
    const ids = modal.blocks.filter((b) => b['type'] === 'input').map((b) => b['block_id']);
    expect(ids).toEqual(['categoryId', 'type', 'priority', 'reason']);
    const initial = findAll(modal.blocks, (o) => o['initial_option'] !== undefined).map(
      (o) => (o['initial_option'] as Json)['value'],
    );
    expect(initial).toEqual(['wifi-eduroam', 'incident', 'P3']);

    const select = (value: string) => ({ type: 'static_select', selected_option: { value } });
    const res = await h.slack(
      modalSubmission(
        { id: slackUsers.jonas.id, name: 'jonas' },
        {
          id: 'V0MODAL',
          callbackId: modal['callback_id'] as string,
          privateMetadata: modal['private_metadata'] as string,
        },
        inputStates({
          categoryId: select('wifi-eduroam'),
          type: select('service_request'),
          priority: select('P3'),
          reason: { type: 'plain_text_input', value: null },
        }),
        'T0AU',
      ),
    );
    expect(res.status).toBe(200);
    await vi.waitFor(async () => {
      expect((await h.app.services.store.getCase(c.id))?.version).toBe(c.version + 1);
    });
    await settle();
    const stored = (await h.app.services.store.getCase(c.id))!;
    expect(stored).toMatchObject({ type: 'service_request', priority: 'P3', number: c.number });
    // The priority did not change, so neither did the clock.
    expect(stored.sla).toEqual(c.sla);
    expect(stored.history.at(-1)).toMatchObject({ action: 'set_type', from: 'incident', to: 'service_request' });
    const slackUpdate = h.slackCalls.find((k) => k.method === 'chat.update' && k.body['ts'] === slackRef.messageId);
    expect(slackUpdate?.body['blocks']).toContain('Serviceanmodning');
  });
});
