import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseStore } from '../../../src/models/case-store.js';
import { AppError } from '../../../src/models/errors.js';
import { buildPerson } from '../../helpers/case-builder.js';
import { Chat, createIntakeHarness, type IntakeHarness } from './intake-fixtures.js';

let h: IntakeHarness;
beforeEach(async () => {
  h = await createIntakeHarness();
});
afterEach(async () => {
  await h.store.close();
});

/** The harness's store, with `saveConversation` failing (STORE.UNAVAILABLE) while `fail.times` > 0. */
function savesFailing(fail: { times: number }): CaseStore {
  return new Proxy(h.store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop !== 'saveConversation') return value.bind(target);
      return async (...args: unknown[]) => {
        if (fail.times > 0) {
          fail.times--;
          throw new AppError('STORE.UNAVAILABLE', 'down: saveConversation');
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as unknown as CaseStore;
}

async function toWhere(chat: Chat): Promise<void> {
  await chat.say('The printer on floor 3 prints nothing');
  await chat.act({ verb: 'intake_category', categoryId: 'printing' });
  await chat.submit({ type: 'incident' });
  await chat.submit({ what: 'Nothing comes out of the printer' });
}

describe('IntakeEngine when the store does not answer an ordinary answer', () => {
  it('says the answer was not saved and keeps it in the form, without promising a registration', async () => {
    const chat = new Chat(h.engine(), buildPerson('bo', { locale: 'en' }));
    await toWhere(chat);
    const fail = { times: 1 };
    chat.use(h.engine({ store: savesFailing(fail) }));
    const down = await chat.submit({ where: 'Building 1481, room 235' });
    expect(fail.times).toBe(0);
    const note = down.views[0];
    expect(note?.title).not.toMatch(/register/i);
    expect(note?.text).not.toMatch(/answers are kept/);
    expect(note?.text).toMatch(/not answering/);
    expect(note?.text).toMatch(/send it again/);
    // The step is the same, and what was typed is still in its field: Next sends it again.
    expect(chat.formStep()).toBe('q:where');
    expect(chat.input('where')?.value).toBe('Building 1481, room 235');
    await chat.submit({ where: chat.input('where')?.value ?? '' });
    expect(chat.formStep()).toBe('q:who');
  });

  it('says no new case can be started now, not "send it again", when a new start over a draft was not saved', async () => {
    const chat = new Chat(h.engine(), buildPerson('bo', { locale: 'en' }));
    await toWhere(chat);
    const key = `teams:${chat.person.id}`;
    const before = (await h.store.getConversation(key))?.state;
    expect(before?.['step']).toBe('q:where');
    chat.use(h.engine({ store: savesFailing({ times: 2 }) }));
    for (const start of [() => chat.act({ verb: 'intake_start' }), () => chat.say('new')]) {
      const down = await start();
      expect(down.state).toBe('active');
      expect(down.views.map((v) => v.text)).toEqual([
        'I cannot take new cases right now: our case system is not answering. Please try again in a moment.',
      ]);
    }
    // The draft is as it was.
    expect((await h.store.getConversation(key))?.state).toEqual(before);
  });

  it('asks in Danish to write the answer again when a typed answer was not saved', async () => {
    const chat = new Chat(h.engine(), buildPerson('dorte', { locale: 'da' }));
    await chat.say('Printeren på 3. sal printer ikke');
    chat.use(h.engine({ store: savesFailing({ times: 1 }) }));
    const down = await chat.say('Print og scanning');
    expect(down.views[0]?.title).not.toMatch(/registrere/i);
    expect(down.views[0]?.text).toMatch(/Send det igen/);
    expect(chat.formStep()).toBe('category');
  });

  it('still says the case could not be registered and the answers are kept when a confirm met the store down', async () => {
    const chat = new Chat(h.engine(), buildPerson('bo', { locale: 'en' }));
    await toWhere(chat);
    await chat.submit({ where: 'Building 1481' });
    await chat.act({ verb: 'intake_skip' });
    await chat.act({ verb: 'intake_skip' });
    await chat.submit({ printer_model: 'canon' });
    await chat.submit({ others_affected: 'no' });
    if (chat.formStep() === 'knowledge') await chat.act({ verb: 'intake_not_solved' });
    await chat.act({ verb: 'intake_urgency', urgency: 'medium' });
    const deleteFails = new Proxy(h.store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop === 'deleteConversation') return async () => Promise.reject(new AppError('STORE.UNAVAILABLE', 'down'));
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as unknown as CaseStore;
    chat.use(h.engine({ store: deleteFails }));
    const down = await chat.say('confirm');
    expect(down.views[0]?.title).toBe('Could not register right now');
    expect(down.views[0]?.text).toMatch(/answers are kept/);
  });
});
