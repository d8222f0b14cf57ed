import type { ActionsBlock, KnownBlock } from '@slack/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCatalogueIndex } from '../../../src/config/catalogue-index.js';
import { renderCaseCardBlocks } from '../../../src/cards/slack/render-case-card-blocks.js';
import type { CaseCardView } from '../../../src/cards/view-models.js';
import type { Case } from '../../../src/models/case.js';
import { largeDeskCatalogue } from '../../helpers/large-desk.js';
import { people } from '../../helpers/people.js';
import { buildServices } from '../../helpers/services.js';
import {
  type SlackHarness,
  type SlackUserFixture,
  slackUsers,
  startSlackHarness,
} from '../../helpers/slack-harness.js';
import { openModal } from '../../helpers/slack-modal.js';

interface SlackOption {
  text: { type: string; text: string };
  value: string;
}

interface Modal {
  callback_id: string;
  private_metadata: string;
  blocks: { type: string; block_id?: string; element?: { type: string; action_id: string } }[];
}

const CHANNEL = 'C0ARTSSUP';

function interactive(payload: Record<string, unknown>) {
  return { kind: 'interactive' as const, payload: { team: { id: 'T0AU' }, api_app_id: 'A0APP', ...payload } };
}

/** Slack's options request for what the person typed into a searched menu. */
function suggestion(
  user: SlackUserFixture,
  where: { action_id: string; block_id: string },
  value: string,
  view?: Modal,
) {
  return interactive({
    type: 'block_suggestion',
    user: { id: user.id, name: user.name },
    token: 'legacy',
    value,
    ...where,
    ...(view
      ? { container: { type: 'view', view_id: 'V0ASSIGN' }, view: { id: 'V0ASSIGN', type: 'modal', ...view } }
      : {
          container: { type: 'message', channel_id: CHANNEL, message_ts: '1700000000.000100' },
          channel: { id: CHANNEL, name: 'arts-support' },
        }),
  });
}

/** The card as `chat.postMessage` sends it: form-encoded. */
function encodedSize(card: CaseCardView): number {
  const { text, blocks } = renderCaseCardBlocks(card);
  return new URLSearchParams({ channel: CHANNEL, text, blocks: JSON.stringify(blocks) }).toString().length;
}

function menusBlock(blocks: KnownBlock[]): ActionsBlock {
  const block = blocks.find((b): b is ActionsBlock => b.type === 'actions' && b.block_id?.endsWith('|menus') === true);
  if (!block) throw new Error('the card has no menus');
  return block;
}

