import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IntakeState } from '../../../src/services/intake/intake-state.js';
import { buildPerson } from '../../helpers/case-builder.js';
import { shippedCatalogue } from '../../helpers/services.js';
import { Chat, createIntakeHarness, type IntakeHarness } from './intake-fixtures.js';

let h: IntakeHarness;
beforeEach(async () => {
  h = await createIntakeHarness();
});
afterEach(async () => {
  await h.store.close();
});

async function answersOf(key: string): Promise<IntakeState['answers']> {
  return ((await h.store.getConversation(key))!.state as unknown as IntakeState).answers;
}

/** Drives a Danish printing case from the first message to the question "Hvornår begyndte det?". */
async function toWhen(chat: Chat, description = 'Printeren på 3. sal virker ikke'): Promise<void> {
  await chat.say(description);
  await chat.act({ verb: 'intake_category', categoryId: 'printing' });
  await chat.submit({ type: 'incident' });
  await chat.submit({ what: 'Der kommer intet ud' });
  await chat.submit({ where: 'Bygning 1481' });
  await chat.act({ verb: 'intake_skip' });
  expect(chat.formStep()).toBe('q:when');
}

describe('IntakeEngine reading dates', () => {
  it('stores "i dag" as the Copenhagen date when it is answered just after local midnight', async () => {
    const chat = new Chat(h.engine(), buildPerson('dorte', { locale: 'da' }));
    // 00:30 on Tuesday 11 March 2025 in Copenhagen is 23:30 UTC on the 10th.
    h.clock.set('2025-03-10T23:30:00Z');
    await toWhen(chat);
    await chat.say('i dag');
    expect((await answersOf('teams:teams:dorte'))['when']).toBe('2025-03-11');
  });

  it('stores "i går" as the day before in the configured zone when one is given', async () => {
    // 00:30 on 1 July 2025 in Copenhagen (summer time); in UTC it is still 30 June.
    h.clock.set('2025-06-30T22:30:00Z');
    const copenhagen = new Chat(h.engine(), buildPerson('dorte', { locale: 'da' }));
    await toWhen(copenhagen);
    await copenhagen.say('i går');
    expect((await answersOf('teams:teams:dorte'))['when']).toBe('2025-06-30');

    const utc = new Chat(h.engine({ timeZone: 'UTC' }), buildPerson('ulla', { locale: 'da' }));
    await toWhen(utc);
    await utc.say('i går');
    expect((await answersOf('teams:teams:ulla'))['when']).toBe('2025-06-29');
  });
});

describe('IntakeEngine cleaning text', () => {
  it('keeps emoji sequences, joiners and tabs in the description and the answers when they are sent', async () => {
    const chat = new Chat(h.engine(), buildPerson('bo', { locale: 'en' }));
    const coder = '👩\u200D💻';
    await chat.say(`The ${coder} lab printer prints nothing\nQueue\tJobs\nlab-3\t12`);
    await chat.act({ verb: 'intake_category', categoryId: 'printing' });
    await chat.submit({ type: 'incident' });
    await chat.submit({ what: `Nothing comes out\u0000 for the ${coder} lab\nPrinter\tState\nHP-3\tOffline\u202E` });
    const state = (await h.store.getConversation('teams:teams:bo'))!.state as unknown as IntakeState;
    expect(state.text).toBe(`The ${coder} lab printer prints nothing\nQueue\tJobs\nlab-3\t12`);
    expect(state.answers['what']).toBe(`Nothing comes out for the ${coder} lab\nPrinter\tState\nHP-3\tOffline`);
  });
});

