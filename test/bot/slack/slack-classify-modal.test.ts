import { beforeEach, describe, expect, it } from 'vitest';
import { renderCaseCardBlocks } from '../../../src/cards/slack/render-case-card-blocks.js';
import { type CatalogueIndex, createCatalogueIndex } from '../../../src/config/catalogue-index.js';
import type { Case } from '../../../src/models/case.js';
import { shippedCatalogue } from '../../helpers/services.js';
import { slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import {
  type MenuBlock as Block,
  type MenuModal as Modal,
  type MenuOption as SlackOption,
  openModal,
} from '../../helpers/slack-modal.js';

/**
 * The Classify modal's category menu with more categories than one Slack menu lists (100): every category can be
 * found and chosen, the case's own included.
 */

const CHANNEL = 'C0ARTSSUP';
const EXTRA = 150;

/**
 * The shipped catalogue with `EXTRA` more categories after its own (`extra-0` … "Extra service 0" …), then the
 * Ørsted building's access cards (a name with a Danish letter in it, and a Danish compound).
 */
function manyCategories(): CatalogueIndex {
  const source = shippedCatalogue().catalogue;
  const model = source.categories.find((c) => c.id === 'wifi') ?? source.categories[0]!;
  const extra = Array.from({ length: EXTRA }, (_, i) => ({
    ...model,
    id: `extra-${i}`,
    name: { da: `Ekstra ydelse ${i}`, en: `Extra service ${i}` },
    keywords: { da: [`ekstra${i}`], en: [`extra${i}`] },
    questions: [],
  }));
  const orsted = {
    ...model,
    id: 'access-cards',
    name: { da: 'Adgangskort til Ørsted-bygningen', en: 'Access cards, Ørsted building' },
    keywords: { da: ['nøglekort'], en: ['keycard'] },
    questions: [],
  };
  return createCatalogueIndex({ ...source, categories: [...source.categories, ...extra, orsted] });
}

function interactive(payload: Record<string, unknown>) {
  return { kind: 'interactive' as const, payload: { team: { id: 'T0AU' }, api_app_id: 'A0APP', ...payload } };
}

describe('slack classify modal with a large catalogue', () => {
  const h = slackHarnessPerTest(() => ({ catalogue: manyCategories() }), slackUsers.bo, slackUsers.jonas);
  beforeEach(async () => {
    h.api().post('/api/chat.postEphemeral').reply(200, { ok: true, message_ts: '1700000002.000300' }).persist();
  });

  /** Jonas clicks Classify on the card of `c` as it is now; returns the modal it opens. */
  async function openClassify(c: Case): Promise<Modal> {
    const seen = await h.services.service.act(await h.person(slackUsers.jonas), { verb: 'refresh', caseId: c.id });
    if (!seen.ok) throw new Error('refresh refused');
    const card = renderCaseCardBlocks(seen.card);
    const block = card.blocks.find((b) => b.type === 'actions' && b.block_id?.endsWith('|buttons')) as Block;
    const button = block.elements?.find((e) => e.value && JSON.parse(e.value).form === 'classify');
    if (!button) throw new Error('no Classify button on the card');
    return openModal<Modal>(
      h,
      interactive({
        type: 'block_actions',
        user: { id: slackUsers.jonas.id, name: 'jonas' },
        trigger_id: 'trigger-click',
        container: { type: 'message', channel_id: CHANNEL, message_ts: '1700000000.000100' },
        channel: { id: CHANNEL, name: 'arts-support' },
        actions: [
          {
            type: 'button',
            action_id: button.action_id,
            block_id: block.block_id,
            value: button.value,
            action_ts: '1',
          },
        ],
      }),
      'V0CLASSIFY',
    );
  }

  const categoryInput = (modal: Modal): Block => {
    const block = modal.blocks.find((b) => b.type === 'input' && b.block_id?.endsWith('categoryId'));
    if (!block?.element) throw new Error('no category input in the modal');
    return block;
  };

  /** The options Slack loads for what Jonas typed into the modal's category menu. */
  async function search(modal: Modal, typed: string): Promise<SlackOption[]> {
    const input = categoryInput(modal);
    const res = await h.send(
      interactive({
        type: 'block_suggestion',
        user: { id: slackUsers.jonas.id, name: 'jonas' },
        token: 'legacy',
        value: typed,
        action_id: input.element!.action_id,
        block_id: input.block_id,
        container: { type: 'view', view_id: 'V0CLASSIFY' },
        view: {
          id: 'V0CLASSIFY',
          type: 'modal',
          callback_id: modal.callback_id,
          private_metadata: modal.private_metadata,
        },
      }),
    );
    expect(res.status).toBe(200);
    return ((await res.json()) as { options: SlackOption[] }).options;
  }

  function submit(modal: Modal, category: SlackOption) {
    const values: Record<string, Record<string, unknown>> = {};
    for (const b of modal.blocks) {
      if (b.type !== 'input' || !b.block_id || !b.element) continue;
      const e = b.element;
      values[b.block_id] = {
        [e.action_id]:
          b === categoryInput(modal)
            ? { type: e.type, selected_option: category }
            : e.type === 'plain_text_input'
              ? { type: e.type, value: null }
              : { type: e.type, selected_option: e.initial_option ?? null },
      };
    }
    return h.send(
      interactive({
        type: 'view_submission',
        user: { id: slackUsers.jonas.id, name: 'jonas' },
        trigger_id: 'trigger-submit',
        view: {
          id: 'V0CLASSIFY',
          type: 'modal',
          callback_id: modal.callback_id,
          private_metadata: modal.private_metadata,
          hash: 'h1',
          state: { values },
        },
      }),
    );
  }

  it('finds a category past the first 100 by what is typed and classifies the case into it', async () => {
    const c = await h.services.reportWifi(await h.person(slackUsers.bo));
    const modal = await openClassify(c);
    const input = categoryInput(modal);
    // The menu is no static list cut at 100: it loads its options as Jonas types, the case's category chosen.
    expect(input.element).toMatchObject({ type: 'external_select', min_query_length: 0 });
    expect(input.element?.initial_option?.value).toBe(c.categoryId);

    // Every word typed anywhere in a name, id or keyword, as the searched question menus: "14" finds "… 114" too.
    const found = await search(modal, 'extra service 14');
    expect(found.map((o) => o.value)).toEqual([
      'extra-14',
      'extra-114',
      ...Array.from({ length: 10 }, (_, i) => `extra-14${i}`),
    ]);
    expect(found[0]!.text.text).toBe('Extra service 14');
    // Nothing typed: the first 100 in catalogue order.
    const first = await search(modal, '');
    expect(first).toHaveLength(100);
    expect(first[0]!.value).toBe(shippedCatalogue().catalogue.categories[0]!.id);

    const res = await submit(modal, found.find((o) => o.value === 'extra-149')!);
    expect(res.status).toBe(200);
    expect((await h.services.store.getCase(c.id))?.categoryId).toBe('extra-149');
  });

  it('finds a category whatever the accents, and by a word inside a compound, as the question menus do', async () => {
    const c = await h.services.reportWifi(await h.person(slackUsers.bo));
    const modal = await openClassify(c);
    // "orsted" finds "Ørsted" (the question menus' "orsted" finds "Ørsted" too), in Jonas's language.
    const byAccent = await search(modal, 'orsted');
    expect(byAccent.map((o) => [o.value, o.text.text])).toEqual([['access-cards', 'Access cards, Ørsted building']]);
    // "kort" is a word inside the Danish "Adgangskort", "KEYCARD" the keyword "keycard".
    expect((await search(modal, 'kort orsted')).map((o) => o.value)).toEqual(['access-cards']);
    expect((await search(modal, 'KEYCARD')).map((o) => o.value)).toEqual(['access-cards']);
  });

  it("pre-selects the case's category when it is past the first 100", async () => {
    const c = await h.services.reportWifi(await h.person(slackUsers.bo));
    const classified = await h.services.service.act(await h.person(slackUsers.jonas), {
      verb: 'classify',
      caseId: c.id,
      version: c.version,
      categoryId: 'extra-120',
    });
    expect(classified.ok).toBe(true);
    const modal = await openClassify((await h.services.store.getCase(c.id))!);
    expect(categoryInput(modal).element?.initial_option).toEqual({
      text: { type: 'plain_text', text: 'Extra service 120', emoji: true },
      value: 'extra-120',
    });
  });
});
