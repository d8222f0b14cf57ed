import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCatalogueIndex } from '../../../src/config/catalogue-index.js';
import { loadCatalogue } from '../../../src/config/load-catalogue.js';
import { buildPerson } from '../../helpers/case-builder.js';
import { Chat, createIntakeHarness, type IntakeHarness } from './intake-fixtures.js';

let real: IntakeHarness;
beforeEach(async () => {
  real = await createIntakeHarness(createCatalogueIndex(loadCatalogue('config/catalogue.yaml')));
});
afterEach(async () => {
  await real.store.close();
});

/** From the start of a report to the `who` question (printing, the real catalogue's guide). */
async function toWho(chat: Chat, start: string): Promise<void> {
  await chat.say(start);
  if (chat.formStep() === 'channel') await chat.say('phone');
  if (chat.formStep() === 'describe') await chat.say('The printer on floor 3 prints nothing');
  await chat.act({ verb: 'intake_category', categoryId: 'printing' });
  await chat.say('next');
  await chat.say('Nothing comes out of the printer');
  await chat.say('Building 1481, room 235');
  await chat.say('arts');
  expect(chat.formStep()).toBe('q:who');
}

/** The question's help as shown: the input's placeholder, and in the step's text. */
function helpOf(chat: Chat, id: string): string | undefined {
  const help = chat.input(id)?.placeholder;
  if (help !== undefined) expect(chat.view().text).toContain(help);
  return help;
}

describe('IntakeEngine: the standard questions on behalf of someone (real catalogue)', () => {
  it('asks staff about the person by name at "who" and "when", in English and Danish', async () => {
    const en = new Chat(real.engine(), real.staff, { locale: 'en' });
    await toWho(en, 'new for anna@au.dk');
    expect(helpOf(en, 'who')).toBe('Only Anna Andersen, or others too? Which devices (e.g. PC name, phone, printer)?');
    await en.say('Only her');
    expect(en.formStep()).toBe('q:when');
    expect(helpOf(en, 'when')).toBe(
      'What did Anna Andersen do just before? When did it start, and does it happen all the time or now and then?',
    );

    const da = new Chat(real.engine(), real.staff, { locale: 'da', key: 'da-chat' });
    await toWho(da, 'ny for anna@au.dk');
    expect(helpOf(da, 'who')).toBe('Kun Anna Andersen, eller flere? Hvilke enheder (fx PC-navn, telefon, printer)?');
    await da.say('Kun hende');
    expect(helpOf(da, 'when')).toBe(
      'Hvad gjorde Anna Andersen lige før? Hvornår begyndte det, og sker det hele tiden eller af og til?',
    );
  });

  it('still asks the person herself about "you" on her own report', async () => {
    const own = new Chat(real.engine(), buildPerson('bo', { locale: 'en' }));
    await toWho(own, 'The printer on floor 3 prints nothing');
    expect(helpOf(own, 'who')).toBe('Only you, or others too? Which devices (e.g. PC name, phone, printer)?');
  });
});
