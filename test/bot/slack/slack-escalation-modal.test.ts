import { describe, expect, it } from 'vitest';
import { caseFormModal } from '../../../src/bot/slack/slack-modals.js';
import { caseFormFor } from '../../../src/cards/case-forms.js';
import { renderCaseCardBlocks } from '../../../src/cards/slack/render-case-card-blocks.js';
import type { Case } from '../../../src/models/case.js';
import { MANAGER_TARGET } from '../../../src/services/case-view.js';
import { formOf, slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { aCaseCardView } from '../../helpers/views.js';
import { openModal } from '../../helpers/slack-modal.js';
import { cardMessageClick } from '../../helpers/slack-requests.js';

/**
 * Slack's escalation modal has one submit button, so the kind of escalation is asked for: a group (functional) or
 * the manager (hierarchical). A submission that says "another group" without naming one is answered on the group
 * field and changes nothing — it never pings the manager.
 */

interface Element {
  type: string;
  action_id: string;
  value?: string;
  options?: { value: string; text: { text: string }; description?: { text: string } }[];
  initial_option?: { value: string };
}
interface Block {
  type: string;
  block_id?: string;
  optional?: boolean;
  label?: { text: string };
  element?: Element;
  elements?: Element[];
}
interface Modal {
  callback_id: string;
  private_metadata: string;
  blocks: Block[];
}

const CHANNEL = 'C0ARTSSUP';

describe('slack escalation modal', () => {
  const h = slackHarnessPerTest({}, slackUsers.bo, slackUsers.jonas);

  /** The card Jonas sees of `c` as it is now, rendered for Slack. */
  async function cardOf(c: Case): Promise<ReturnType<typeof renderCaseCardBlocks>> {
    const seen = await h.services.service.act(await h.person(slackUsers.jonas), { verb: 'refresh', caseId: c.id });
    if (!seen.ok) throw new Error('refresh refused');
    return renderCaseCardBlocks(seen.card);
  }

  /** Bo's Wi-Fi case (ARTS Support) and the card Jonas sees of it. */
  async function caseAndCard(): Promise<{ c: Case; card: ReturnType<typeof renderCaseCardBlocks> }> {
    const c = await h.services.reportWifi(await h.person(slackUsers.bo));
    const card = await cardOf(c);
    await h.services.outbox.take();
    return { c, card };
  }

  /** Jonas's click (a button or a menu choice) on the card; returns the modal it opens. */
  async function open(action: Record<string, unknown>, blockId: string): Promise<Modal> {
    return openModal<Modal>(
      h,
      cardMessageClick({ id: slackUsers.jonas.id, name: 'jonas' }, CHANNEL, action, blockId),
      'V0ESC',
    );
  }

  /** The card's Escalate button (`open_form` with the escalate form), clicked. */
  async function openFromButton(card: ReturnType<typeof renderCaseCardBlocks>): Promise<Modal> {
    const block = card.blocks.find((b) => b.type === 'actions' && b.block_id?.endsWith('|buttons')) as Block;
    const button = block.elements?.find((e) => e.value && JSON.parse(e.value).form === 'escalate');
    if (!button) throw new Error('no Escalate button on the card');
    return open({ type: 'button', action_id: button.action_id, value: button.value }, block.block_id!);
  }

  /** The card's escalation menu, and the block holding it. */
  const menuOf = (card: ReturnType<typeof renderCaseCardBlocks>) => {
    const block = card.blocks.find((b) => b.type === 'actions' && b.block_id?.endsWith('|menus')) as Block;
    return { block, menu: block.elements?.find((e) => e.action_id === 'escalate_group') };
  };
  /** The group an escalation menu option escalates to (its value is the action's JSON). */
  const groupOf = (value: string): unknown => JSON.parse(value).groupId;

  /** The card's escalation menu with `value` chosen. */
  async function openFromMenu(card: ReturnType<typeof renderCaseCardBlocks>, value: string): Promise<Modal> {
    const { block, menu } = menuOf(card);
    const option = menu?.options?.find((o) => o.value === value || groupOf(o.value) === value);
    if (!option) throw new Error(`no ${value} in the escalation menu`);
    return open(
      { type: 'static_select', action_id: menu!.action_id, selected_option: { value: option.value } },
      block.block_id!,
    );
  }

  const input = (modal: Modal, field: string): Block | undefined =>
    modal.blocks.find((b) => b.type === 'input' && (b.block_id === field || b.block_id?.endsWith(`.${field}`)));

  /** Jonas submits the modal with these answers (block id → the element's state). */
  function submit(
    modal: Modal,
    answers: { kind?: string; groupId?: string; unit?: string; reasonCode?: string; reason?: string },
  ) {
    const values: Record<string, Record<string, unknown>> = {};
    const select = (field: string, type: string, value: string | undefined) => {
      const block = input(modal, field);
      // (a modal without the choice, as before it was asked for; a resolved case's, which asks for no group)
      if (!block && value === undefined && (field === 'escalate_to' || field === 'groupId')) return;
      if (!block?.block_id) throw new Error(`no ${field} block in the modal`);
      values[block.block_id] = {
        [block.element!.action_id]: { type, selected_option: value === undefined ? null : { value } },
      };
    };
    select('escalate_to', 'radio_buttons', answers.kind);
    select('groupId', 'static_select', answers.groupId);
    select('reasonCode', 'static_select', answers.reasonCode);
    const unit = input(modal, 'unit');
    if (unit)
      values[unit.block_id!] = { [unit.element!.action_id]: { type: 'plain_text_input', value: answers.unit ?? null } };
    const reason = input(modal, 'reason')!;
    values[reason.block_id!] = {
      [reason.element!.action_id]: { type: 'plain_text_input', value: answers.reason ?? null },
    };
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

  /** Answers to Jonas in the channel (ephemeral), any number. */
  function answered(): string[] {
    const texts: string[] = [];
    h.api()
      .post('/api/chat.postEphemeral', (b) => {
        texts.push(formOf(b)['text'] ?? '');
        return true;
      })
      .reply(200, { ok: true, message_ts: '1700000002.000300' })
      .persist();
    return texts;
  }

  it('asks for the kind of escalation first, required and not chosen, with no manager among the groups', async () => {
    const { card } = await caseAndCard();
    const modal = await openFromButton(card);
    expect(modal.callback_id).toBe('case_form');
    const inputs = modal.blocks.filter((b) => b.type === 'input');
    const kind = inputs[0]!;
    expect(kind.block_id).toBe('escalate_to');
    expect(kind.optional).toBe(false);
    expect(kind.label?.text).toBe('Escalate to');
    expect(kind.element?.type).toBe('radio_buttons');
    expect(kind.element?.options?.map((o) => o.value)).toEqual(['functional', 'hierarchical']);
    expect(kind.element?.options?.map((o) => o.text.text)).toEqual([
      'Another group (functional escalation)',
      'The manager (hierarchical escalation)',
    ]);
    expect(kind.element?.initial_option).toBeUndefined();
    const groups = input(modal, 'groupId')?.element?.options?.map((o) => o.value) ?? [];
    expect(groups).toContain('ops-network');
    expect(groups).not.toContain(MANAGER_TARGET);
  });

  it('answers "another group" without a group on the group field, and neither escalates nor pings the manager', async () => {
    const { c, card } = await caseAndCard();
    const modal = await openFromButton(card);
    const said = answered();
    const res = await submit(modal, { kind: 'functional', reasonCode: 'other', reason: 'Needs the network team' });
    const body = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    const groupBlock = input(modal, 'groupId')!.block_id!;
    expect(Object.keys(body.errors)).toEqual([groupBlock]);
    expect(body.errors[groupBlock]).toBe('Choose the group to escalate to, or choose the manager above.');
    const stored = await h.services.store.getCase(c.id);
    expect(stored?.version).toBe(c.version);
    expect(stored?.escalations).toEqual([]);
    expect(await h.services.outbox.take()).toEqual([]);
    expect(said).toEqual([]);
  });

  it('answers a submission without the kind on the kind field, even with a group chosen, and changes nothing', async () => {
    const { c, card } = await caseAndCard();
    const modal = await openFromButton(card);
    const res = await submit(modal, { groupId: 'ops-network', reasonCode: 'other', reason: 'Needs the network team' });
    const body = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(body).toEqual({
      response_action: 'errors',
      errors: { escalate_to: 'Choose whether the case goes to another group or to the manager.' },
    });
    expect((await h.services.store.getCase(c.id))?.version).toBe(c.version);
    expect(await h.services.outbox.take()).toEqual([]);
  });

  it('escalates to the chosen group when "another group" is chosen with one (the reason code is not used)', async () => {
    const { c, card } = await caseAndCard();
    const modal = await openFromButton(card);
    answered();
    const res = await submit(modal, {
      kind: 'functional',
      groupId: 'ops-network',
      reasonCode: 'complaint',
      reason: 'Access point fault',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const stored = await h.services.store.getCase(c.id);
    expect(stored?.groupId).toBe('ops-network');
    expect(stored?.escalations.map((e) => e.kind)).toEqual(['functional']);
    const sent = await h.services.outbox.take();
    expect(sent.some((m) => m.kind === 'send_person' && m.person.name === 'Karen Møller')).toBe(false);
  });

  it('escalates to the manager when the manager is chosen, with the reason code, whatever group is chosen', async () => {
    const { c, card } = await caseAndCard();
    const modal = await openFromButton(card);
    answered();
    const res = await submit(modal, {
      kind: 'hierarchical',
      groupId: 'ops-network',
      reasonCode: 'complaint',
      reason: 'The dean complains',
    });
    expect(await res.text()).toBe('');
    const stored = await h.services.store.getCase(c.id);
    expect(stored?.groupId).toBe('arts-support');
    expect(stored?.escalations).toHaveLength(1);
    expect(stored?.escalations[0]).toMatchObject({ kind: 'hierarchical', reasonCode: 'complaint' });
    expect(stored?.escalations[0]?.toPerson?.name).toBe('Karen Møller');
    const pings = (await h.services.outbox.take()).filter(
      (m) => m.kind === 'send_person' && m.person.name === 'Karen Møller',
    );
    expect(pings).toHaveLength(1);
  });

  it('pre-selects "another group" and the group when opened from the escalation menu with a group', async () => {
    const { c, card } = await caseAndCard();
    const modal = await openFromMenu(card, 'ops-network');
    expect(input(modal, 'escalate_to')?.element?.initial_option?.value).toBe('functional');
    expect(input(modal, 'groupId')?.element?.initial_option?.value).toBe('ops-network');
    answered();
    await submit(modal, { kind: 'functional', groupId: 'ops-network', reason: 'Access point fault' });
    expect((await h.services.store.getCase(c.id))?.groupId).toBe('ops-network');
  });

  it('pre-selects the manager when opened from the menu\'s manager choice; "another group" then still needs a group', async () => {
    const { c, card } = await caseAndCard();
    const modal = await openFromMenu(card, MANAGER_TARGET);
    expect(input(modal, 'escalate_to')?.element?.initial_option?.value).toBe('hierarchical');
    const groups = input(modal, 'groupId')?.element?.options?.map((o) => o.value) ?? [];
    expect(groups).not.toContain(MANAGER_TARGET);
    expect(input(modal, 'groupId')?.element?.initial_option).toBeUndefined();
    // Switched to "another group" without choosing one: the menu's manager choice is not taken for a group.
    const res = await submit(modal, { kind: 'functional', reasonCode: 'other', reason: 'Needs the network team' });
    const body = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(Object.keys(body.errors)).toEqual([input(modal, 'groupId')!.block_id]);
    expect((await h.services.store.getCase(c.id))?.escalations).toEqual([]);
    expect(await h.services.outbox.take()).toEqual([]);
  });
  it('hands the case over outside AU IT to the unit named, and asks for the name when it is missing', async () => {
    const { c, card } = await caseAndCard();
    const modal = await openFromButton(card);
    const outside = input(modal, 'groupId')?.element?.options?.find((o) => o.value === 'external:');
    expect(outside?.text.text).toBe('Outside AU IT (name the unit)');
    expect(input(modal, 'unit')).toMatchObject({
      optional: true,
      label: { text: 'Unit outside AU IT (when chosen above)' },
      element: { type: 'plain_text_input', max_length: 100 },
    });
    const said = answered();
    const missing = await submit(modal, {
      kind: 'functional',
      groupId: 'external:',
      reason: 'Power cut in the building',
    });
    const body = (await missing.json()) as { response_action: string; errors: Record<string, string> };
    expect(body).toEqual({
      response_action: 'errors',
      errors: { [input(modal, 'unit')!.block_id!]: 'Name the unit outside AU IT that takes the case over.' },
    });
    expect((await h.services.store.getCase(c.id))?.version).toBe(c.version);
    // Longer than the input lets anyone type (a crafted submission): answered on the field, by its label.
    const long = await submit(modal, {
      kind: 'functional',
      groupId: 'external:',
      unit: 'x'.repeat(101),
      reason: 'Power cut in the building',
    });
    expect(await long.json()).toEqual({
      response_action: 'errors',
      errors: {
        [input(modal, 'unit')!.block_id!]:
          'I could not use that: “Unit outside AU IT (when chosen above)” is 101 characters; at most 100 fit. ' +
          'Nothing was saved: please shorten it and send it again.',
      },
    });
    expect((await h.services.store.getCase(c.id))?.version).toBe(c.version);

    const res = await submit(modal, {
      kind: 'functional',
      groupId: 'external:',
      unit: ' AU Bygninger ',
      reason: 'Power cut in the building',
    });
    expect(await res.text()).toBe('');
    const stored = await h.services.store.getCase(c.id);
    expect(stored?.groupId).toBe(c.groupId);
    expect(stored?.escalations).toEqual([
      expect.objectContaining({ kind: 'functional', toGroupId: 'external:AU Bygninger' }),
    ]);
    const sent = await h.services.outbox.take();
    expect(sent.some((m) => m.kind === 'send_person' && m.person.id === c.user.id)).toBe(true);
    expect(said).toEqual([]);
  });

  it('offers only the manager on a resolved case (a complaint after "solved"), and escalates to her', async () => {
    const jonas = await h.person(slackUsers.jonas);
    const { c } = await caseAndCard();
    const claimed = await h.services.service.act(jonas, { verb: 'claim', caseId: c.id, version: c.version });
    if (!claimed.ok) throw new Error(claimed.reply.text);
    const resolved = await h.services.service.act(jonas, {
      verb: 'resolve',
      caseId: c.id,
      version: claimed.case.version,
      solution: 'Replaced the access point.',
    });
    if (!resolved.ok) throw new Error(resolved.reply.text);
    await h.services.outbox.take();
    const said = answered();
    const modal = await openFromButton(await cardOf(resolved.case));
    // No "Escalate to" choice and no group: another group is not possible once the case is resolved.
    expect(input(modal, 'escalate_to')).toBeUndefined();
    expect(input(modal, 'groupId')).toBeUndefined();
    expect(input(modal, 'reasonCode')?.element?.initial_option?.value).toBe('other');
    expect((modal as Modal & { submit?: { text: string } }).submit?.text).toBe('Escalate to the manager');
    const res = await submit(modal, { reasonCode: 'complaint', reason: 'The user says it is not solved at all' });
    expect(await res.text()).toBe('');
    const stored = await h.services.store.getCase(c.id);
    expect(stored?.status).toBe('resolved');
    expect(stored?.escalations).toEqual([
      expect.objectContaining({
        kind: 'hierarchical',
        reasonCode: 'complaint',
        toPerson: expect.objectContaining({ name: 'Karen Møller' }),
      }),
    ]);
    expect(said.some((t) => /cannot/i.test(t))).toBe(false);
  });

  /** The modal as the bot opened it before it asked "Escalate to": no such block, no escalation in its metadata. */
  function asBeforeTheChoice(modal: Modal, groupInMenu = true): Modal {
    const { escalation: _escalation, ...meta } = JSON.parse(modal.private_metadata) as Record<string, unknown>;
    return {
      ...modal,
      private_metadata: JSON.stringify(meta),
      blocks: modal.blocks
        .filter((b) => b.block_id !== 'escalate_to')
        .map((b) =>
          // Its group menu offered the manager too.
          groupInMenu && b.block_id?.endsWith('.groupId') && b.element?.options
            ? {
                ...b,
                element: {
                  ...b.element,
                  options: [...b.element.options, { value: MANAGER_TARGET, text: { text: 'Manager' } }],
                },
              }
            : b,
        ),
    };
  }

  it.each([
    ['no group', undefined],
    ['a group', 'ops-network'],
    ["the menu's manager", MANAGER_TARGET],
  ])(
    'asks to reopen a modal opened before "Escalate to" was asked for (submitted with %s), and neither escalates nor pings anyone',
    async (_what, groupId) => {
      const { c, card } = await caseAndCard();
      const modal = asBeforeTheChoice(await openFromButton(card));
      const said = answered();
      const res = await submit(modal, {
        ...(groupId ? { groupId } : {}),
        reasonCode: 'complaint',
        reason: 'The dean complains',
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { response_action: string; errors: Record<string, string> };
      expect(body.response_action).toBe('errors');
      const groupBlock = input(modal, 'groupId')!.block_id!;
      expect(body.errors).toEqual({
        [groupBlock]:
          'This form is from before the bot was updated and does not say whether the case goes to another group or to the manager, so nothing was done. Close it and choose Escalate on the case card again.',
      });
      const stored = await h.services.store.getCase(c.id);
      expect(stored?.version).toBe(c.version);
      expect(stored?.escalations).toEqual([]);
      expect(await h.services.outbox.take()).toEqual([]);
      expect(said).toEqual([]);
    },
  );

  it('offers the own group in the card menu while handed over; the modal it opens takes the case back', async () => {
    const jonas = await h.person(slackUsers.jonas);
    const { c, card: before } = await caseAndCard();
    expect(menuOf(before).menu?.options?.map((o) => groupOf(o.value))).not.toContain(c.groupId);
    const handed = await h.services.service.act(jonas, {
      verb: 'escalate_group',
      caseId: c.id,
      version: c.version,
      groupId: 'external:AU Bygninger',
      reason: 'Power outage in the building',
    });
    if (!handed.ok) throw new Error(handed.reply.text);
    await h.services.outbox.take();

    const card = await cardOf(handed.case);
    const own = menuOf(card).menu?.options?.find((o) => groupOf(o.value) === c.groupId);
    expect(own?.text.text).toBe('ARTS Support (take back from AU Bygninger)');
    const modal = await openFromMenu(card, c.groupId);
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

    answered();
    const res = await submit(modal, {
      kind: 'functional',
      groupId: c.groupId,
      reason: 'AU Bygninger has restored the power',
    });
    expect(await res.text()).toBe('');
    const back = (await h.services.store.getCase(c.id))!;
    expect(back.version).toBe(handed.case.version + 1);
    expect(back.groupId).toBe(c.groupId);
    expect(back.escalations.at(-1)).toMatchObject({
      kind: 'functional',
      fromGroupId: 'external:AU Bygninger',
      toGroupId: c.groupId,
    });
    expect(back.sla.pausedSince).toBeUndefined();
    expect(menuOf(await cardOf(back)).menu?.options?.map((o) => groupOf(o.value))).not.toContain(c.groupId);
  });
});

describe('caseFormModal for escalation', () => {
  it('asks in Danish for a Danish form, and leaves other forms without the choice', () => {
    const view = aCaseCardView({ locale: 'da' });
    const form = caseFormFor(view, 'escalate_group')!;
    const meta = { base: { verb: 'open_form', form: 'escalate' }, submits: form.submit.map((a) => a.action) };
    const modal = caseFormModal({ kind: 'message', locale: 'da', text: 'IT-1: Wi-Fi', form }, meta, 'IT-1') as Modal;
    const kind = modal.blocks.find((b) => b.block_id === 'escalate_to');
    expect(kind?.label?.text).toBe('Eskalér til');
    expect(kind?.element?.options?.map((o) => o.text.text)).toEqual([
      'En anden gruppe (funktionel eskalering)',
      'Lederen (hierarkisk eskalering)',
    ]);
    expect(JSON.parse(modal.private_metadata).escalation).toEqual({ locale: 'da', group: 'escalate_group.groupId' });
    const note = caseFormFor(view, 'note')!;
    const noteModal = caseFormModal(
      { kind: 'message', locale: 'da', text: 'IT-1: Wi-Fi', form: note },
      { base: { verb: 'note' }, submits: note.submit.map((a) => a.action) },
      'IT-1',
    ) as Modal;
    expect(noteModal.blocks.some((b) => b.block_id === 'escalate_to')).toBe(false);
    expect(JSON.parse(noteModal.private_metadata).escalation).toBeUndefined();
  });

  it('says in Danish that the group choice takes a handed-over case back, and names the group to choose', () => {
    const view = aCaseCardView({ locale: 'da' });
    const handedOver = {
      ...view,
      menus: view.menus.map((m) =>
        m.verb === 'escalate_group'
          ? {
              ...m,
              options: [
                {
                  value: 'arts-support',
                  label: 'ARTS Support (tag tilbage fra AU Bygninger)',
                  takeBack: true as const,
                },
                ...m.options,
              ],
            }
          : m,
      ),
    };
    const modalOf = (card: typeof view) => {
      const form = caseFormFor(card, 'escalate_group')!;
      const meta = { base: { verb: 'open_form', form: 'escalate' }, submits: form.submit.map((a) => a.action) };
      const modal = caseFormModal({ kind: 'message', locale: 'da', text: 'IT-1: Wi-Fi', form }, meta, 'IT-1') as Modal;
      return modal.blocks.find((b) => b.block_id === 'escalate_to')?.element?.options?.[0];
    };
    expect(modalOf(handedOver)).toMatchObject({
      value: 'functional',
      text: { text: 'En anden gruppe, eller tag sagen tilbage (funktionel eskalering)' },
      description: { text: 'Som gruppe: ARTS Support (tag tilbage fra AU Bygninger)' },
    });
    // Not handed over: the plain group choice, nothing under it.
    expect(modalOf(view)?.text.text).toBe('En anden gruppe (funktionel eskalering)');
    expect(modalOf(view)?.description).toBeUndefined();
  });
});
