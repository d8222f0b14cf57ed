import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseStore } from '../../../src/models/case-store.js';
import { AppError } from '../../../src/models/errors.js';
import type { IntakeState } from '../../../src/services/intake/intake-state.js';
import { buildPerson } from '../../helpers/case-builder.js';
import { Chat, createIntakeHarness, type IntakeHarness } from './intake-fixtures.js';

const HOUR = 3_600_000;

let h: IntakeHarness;
beforeEach(async () => {
  h = await createIntakeHarness();
});
afterEach(async () => {
  await h.store.close();
});

const bo = () => buildPerson('bo', { locale: 'en' });

async function stateOf(key: string): Promise<IntakeState | undefined> {
  return (await h.store.getConversation(key))?.state as unknown as IntakeState | undefined;
}

/** The harness's store, with `method` failing (STORE.UNAVAILABLE) the next `fail.times` calls. */
function failing(method: keyof CaseStore, fail: { times: number }): CaseStore {
  return new Proxy(h.store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop !== method) return value.bind(target);
      return async (...args: unknown[]) => {
        if (fail.times > 0) {
          fail.times--;
          throw new AppError('STORE.UNAVAILABLE', `down: ${String(prop)}`);
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as unknown as CaseStore;
}

/** Drives an English printing case from the first message to the question "Who has the problem?". */
async function toWho(chat: Chat): Promise<void> {
  await chat.say('The printer on floor 3 prints nothing');
  await chat.act({ verb: 'intake_category', categoryId: 'printing' });
  await chat.submit({ type: 'incident' });
  await chat.submit({ what: 'Nothing comes out of the printer' });
  await chat.submit({ where: 'Building 1481' });
}

describe('IntakeEngine with an expired draft and a failing store', () => {
  it('keeps the expired draft and restarts it on the next turn when saving the new draft failed', async () => {
    const person = bo();
    const key = `teams:${person.id}`;
    const chat = new Chat(h.engine(), person);
    await toWho(chat);
    h.clock.advance(25 * HOUR);

    const fail = { times: 1 };
    chat.use(h.engine({ store: failing('saveConversation', fail) }));
    const down = await chat.submit({ who: 'Only me' });
    expect(fail.times).toBe(0);
    expect(down.views[0]?.text).toMatch(/not answering/);
    expect((await stateOf(key))?.answers['where']).toBe('Building 1481');

    // The store answers again: the same turn finds the expired draft and restarts it with the answers.
    const again = await chat.submit({ who: 'Only me' });
    expect(again.state).toBe('expired');
    expect(again.views[0]?.facts?.map((f) => f.value)).toContain('Building 1481');
    expect((await stateOf(key))?.prefill['where']).toBe('Building 1481');
    await chat.act({ verb: 'intake_category', categoryId: 'printing' });
    await chat.submit({ type: 'incident' });
    await chat.submit({ what: 'Nothing comes out of the printer' });
    expect(chat.input('where')?.value).toBe('Building 1481');
  });

  it('removes the expired draft when its restart ends without a new one', async () => {
    const chat = new Chat(h.engine(), h.staff, { locale: 'en' });
    const key = `teams:${h.staff.id}`;
    await chat.say('The printer prints nothing');
    h.clock.advance(25 * HOUR);
    const reply = await chat.say('new for nobody@au.dk');
    expect(reply.state).toBe('idle');
    expect(reply.views[0]?.title).toBe('Your earlier draft expired');
    expect(await h.store.getConversation(key)).toBeNull();
  });
});
