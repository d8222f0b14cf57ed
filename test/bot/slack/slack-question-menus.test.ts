import { describe, expect, it } from 'vitest';
import { conversationKeys } from '../../../src/bot/slack/slack-ids.js';
import { type CatalogueIndex, createCatalogueIndex } from '../../../src/config/catalogue-index.js';
import type { Question } from '../../../src/config/catalogue-schema.js';
import { parseIntakeState } from '../../../src/services/intake/intake-state.js';
import { stepOf } from '../../helpers/drive-intake.js';
import { shippedCatalogue } from '../../helpers/services.js';
import {
  formOf,
  jsonField,
  type SlackUserFixture,
  slackHarnessPerTest,
  slackUsers,
} from '../../helpers/slack-harness.js';
import { slackEvent } from '../../helpers/slack-requests.js';

/**
 * A question of a category's guide with more choices than one Slack menu lists (100): in the report modal and in
 * the DM it is a searched menu (external_select) whose options the options load URL finds in the question's
 * choices, so every choice can be chosen; questions with 100 choices or fewer keep their static menu.
 */

interface SlackOption {
  text: { type: string; text: string };
  value: string;
}
interface Element {
  type: string;
  action_id: string;
  options?: SlackOption[];
  initial_option?: SlackOption;
  min_query_length?: number;
}
interface Block {
  type: string;
  block_id?: string;
  element?: Element;
  hint?: { text: string };
}
interface Modal {
  callback_id: string;
  private_metadata: string;
  blocks: Block[];
}

const BUILDINGS = 150;
/** The labels of a few buildings past the first 100, with accents and Danish letters to search without. */
const NAMED: Record<number, { da: string; en: string }> = {
  120: { da: 'Café Nobel', en: 'Café Nobel' },
  121: { da: 'Ørsted-bygningen', en: 'The Ørsted building' },
  122: { da: 'Århus Kunstbygning', en: 'Århus art building' },
  123: { da: 'Aarhus Universitetshospital', en: 'Aarhus University Hospital' },
  124: { da: 'Hoejbjerg-lager', en: 'Hoejbjerg store' },
  125: { da: 'Digterens hus', en: "The Poet's house" },
  149: { da: 'Søauditorierne', en: 'The lake auditoriums' },
};

const buildingQuestion: Question = {
  id: 'building',
  kind: 'choice',
  label: { da: 'Hvilken bygning?', en: 'Which building?' },
  required: true,
  options: Array.from({ length: BUILDINGS }, (_, i) => ({
    value: `b-${i}`,
    label: NAMED[i] ?? { da: `Bygning ${i}`, en: `Building ${i}` },
  })),
};

const hundredQuestion: Question = {
  id: 'room',
  kind: 'choice',
  label: { da: 'Hvilket lokale?', en: 'Which room?' },
  required: true,
  options: Array.from({ length: 100 }, (_, i) => ({ value: `r-${i}`, label: { da: `Lokale ${i}`, en: `Room ${i}` } })),
};

/** The shipped catalogue whose eduroam guide starts with a 150-building question, then a 100-room one. */
function bigQuestionCatalogue(): CatalogueIndex {
  const source = shippedCatalogue().catalogue;
  const categories = source.categories.map((c) =>
    c.id === 'wifi-eduroam' ? { ...c, questions: [buildingQuestion, hundredQuestion, ...c.questions] } : c,
  );
  return createCatalogueIndex({ ...source, categories });
}

function interactive(payload: Record<string, unknown>) {
  return { kind: 'interactive' as const, payload: { team: { id: 'T0AU' }, api_app_id: 'A0APP', ...payload } };
}

