import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderCaseCardBlocks } from '../../../src/cards/slack/render-case-card-blocks.js';
import type { Case } from '../../../src/models/case.js';
import { formOf, jsonField, type SlackHarness, slackUsers, startSlackHarness } from '../../helpers/slack-harness.js';

/**
 * Slack's card offers the group holding a case handed over outside AU IT in its escalation menu ("take back");
 * the choice opens the escalation modal pre-set to it, and its submission takes the case back.
 */

interface Element {
  type: string;
  action_id: string;
  options?: { value: string; text: { text: string }; description?: { text: string } }[];
  initial_option?: { value: string };
}
interface Block {
  type: string;
  block_id?: string;
  element?: Element;
  elements?: Element[];
}
interface Modal {
  callback_id: string;
  private_metadata: string;
  blocks: Block[];
}

const CHANNEL = 'C0ARTSSUP';
const BUILDINGS = 'external:AU Bygninger';

describe('slack: taking a case back from outside AU IT', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
    h.knowUsers(slackUsers.bo, slackUsers.jonas);
  });
  afterEach(async () => {
    await h.close();
  });

  /** The case's card as Jonas sees it, rendered for Slack. */
  async function cardOf(c: Case) {
    const seen = await h.services.service.act(await h.person(slackUsers.jonas), { verb: 'refresh', caseId: c.id });
    if (!seen.ok) throw new Error('refresh refused');
    return renderCaseCardBlocks(seen.card);
  }

  const menuOf = (card: ReturnType<typeof renderCaseCardBlocks>) => {
    const block = card.blocks.find((b) => b.type === 'actions' && b.block_id?.endsWith('|menus')) as Block;
    return { block, menu: block.elements?.find((e) => e.action_id === 'escalate_group') };
  };
  const groupOf = (value: string): string => {
    try {
      return String(JSON.parse(value).groupId);
    } catch {
      return value;
    }
  };

  /** Jonas chooses `groupId` in the card's escalation menu; returns the modal it opens. */
  async function chooseInMenu(card: ReturnType<typeof renderCaseCardBlocks>, groupId: string): Promise<Modal> {
    const { block, menu } = menuOf(card);
    const option = menu?.options?.find((o) => groupOf(o.value) === groupId);
    if (!option) throw new Error(`no ${groupId} in the escalation menu`);
    let opened: Record<string, string> | undefined;
    h.api()
      .post('/api/views.open', (b) => {
        opened = formOf(b);
        return true;
      })
      .reply(200, { ok: true, view: { id: 'V0ESC' } });
    await h.send({
      kind: 'interactive',
      payload: {
        type: 'block_actions',
        team: { id: 'T0AU' },
        user: { id: slackUsers.jonas.id, name: 'jonas' },
        api_app_id: 'A0APP',
        trigger_id: 'trigger-click',
        container: { type: 'message', channel_id: CHANNEL, message_ts: '1700000000.000100' },
        channel: { id: CHANNEL, name: 'arts-support' },
        message: { ts: '1700000000.000100', text: 'card' },
        actions: [
          {
            type: 'static_select',
            action_id: menu!.action_id,
            selected_option: { value: option.value },
            block_id: block.block_id,
            action_ts: '1',
          },
        ],
      },
    });
    if (!opened) throw new Error('no modal opened');
    return jsonField<Modal>(opened, 'view');
  }

  const input = (modal: Modal, field: string): Block | undefined =>
    modal.blocks.find((b) => b.type === 'input' && (b.block_id === field || b.block_id?.endsWith(`.${field}`)));

  /** Jonas submits the modal: "another group", `groupId`, and the reason. */
  function submit(modal: Modal, groupId: string, reason: string) {
    const values: Record<string, Record<string, unknown>> = {};
    const kind = input(modal, 'escalate_to')!;
    values[kind.block_id!] = {
      [kind.element!.action_id]: { type: 'radio_buttons', selected_option: { value: 'functional' } },
    };
    const group = input(modal, 'groupId')!;
    values[group.block_id!] = {
      [group.element!.action_id]: { type: 'static_select', selected_option: { value: groupId } },
    };
    const text = input(modal, 'reason')!;
    values[text.block_id!] = { [text.element!.action_id]: { type: 'plain_text_input', value: reason } };
    return h.send({
      kind: 'interactive',
      payload: {
        type: 'view_submission',
        team: { id: 'T0AU' },
        user: { id: slackUsers.jonas.id, name: 'jonas' },
        api_app_id: 'A0APP',
        trigger_id: 'trigger-submit',
        view: {
          id: 'V0ESC',
          type: 'modal',
          callback_id: modal.callback_id,
          private_metadata: modal.private_metadata,
          hash: 'h1',
          state: { values },
        },
      },
    });
  }

  it('offers the own group in the card menu while handed over; the modal it opens takes the case back', async () => {
    const jonas = await h.person(slackUsers.jonas);
    const c = await h.services.reportWifi(await h.person(slackUsers.bo));
    expect(menuOf(await cardOf(c)).menu?.options?.map((o) => groupOf(o.value))).not.toContain(c.groupId);
    const handed = await h.services.service.act(jonas, {
      verb: 'escalate_group',
      caseId: c.id,
      version: c.version,
      groupId: BUILDINGS,
      reason: 'Power outage in the building',
    });
    if (!handed.ok) throw new Error(handed.reply.text);
    await h.services.outbox.take();

    const card = await cardOf(handed.case);
    const own = menuOf(card).menu?.options?.find((o) => groupOf(o.value) === c.groupId);
    expect(own?.text.text).toBe('ARTS Support (take back from AU Bygninger)');
    const modal = await chooseInMenu(card, c.groupId);
    expect(input(modal, 'escalate_to')?.element?.initial_option?.value).toBe('functional');
    // The "Escalate to" choice says it takes the case back too, and how.
    expect(
      input(modal, 'escalate_to')?.element?.options?.map((o) => [o.value, o.text.text, o.description?.text]),
    ).toEqual([
      [
        'functional',
        'Another group, or take the case back (functional escalation)',
        'As the group: ARTS Support (take back from AU Bygninger)',
      ],
      ['hierarchical', 'The manager (hierarchical escalation)', undefined],
    ]);
    expect(input(modal, 'groupId')?.element?.initial_option?.value).toBe(c.groupId);

    h.api().post('/api/chat.postEphemeral').reply(200, { ok: true }).persist();
    const res = await submit(modal, c.groupId, 'AU Bygninger has restored the power');
    expect(await res.text()).toBe('');
    const back = (await h.services.store.getCase(c.id))!;
    expect(back.version).toBe(handed.case.version + 1);
    expect(back.groupId).toBe(c.groupId);
    expect(back.escalations.at(-1)).toMatchObject({ kind: 'functional', fromGroupId: BUILDINGS, toGroupId: c.groupId });
    expect(back.sla.pausedSince).toBeUndefined();
    expect(menuOf(await cardOf(back)).menu?.options?.map((o) => groupOf(o.value))).not.toContain(c.groupId);
  });
});
