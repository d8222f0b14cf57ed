import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IntakeState } from '../../../src/services/intake/intake-state.js';
import { buildPerson } from '../../helpers/case-builder.js';
import { Chat, createIntakeHarness, type IntakeHarness } from './intake-fixtures.js';

let h: IntakeHarness;
beforeEach(async () => {
  h = await createIntakeHarness();
});
afterEach(async () => {
  await h.store.close();
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