describe('slack question menus with more than 100 choices', () => {
  const h = slackHarnessPerTest(() => ({ catalogue: bigQuestionCatalogue() }), slackUsers.bo, slackUsers.anna);

  /**
   * `user`'s eduroam report in the report modal (driven by the engine up to the last standard question), then the
   * `when` step submitted through Slack: the modal Slack is told to show next (the building question).
   */
  async function modalAtBuilding(user: SlackUserFixture): Promise<Modal> {
    const person = await h.person(user);
    const base = {
      conversationKey: conversationKeys.modal(user.id),
      surface: 'form' as const,
      person,
      platform: 'slack' as const,
    };
    let reply = await h.intake.handle({ ...base, text: 'Eduroam drops every few minutes' });
    for (let turn = 0; turn < 12 && stepOf(reply) !== 'intake-q:when'; turn++) {
      const step = stepOf(reply);
      const text =
        step === 'intake-category'
          ? 'wifi-eduroam'
          : step === 'intake-q:faculty'
            ? 'arts'
            : step === 'intake-type'
              ? '1'
              : 'In 1481';
      reply = await h.intake.handle({ ...base, text });
    }
    expect(stepOf(reply)).toBe('intake-q:when');
    const res = await h.send(
      submission(
        user,
        { callback_id: 'intake', private_metadata: JSON.stringify({ submit: { verb: 'intake_answer' } }), blocks: [] },
        {
          when: { when: { type: 'plain_text_input', value: 'Since this morning' } },
        },
      ),
    );
    const body = (await res.json()) as { response_action: string; view: Modal };
    expect(body.response_action).toBe('update');
    return body.view;
  }

  function submission(user: SlackUserFixture, modal: Modal, values: Record<string, Record<string, unknown>>) {
    return interactive({
      type: 'view_submission',
      user: { id: user.id, name: user.name },
      trigger_id: 'trigger-submit',
      view: {
        id: 'V0MODAL',
        type: 'modal',
        callback_id: modal.callback_id,
        private_metadata: modal.private_metadata,
        hash: 'h1',
        state: { values },
      },
    });
  }

  const input = (modal: Modal, id: string): Block => {
    const block = modal.blocks.find((b) => b.type === 'input' && b.block_id === id);
    if (!block?.element) throw new Error(`no ${id} input in the modal`);
    return block;
  };

  /** The options Slack loads for what `user` typed into the modal's `id` menu. */
  async function search(user: SlackUserFixture, modal: Modal, id: string, typed: string): Promise<SlackOption[]> {
    const res = await h.send(
      interactive({
        type: 'block_suggestion',
        user: { id: user.id, name: user.name },
        token: 'legacy',
        value: typed,
        action_id: input(modal, id).element!.action_id,
        block_id: input(modal, id).block_id,
        container: { type: 'view', view_id: 'V0MODAL' },
        view: {
          id: 'V0MODAL',
          type: 'modal',
          callback_id: modal.callback_id,
          private_metadata: modal.private_metadata,
        },
      }),
    );
    expect(res.status).toBe(200);
    return ((await res.json()) as { options: SlackOption[] }).options;
  }

  async function draftAnswers(user: SlackUserFixture, key = conversationKeys.modal(user.id)) {
    const record = await h.services.store.getConversation(key);
    return parseIntakeState(record?.state)?.answers ?? {};
  }

  it('shows the question as a searched menu and finds any choice by part of its label', async () => {
    const modal = await modalAtBuilding(slackUsers.anna);
    expect(input(modal, 'building').element).toMatchObject({ type: 'external_select', min_query_length: 0 });
    expect(input(modal, 'building').element).not.toHaveProperty('options');

    // Nothing typed: the first 100 in catalogue order, in Anna's language.
    const first = await search(slackUsers.anna, modal, 'building', '');
    expect(first).toHaveLength(100);
    expect(first[0]).toEqual({ text: { type: 'plain_text', text: 'Building 0', emoji: true }, value: 'b-0' });
    // Anywhere in the label, whatever the case, accents and Danish letters.
    expect((await search(slackUsers.anna, modal, 'building', 'ING 14')).map((o) => o.value)).toEqual([
      'b-14',
      'b-114',
      ...Array.from({ length: 9 }, (_, i) => `b-14${i}`),
    ]);
    expect((await search(slackUsers.anna, modal, 'building', 'cafe NOB')).map((o) => o.value)).toEqual(['b-120']);
    expect((await search(slackUsers.anna, modal, 'building', 'orsted')).map((o) => o.value)).toEqual(['b-121']);
    expect((await search(slackUsers.anna, modal, 'building', 'AUDITOR')).map((o) => o.text.text)).toEqual([
      'The lake auditoriums',
    ]);
    expect(await search(slackUsers.anna, modal, 'building', 'no such building')).toEqual([]);
  });

  it('finds a Danish letter by either of its spellings, both ways: aa for å, oe for ø', async () => {
    const modal = await modalAtBuilding(slackUsers.anna);
    const found = async (typed: string) =>
      (await search(slackUsers.anna, modal, 'building', typed)).map((o) => o.value);
    // Typed the old way, the label with the Danish letter, and the other way round.
    expect(await found('aarhus')).toEqual(['b-122', 'b-123']);
    expect(await found('ÅRHUS')).toEqual(['b-122', 'b-123']);
    expect(await found('oersted')).toEqual(['b-121']);
    expect(await found('højbjerg')).toEqual(['b-124']);
    expect(await found('hojbjerg')).toEqual(['b-124']);
    expect(await found('hoejbjerg')).toEqual(['b-124']);
    // Nothing found before is lost: "et" is in "Poet" as spelt, though "oe" may be an ø.
    expect(await found('et')).toEqual(['b-125']);
    expect(await found('poet')).toEqual(['b-125']);
  });

  it("lists the choices in the person's language", async () => {
    const modal = await modalAtBuilding(slackUsers.bo);
    expect(input(modal, 'building').element?.type).toBe('external_select');
    expect((await search(slackUsers.bo, modal, 'building', 'soaud')).map((o) => o.text.text)).toEqual([
      'Søauditorierne',
    ]);
    expect((await search(slackUsers.bo, modal, 'building', 'bygning 13')).map((o) => o.value)).toEqual([
      'b-13',
      'b-113',
      ...Array.from({ length: 10 }, (_, i) => `b-13${i}`),
    ]);
  });

  it('stores a choice past the first 100 as its value and moves on to the next question, a static menu of 100', async () => {
    const modal = await modalAtBuilding(slackUsers.anna);
    const [lake] = await search(slackUsers.anna, modal, 'building', 'lake');
    const res = await h.send(
      submission(slackUsers.anna, modal, {
        building: { building: { type: 'external_select', selected_option: lake } },
      }),
    );
    const body = (await res.json()) as { response_action: string; view: Modal };
    expect(body.response_action).toBe('update');
    expect((await draftAnswers(slackUsers.anna))['building']).toBe('b-149');
    // A question of exactly 100 choices keeps its static menu, every choice in it.
    const room = input(body.view, 'room').element!;
    expect(room.type).toBe('static_select');
    expect(room.options).toHaveLength(100);
    expect(room.options?.at(-1)).toEqual({ text: { type: 'plain_text', text: 'Room 99', emoji: true }, value: 'r-99' });

    // Back from the room question: the building question shows its answer chosen in the searched menu.
    const actions = body.view.blocks.find((b) => b.block_id === 'intake_actions') as unknown as {
      elements: { action_id: string; value: string }[];
    };
    const back = actions.elements.find((e) => JSON.parse(e.value).verb === 'intake_back')!;
    let updated: Modal | undefined;
    h.api()
      .post('/api/views.update', (b) => {
        updated = jsonField<Modal>(b, 'view');
        return true;
      })
      .reply(200, { ok: true, view: { id: 'V0MODAL' } });
    await h.send(
      interactive({
        type: 'block_actions',
        user: { id: slackUsers.anna.id, name: slackUsers.anna.name },
        trigger_id: 'trigger-back',
        container: { type: 'view', view_id: 'V0MODAL' },
        view: {
          id: 'V0MODAL',
          type: 'modal',
          callback_id: 'intake',
          hash: 'h2',
          private_metadata: body.view.private_metadata,
        },
        actions: [
          { type: 'button', action_id: back.action_id, block_id: 'intake_actions', value: back.value, action_ts: '3' },
        ],
      }),
    );
    expect(input(updated!, 'building').element).toMatchObject({
      type: 'external_select',
      initial_option: { text: { type: 'plain_text', text: 'The lake auditoriums', emoji: true }, value: 'b-149' },
    });
  });

  it('refuses a submitted value that is not one of the choices on the field, short and friendly, keeping the draft', async () => {
    const modal = await modalAtBuilding(slackUsers.anna);
    const forged = { text: { type: 'plain_text', text: 'Building 999' }, value: 'b-999' };
    const res = await h.send(
      submission(slackUsers.anna, modal, {
        building: { building: { type: 'external_select', selected_option: forged } },
      }),
    );
    const body = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual(['building']);
    expect(body.errors['building']).toBe('Please choose one of the options the menu lists (type to search them).');
    // Nothing was answered or lost: the earlier answers stand and the question is still to answer.
    const answers = await draftAnswers(slackUsers.anna);
    expect(answers['when']).toBe('Since this morning');
    expect(answers).not.toHaveProperty('building');
    // The menu still searches, and a real choice is taken.
    const [cafe] = await search(slackUsers.anna, modal, 'building', 'café');
    const again = await h.send(
      submission(slackUsers.anna, modal, {
        building: { building: { type: 'external_select', selected_option: cafe } },
      }),
    );
    expect(((await again.json()) as { response_action: string }).response_action).toBe('update');
    expect((await draftAnswers(slackUsers.anna))['building']).toBe('b-120');
  });

  it('gives no options for a menu that is not a question of the open draft', async () => {
    const modal = await modalAtBuilding(slackUsers.anna);
    // Bo has no draft: nothing to search.
    expect(await search(slackUsers.bo, modal, 'building', '')).toEqual([]);
    // A question id the draft's guide does not hold.
    const res = await h.send(
      interactive({
        type: 'block_suggestion',
        user: { id: slackUsers.anna.id, name: slackUsers.anna.name },
        value: '',
        action_id: 'no_such_question',
        block_id: 'no_such_question',
        view: { id: 'V0MODAL', type: 'modal', callback_id: 'intake', private_metadata: modal.private_metadata },
      }),
    );
    expect(((await res.json()) as { options: SlackOption[] }).options).toEqual([]);
  });

  it('asks the question in the DM as a searched menu and takes the chosen value from the Next click', async () => {
    const person = await h.person(slackUsers.anna);
    const base = { conversationKey: conversationKeys.dm(slackUsers.anna.id), person, platform: 'slack' as const };
    let reply = await h.intake.handle({ ...base, text: 'Eduroam drops every few minutes' });
    for (let turn = 0; turn < 12 && stepOf(reply) !== 'intake-q:when'; turn++) {
      const step = stepOf(reply);
      const text =
        step === 'intake-category'
          ? 'wifi-eduroam'
          : step === 'intake-q:faculty'
            ? 'arts'
            : step === 'intake-type'
              ? '1'
              : 'In 1481';
      reply = await h.intake.handle({ ...base, text });
    }
    expect(stepOf(reply)).toBe('intake-q:when');
    const DM = 'D0ANNA';
    const posted: { blocks: Block[] }[] = [];
    h.api()
      .post('/api/chat.postMessage', (b) => {
        posted.push({ blocks: jsonField<Block[]>(b, 'blocks') });
        return formOf(b)['channel'] === DM;
      })
      .reply(200, { ok: true, channel: DM, ts: '1700000003.000100' })
      .persist();
    // The answer to `when` typed into the DM: the building question is posted.
    await h.send(
      slackEvent('Ev0WHEN', {
        type: 'message',
        channel: DM,
        channel_type: 'im',
        user: slackUsers.anna.id,
        text: 'Since this morning',
        ts: '1.0',
      }),
    );
    const building = posted.flatMap((m) => m.blocks).find((b) => b.type === 'input' && b.block_id === 'building');
    expect(building?.element).toMatchObject({ type: 'external_select', action_id: 'building', min_query_length: 0 });

    const found = await h.send(
      interactive({
        type: 'block_suggestion',
        user: { id: slackUsers.anna.id, name: slackUsers.anna.name },
        value: 'orsted',
        action_id: 'building',
        block_id: 'building',
        container: { type: 'message', channel_id: DM, message_ts: '1700000003.000100', is_ephemeral: false },
        channel: { id: DM, name: 'directmessage' },
      }),
    );
    const options = ((await found.json()) as { options: SlackOption[] }).options;
    expect(options.map((o) => o.value)).toEqual(['b-121']);

    // Next, with the chosen building in the message's state: the answer is stored as its value.
    const next = posted.flatMap((m) => m.blocks).find((b) => b.type === 'actions') as
      | { block_id: string; elements: { action_id: string; value: string }[] }
      | undefined;
    const button = next?.elements.find((e) => JSON.parse(e.value).verb === 'intake_answer');
    if (!next || !button) throw new Error('no Next button in the DM');
    await h.send(
      interactive({
        type: 'block_actions',
        user: { id: slackUsers.anna.id, name: slackUsers.anna.name },
        trigger_id: 'trigger-next',
        container: { type: 'message', channel_id: DM, message_ts: '1700000003.000100' },
        channel: { id: DM, name: 'directmessage' },
        state: { values: { building: { building: { type: 'external_select', selected_option: options[0] } } } },
        actions: [
          { type: 'button', action_id: button.action_id, block_id: next.block_id, value: button.value, action_ts: '2' },
        ],
      }),
    );
    expect((await draftAnswers(slackUsers.anna, conversationKeys.dm(slackUsers.anna.id)))['building']).toBe('b-121');
  });
});