describe('slack options (searched assign menus)', () => {
  let h: SlackHarness;
  let desk: ReturnType<typeof largeDeskCatalogue>;

  beforeEach(async () => {
    desk = largeDeskCatalogue(400);
    h = await startSlackHarness({ catalogue: desk.catalogue });
    h.knowUsers(slackUsers.bo, slackUsers.jonas, slackUsers.emma);
    // Replies to the actor after an assignment.
    h.api().post('/api/chat.postEphemeral').reply(200, { ok: true, message_ts: '1700000002.000300' }).persist();
  });
  afterEach(async () => {
    await h.close();
  });

  /** A Wi-Fi case at Arts (the large desk) and its card as Jonas, a member, sees it. */
  async function caseAndCard(): Promise<{ c: Case; card: CaseCardView }> {
    const c = await h.services.reportWifi(await h.person(slackUsers.bo));
    const seen = await h.services.service.act(await h.person(slackUsers.jonas), { verb: 'refresh', caseId: c.id });
    if (!seen.ok) throw new Error('refresh refused');
    return { c, card: seen.card };
  }

  async function options(res: Response): Promise<SlackOption[]> {
    expect(res.status).toBe(200);
    return ((await res.json()) as { options: SlackOption[] }).options;
  }

  it("renders the card of a 400-person desk with an external_select, as small as a small desk's card", async () => {
    const { card } = await caseAndCard();
    const rendered = renderCaseCardBlocks(card);
    const assign = menusBlock(rendered.blocks).elements.find((e) => e.action_id === 'assign');
    expect(assign).toMatchObject({ type: 'external_select', min_query_length: 0 });
    expect(assign).not.toHaveProperty('options');
    // The same case at the shipped ARTS Support (four people, every one inline).
    const small = await buildServices({ defaultLocale: 'en' });
    try {
      const c = await small.reportWifi(people.bo);
      const seen = await small.service.act(people.jonas, { verb: 'refresh', caseId: c.id });
      if (!seen.ok) throw new Error('refresh refused');
      expect(encodedSize(card)).toBeLessThan(encodedSize(seen.card) + 1_000);
      expect(encodedSize(card)).toBeLessThan(20_000);
    } finally {
      await small.close();
    }
  });

  it('answers with the matching people of the case group and assigns the chosen one who is not inline', async () => {
    const { c, card } = await caseAndCard();
    const menus = menusBlock(renderCaseCardBlocks(card).blocks);
    const inline = card.menus.find((m) => m.verb === 'assign')!.options.map((o) => o.value);
    expect(inline).toHaveLength(15);
    expect(inline).not.toContain('desk-300@au.dk');

    const where = { action_id: 'assign', block_id: menus.block_id! };
    const found = await options(await h.send(suggestion(slackUsers.jonas, where, 'DESK-30')));
    expect(found.map((o) => o.text.text)).toEqual([
      'desk-30@au.dk',
      ...Array.from({ length: 10 }, (_, i) => `desk-30${i}@au.dk`),
    ]);
    // Opening the menu (nothing typed) lists the first 100 people.
    expect(await options(await h.send(suggestion(slackUsers.jonas, where, '')))).toHaveLength(100);

    const chosen = found.find((o) => o.text.text === 'desk-300@au.dk')!;
    const res = await h.send(
      interactive({
        type: 'block_actions',
        user: { id: slackUsers.jonas.id, name: slackUsers.jonas.name },
        trigger_id: 'trigger-choose',
        container: { type: 'message', channel_id: CHANNEL, message_ts: '1700000000.000100' },
        channel: { id: CHANNEL, name: 'arts-support' },
        actions: [
          {
            type: 'external_select',
            action_id: 'assign',
            block_id: menus.block_id,
            selected_option: chosen,
            action_ts: '1',
          },
        ],
      }),
    );
    expect(res.status).toBe(200);
    const stored = await h.services.store.getCase(c.id);
    expect(stored?.assignee?.email).toBe('desk-300@au.dk');

    // The assignee now holds the case: the next search leaves them out.
    const fresh = await h.services.service.act(await h.person(slackUsers.jonas), { verb: 'refresh', caseId: c.id });
    if (!fresh.ok) throw new Error('refresh refused');
    const again = await options(
      await h.send(
        suggestion(
          slackUsers.jonas,
          { action_id: 'assign', block_id: menusBlock(renderCaseCardBlocks(fresh.card).blocks).block_id! },
          'desk-30',
        ),
      ),
    );
    expect(again.map((o) => o.text.text)).not.toContain('desk-300@au.dk');
    expect(again).toHaveLength(10);
  });

  it('finds a desk person by name whatever its accents, Danish letters in either spelling', async () => {
    await h.close();
    const source = desk.catalogue.catalogue;
    const named = createCatalogueIndex({
      ...source,
      groups: source.groups.map((g) =>
        g.id === 'arts-support'
          ? {
              ...g,
              members: [...g.members, 'kp@au.dk', 'jm@au.dk'],
              memberNames: { ...g.memberNames, 'kp@au.dk': 'Kasper Ørsted', 'jm@au.dk': 'José Müller' },
            }
          : g,
      ),
    });
    h = await startSlackHarness({ catalogue: named });
    h.knowUsers(slackUsers.bo, slackUsers.jonas);
    const { card } = await caseAndCard();
    const where = { action_id: 'assign', block_id: menusBlock(renderCaseCardBlocks(card).blocks).block_id! };
    for (const [typed, label] of [
      ['oersted', 'Kasper Ørsted <kp@au.dk>'],
      ['orsted kasper', 'Kasper Ørsted <kp@au.dk>'],
      ['jose muller', 'José Müller <jm@au.dk>'],
    ]) {
      const found = await options(await h.send(suggestion(slackUsers.jonas, where, typed!)));
      expect(
        found.map((o) => o.text.text),
        typed,
      ).toEqual([label]);
    }
  });

  it('gives no options to someone who is not staff', async () => {
    const { card } = await caseAndCard();
    const menus = menusBlock(renderCaseCardBlocks(card).blocks);
    const res = await h.send(suggestion(slackUsers.bo, { action_id: 'assign', block_id: menus.block_id! }, 'desk'));
    expect(await options(res)).toEqual([]);
  });

  it('answers no options when the request names no known case or menu, and 400 when it is malformed', async () => {
    const { card } = await caseAndCard();
    const menus = menusBlock(renderCaseCardBlocks(card).blocks);
    const jonas = { id: slackUsers.jonas.id, name: slackUsers.jonas.name };
    const requests = [
      suggestion(slackUsers.jonas, { action_id: 'assign', block_id: 'case|no-such-case|1|menus' }, 'desk'),
      suggestion(slackUsers.jonas, { action_id: 'assign', block_id: 'not-a-case-block' }, 'desk'),
      suggestion(slackUsers.jonas, { action_id: 'set_status', block_id: menus.block_id! }, ''),
      suggestion(slackUsers.jonas, { action_id: 'assign.assigneeEmail', block_id: 'assign.assigneeEmail' }, 'desk'),
    ];
    for (const request of requests) expect(await options(await h.send(request))).toEqual([]);
    // Without an action id (or with one that is not text) it is not a menu search at all: refused with why.
    for (const request of [
      interactive({ type: 'block_suggestion', user: jonas, value: 'desk' }),
      interactive({ type: 'block_suggestion', user: jonas, action_id: 42, block_id: menus.block_id, value: 'desk' }),
    ]) {
      const res = await h.send(request);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { issues?: string[] }).issues?.[0]).toContain('action_id');
    }
  });

  it('searches the assign form of a modal and assigns the person submitted from its external_select', async () => {
    const { c, card } = await caseAndCard();
    // An assign action without a person opens the assign form.
    const modal = await openModal<Modal>(
      h,
      interactive({
        type: 'block_actions',
        user: { id: slackUsers.jonas.id, name: slackUsers.jonas.name },
        trigger_id: 'trigger-assign',
        container: { type: 'message', channel_id: CHANNEL, message_ts: '1700000000.000100' },
        channel: { id: CHANNEL, name: 'arts-support' },
        actions: [
          {
            type: 'button',
            action_id: 'assign',
            block_id: `case|${c.id}|${card.version}|buttons`,
            value: JSON.stringify({ verb: 'assign', caseId: c.id, version: card.version }),
            action_ts: '1',
          },
        ],
      }),
      'V0ASSIGN',
    );
    expect(modal.callback_id).toBe('case_form');
    const input = modal.blocks.find((b) => b.type === 'input');
    expect(input?.element).toMatchObject({ type: 'external_select', action_id: 'assign.assigneeEmail' });

    const where = { action_id: input!.element!.action_id, block_id: input!.block_id! };
    const found = await options(await h.send(suggestion(slackUsers.jonas, where, 'desk-129', modal)));
    expect(found).toEqual([
      { text: { type: 'plain_text', text: 'desk-129@au.dk', emoji: true }, value: 'desk-129@au.dk' },
    ]);
    expect(await options(await h.send(suggestion(slackUsers.bo, where, 'desk-129', modal)))).toEqual([]);

    const submitted = await h.send(
      interactive({
        type: 'view_submission',
        user: { id: slackUsers.jonas.id, name: slackUsers.jonas.name },
        trigger_id: 'trigger-submit',
        view: {
          id: 'V0ASSIGN',
          type: 'modal',
          callback_id: modal.callback_id,
          private_metadata: modal.private_metadata,
          hash: 'h1',
          state: {
            values: { [where.block_id]: { [where.action_id]: { type: 'external_select', selected_option: found[0] } } },
          },
        },
      }),
    );
    expect(submitted.status).toBe(200);
    expect((await h.services.store.getCase(c.id))?.assignee?.email).toBe('desk-129@au.dk');
  });
});
