import { describe, expect, it } from 'vitest';
import type { CaseStore } from '../../../src/models/case-store.js';
import { AppError } from '../../../src/models/errors.js';
import { IntakeEngine } from '../../../src/services/intake/intake-engine.js';
import { KnowledgeService } from '../../../src/services/knowledge.js';
import { driveToSummary } from '../../helpers/drive-intake.js';
import { people } from '../../helpers/people.js';
import { buildServices } from '../../helpers/services.js';

describe('IntakeEngine (registration retried after a half-way store failure)', () => {
  it('registers exactly one case when the store failed after creating it and the user confirms again', async () => {
    const s = await buildServices();
    let failDelete = true;
    // The case is created, then the store fails before the draft is removed: the user is told to try again.
    const store = new Proxy(s.store, {
      get(target, prop, receiver) {
        if (prop === 'deleteConversation' && failDelete) {
          return async () => {
            failDelete = false;
            throw new AppError('STORE.UNAVAILABLE', 'store went away');
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as CaseStore;
    const knowledge = new KnowledgeService(store, s.catalogue);
    const engine = new IntakeEngine({
      store,
      catalogue: s.catalogue,
      knowledge,
      register: s.register,
      clock: s.clock,
      defaultLocale: 'en',
      directory: s.directory,
      isStaff: () => false,
    });
    const base = { conversationKey: 'teams:chat-anna', person: people.anna, platform: 'teams' as const, locale: 'en' };
    await driveToSummary(engine, base, 'My laptop cannot reach eduroam in the library');

    const first = await engine.handle({ ...base, action: { verb: 'intake_confirm' } });
    expect(first.state).not.toBe('done');
    expect(first.views.map((v) => v.text).join(' ')).toMatch(/answers are kept/i);

    const second = await engine.handle({ ...base, action: { verb: 'intake_confirm' } });
    expect(second.state).toBe('done');
    const all = await s.store.findCases({ personId: people.anna.id });
    expect(all).toHaveLength(1);
    expect(second.case?.number).toBe(all[0]?.number);
    // The case's messages were written once (the group's card; a chat report gets no receipt besides its view).
    const messages = await s.store.listOutbox({ caseId: all[0]!.id });
    expect(messages.map((m) => m.kind)).toEqual(['post_card']);
  });
});
