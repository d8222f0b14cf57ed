import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../../src/config/load-catalogue.js';
import { createCatalogueIndex } from '../../../src/config/catalogue-index.js';
import type { IntakeAction } from '../../../src/services/intake/intake-engine.js';
import { ANONYMOUS_QUICK } from '../../../src/services/registration.js';
import { buildPerson } from '../../helpers/case-builder.js';
import { driveToSummary } from '../../helpers/drive-intake.js';
import { Chat, createIntakeHarness, type IntakeHarness } from './intake-fixtures.js';

const HOUR = 3_600_000;

let h: IntakeHarness;
beforeEach(async () => {
  h = await createIntakeHarness();
});
afterEach(async () => {
  await h.store.close();
});

const englishUser = () => buildPerson('bo', { locale: 'en' });
const danishUser = () => buildPerson('dorte', { locale: 'da' });

function factsOf(chat: Chat): Record<string, string> {
  return Object.fromEntries((chat.view().facts ?? []).map((f) => [f.label, f.value]));
}

function verbs(chat: Chat): string[] {
  return (chat.view().form?.submit ?? []).map((a) => a.action.verb);
}

/** Drives an English printing case from the first message up to the question "Where does it occur?". */
async function toWhere(chat: Chat): Promise<void> {
  await chat.say('The printer on floor 3 prints nothing');
  await chat.act({ verb: 'intake_category', categoryId: 'printing' });
  await chat.submit({ type: 'incident' });
  await chat.submit({ what: 'Nothing comes out of the printer' });
}

/** Continues from "where" to the summary, not solved by the known solution, urgency medium. */
async function whereToSummary(chat: Chat): Promise<void> {
  await chat.submit({ where: 'Building 1481, room 235' });
  await chat.act({ verb: 'intake_skip' });
  await chat.submit({ when: '2025-03-07' });
  await chat.submit({ printer_model: 'canon' });
  await chat.submit({ others_affected: 'yes' });
  await chat.act({ verb: 'intake_not_solved' });
  await chat.act({ verb: 'intake_urgency', urgency: 'medium' });
}

