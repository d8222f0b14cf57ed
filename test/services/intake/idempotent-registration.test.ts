import { describe, expect, it } from 'vitest';
import type { CaseStore } from '../../../src/models/case-store.js';
import { AppError } from '../../../src/models/errors.js';
import { IntakeEngine } from '../../../src/services/intake/intake-engine.js';
import { KnowledgeService } from '../../../src/services/knowledge.js';
import type { IntakeMajors } from '../../../src/services/major/major-intake.js';
import { driveToSummary } from '../../helpers/drive-intake.js';
import { people } from '../../helpers/people.js';
import { buildServices, type Services } from '../../helpers/services.js';

/** An engine over the services' store whose `deleteConversation` fails (STORE.UNAVAILABLE) while `fail.next`. */
function engineOver(s: Services, fail: { next: boolean }, staff = false): IntakeEngine {
  const store = new Proxy(s.store, {
    get(target, prop, receiver) {
      if (prop === 'deleteConversation' && fail.next) {
        return async () => {
          fail.next = false;
          throw new AppError('STORE.UNAVAILABLE', 'store went away');
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as CaseStore;
  return new IntakeEngine({
    store,
    catalogue: s.catalogue,
    knowledge: new KnowledgeService(store, s.catalogue),
    register: s.register,
    clock: s.clock,
    defaultLocale: 'en',
    directory: s.directory,
    isStaff: () => staff,
  });
}

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

describe('IntakeEngine (one registration per draft, not per start time)', () => {
  it('registers a second report of the chat started in the same millisecond as the first as a case of its own', async () => {
    const s = await buildServices();
    const engine = engineOver(s, { next: false });
    const base = { conversationKey: 'teams:chat-anna', person: people.anna, platform: 'teams' as const, locale: 'en' };
    // The clock does not move: both drafts start at the same instant (as two instances' clocks may agree).
    await driveToSummary(engine, base, 'My laptop cannot reach eduroam in the library');
    const first = await engine.handle({ ...base, action: { verb: 'intake_confirm' } });
    await driveToSummary(engine, base, 'Outlook cannot find the server since this morning');

    const second = await engine.handle({ ...base, action: { verb: 'intake_confirm' } });

    expect(second.state).toBe('done');
    expect(second.case?.id).not.toBe(first.case?.id);
    expect(second.case?.number).not.toBe(first.case?.number);
    expect(await s.store.findCases({ personId: people.anna.id })).toHaveLength(2);
    await s.close();
  });
});

describe('IntakeEngine (quick cases registered once)', () => {
  const base = { conversationKey: 'teams:chat-jonas', person: people.jonas, platform: 'teams' as const };
  const pick = { verb: 'intake_answer' as const, step: 'quick', values: { quickCaseId: 'eduroam-setup' } };
  const direct = { quickCaseId: 'eduroam-setup', intakeChannel: 'desk', note: 'Student laptop', pick: 'case-1' };

  it('registers one quick case when the store failed after registering it and staff submit the form again', async () => {
    const s = await buildServices();
    const fail = { next: false };
    const engine = engineOver(s, fail, true);
    await engine.handle({ ...base, action: { verb: 'intake_start' }, values: { mode: 'quick' } });
    fail.next = true;
    const first = await engine.handle({ ...base, action: pick });
    expect(first.state).not.toBe('done');
    expect(first.views[0]?.text).toMatch(/not answering/);
    const second = await engine.handle({ ...base, action: pick });
    expect(second.state).toBe('done');
    const all = await s.store.findCases({});
    expect(all).toHaveLength(1);
    expect(second.case?.id).toBe(all[0]?.id);
    await s.close();
  });

  it('registers one quick case when the form is submitted twice at once (a double click)', async () => {
    const s = await buildServices();
    const engine = engineOver(s, { next: false }, true);
    await engine.handle({ ...base, action: { verb: 'intake_start' }, values: { mode: 'quick' } });
    const replies = await Promise.all([
      engine.handle({ ...base, action: pick }),
      engine.handle({ ...base, action: pick }),
    ]);
    expect(replies.map((r) => r.state)).toContain('done');
    expect(await s.store.findCases({})).toHaveLength(1);
    await s.close();
  });

  it('registers one quick case when a direct pick is sent twice at once (a double click)', async () => {
    const s = await buildServices();
    const engine = engineOver(s, { next: false }, true);
    const start = { ...base, action: { verb: 'intake_start' as const }, values: direct };
    const [a, b] = await Promise.all([engine.handle(start), engine.handle(start)]);
    expect([a.state, b.state]).toEqual(['done', 'done']);
    expect(a.case?.number).toBe(b.case?.number);
    expect(await s.store.findCases({})).toHaveLength(1);
    await s.close();
  });

  it('registers one quick case when a direct pick replacing a draft is retried after the store failed', async () => {
    const s = await buildServices();
    const fail = { next: false };
    const engine = engineOver(s, fail, true);
    await engine.handle({ ...base, text: 'The printer on floor 3 prints nothing' });
    fail.next = true;
    const start = { ...base, action: { verb: 'intake_start' as const }, values: direct };
    const first = await engine.handle(start);
    expect(first.state).not.toBe('done');
    s.clock.advance(30_000);
    const second = await engine.handle(start);
    expect(second.state).toBe('done');
    expect(await s.store.findCases({})).toHaveLength(1);
    expect(await s.store.getConversation(base.conversationKey)).toBeNull();
    await s.close();
  });

  it('registers another quick case when the next direct pick comes from another button or has another note', async () => {
    const s = await buildServices();
    const engine = engineOver(s, { next: false }, true);
    const start = (values: Record<string, unknown>) =>
      engine.handle({ ...base, action: { verb: 'intake_start' }, values });
    const first = await start(direct);
    const other = await start({ ...direct, note: 'Another student' });
    const next = await start({ ...direct, pick: 'case-2' });
    const numbers = [first, other, next].map((r) => r.case?.number);
    expect(new Set(numbers).size).toBe(3);
    expect(await s.store.findCases({})).toHaveLength(3);
    await s.close();
  });

  it('registers two quick cases when the same quick case is picked twice in a row without a button id', async () => {
    const s = await buildServices({ now: '2025-03-03T09:00:10Z' });
    const engine = engineOver(s, { next: false }, true);
    const start = () =>
      engine.handle({ ...base, action: { verb: 'intake_start' }, values: { quickCaseId: 'eduroam-setup' } });
    const first = await start();
    s.clock.advance(40_000); // the next student at the desk
    const second = await start();
    expect([first.state, second.state]).toEqual(['done', 'done']);
    expect(second.case?.number).not.toBe(first.case?.number);
    expect(await s.store.findCases({})).toHaveLength(2);
    await s.close();
  });

  it('registers one quick case when a button is sent again a second later, across any minute boundary', async () => {
    const s = await buildServices({ now: '2025-03-03T09:01:59.500Z' });
    const engine = engineOver(s, { next: false }, true);
    const start = () => engine.handle({ ...base, action: { verb: 'intake_start' }, values: direct });
    const first = await start();
    s.clock.advance(1_000);
    const retry = await start();
    expect(retry.case?.number).toBe(first.case?.number);
    expect(await s.store.findCases({})).toHaveLength(1);
    await s.close();
  });

  it('offers "one more" after a quick case: that button registers one case however often it is sent', async () => {
    const s = await buildServices();
    const engine = engineOver(s, { next: false }, true);
    await engine.handle({ ...base, action: { verb: 'intake_start' }, values: { mode: 'quick' } });
    const first = await engine.handle({
      ...base,
      action: { ...pick, values: { ...pick.values, intakeChannel: 'phone' } },
    });
    const again = first.views.at(-1)?.actions?.[0];
    expect(again?.label).toBe('One more: Eduroam set-up');
    expect(again?.action).toEqual({
      verb: 'intake_start',
      quickCaseId: 'eduroam-setup',
      intakeChannel: 'phone',
      pick: first.case?.id,
    });
    const { verb: _verb, ...values } = again!.action;
    const click = () => engine.handle({ ...base, action: { verb: 'intake_start' }, values });
    const [a, b] = await Promise.all([click(), click()]);
    const late = await click();
    expect(a.case?.number).not.toBe(first.case?.number);
    expect([b.case?.number, late.case?.number]).toEqual([a.case?.number, a.case?.number]);
    expect(a.case?.intakeChannel).toBe('phone');
    // The next done view's button is the next person's.
    const next = a.views.at(-1)?.actions?.[0]?.action;
    expect(next?.['pick']).toBe(a.case?.id);
    const { verb: _v, ...nextValues } = next!;
    const third = await engine.handle({ ...base, action: { verb: 'intake_start' }, values: nextValues });
    expect(new Set([first, a, third].map((r) => r.case?.number)).size).toBe(3);
    expect(await s.store.findCases({})).toHaveLength(3);
    await s.close();
  });
});

describe('IntakeEngine (joining a major incident retried after a half-way store failure)', () => {
  it('finishes the join (the parent counts the report) instead of calling it "already joined"', async () => {
    const s = await buildServices();
    const fail = { next: false };
    const store = new Proxy(s.store, {
      get(target, prop, receiver) {
        if (prop === 'deleteConversation' && fail.next) {
          return async () => {
            fail.next = false;
            throw new AppError('STORE.UNAVAILABLE', 'store went away');
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as CaseStore;
    const joins: string[] = [];
    const majors: IntakeMajors = {
      matchForIntake: async (categoryId) =>
        categoryId === 'wifi-eduroam'
          ? { parentId: 'major-1', number: 'INC-000001', view: { kind: 'message', locale: 'en', text: 'We know' } }
          : null,
      linkedReport: async (parentId, person) =>
        (await s.store.findCases({})).find((c) => c.parentId === parentId && c.user.id === person.id) ?? null,
      joined: async (child) => {
        joins.push(child.id);
        return { kind: 'message', locale: 'en', text: 'Added you to the affected' };
      },
    };
    const engine = new IntakeEngine({
      store,
      catalogue: s.catalogue,
      knowledge: new KnowledgeService(store, s.catalogue),
      register: s.register,
      clock: s.clock,
      defaultLocale: 'en',
      directory: s.directory,
      isStaff: () => false,
      majors,
    });
    const base = { conversationKey: 'teams:chat-anna', person: people.anna, platform: 'teams' as const, locale: 'en' };
    await engine.handle({ ...base, text: 'My laptop cannot reach eduroam in the library' });
    await engine.handle({ ...base, action: { verb: 'intake_category', categoryId: 'wifi-eduroam' } });
    const join = { ...base, action: { verb: 'intake_join_major' as const, parentId: 'major-1' } };
    fail.next = true;
    const first = await engine.handle(join);
    expect(first.state).not.toBe('done');
    const second = await engine.handle(join);
    expect(second.state).toBe('done');
    expect(second.views.map((v) => v.text)).toEqual(['Added you to the affected']);
    const all = await s.store.findCases({});
    expect(all).toHaveLength(1);
    expect(joins).toEqual([all[0]?.id]);
    // Someone else's report found for the same person is still "already joined", with no second case.
    await engine.handle({ ...base, conversationKey: 'slack:dm-anna', text: 'Eduroam is gone again' });
    await engine.handle({
      ...base,
      conversationKey: 'slack:dm-anna',
      action: { verb: 'intake_category', categoryId: 'wifi-eduroam' },
    });
    const other = await engine.handle({ ...join, conversationKey: 'slack:dm-anna' });
    expect(other.case?.id).toBe(all[0]?.id);
    expect(joins).toHaveLength(1);
    expect(await s.store.findCases({})).toHaveLength(1);
    await s.close();
  });
});

describe('IntakeEngine ("one more" when the store does not answer)', () => {
  it('offers the same button again, which then registers one case', async () => {
    const s = await buildServices();
    const fail = { next: false };
    const engine = engineOver(s, fail, true);
    const base = { conversationKey: 'teams:chat-jonas', person: people.jonas, platform: 'teams' as const };
    // A draft is open, so the pick has a record to remove: that write fails after the case was registered.
    await engine.handle({ ...base, text: 'The printer on floor 3 prints nothing' });
    const values = { quickCaseId: 'eduroam-setup', intakeChannel: 'desk', pick: 'case-1' };
    fail.next = true;
    const first = await engine.handle({ ...base, action: { verb: 'intake_start' }, values });
    expect(first.state).not.toBe('done');
    const retry = first.views[0]?.actions?.[0];
    expect(retry).toEqual({ label: 'Try again', action: { verb: 'intake_start', ...values } });
    const { verb: _verb, ...again } = retry!.action;
    const second = await engine.handle({ ...base, action: { verb: 'intake_start' }, values: again });
    expect(second.state).toBe('done');
    expect(await s.store.findCases({})).toHaveLength(1);
    await s.close();
  });
});
