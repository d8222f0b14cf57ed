import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AttachmentRef, type Person, toRef } from '../../../src/models/case.js';
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

const fileRef = (by: Person, name: string): AttachmentRef => ({
  id: `file-${name}`,
  name,
  contentType: 'image/png',
  size: 2048,
  at: '2025-03-10T09:00:00.000Z',
  by: toRef(by),
});

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

describe('IntakeEngine restarting an expired draft', () => {
  it('keeps the pictures sent with the draft and registers them with the case', async () => {
    const person = bo();
    const key = `teams:${person.id}`;
    const chat = new Chat(h.engine(), person);
    await toWho(chat);
    const shot = fileRef(person, 'screenshot.png');
    await h.engine().handle({ conversationKey: key, person, platform: 'teams', files: [shot] });
    h.clock.advance(25 * HOUR);

    const reply = await chat.submit({ who: 'Only me' });
    expect(reply.state).toBe('expired');
    expect(reply.views[0]?.facts).toContainEqual({ label: 'Attachments', value: 'screenshot.png' });
    expect((await stateOf(key))?.attachments).toEqual([shot]);

    // Files sent with the turn that restarts it are added to them.
    h.clock.advance(25 * HOUR);
    const more = fileRef(person, 'error-log.txt');
    chat.last = await h.engine().handle({ conversationKey: key, person, platform: 'teams', files: [more] });
    expect((await stateOf(key))?.attachments).toEqual([shot, more]);

    await chat.act({ verb: 'intake_category', categoryId: 'printing' });
    await chat.submit({ type: 'incident' });
    await chat.submit({ what: 'Nothing comes out of the printer' });
    await chat.submit({ where: 'Building 1481' });
    await chat.act({ verb: 'intake_skip' });
    await chat.act({ verb: 'intake_skip' });
    await chat.submit({ printer_model: 'hp' });
    await chat.submit({ others_affected: 'no' });
    await chat.act({ verb: 'intake_not_solved' });
    await chat.act({ verb: 'intake_urgency', urgency: 'medium' });
    expect((await chat.act({ verb: 'intake_confirm' })).state).toBe('done');
    expect(h.registered[0]?.input.attachments).toEqual([shot, more]);
  });

  it('still registers for the person staff reported for, with the staff member as reporter', async () => {
    const chat = new Chat(h.engine(), h.staff, { locale: 'en' });
    const key = `teams:${h.staff.id}`;
    await chat.act({ verb: 'intake_start' }, { onBehalfOf: 'anna@au.dk' });
    await chat.submit({ intakeChannel: 'phone' });
    await chat.say('Her printer does not print');
    h.clock.advance(25 * HOUR);

    const reply = await chat.act({ verb: 'intake_category', categoryId: 'printing' });
    expect(reply.state).toBe('expired');
    const state = await stateOf(key);
    expect(state?.mode).toBe('on_behalf');
    expect(state?.onBehalf?.user?.email).toBe('anna@au.dk');
    expect(state?.onBehalf?.channel).toBe('phone');

    await chat.act({ verb: 'intake_category', categoryId: 'printing' });
    await chat.submit({ type: 'incident' });
    await chat.submit({ what: 'Printer silent' });
    await chat.submit({ where: 'Building 1481' });
    await chat.act({ verb: 'intake_skip' });
    await chat.act({ verb: 'intake_skip' });
    await chat.submit({ printer_model: 'hp' });
    await chat.submit({ others_affected: 'no' });
    await chat.act({ verb: 'intake_not_solved' });
    await chat.act({ verb: 'intake_urgency', urgency: 'medium' });
    const done = await chat.act({ verb: 'intake_confirm' });
    expect(done.state).toBe('done');
    expect(h.registered).toHaveLength(1);
    expect(h.registered[0]?.input.user.email).toBe('anna@au.dk');
    expect(h.registered[0]?.input.reporter?.id).toBe(h.staff.id);
    expect(h.registered[0]?.input.intakeChannel).toBe('phone');
  });

  it('starts again from the template staff chose, keeping its priority and group', async () => {
    const chat = new Chat(h.engine(), h.staff, { locale: 'en' });
    const key = `teams:${h.staff.id}`;
    await chat.act({ verb: 'intake_start' }, { templateId: 'exam-printing' });
    await chat.submit({ what: 'Exam printing fails in room 101' });
    h.clock.advance(25 * HOUR);

    const reply = await chat.submit({ where: 'Building 1481' });
    expect(reply.state).toBe('expired');
    const state = await stateOf(key);
    expect(state?.mode).toBe('template');
    expect(state?.template).toMatchObject({ id: 'exam-printing', priority: 'P1', groupId: 'print-desk' });
    expect(chat.formStep()).toBe('q:what');
    expect(chat.input('what')?.value).toBe('Exam printing fails in room 101');
  });

  it('shows the quick cases again when a quick-case draft expired', async () => {
    const chat = new Chat(h.engine(), h.staff, { locale: 'en' });
    await chat.say('kviksag');
    h.clock.advance(25 * HOUR);
    const reply = await chat.say('hello?');
    expect(reply.state).toBe('expired');
    expect(chat.formStep()).toBe('quick');
    expect((await stateOf(`teams:${h.staff.id}`))?.mode).toBe('quick');
  });

  it('keeps asking for a receipt when a draft begun in a form (a Slack modal) expired and goes on in the DM', async () => {
    const person = bo();
    const key = `slack:${person.id}`;
    const engine = h.engine();
    const base = { conversationKey: key, person, platform: 'slack' as const };
    await engine.handle({ ...base, surface: 'form', text: 'The printer on floor 3 prints nothing' });
    h.clock.advance(25 * HOUR);
    const reply = await engine.handle({ ...base, text: 'is anyone there?' });
    expect(reply.state).toBe('expired');
    expect((await stateOf(key))?.surface).toBe('form');
  });

  it('starts the staff path asked for, not the expired one, when "new for" names another person', async () => {
    const chat = new Chat(h.engine(), h.staff, { locale: 'en' });
    const key = `teams:${h.staff.id}`;
    await chat.act({ verb: 'intake_start' }, { onBehalfOf: 'anna@au.dk' });
    h.clock.advance(25 * HOUR);
    const reply = await chat.say('new for jens@au.dk');
    expect(reply.state).toBe('expired');
    expect((await stateOf(key))?.onBehalf?.user?.email).toBe('jens@au.dk');
  });

  it("restarts a report as the person's own when someone who is no longer staff continues it", async () => {
    const chat = new Chat(h.engine(), h.staff, { locale: 'en' });
    const key = `teams:${h.staff.id}`;
    await chat.act({ verb: 'intake_start' }, { onBehalfOf: 'anna@au.dk' });
    h.clock.advance(25 * HOUR);
    chat.use(h.engine({ isStaff: () => false }));
    const reply = await chat.say('Her printer does not print');
    expect(reply.state).toBe('expired');
    const state = await stateOf(key);
    expect(state?.mode).toBe('self');
    expect(state?.onBehalf).toBeUndefined();
  });

  it("starts from the description a start brings (Slack's /incident new <text>), not the expired draft's", async () => {
    const person = bo();
    const key = `slack:modal:${person.id}`;
    const chat = new Chat(h.engine(), person, { key, platform: 'slack' });
    await toWho(chat);
    h.clock.advance(25 * HOUR);
    const reply = await h.engine().handle({
      conversationKey: key,
      person,
      platform: 'slack',
      surface: 'form',
      action: { verb: 'intake_start' },
      text: 'Eduroam keeps dropping on my laptop',
    });
    expect(reply.state).toBe('expired');
    expect((await stateOf(key))?.text).toBe('Eduroam keeps dropping on my laptop');
  });

  it('asks "what" with a new description written after the draft expired, not the old answer', async () => {
    const chat = new Chat(h.engine(), bo());
    await chat.say('The printer on floor 3 prints nothing');
    await chat.act({ verb: 'intake_category', categoryId: 'printing' });
    await chat.submit({ type: 'incident' });
    await chat.submit({ what: 'Nothing comes out of the printer' });
    h.clock.advance(25 * HOUR);
    expect((await chat.say('Eduroam keeps dropping on my laptop')).state).toBe('expired');
    await chat.act({ verb: 'intake_category', categoryId: 'wifi' });
    await chat.submit({ type: 'incident' });
    expect(chat.formStep()).toBe('q:what');
    expect(chat.input('what')?.value).toBe('Eduroam keeps dropping on my laptop');
    // "ok" keeps what is shown: the new problem.
    await chat.say('ok');
    await chat.submit({ where: 'Home' });
    await chat.act({ verb: 'intake_skip' });
    await chat.act({ verb: 'intake_skip' });
    await chat.submit({ device: 'pc' });
    if (chat.formStep() === 'knowledge') await chat.act({ verb: 'intake_not_solved' });
    await chat.act({ verb: 'intake_urgency', urgency: 'medium' });
    expect((await chat.say('confirm')).case?.title).toBe('Eduroam keeps dropping on my laptop');
    expect(h.registered[0]?.input.description).toBe('Eduroam keeps dropping on my laptop');
  });

  it('still shows the expired draft\'s "what" answer when the draft restarts without a new description', async () => {
    const chat = new Chat(h.engine(), bo());
    await chat.say('The printer on floor 3 prints nothing');
    await chat.act({ verb: 'intake_category', categoryId: 'printing' });
    await chat.submit({ type: 'incident' });
    await chat.submit({ what: 'Nothing comes out of the printer' });
    h.clock.advance(25 * HOUR);
    expect((await chat.act({ verb: 'intake_category', categoryId: 'printing' })).state).toBe('expired');
    await chat.act({ verb: 'intake_category', categoryId: 'printing' });
    await chat.submit({ type: 'incident' });
    expect(chat.input('what')?.value).toBe('Nothing comes out of the printer');
  });
});