describe('IntakeEngine keeping a pre-filled answer', () => {
  it('keeps the pre-filled text when "ok", "ja" or "next" is typed at its question, not the word', async () => {
    const chat = new Chat(h.engine(), buildPerson('dorte', { locale: 'da' }));
    await chat.say('Printeren på 3. sal virker ikke');
    await chat.act({ verb: 'intake_category', categoryId: 'printing' });
    await chat.submit({ type: 'incident' });
    // "Hvad er problemet?" shows the description already written.
    expect(chat.formStep()).toBe('q:what');
    expect(chat.input('what')?.value).toBe('Printeren på 3. sal virker ikke');
    await chat.say('ok');
    expect(chat.formStep()).toBe('q:where');
    expect((await answersOf('teams:teams:dorte'))['what']).toBe('Printeren på 3. sal virker ikke');
    // Back to it: the answer given is shown, and "ja" keeps it too.
    await chat.say('Bygning 1481');
    await chat.say('tilbage');
    expect(chat.input('where')?.value).toBe('Bygning 1481');
    await chat.say('ja');
    expect((await answersOf('teams:teams:dorte'))['where']).toBe('Bygning 1481');
  });

  it('asks again with the reason when the pre-filled text kept with "ok" is too long for the question', async () => {
    const chat = new Chat(h.engine(), buildPerson('dorte', { locale: 'da' }));
    await chat.say(`Printeren på 3. sal virker ikke. ${'Den blinker rødt. '.repeat(20)}`);
    await chat.act({ verb: 'intake_category', categoryId: 'printing' });
    await chat.submit({ type: 'incident' });
    const reply = await chat.say('ok');
    expect(chat.formStep()).toBe('q:what');
    expect(reply.errors?.['what']).toContain('300');
  });

  it('takes a typed option with a phone\'s typographic apostrophe as that option, not as "not an option"', async () => {
    const shipped = await createIntakeHarness(shippedCatalogue());
    try {
      const chat = new Chat(shipped.engine(), buildPerson('bo', { locale: 'en' }));
      await chat.say('The printer does not print');
      await chat.act({ verb: 'intake_category', categoryId: 'printing' });
      await chat.say('next');
      await chat.say('next');
      await chat.say('Building 1482');
      expect(chat.formStep()).toBe('q:faculty');
      // iOS and macOS turn the ' of "Don't" into ’ as it is typed.
      const reply = await chat.say('Don\u2019t know / central administration');
      expect(reply.errors).toBeUndefined();
      expect(chat.formStep()).toBe('q:who');
      const state = (await shipped.store.getConversation('teams:teams:bo'))!.state as unknown as IntakeState;
      expect(state.answers['faculty']).toBe('unknown');
    } finally {
      await shipped.store.close();
    }
  });

  it('takes an option or an area named in the language the card was shown in when the next turn is in the other', async () => {
    const person = buildPerson('dorte', { locale: 'da' });
    const danish = new Chat(h.engine(), person);
    await danish.say('Der er noget galt');
    expect(danish.formStep()).toBe('category');
    // The same chat from a client in English (Teams on an English desktop after a Danish phone).
    const english = new Chat(h.engine(), person, { locale: 'en-US' });
    await english.say('Print og scanning');
    expect(english.formStep()).toBe('type');
    const draft = (await h.store.getConversation('teams:teams:dorte'))!.state as unknown as IntakeState;
    expect(draft.categoryId).toBe('printing');
    expect(draft.text).toBe('Der er noget galt');
    await english.submit({ type: 'incident' });
    await english.submit({ what: 'Der kommer intet ud' });
    await english.submit({ where: 'Bygning 1481' });
    await english.act({ verb: 'intake_skip' });
    await english.act({ verb: 'intake_skip' });
    expect(english.formStep()).toBe('q:printer_model');
    const reply = await english.say('Anden');
    expect(reply.errors).toBeUndefined();
    expect((await answersOf('teams:teams:dorte'))['printer_model']).toBe('other');
  });

  it('takes the word as the answer when nothing is pre-filled, and "ja" as yes at a yes/no question', async () => {
    const chat = new Chat(h.engine(), buildPerson('dorte', { locale: 'da' }));
    await toWhen(chat);
    await chat.act({ verb: 'intake_skip' });
    await chat.submit({ printer_model: 'hp' });
    await chat.say('ja');
    expect((await answersOf('teams:teams:dorte'))['others_affected']).toBe(true);
    await chat.say('tilbage');
    await chat.say('nej');
    expect((await answersOf('teams:teams:dorte'))['others_affected']).toBe(false);
    // "Hvem har problemet?" (optional, empty): "ok" is what was written.
    const other = new Chat(h.engine(), buildPerson('erik', { locale: 'da' }));
    await other.say('Printeren på 3. sal virker ikke');
    await other.act({ verb: 'intake_category', categoryId: 'printing' });
    await other.submit({ type: 'incident' });
    await other.submit({ what: 'Der kommer intet ud' });
    await other.submit({ where: 'Bygning 1481' });
    expect(other.formStep()).toBe('q:who');
    await other.say('ok');
    expect((await answersOf('teams:teams:erik'))['who']).toBe('ok');
  });
});