describe('IntakeEngine', () => {
  it('reads the conversation once and shows no restart note when a first message starts an intake', async () => {
    const read = h.store.getConversation.bind(h.store);
    const keys: string[] = [];
    h.store.getConversation = async (key) => {
      keys.push(key);
      return read(key);
    };
    const chat = new Chat(h.engine(), englishUser(), { key: 'first-message' });
    const first = await chat.say('The printer on floor 3 prints nothing');
    expect(keys).toEqual(['first-message']);
    expect(first.state).toBe('active');
    expect(chat.formStep()).toBe('category');
    expect(first.views.map((v) => v.text).join('\n')).not.toContain('Started over');
    expect(await h.store.getConversation('first-message')).not.toBeNull();
  });

  it('takes a turn on the draft peeked earlier in the turn without reading the conversation again', async () => {
    const engine = h.engine();
    const chat = new Chat(engine, englishUser(), { key: 'peeked' });
    await chat.say('The printer on floor 3 prints nothing');
    expect(chat.formStep()).toBe('category');
    const peek = await engine.peek('peeked');
    expect(peek.since).toBe(peek.record?.updatedAt);
    expect(peek.since).not.toBeNull();

    const read = h.store.getConversation.bind(h.store);
    const keys: string[] = [];
    h.store.getConversation = async (key) => {
      keys.push(key);
      return read(key);
    };
    const reply = await engine.handle(
      { conversationKey: 'peeked', person: chat.person, platform: 'teams', text: '1' },
      peek,
    );
    expect(keys).toEqual([]);
    expect(reply.state).toBe('active');
    const moved = await read('peeked');
    expect((moved?.state as { step?: string } | undefined)?.step).toMatch(/./);
    expect((moved?.state as { step?: string } | undefined)?.step).not.toBe('category');
    // A chat with no draft peeks as closed, and the turn starts an intake from the peeked nothing.
    const none = await engine.peek('no-draft');
    expect(none).toEqual({ record: null, since: null });
    keys.length = 0;
    await engine.handle({ conversationKey: 'no-draft', person: chat.person, platform: 'teams', text: 'Wi-Fi' }, none);
    expect(keys).toEqual([]);
    expect(await read('no-draft')).not.toBeNull();
  });

  it('still tells about the discarded draft when a new case is started over one in progress', async () => {
    const chat = new Chat(h.engine(), englishUser(), { key: 'restart' });
    await chat.say('The printer on floor 3 prints nothing');
    const again = await chat.act({ verb: 'intake_start' });
    expect(again.views.map((v) => v.text).join('\n')).toContain('Started over');
  });

  it('guides an English user from free text to a registered case when every answer is good', async () => {
    const chat = new Chat(h.engine(), englishUser());
    const first = await chat.say('The printer on floor 3 prints nothing');
    expect(first.state).toBe('active');
    expect(chat.formStep()).toBe('category');
    const categories = chat.input('categoryId');
    expect(categories?.options?.map((o) => o.value)).toEqual(['printing', 'wifi', 'password']);
    expect(categories?.value).toBe('printing');
    expect(chat.view().text).toContain('"Printing and scanning"');
    expect(chat.view().actions?.[0]?.action).toEqual({
      verb: 'intake_category',
      categoryId: 'printing',
      draft: expect.any(String),
    });

    await chat.act({ verb: 'intake_category', categoryId: 'printing' });
    expect(chat.formStep()).toBe('type');
    expect(chat.input('type')?.value).toBe('incident');

    await chat.submit({ type: 'incident' });
    expect(chat.formStep()).toBe('q:what');
    expect(chat.input('what')).toMatchObject({ kind: 'text', required: true, maxLength: 300 });
    expect(chat.input('what')?.value).toBe('The printer on floor 3 prints nothing');

    await chat.submit({ what: 'Nothing comes out of the printer' });
    expect(chat.formStep()).toBe('q:where');
    await chat.submit({ where: 'Building 1481, room 235' });
    expect(chat.formStep()).toBe('q:who');
    expect(verbs(chat)).toContain('intake_skip');
    await chat.act({ verb: 'intake_skip' });
    expect(chat.input('when')?.kind).toBe('date');
    await chat.submit({ when: '2025-03-07' });
    expect(chat.input('printer_model')?.options?.map((o) => o.label)).toEqual(['HP', 'Canon', 'Other']);
    expect(verbs(chat)).not.toContain('intake_skip');
    await chat.submit({ printer_model: 'canon' });
    expect(chat.input('others_affected')?.kind).toBe('yes_no');
    await chat.submit({ others_affected: 'yes' });

    expect(chat.view().title).toBe('Known solutions');
    expect(chat.view().text).toContain('Your print job does not come out of the printer');
    expect(chat.view().form?.submit[0]?.action).toEqual({
      verb: 'intake_solved',
      articleId: 'printer-queue-en',
      draft: expect.any(String),
    });
    await chat.act({ verb: 'intake_not_solved' });

    expect(chat.formStep()).toBe('urgency');
    expect(chat.input('urgency')?.options?.[0]?.label).toBe('I cannot work at all / many people are affected');
    await chat.act({ verb: 'intake_urgency', urgency: 'medium' });

    expect(chat.view().title).toBe('Check your case');
    expect(factsOf(chat)).toEqual({
      Area: 'Printing and scanning',
      Type: 'Incident',
      'What is the problem?': 'Nothing comes out of the printer',
      'Where does it occur?': 'Building 1481, room 235',
      'Who has the problem?': '(skipped)',
      'When did it start?': '2025-03-07',
      'Which printer?': 'Canon',
      'Are others affected?': 'Yes',
      Urgency: 'I can work, but slowly or with a workaround',
      Priority: 'P4 Low',
    });
    expect(verbs(chat)).toEqual(['intake_confirm', 'intake_edit', 'intake_back', 'intake_cancel']);

    const done = await chat.act({ verb: 'intake_confirm' });
    expect(done.state).toBe('done');
    expect(done.case?.number).toBe('INC-000001');
    expect(chat.view().title).toBe('Your case is registered');
    expect(chat.view().text).toContain('INC-000001');
    expect(chat.view().text).toContain('Servicedesk has it');
    expect(chat.view().text).toContain('What happens next');
    expect(chat.view().text).toContain('See it with "status INC-000001"; to add something, write "add INC-000001 …"');
    expect(h.registered).toHaveLength(1);
    expect(h.registered[0]?.input).toMatchObject({
      type: 'incident',
      // The registered view above stays in the chat: no receipt repeating it.
      receipt: false,
      categoryId: 'printing',
      title: 'Nothing comes out of the printer',
      impact: 'low',
      urgency: 'medium',
      intakeChannel: 'teams',
      locale: 'en',
      answers: {
        what: 'Nothing comes out of the printer',
        who: null,
        when: '2025-03-07',
        printer_model: 'canon',
        others_affected: true,
      },
    });
    expect(h.registered[0]?.input.reporter).toBeUndefined();
    expect(h.registered[0]?.input.user.id).toBe('teams:bo');
    expect(await h.engine().isActive(`teams:${englishUser().id}`)).toBe(false);
  });

  it('asks for a receipt when the conversation shows in a form that closes (a Slack modal), not in a chat', async () => {
    const person = buildPerson('mia', { id: 'slack:U0MIA', locale: 'en' });
    for (const surface of ['form', 'chat'] as const) {
      const base = { conversationKey: `slack:${surface}:U0MIA`, person, platform: 'slack' as const, surface };
      await driveToSummary(h.engine(), base, 'Nothing comes out of the printer');
      expect((await h.engine().handle({ ...base, action: { verb: 'intake_confirm' } })).state).toBe('done');
    }
    expect(h.registered.map((r) => r.input.receipt)).toEqual([true, false]);
  });

  it('guides a Danish user by chat text alone on the real catalogue when the answers are typed', async () => {
    const real = await createIntakeHarness(createCatalogueIndex(loadCatalogue('config/catalogue.yaml')));
    try {
      const chat = new Chat(real.engine(), danishUser(), { platform: 'slack' });
      await chat.say('Printeren på 3. sal virker ikke');
      expect(chat.input('categoryId')?.options?.[0]?.value).toBe('printing');
      expect(chat.view().text).toContain('"Print og scanning"');
      await chat.say('1');
      expect(chat.view().text).toContain('Hændelse');
      await chat.say('næste');
      expect(chat.input('what')?.value).toBe('Printeren på 3. sal virker ikke');
      await chat.say('Der kommer intet ud af printeren, displayet siger papirstop');
      await chat.say('Bygning 1481, lokale 235');
      expect(chat.input('faculty')?.label).toBe('Hvilket fakultet hører du til?');
      await chat.say('Arts');
      await chat.say('Kun mig');
      await chat.say('Siden i morges');
      expect(chat.input('printer_name')?.required).toBe(false);
      await chat.say('spring over');
      await chat.say('1');
      await chat.say('nej');
      expect(chat.view().title).toBe('Kendte løsninger');
      expect(chat.view().text).toContain('Dit print kommer ikke ud af printeren');
      await chat.say('nej');
      expect(chat.input('urgency')?.options?.[1]?.label).toBe('Jeg kan arbejde, men langsomt eller med en nødløsning');
      await chat.say('2');
      expect(chat.view().title).toBe('Tjek din sag');
      const facts = factsOf(chat);
      expect(facts['Område']).toBe('Print og scanning');
      expect(facts['Hvilket fakultet hører du til?']).toBe('Arts');
      expect(facts['Printerens navn eller nummer']).toBe('(sprunget over)');
      expect(facts['Hvad drejer det sig om?']).toBe('Follow-me print (printkø)');
      expect(facts['Kan dine kolleger heller ikke printe?']).toBe('Nej');
      expect(facts['Prioritet']).toBe('P4 Lav');
      const done = await chat.say('bekræft');
      expect(done.state).toBe('done');
      expect(chat.view().title).toBe('Din sag er registreret');
      expect(chat.view().text).toContain(done.case?.number ?? '?');
      expect(chat.view().text).toContain('Det sker nu');
      expect(real.registered[0]?.input).toMatchObject({
        categoryId: 'printing',
        intakeChannel: 'slack',
        locale: 'da',
        answers: { faculty: 'arts', print_kind: 'follow_me', others_affected: false, printer_name: null },
      });
    } finally {
      await real.store.close();
    }
  });

  it('asks again with the reason when a text answer is empty, too long or only control characters', async () => {
    const chat = new Chat(h.engine(), englishUser());
    await chat.say('The printer on floor 3 prints nothing');
    await chat.act({ verb: 'intake_category', categoryId: 'printing' });
    await chat.submit({ type: 'incident' });

    const empty = await chat.submit({ what: '   ' });
    expect(empty.errors).toEqual({ what: 'This answer is required. Please write a few words.' });
    expect(chat.formStep()).toBe('q:what');
    expect(chat.input('what')?.error).toBe('This answer is required. Please write a few words.');

    const long = await chat.submit({ what: 'x'.repeat(301) });
    expect(long.errors?.['what']).toBe('That is too long: 301 characters, at most 300. Please shorten it.');
    expect(chat.input('what')?.value).toHaveLength(301);

    const control = await chat.submit({ what: '\u0000\u0007\u200B' });
    expect(control.errors?.['what']).toContain('required');

    const good = await chat.submit({ what: 'Paper\u0000 jam\u0007 all day' });
    expect(good.errors).toBeUndefined();
    expect(chat.formStep()).toBe('q:where');
    const state = (await h.store.getConversation('teams:teams:bo'))?.state as { answers: Record<string, unknown> };
    expect(state.answers['what']).toBe('Paper jam all day');
  });

  it('asks again when a choice is not an option, a date is malformed, unreal or absurd, or yes/no is neither', async () => {
    const chat = new Chat(h.engine(), englishUser());
    await toWhere(chat);
    await chat.submit({ where: 'Building 1481' });
    await chat.act({ verb: 'intake_skip' });

    const reasons: Record<string, string | undefined> = {};
    for (const bad of ['March 7th', '2025-02-30', '1999-12-31', '2031-01-01']) {
      reasons[bad] = (await chat.submit({ when: bad })).errors?.['when'];
      expect(chat.formStep()).toBe('q:when');
    }
    expect(reasons).toEqual({
      'March 7th': 'Please write the date as YYYY-MM-DD, e.g. 2025-03-14.',
      '2025-02-30': '2025-02-30 is not a real date. Please check the day and month.',
      '1999-12-31': 'That date looks wrong. Please give a date between 2020-03-10 and 2027-03-10.',
      '2031-01-01': 'That date looks wrong. Please give a date between 2020-03-10 and 2027-03-10.',
    });
    await chat.submit({ when: '07.03.2025' });

    const choice = await chat.submit({ printer_model: 'lexmark' });
    expect(choice.errors?.['printer_model']).toBe('Please choose one of the options: HP, Canon, Other.');
    expect(chat.input('printer_model')?.error).toBe('Please choose one of the options: HP, Canon, Other.');
    await chat.say('2');

    const yesNo = await chat.submit({ others_affected: 'maybe' });
    expect(yesNo.errors?.['others_affected']).toBe('Please answer yes or no.');
    await chat.submit({ others_affected: 'false' });

    const state = (await h.store.getConversation('teams:teams:bo'))?.state as { answers: Record<string, unknown> };
    expect(state.answers).toMatchObject({ when: '2025-03-07', printer_model: 'canon', others_affected: false });
  });

  it('refuses to skip a required question and skips an optional one when asked in Danish', async () => {
    const chat = new Chat(h.engine(), danishUser());
    await chat.say('Printeren virker ikke');
    await chat.say('1');
    await chat.say('næste');
    await chat.say('Intet print');
    const refused = await chat.say('spring over');
    expect(refused.errors?.['where']).toBe('Spørgsmålet skal besvares og kan ikke springes over.');
    expect(chat.formStep()).toBe('q:where');
    await chat.say('Nobelparken');
    await chat.say('spring over');
    expect(chat.formStep()).toBe('q:when');
  });

  it('goes back one step keeping the answer when "back" or "tilbage" is written', async () => {
    const chat = new Chat(h.engine(), danishUser());
    await chat.say('Printeren virker ikke');
    await chat.say('1');
    await chat.say('næste');
    await chat.say('Intet kommer ud');
    expect(chat.formStep()).toBe('q:where');
    await chat.say('tilbage');
    expect(chat.formStep()).toBe('q:what');
    expect(chat.input('what')?.value).toBe('Intet kommer ud');
    await chat.act({ verb: 'intake_back' });
    expect(chat.formStep()).toBe('type');
    await chat.act({ verb: 'intake_back' });
    await chat.act({ verb: 'intake_back' });
    expect(chat.formStep()).toBe('category');
    expect(chat.view().text).toContain('Det her er første trin');
  });

  it('changes one answer from the summary and returns to the summary when a step is edited', async () => {
    const chat = new Chat(h.engine(), englishUser());
    await toWhere(chat);
    await whereToSummary(chat);
    expect(chat.input('step')?.options?.map((o) => o.value)).toEqual([
      'category',
      'type',
      'q:what',
      'q:where',
      'q:who',
      'q:when',
      'q:printer_model',
      'q:others_affected',
      'urgency',
    ]);
    await chat.act({ verb: 'intake_edit', step: 'q:where' });
    expect(chat.formStep()).toBe('q:where');
    expect(chat.input('where')?.value).toBe('Building 1481, room 235');
    await chat.submit({ where: 'Building 1482' });
    expect(chat.view().title).toBe('Check your case');
    expect(factsOf(chat)['Where does it occur?']).toBe('Building 1482');

    await chat.act({ verb: 'intake_edit', step: 'urgency' });
    await chat.act({ verb: 'intake_urgency', urgency: 'high' });
    expect(factsOf(chat)['Priority']).toBe('P3 Normal');

    const wrong = await chat.act({ verb: 'intake_edit', step: 'q:nonsense' });
    expect(wrong.errors?.['step']).toContain('Please choose one of the options');
  });

  it('asks the new category questions and drops the old ones when the category is edited', async () => {
    const chat = new Chat(h.engine(), englishUser());
    await toWhere(chat);
    await whereToSummary(chat);
    await chat.act({ verb: 'intake_edit', step: 'category' });
    await chat.submit({ categoryId: 'wifi' });
    expect(chat.formStep()).toBe('type');
    await chat.submit({ type: 'incident' });
    expect(chat.formStep()).toBe('q:device');
    await chat.submit({ device: 'phone' });
    expect(chat.view().title).toBe('Check your case');
    const facts = factsOf(chat);
    expect(facts['Area']).toBe('Wireless network (eduroam)');
    expect(facts['Which device?']).toBe('Phone');
    expect(facts['Which printer?']).toBeUndefined();
    expect(facts['What is the problem?']).toBe('Nothing comes out of the printer');
    expect(facts['Priority']).toBe('P3 Normal');
    await chat.act({ verb: 'intake_confirm' });
    expect(h.registered[0]?.input.answers).not.toHaveProperty('printer_model');
    expect(h.registered[0]?.input.categoryId).toBe('wifi');
  });

  it('ends without registering when the user cancels, in English and in Danish', async () => {
    const en = new Chat(h.engine(), englishUser());
    await toWhere(en);
    const cancelled = await en.say('Cancel');
    expect(cancelled.state).toBe('cancelled');
    expect(en.view().text).toBe('Nothing was registered. Write to me again whenever you need help.');
    expect(await h.engine().isActive('teams:teams:bo')).toBe(false);

    const da = new Chat(h.engine(), danishUser());
    await da.say('Printeren virker ikke');
    expect((await da.say('annuller')).state).toBe('cancelled');
    expect(da.view().title).toBe('Annulleret');
    expect(await h.store.getConversation('teams:teams:dorte')).toBeNull();

    const again = await da.say('annuller');
    expect(again.state).toBe('idle');
    expect(da.view().text).toContain('Der er intet at annullere');
    expect(h.registered).toHaveLength(0);
  });

  it('registers a resolved quick case and ends politely when a known solution solved it', async () => {
    const chat = new Chat(h.engine(), englishUser());
    await toWhere(chat);
    await chat.submit({ where: 'Building 1481' });
    await chat.act({ verb: 'intake_skip' });
    await chat.act({ verb: 'intake_skip' });
    await chat.submit({ printer_model: 'hp' });
    await chat.submit({ others_affected: 'no' });
    const reply = await chat.act({ verb: 'intake_solved', articleId: 'printer-queue-en' });
    expect(reply.state).toBe('done');
    expect(reply.case).toMatchObject({ status: 'resolved', quick: true });
    expect(chat.view().title).toBe('Glad it helped');
    expect(chat.view().text).toContain(reply.case?.number ?? '?');
    expect(h.registered[0]?.input.resolvedWith).toEqual({
      solution: 'Solved by the user with the known solution "Your print job does not come out of the printer".',
      articleId: 'printer-queue-en',
      quick: true,
    });
    expect(await h.engine().isActive('teams:teams:bo')).toBe(false);
  });

  it('refuses a known solution that was not offered and skips the step when nothing matches', async () => {
    const chat = new Chat(h.engine(), englishUser());
    await toWhere(chat);
    await chat.submit({ where: 'Building 1481' });
    await chat.act({ verb: 'intake_skip' });
    await chat.act({ verb: 'intake_skip' });
    await chat.submit({ printer_model: 'hp' });
    const stale = await chat.act({ verb: 'intake_solved', articleId: 'eduroam-en' });
    expect(stale.state).toBe('active');
    expect(chat.view().text).toContain('That form belongs to an earlier step');
    expect(h.registered).toHaveLength(0);

    const other = new Chat(h.engine(), buildPerson('ulla', { locale: 'en' }));
    await other.say('My account is locked');
    await other.act({ verb: 'intake_category', categoryId: 'password' });
    expect(other.input('type')?.value).toBe('service_request');
    await other.submit({ type: 'service_request' });
    await other.submit({ what: 'Locked since Monday' });
    await other.submit({ where: 'Home' });
    await other.act({ verb: 'intake_skip' });
    await other.act({ verb: 'intake_skip' });
    expect(other.formStep()).toBe('urgency');
    await other.act({ verb: 'intake_back' });
    expect(other.formStep()).toBe('q:when');
  });

  it('offers the known solutions of the new area when the area is changed at the summary', async () => {
    const chat = new Chat(h.engine(), englishUser());
    await chat.say('Nothing comes out of the printer');
    // The wrong area first: none of its known solutions fits, so the step is passed over.
    await chat.act({ verb: 'intake_category', categoryId: 'wifi' });
    await chat.submit({ type: 'incident' });
    await chat.submit({ what: 'Nothing comes out of the printer' });
    await chat.submit({ where: 'Building 1481' });
    await chat.act({ verb: 'intake_skip' });
    await chat.act({ verb: 'intake_skip' });
    await chat.submit({ device: 'pc' });
    expect(chat.formStep()).toBe('urgency');
    await chat.act({ verb: 'intake_urgency', urgency: 'medium' });
    await chat.act({ verb: 'intake_edit', step: 'category' });
    await chat.submit({ categoryId: 'printing' });
    await chat.submit({ type: 'incident' });
    await chat.submit({ printer_model: 'hp' });
    await chat.submit({ others_affected: 'no' });
    expect(chat.view().title).toBe('Known solutions');
    expect(verbs(chat)).toContain('intake_solved');
    expect(chat.view().text).toContain('Your print job does not come out of the printer');
    await chat.act({ verb: 'intake_not_solved' });
    expect(chat.view().title).toBe('Check your case');
    expect(factsOf(chat)['Area']).toBe('Printing and scanning');
  });

  it('offers known solutions again when the problem is described anew at the summary', async () => {
    const chat = new Chat(h.engine(), englishUser());
    await chat.say('Something is wrong with my equipment');
    await chat.act({ verb: 'intake_category', categoryId: 'printing' });
    const steps: string[] = [];
    // Answer whatever the printing area asks until the summary; nothing known fits the vague description.
    for (let i = 0; i < 16 && chat.view().title !== 'Check your case'; i++) {
      const step = chat.formStep() ?? chat.view().title ?? '';
      steps.push(step);
      if (step === 'q:type' || step === 'type') await chat.submit({ type: 'incident' });
      else if (step === 'q:what') await chat.submit({ what: 'Something is wrong with my equipment' });
      else if (step === 'q:where') await chat.submit({ where: 'Building 1481' });
      else if (step === 'q:printer_model') await chat.submit({ printer_model: 'hp' });
      else if (step === 'q:others_affected') await chat.submit({ others_affected: 'no' });
      else if (step === 'urgency') await chat.act({ verb: 'intake_urgency', urgency: 'medium' });
      else if (step === 'Known solutions') await chat.act({ verb: 'intake_not_solved' });
      else await chat.act({ verb: 'intake_skip' });
    }
    expect(chat.view().title).toBe('Check your case');
    expect(steps).not.toContain('Known solutions');
    await chat.act({ verb: 'intake_edit', step: 'q:what' });
    await chat.submit({ what: 'Nothing comes out of the printer' });
    expect(chat.view().title).toBe('Known solutions');
    expect(chat.view().text).toContain('Your print job does not come out of the printer');
    await chat.act({ verb: 'intake_not_solved' });
    expect(chat.view().title).toBe('Check your case');
  });

  it('continues where it was when a new engine on the same store takes the next turn', async () => {
    const chat = new Chat(h.engine(), englishUser());
    await toWhere(chat);
    const record = await h.store.getConversation('teams:teams:bo');
    expect(record?.expiresAt).toBe('2025-03-11T09:00:00.000Z');

    chat.use(h.engine());
    expect(await h.engine().isActive('teams:teams:bo')).toBe(true);
    await chat.submit({ where: 'Building 1481' });
    expect(chat.formStep()).toBe('q:who');
    await chat.act({ verb: 'intake_back' });
    expect(chat.input('where')?.value).toBe('Building 1481');
  });

  it('refuses a form of an earlier step with a note when an old card is submitted', async () => {
    const chat = new Chat(h.engine(), englishUser());
    await toWhere(chat);
    const reply = await chat.act({ verb: 'intake_answer', step: 'q:what', values: { what: 'changed' } });
    expect(chat.formStep()).toBe('q:where');
    expect(reply.views[0]?.text).toContain('That form belongs to an earlier step');
  });

  it('says so when a first message over 2,000 characters is shortened to start the report', async () => {
    const chat = new Chat(h.engine(), englishUser());
    // 1,999 letters, then a character of two UTF-16 units, then more: 2,500 characters in all.
    const long = `${'p'.repeat(1999)}🖨${'q'.repeat(500)}`;
    const reply = await chat.say(long);
    const said = reply.views.map((v) => v.text).join('\n');
    expect(said).toContain('2,500 characters');
    expect(said).toContain('first 2,000');
    const key = `teams:${englishUser().id}`;
    const state = (await h.store.getConversation(key))?.state as { text?: string } | undefined;
    expect(state?.text).toBe(`${'p'.repeat(1999)}🖨`);
  });

  it('says nothing about length when the first message is exactly 2,000 characters', async () => {
    const chat = new Chat(h.engine(), englishUser());
    const reply = await chat.say('p'.repeat(2000));
    expect(reply.views.map((v) => v.text).join('\n')).not.toContain('characters');
  });

  it('refuses an old category button tapped at the summary, keeping the area and the answers', async () => {
    const chat = new Chat(h.engine(), englishUser());
    // The first card offers both areas as buttons; answered by typing, so that card stays in the chat.
    await chat.say('The printer and the wifi on floor 3 do not work');
    const buttons = (chat.view().actions ?? []).map((a) => a.action);
    expect(buttons).toContainEqual({ verb: 'intake_category', categoryId: 'wifi', draft: expect.any(String) });
    await chat.say('Printing and scanning');
    await chat.say('next');
    await chat.submit({ what: 'Nothing comes out of the printer' });
    await whereToSummary(chat);
    expect(chat.formStep()).toBe('summary');
    const reply = await chat.act({ verb: 'intake_category', categoryId: 'wifi' });
    expect(reply.views[0]?.text).toContain('That form belongs to an earlier step');
    expect(chat.formStep()).toBe('summary');
    expect(factsOf(chat)['Where does it occur?']).toBe('Building 1481, room 235');
    await chat.act({ verb: 'intake_confirm' });
    expect(h.registered[0]?.input.categoryId).toBe('printing');
    expect(h.registered[0]?.input.answers['printer_model']).toBe('canon');
  });

  it("refuses an earlier question's Skip at a later optional question, which stays unanswered", async () => {
    const chat = new Chat(h.engine(), englishUser());
    await toWhere(chat);
    await chat.submit({ where: 'Building 1481, room 235' });
    expect(chat.formStep()).toBe('q:who');
    const skipWho = chat.view().form?.submit.find((a) => a.action.verb === 'intake_skip')?.action;
    expect(skipWho).toMatchObject({ shownAt: 'q:who' });
    // Answered by typing, so the card of "who" with its Skip stays in the chat; "when" is optional too.
    await chat.say('Only me');
    expect(chat.formStep()).toBe('q:when');

    const reply = await chat.act(skipWho as IntakeAction);

    expect(reply.views[0]?.text).toContain('That form belongs to an earlier step');
    expect(chat.formStep()).toBe('q:when');
    const state = (await h.store.getConversation('teams:teams:bo'))?.state as { answers: Record<string, unknown> };
    expect(state.answers).not.toHaveProperty('when');
    expect(state.answers['who']).toBe('Only me');
    // The Skip of "when" itself skips it.
    const skipWhen = chat.view().form?.submit.find((a) => a.action.verb === 'intake_skip')?.action;
    await chat.act(skipWhen as IntakeAction);
    expect(chat.formStep()).toBe('q:printer_model');
  });

  it("refuses an earlier question's Back at a later step instead of going back from the step shown now", async () => {
    const chat = new Chat(h.engine(), englishUser());
    await toWhere(chat);
    const backWhere = chat.view().form?.submit.find((a) => a.action.verb === 'intake_back')?.action;
    expect(backWhere).toMatchObject({ shownAt: 'q:where' });
    await chat.say('Building 1481, room 235');
    await chat.say('Only me');
    expect(chat.formStep()).toBe('q:when');

    const reply = await chat.act(backWhere as IntakeAction);

    expect(reply.views[0]?.text).toContain('That form belongs to an earlier step');
    expect(chat.formStep()).toBe('q:when');
    // The Back of "when" itself goes back to "who".
    const backWhen = chat.view().form?.submit.find((a) => a.action.verb === 'intake_back')?.action;
    await chat.act(backWhen as IntakeAction);
    expect(chat.formStep()).toBe('q:who');
  });

  it("goes back from the summary with its own Back also when a step is chosen in its 'Change a step'", async () => {
    const chat = new Chat(h.engine(), englishUser());
    await toWhere(chat);
    await whereToSummary(chat);
    const back = chat.view().form?.submit.find((a) => a.action.verb === 'intake_back')?.action;

    await chat.act(back as IntakeAction, { step: 'q:where' });

    expect(chat.formStep()).toBe('urgency');
  });

  it('starts over with a note listing the answers when the draft was idle for 24 hours', async () => {
    const chat = new Chat(h.engine(), englishUser());
    await toWhere(chat);
    h.clock.advance(24 * HOUR - 60_000);
    expect(await h.engine().isActive('teams:teams:bo')).toBe(true);
    await chat.submit({ where: 'Building 1481' });

    h.clock.advance(24 * HOUR);
    expect(await h.engine().isActive('teams:teams:bo')).toBe(false);
    const reply = await chat.submit({ who: 'Only me' });
    expect(reply.state).toBe('expired');
    const note = reply.views[0];
    expect(note?.title).toBe('Your earlier draft expired');
    expect(note?.text).toContain('24 hours');
    expect(note?.facts).toEqual([
      { label: 'Short description', value: 'The printer on floor 3 prints nothing' },
      { label: 'Area', value: 'Printing and scanning' },
      { label: 'What is the problem?', value: 'Nothing comes out of the printer' },
      { label: 'Where does it occur?', value: 'Building 1481' },
    ]);
    expect(chat.formStep()).toBe('category');
    expect(chat.input('categoryId')?.value).toBe('printing');
    expect(await h.engine().isActive('teams:teams:bo')).toBe(true);

    await chat.act({ verb: 'intake_category', categoryId: 'printing' });
    await chat.submit({ type: 'incident' });
    expect(chat.input('what')?.value).toBe('Nothing comes out of the printer');
    await chat.submit({ what: 'Nothing comes out of the printer' });
    expect(chat.input('where')?.value).toBe('Building 1481');
  });

  it('shows help for the current step and keeps the draft when "help" or "hjælp" is written', async () => {
    const chat = new Chat(h.engine(), englishUser());
    await toWhere(chat);
    const help = await chat.say('help');
    expect(help.state).toBe('active');
    expect(help.views).toHaveLength(2);
    expect(help.views[0]?.title).toBe('Help');
    expect(help.views[0]?.text).toContain('"back"');
    expect(help.views[0]?.text).toContain('Now: answer the question shown');
    expect(chat.formStep()).toBe('q:where');

    const idle = new Chat(h.engine(), danishUser());
    const reply = await idle.say('hjælp');
    expect(reply.state).toBe('idle');
    expect(idle.view().title).toBe('Hjælp');
    expect(idle.view().text).toContain('Beskriv dit problem');
    // The other things a person can write outside a draft (a Slack DM's "help" lands here).
    for (const word of ['"status INC-000123"', '"tilføj INC-000123 …"', '"mit"', '"bestil"'])
      expect(idle.view().text).toContain(word);
    expect(await h.engine().isActive('teams:teams:dorte')).toBe(false);
  });

  it('asks for a description first and falls back to the default locale when "new" is written', async () => {
    const chat = new Chat(h.engine(), buildPerson('kim', { locale: undefined }));
    await chat.say('new');
    expect(chat.formStep()).toBe('describe');
    expect(chat.view().locale).toBe('da');
    expect(chat.view().text).toContain('Hvad er problemet?');
    const empty = await chat.submit({ description: '' });
    expect(empty.errors?.['description']).toBe('Spørgsmålet skal besvares. Skriv venligst et par ord.');
    await chat.submit({ description: 'Jeg kan ikke komme på eduroam' });
    expect(chat.input('categoryId')?.options?.[0]?.value).toBe('wifi');
  });

  it('registers for the person found when staff start on behalf of an e-mail address', async () => {
    const chat = new Chat(h.engine(), h.staff, { locale: 'en' });
    await chat.act({ verb: 'intake_start' }, { onBehalfOf: 'anna@au.dk' });
    expect(chat.formStep()).toBe('channel');
    expect(chat.view().text).toBe('How did Anna Andersen contact us?');
    await chat.submit({ intakeChannel: 'phone' });
    expect(chat.formStep()).toBe('describe');
    await chat.say('Her printer does not print');
    await chat.act({ verb: 'intake_category', categoryId: 'printing' });
    await chat.submit({ type: 'incident' });
    await chat.submit({ what: 'Printer silent' });
    await whereToSummary(chat);
    const facts = factsOf(chat);
    expect(facts['User']).toBe('Anna Andersen, anna@au.dk, Arts');
    expect(facts['Reported by']).toBe('Sten Support');
    expect(facts['Reached us by']).toBe('Phone');
    await chat.act({ verb: 'intake_confirm' });
    expect(chat.view().text).toContain('for Anna Andersen');
    const { input, actor } = h.registered[0]!;
    expect(input.user.email).toBe('anna@au.dk');
    expect(input.reporter?.id).toBe(h.staff.id);
    expect(input.intakeChannel).toBe('phone');
    expect(input.locale).toBe('da');
    expect(actor.id).toBe(h.staff.id);
  });

  it('asks staff which faculty the person belongs to, by name, when they register on her behalf', async () => {
    const real = await createIntakeHarness(createCatalogueIndex(loadCatalogue('config/catalogue.yaml')));
    try {
      const toFaculty = async (chat: Chat, start: string) => {
        await chat.say(start);
        if (chat.formStep() === 'channel') await chat.say('phone');
        if (chat.formStep() === 'describe') await chat.say('The printer on floor 3 prints nothing');
        await chat.act({ verb: 'intake_category', categoryId: 'printing' });
        await chat.say('next');
        await chat.say('Nothing comes out of the printer');
        await chat.say('Building 1481, room 235');
        expect(chat.formStep()).toBe('q:faculty');
      };
      const en = new Chat(real.engine(), real.staff, { locale: 'en' });
      await toFaculty(en, 'new for anna@au.dk');
      expect(en.input('faculty')?.label).toBe('Which faculty does Anna Andersen belong to?');
      expect(en.view().text).toContain('Which faculty does Anna Andersen belong to?');
      const da = new Chat(real.engine(), real.staff, { locale: 'da', key: 'da-chat' });
      await toFaculty(da, 'ny for anna@au.dk');
      expect(da.input('faculty')?.label).toBe('Hvilket fakultet hører Anna Andersen til?');
      // The person's own report still asks her.
      const own = new Chat(real.engine(), englishUser());
      await own.say('The printer on floor 3 prints nothing');
      await own.say('Printing and scanning');
      await own.say('next');
      await own.say('Nothing comes out of the printer');
      await own.say('Building 1481, room 235');
      expect(own.input('faculty')?.label).toBe('Which faculty do you belong to?');
    } finally {
      await real.store.close();
    }
  });

  it('lets staff choose among several people when "ny for" matches more than one', async () => {
    const chat = new Chat(h.engine(), h.staff);
    await chat.say('ny for Jensen');
    expect(chat.formStep()).toBe('person');
    expect(chat.view().text).toBe('Flere personer matcher "Jensen". Hvem er det?');
    expect(chat.input('personId')?.options?.map((o) => o.value)).toEqual(['email:jens@au.dk', 'email:jette@au.dk']);
    const bad = await chat.submit({ personId: 'email:someone@au.dk' });
    expect(bad.errors?.['personId']).toContain('Vælg venligst');
    await chat.say('2');
    expect(chat.view().text).toBe('Hvordan kontaktede Jette Jensen os?');
    await chat.say('skranke');
    expect(chat.formStep()).toBe('describe');
    const state = (await h.store.getConversation(`teams:${h.staff.id}`))?.state as {
      onBehalf: { user: { id: string }; channel: string };
    };
    expect(state.onBehalf).toMatchObject({ user: { id: 'email:jette@au.dk' }, channel: 'desk' });
  });

  it('answers kindly and keeps nothing when nobody matches or a non-staff user asks for on-behalf', async () => {
    const chat = new Chat(h.engine(), h.staff, { locale: 'en' });
    const none = await chat.say('new for Nobody Atall');
    expect(none.state).toBe('idle');
    expect(chat.view().text).toContain('I found nobody matching "Nobody Atall"');
    expect(chat.input('onBehalfOf')?.value).toBe('Nobody Atall');
    expect(chat.view().form?.submit[0]?.action.verb).toBe('intake_start');
    expect(await h.engine().isActive(`teams:${h.staff.id}`)).toBe(false);

    const user = new Chat(h.engine(), englishUser());
    const reply = await user.say('new for anna@au.dk');
    expect(reply.views[0]?.text).toBe(
      'Only support staff can register cases on behalf of others, quick cases or templates.',
    );
    expect(user.formStep()).toBe('describe');
    expect(user.view().actions).toBeUndefined();
  });

  it('offers staff the staff paths on the first screen', async () => {
    const chat = new Chat(h.engine(), h.staff, { locale: 'en' });
    await chat.say('new');
    expect(chat.view().actions?.map((a) => a.action)).toEqual([
      { verb: 'intake_start', mode: 'on_behalf' },
      { verb: 'intake_start', mode: 'quick' },
      { verb: 'intake_start', mode: 'template' },
    ]);
    await chat.act({ verb: 'intake_start' }, { mode: 'on_behalf' });
    expect(chat.input('onBehalfOf')?.label).toBe('Name or e-mail');
  });

  it('registers a resolved quick case for nobody in one step when staff pick a quick case', async () => {
    const chat = new Chat(h.engine(), h.staff, { locale: 'en' });
    await chat.act({ verb: 'intake_start' }, { mode: 'quick' });
    expect(chat.view().title).toBe('Quick case');
    expect(chat.input('quickCaseId')?.options).toEqual([{ value: 'eduroam-setup', label: 'Eduroam set-up' }]);
    expect(chat.input('intakeChannel')?.value).toBe('desk');
    const bad = await chat.submit({ quickCaseId: 'nope' });
    expect(bad.errors?.['quickCaseId']).toBe('Please choose one of the options: Eduroam set-up.');
    const reply = await chat.submit({ quickCaseId: 'eduroam-setup', intakeChannel: 'desk', note: 'Student laptop' });
    expect(reply.state).toBe('done');
    expect(chat.view().text).toBe(`Registered as ${reply.case?.number} (Eduroam set-up), solved on the spot.`);
    expect(reply.case).toMatchObject({ status: 'resolved', quick: true, categoryId: 'wifi' });
    const { input } = h.registered[0]!;
    expect(input.user).toEqual(ANONYMOUS_QUICK);
    expect(input.reporter?.id).toBe(h.staff.id);
    expect(input.resolvedWith).toEqual({ solution: 'Eduroam set up and tested.', quick: true });
    expect(input.intakeChannel).toBe('desk');
    expect(input.description).toBe('Student laptop');

    const direct = await chat.act({ verb: 'intake_start' }, { quickCaseId: 'eduroam-setup', intakeChannel: 'phone' });
    expect(direct.state).toBe('done');
    expect(h.registered[1]?.input.intakeChannel).toBe('phone');
  });

  it('pre-fills category, priority, group and title and asks from "what" when staff use a template', async () => {
    const chat = new Chat(h.engine(), h.staff, { locale: 'en' });
    await chat.say('template');
    expect(chat.view().title).toBe('Case from a template');
    await chat.submit({ templateId: 'exam-printing' });
    expect(chat.formStep()).toBe('q:what');
    expect(chat.input('what')?.value).toBe('Printing during an exam fails.');
    await chat.submit({ what: 'Exam printing fails in room 101' });
    await chat.submit({ where: 'Building 1481' });
    await chat.act({ verb: 'intake_skip' });
    await chat.act({ verb: 'intake_skip' });
    await chat.submit({ printer_model: 'hp' });
    await chat.submit({ others_affected: 'yes' });
    expect(chat.view().title).toBe('Check your case');
    const facts = factsOf(chat);
    expect(facts['Template']).toBe('Exam printing down');
    expect(facts['Priority']).toBe('P1 Critical');
    expect(facts['Urgency']).toBeUndefined();
    const done = await chat.act({ verb: 'intake_confirm' });
    expect(done.case?.groupId).toBe('print-desk');
    expect(h.registered[0]?.input).toMatchObject({
      title: 'Exam printing is not working',
      priority: 'P1',
      groupId: 'print-desk',
      categoryId: 'printing',
      user: { id: h.staff.id },
    });
    expect(h.registered[0]?.input.reporter).toBeUndefined();
  });

  it('starts straight at "what" for the person found when staff combine a template with on-behalf', async () => {
    const chat = new Chat(h.engine(), h.staff, { locale: 'en' });
    await chat.act({ verb: 'intake_start' }, { templateId: 'exam-printing', onBehalfOf: 'anna@au.dk' });
    expect(chat.formStep()).toBe('channel');
    await chat.submit({ intakeChannel: 'desk' });
    expect(chat.formStep()).toBe('q:what');
  });

  it("keeps a form's draft when the form is closed holding only a description, a person found or a file", async () => {
    const bo = buildPerson('bo', { id: 'slack:U0BO', locale: 'en' });
    const file = {
      id: 'f'.repeat(43),
      name: 'error.png',
      contentType: 'image/png',
      size: 2048,
      at: '2025-03-10T09:00:00.000Z',
      by: { id: bo.id, name: bo.name },
    };
    const starts = [
      { person: bo, text: 'Eduroam drops every few minutes in building 1481', step: 'category' },
      { person: h.staff, values: { onBehalfOf: 'anna@au.dk' }, step: 'channel' },
      { person: bo, files: [file], step: 'describe' },
    ];
    for (const [i, s] of starts.entries()) {
      const base = {
        conversationKey: `slack:modal:${i}`,
        person: s.person,
        platform: 'slack' as const,
        surface: 'form' as const,
        locale: 'en',
      };
      const started = await h.engine().handle({
        ...base,
        action: { verb: 'intake_start' },
        ...(s.text ? { text: s.text } : {}),
        ...(s.values ? { values: s.values } : {}),
        ...(s.files ? { files: s.files } : {}),
      });
      expect(started.views.at(-1)?.form?.id).toBe(`intake-${s.step}`);
      const closed = await h.engine().handle({ ...base, action: { verb: 'intake_cancel' }, values: { closed: true } });
      expect(closed.state).toBe('active');
      expect(closed.views[0]?.text).toBe('Your answers are kept: open the report form again to go on.');
      const again = await h.engine().handle({ ...base, action: { verb: 'intake_start' } });
      expect(again.views[0]?.text).toContain('Here is the report you had started');
      expect(again.views.at(-1)?.form?.id).toBe(`intake-${s.step}`);
    }
    const kept = (await h.store.getConversation('slack:modal:0'))?.state;
    expect(kept?.['text']).toBe('Eduroam drops every few minutes in building 1481');
  });

  it('tells the user the conversation ended when a button of a finished conversation is clicked', async () => {
    const chat = new Chat(h.engine(), englishUser());
    const reply = await chat.act({ verb: 'intake_confirm' });
    expect(reply.state).toBe('idle');
    expect(chat.view().text).toContain('That conversation has ended');
    expect(chat.view().actions?.[0]?.action.verb).toBe('intake_start');
    expect(h.registered).toHaveLength(0);
  });
});
