import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATTACHMENTS_PER_CASE, type AttachmentRef, type Person, toRef } from '../../../src/models/case.js';
import { ConversationRouter } from '../../../src/services/conversations.js';
import type { IntakeState } from '../../../src/services/intake/intake-state.js';
import type { OrderReply } from '../../../src/services/orders/order-engine.js';
import { buildPerson } from '../../helpers/case-builder.js';
import { Chat, createIntakeHarness, type IntakeHarness } from './intake-fixtures.js';

let h: IntakeHarness;
beforeEach(async () => {
  h = await createIntakeHarness();
});
afterEach(async () => {
  await h.store.close();
});

const bo = () => buildPerson('bo', { locale: 'en' });
const fileRef = (by: Person, name: string): AttachmentRef => ({
  id: randomBytes(32).toString('base64url'),
  name,
  contentType: 'image/png',
  size: 2048,
  at: '2026-03-02T09:00:00.000Z',
  by: toRef(by),
});

async function stateOf(key: string): Promise<IntakeState> {
  return (await h.store.getConversation(key))!.state as unknown as IntakeState;
}

describe('IntakeEngine with pictures and files', () => {
  it('keeps files sent with the first message, lists them in the summary and registers them with the case', async () => {
    const person = bo();
    const engine = h.engine();
    const chat = new Chat(engine, person, { key: 'k1' });
    const shot = fileRef(person, 'printer-error.png');
    const first = await engine.handle({
      conversationKey: 'k1',
      person,
      platform: 'teams',
      text: 'The printer on floor 3 prints nothing',
      files: [shot],
    });
    chat.last = first;
    expect(first.views[0]?.text).toBe('📎 Kept with your report: printer-error.png.');
    expect(chat.formStep()).toBe('category');
    expect((await stateOf('k1')).attachments).toEqual([shot]);

    await chat.act({ verb: 'intake_category', categoryId: 'printing' });
    await chat.submit({ type: 'incident' });
    await chat.submit({ what: 'Nothing comes out of the printer' });
    // Another file mid-way: kept, the same question shown again.
    const log = fileRef(person, 'queue.txt');
    const again = await engine.handle({ conversationKey: 'k1', person, platform: 'teams', files: [log] });
    chat.last = again;
    expect(again.views[0]?.text).toBe('📎 Kept with your report: queue.txt.');
    expect(chat.formStep()).toBe('q:where');
    await chat.submit({ where: 'Building 1481, room 235' });
    await chat.act({ verb: 'intake_skip' });
    await chat.submit({ when: '2025-03-07' });
    await chat.submit({ printer_model: 'canon' });
    await chat.submit({ others_affected: 'yes' });
    await chat.act({ verb: 'intake_not_solved' });
    await chat.act({ verb: 'intake_urgency', urgency: 'medium' });
    expect(chat.formStep()).toBe('summary');
    const facts = Object.fromEntries((chat.view().facts ?? []).map((f) => [f.label, f.value]));
    expect(facts['Attachments']).toBe('printer-error.png, queue.txt');

    const done = await chat.act({ verb: 'intake_confirm' });
    expect(done.state).toBe('done');
    expect(h.registered[0]?.input.attachments).toEqual([shot, log]);
  });

  it('starts a report from files alone by asking what is wrong, the files already kept', async () => {
    const person = buildPerson('dorte', { locale: 'da' });
    const engine = h.engine();
    const chat = new Chat(engine, person, { key: 'k2' });
    chat.last = await engine.handle({
      conversationKey: 'k2',
      person,
      platform: 'slack',
      files: [fileRef(person, 'fejl.png')],
    });
    expect(chat.last.views[0]?.text).toBe('📎 Gemt med din anmeldelse: fejl.png.');
    expect(chat.formStep()).toBe('describe');
    expect((await stateOf('k2')).attachments?.map((a) => a.name)).toEqual(['fejl.png']);
  });

  it(`keeps at most ${ATTACHMENTS_PER_CASE} files with a report and names the rest`, async () => {
    const person = bo();
    const engine = h.engine();
    const files = Array.from({ length: ATTACHMENTS_PER_CASE + 2 }, (_, i) => fileRef(person, `p${i}.png`));
    const reply = await engine.handle({ conversationKey: 'k3', person, platform: 'teams', text: 'VPN drops', files });
    expect(reply.views[0]?.text).toContain(
      `A case holds ${ATTACHMENTS_PER_CASE} attachments; not kept: p10.png, p11.png.`,
    );
    expect((await stateOf('k3')).attachments).toHaveLength(ATTACHMENTS_PER_CASE);
  });

  it('says an equipment order takes no files, and passes the order its turn without them', async () => {
    const seen: unknown[] = [];
    const orders = {
      handle: async (input: unknown): Promise<OrderReply> => {
        seen.push(input);
        return { state: 'active', views: [{ kind: 'message', locale: 'en', text: 'How many?' }] };
      },
      isActive: async () => true,
      peek: async () => ({ record: null, since: '2026-03-02T09:00:00.000Z' }),
    };
    const router = new ConversationRouter({ intake: h.engine(), orders });
    const person = bo();
    const reply = await router.handle({
      conversationKey: 'k4',
      person,
      platform: 'teams',
      text: '2',
      files: [fileRef(person, 'x.png')],
    });
    expect(reply.views.map((v) => v.text)).toEqual([
      'An order does not take files, so the file was not kept. Write what it shows if it matters.',
      'How many?',
    ]);
    expect(seen[0]).not.toHaveProperty('files');
  });
});
