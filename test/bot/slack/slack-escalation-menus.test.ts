import { beforeEach, describe, expect, it } from 'vitest';
import { renderCaseCardBlocks } from '../../../src/cards/slack/render-case-card-blocks.js';
import { type CatalogueIndex, createCatalogueIndex } from '../../../src/config/catalogue-index.js';
import type { Case } from '../../../src/models/case.js';
import { MANAGER_TARGET } from '../../../src/services/case-view.js';
import { shippedCatalogue } from '../../helpers/services.js';
import { type SlackUserFixture, slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import {
  type MenuBlock as Block,
  type MenuModal as Modal,
  type MenuOption as SlackOption,
  openModal,
} from '../../helpers/slack-modal.js';
import { cardMessageClick } from '../../helpers/slack-requests.js';

/**
 * A catalogue of more groups than one Slack menu lists (100): the case card's Escalate menu and the Escalate
 * modal's group menu are searched as the person types, so every group — and the manager, last in the card's
 * menu — can be chosen.
 */

const CHANNEL = 'C0ARTSSUP';
const EXTRA = 120;

/** The shipped catalogue with `EXTRA` more groups after its own ("Extra group 0" … in the network team's mould). */
function manyGroups(): CatalogueIndex {
  const source = shippedCatalogue().catalogue;
  const model = source.groups.find((g) => g.id === 'ops-network') ?? source.groups[0]!;
  const extra = Array.from({ length: EXTRA }, (_, i) => ({
    ...model,
    id: `extra-group-${i}`,
    name: { da: `Ekstra gruppe ${i}`, en: `Extra group ${i}` },
  }));
  return createCatalogueIndex({ ...source, groups: [...source.groups, ...extra] });
}

function interactive(payload: Record<string, unknown>) {
  return { kind: 'interactive' as const, payload: { team: { id: 'T0AU' }, api_app_id: 'A0APP', ...payload } };
}

describe('slack escalation menus with more than 100 groups', () => {
  const h = slackHarnessPerTest(() => ({ catalogue: manyGroups() }), slackUsers.bo, slackUsers.jonas);
  beforeEach(async () => {
    h.api().post('/api/chat.postEphemeral').reply(200, { ok: true, message_ts: '1700000002.000300' }).persist();
  });

  /** Bo's Wi-Fi case (ARTS Support) and its card as Jonas sees it, rendered for Slack. */
  async function caseAndCard(): Promise<{ c: Case; card: ReturnType<typeof renderCaseCardBlocks> }> {
    const c = await h.services.reportWifi(await h.person(slackUsers.bo));
    const seen = await h.services.service.act(await h.person(slackUsers.jonas), { verb: 'refresh', caseId: c.id });
    if (!seen.ok) throw new Error('refresh refused');
    return { c, card: renderCaseCardBlocks(seen.card) };
  }

  const menusOf = (card: ReturnType<typeof renderCaseCardBlocks>) => {
    const block = card.blocks.find((b) => b.type === 'actions' && b.block_id?.endsWith('|menus')) as Block;
    return { block, menu: block.elements?.find((e) => e.action_id === 'escalate_group') };
  };

  /** The options Slack loads for what `user` typed into a menu (`view`: the modal holding it). */
  async function search(
    user: SlackUserFixture,
    where: { action_id: string; block_id: string },
    typed: string,
    view?: Modal,
  ): Promise<SlackOption[]> {
    const res = await h.send(
      interactive({
        type: 'block_suggestion',
        user: { id: user.id, name: user.name },
        token: 'legacy',
        value: typed,
        ...where,
        ...(view
          ? {
              container: { type: 'view', view_id: 'V0ESC' },
              view: {
                id: 'V0ESC',
                type: 'modal',
                callback_id: view.callback_id,
                private_metadata: view.private_metadata,
              },
            }
          : {
              container: { type: 'message', channel_id: CHANNEL, message_ts: '1700000000.000100' },
              channel: { id: CHANNEL, name: 'arts-support' },
            }),
      }),
    );
    expect(res.status).toBe(200);
    return ((await res.json()) as { options: SlackOption[] }).options;
  }

  /** Jonas's click (a button or a menu choice) on the card; returns the modal it opens. */
  async function open(action: Record<string, unknown>, blockId: string): Promise<Modal> {
    return openModal<Modal>(
      h,
      cardMessageClick({ id: slackUsers.jonas.id, name: 'jonas' }, CHANNEL, action, blockId),
      'V0ESC',
    );
  }

  const groupInput = (modal: Modal): Block => {
    const block = modal.blocks.find((b) => b.type === 'input' && b.block_id?.endsWith('groupId'));
    if (!block?.element) throw new Error('no group input in the modal');
    return block;
  };

  /** Jonas submits the escalation modal: another group, `group` chosen in its searched menu, with a reason. */
  function submitGroup(modal: Modal, group: SlackOption) {
    const values: Record<string, Record<string, unknown>> = {};
    for (const b of modal.blocks) {
      if (b.type !== 'input' || !b.block_id || !b.element) continue;
      const e = b.element;
      values[b.block_id] = {
        [e.action_id]:
          b.block_id === 'escalate_to'
            ? { type: e.type, selected_option: { value: 'functional' } }
            : b === groupInput(modal)
              ? { type: e.type, selected_option: group }
              : e.type === 'plain_text_input'
                ? { type: e.type, value: 'Needs a team past the first hundred' }
                : { type: e.type, selected_option: e.initial_option ?? null },
      };
    }
    return h.send(
      interactive({
        type: 'view_submission',
        user: { id: slackUsers.jonas.id, name: 'jonas' },
        trigger_id: 'trigger-submit',
        view: {
          id: 'V0ESC',
          type: 'modal',
          callback_id: modal.callback_id,
          private_metadata: modal.private_metadata,
          hash: 'h1',
          state: { values },
        },
      }),
    );
  }

  it("searches the card's Escalate menu, the manager included, and escalates to a group past the first 100", async () => {
    const { c, card } = await caseAndCard();
    const { block, menu } = menusOf(card);
    expect(menu).toMatchObject({ type: 'external_select', min_query_length: 0 });
    expect(menu).not.toHaveProperty('options');
    const where = { action_id: menu!.action_id, block_id: block.block_id! };

    // Nothing typed: the first 100 of the menu.
    expect(await search(slackUsers.jonas, where, '')).toHaveLength(100);
    const found = await search(slackUsers.jonas, where, 'extra group 11');
    expect(found.map((o) => o.text.text)).toEqual([
      'Extra group 11',
      'Extra group 110',
      ...Array.from({ length: 9 }, (_, i) => `Extra group 11${i + 1}`),
    ]);
    // The manager, last in the menu (so past the first 100), is found by name.
    const manager = await search(slackUsers.jonas, where, 'manager');
    expect(manager.map((o) => JSON.parse(o.value).groupId)).toEqual([MANAGER_TARGET]);
    expect(manager[0]!.text.text).toBe('Manager (Karen Møller)');
    // A person who is not staff gets no options.
    expect(await search(slackUsers.bo, where, 'extra')).toEqual([]);

    // Choosing a group opens the Escalate modal with it chosen; submitted, the case goes there.
    const chosen = found.find((o) => o.text.text === 'Extra group 119')!;
    const modal = await open(
      { type: 'external_select', action_id: menu!.action_id, selected_option: chosen },
      block.block_id!,
    );
    expect(groupInput(modal).element).toMatchObject({
      type: 'external_select',
      initial_option: { value: 'extra-group-119' },
    });
    const res = await submitGroup(modal, groupInput(modal).element!.initial_option!);
    expect(res.status).toBe(200);
    expect((await h.services.store.getCase(c.id))?.groupId).toBe('extra-group-119');
  });

  it("searches the Escalate modal's group menu without the manager or the case's own group", async () => {
    const { c, card } = await caseAndCard();
    const buttons = card.blocks.find((b) => b.type === 'actions' && b.block_id?.endsWith('|buttons')) as Block;
    const button = buttons.elements?.find((e) => e.value && JSON.parse(e.value).form === 'escalate');
    if (!button) throw new Error('no Escalate button on the card');
    const modal = await open({ type: 'button', action_id: button.action_id, value: button.value }, buttons.block_id!);
    const input = groupInput(modal);
    expect(input.element).toMatchObject({ type: 'external_select', min_query_length: 0 });
    const where = { action_id: input.element!.action_id, block_id: input.block_id! };

    const all = await search(slackUsers.jonas, where, '', modal);
    expect(all).toHaveLength(100);
    expect(all.map((o) => o.value)).not.toContain('arts-support');
    expect(await search(slackUsers.jonas, where, 'manager', modal)).toEqual([]);
    expect(await search(slackUsers.jonas, where, 'arts support', modal)).toEqual([]);
    const [last] = await search(slackUsers.jonas, where, 'EXTRA GROUP 118', modal);
    expect(last).toEqual({
      text: { type: 'plain_text', text: 'Extra group 118', emoji: true },
      value: 'extra-group-118',
    });
    expect(await search(slackUsers.bo, where, 'extra', modal)).toEqual([]);

    const res = await submitGroup(modal, last!);
    expect(res.status).toBe(200);
    expect((await h.services.store.getCase(c.id))?.groupId).toBe('extra-group-118');
  });
});
