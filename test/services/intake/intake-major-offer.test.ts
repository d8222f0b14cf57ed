import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import type { IntakeState } from '../../../src/services/intake/intake-state.js';
import type { IntakeMajors } from '../../../src/services/major/major-intake.js';
import { buildPerson } from '../../helpers/case-builder.js';
import { Chat, createIntakeHarness, type IntakeHarness } from './intake-fixtures.js';

let h: IntakeHarness;
beforeEach(async () => {
  h = await createIntakeHarness();
});
afterEach(async () => {
  await h.store.close();
});

const KEY = 'teams:teams:bo';
const OFFER = 'We know: eduroam is down';

/** Major incidents with one open for wifi; `joins` collects the cases linked to it. */
function wifiMajor(joins: Case[] = []): IntakeMajors {
  return {
    matchForIntake: async (categoryId) =>
      categoryId === 'wifi'
        ? {
            parentId: 'major-1',
            number: 'INC-000001',
            view: {
              kind: 'message',
              locale: 'en',
              text: OFFER,
              actions: [
                { label: 'Add me to the affected', action: { verb: 'intake_join_major', parentId: 'major-1' } },
                { label: 'My problem is different', action: { verb: 'intake_not_major' } },
              ],
            },
          }
        : null,
    joined: async (child) => {
      joins.push(child);
      return { kind: 'message', locale: 'en', text: 'Added you to the affected' };
    },
  };
}

async function stateOf(): Promise<IntakeState> {
  return (await h.store.getConversation(KEY))!.state as unknown as IntakeState;
}

/** A chat shown the wifi major incident, then choosing printing instead: it stands at the type step. */
async function pastTheOffer(joins: Case[] = []): Promise<Chat> {
  const chat = new Chat(h.engine({ majors: wifiMajor(joins) }), buildPerson('bo', { locale: 'en' }));
  await chat.say('My laptop and the printer both act up');
  const offer = await chat.act({ verb: 'intake_category', categoryId: 'wifi' });
  expect(offer.views.map((v) => v.text)).toEqual([OFFER]);
  await chat.act({ verb: 'intake_category', categoryId: 'printing' });
  expect(chat.formStep()).toBe('type');
  return chat;
}

describe('IntakeEngine and a major-incident offer the user went past', () => {
  it('keeps the proposed type and links nothing when "ok" answers the type step after another category', async () => {
    const joins: Case[] = [];
    const chat = await pastTheOffer(joins);
    const reply = await chat.say('ok');
    expect(reply.state).toBe('active');
    expect(chat.formStep()).toBe('q:what');
    expect(h.registered).toHaveLength(0);
    expect(joins).toHaveLength(0);
    const state = await stateOf();
    expect(state.typeConfirmed).toBe(true);
    expect(state.majorOffer).toBeUndefined();
  });

  it('keeps the type when "next" answers it, instead of passing over it as a declined offer', async () => {
    const chat = await pastTheOffer();
    await chat.say('next');
    expect(chat.formStep()).toBe('q:what');
    expect((await stateOf()).typeConfirmed).toBe(true);
  });

  it('stores "nej" as the answer to a yes/no question when the offer was passed over earlier', async () => {
    const chat = await pastTheOffer();
    await chat.submit({ type: 'incident' });
    await chat.submit({ what: 'Nothing comes out of the printer' });
    await chat.submit({ where: 'Building 1481' });
    await chat.act({ verb: 'intake_skip' });
    await chat.act({ verb: 'intake_skip' });
    await chat.submit({ printer_model: 'hp' });
    expect(chat.formStep()).toBe('q:others_affected');
    await chat.say('nej');
    const state = await stateOf();
    expect(state.answers['others_affected']).toBe(false);
    expect(state.majorDeclined).toBeUndefined();
    expect(h.registered).toHaveLength(0);
  });

  it('refuses the offer card\'s "Add me" as an earlier form once the person has chosen another category', async () => {
    const joins: Case[] = [];
    const chat = await pastTheOffer(joins);
    const reply = await chat.act({ verb: 'intake_join_major', parentId: 'major-1' });
    expect(reply.views[0]?.text).toContain('That form belongs to an earlier step');
    expect(chat.formStep()).toBe('type');
    expect(h.registered).toHaveLength(0);
    expect(joins).toHaveLength(0);
  });

  it('links nothing on "yes" when a draft stored by an older version kept the offer past the category step', async () => {
    const chat = await pastTheOffer();
    const record = (await h.store.getConversation(KEY))!;
    await h.store.saveConversation({ ...record, state: { ...record.state, majorOffer: 'major-1' } });
    const reply = await chat.say('yes');
    expect(reply.state).toBe('active');
    expect(chat.formStep()).toBe('q:what');
    expect(h.registered).toHaveLength(0);
  });
});

describe('IntakeEngine and a major-incident offer on screen', () => {
  it('links the report to the major incident when "ok" answers the offer itself', async () => {
    const joins: Case[] = [];
    const chat = new Chat(h.engine({ majors: wifiMajor(joins) }), buildPerson('bo', { locale: 'en' }));
    await chat.say('Eduroam keeps dropping');
    await chat.act({ verb: 'intake_category', categoryId: 'wifi' });
    const reply = await chat.say('ok');
    expect(reply.state).toBe('done');
    expect(h.registered[0]?.input.parentId).toBe('major-1');
    expect(joins).toHaveLength(1);
  });

  it('goes on with the questions and never offers it again when "no" answers the offer', async () => {
    const chat = new Chat(h.engine({ majors: wifiMajor() }), buildPerson('bo', { locale: 'en' }));
    await chat.say('Eduroam keeps dropping');
    await chat.act({ verb: 'intake_category', categoryId: 'wifi' });
    await chat.say('no');
    expect(chat.formStep()).toBe('type');
    const state = await stateOf();
    expect(state.majorDeclined).toEqual(['major-1']);
    expect(state.majorOffer).toBeUndefined();
    const again = await chat.act({ verb: 'intake_category', categoryId: 'wifi' });
    expect(again.views.map((v) => v.text)).not.toContain(OFFER);
  });
});
