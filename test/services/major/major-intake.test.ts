import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '../../../src/models/case.js';
import { IntakeEngine, type IntakeAction, type IntakeReply } from '../../../src/services/intake/intake-engine.js';
import { KnowledgeService } from '../../../src/services/knowledge.js';
import { isStaff } from '../../../src/services/roles.js';
import { people } from '../../helpers/people.js';
import { toPerson, wifiInput } from '../../helpers/services.js';
import { createMajorHarness, type MajorHarness, SUMMARY } from './major-harness.js';

let h: MajorHarness;
beforeEach(async () => {
  h = await createMajorHarness();
});
afterEach(async () => {
  await h.close();
});

function engine(withMajors = true): IntakeEngine {
  return new IntakeEngine({
    store: h.store,
    catalogue: h.catalogue,
    knowledge: new KnowledgeService(h.store, h.catalogue),
    register: h.register,
    clock: h.clock,
    defaultLocale: 'da',
    directory: h.directory,
    isStaff: (p) => isStaff(p, h.catalogue),
    ...(withMajors ? { majors: h.majors } : {}),
  });
}

/** One chat with the engine: free text, then card actions. */
function chat(person: Person, e = engine(), conversationKey = `teams:${person.id}`) {
  const base = { conversationKey, person, platform: 'teams' as const };
  return {
    say: (text: string): Promise<IntakeReply> => e.handle({ ...base, text }),
    act: (action: IntakeAction): Promise<IntakeReply> => e.handle({ ...base, action }),
  };
}

const verbsOf = (reply: IntakeReply): string[] =>
  reply.views.flatMap((v) => [...(v.actions ?? []), ...(v.form?.submit ?? [])].map((a) => a.action.verb));

describe('IntakeEngine with major incidents', () => {
  it('offers the open major incident in Danish after the category and registers a linked case in one step', async () => {
    const parent = await h.declareEduroam();
    const bo = chat(people.bo);
    await bo.say('Eduroam virker ikke, jeg kan ikke komme på nettet');
    const offer = await bo.act({ verb: 'intake_category', categoryId: 'wifi-eduroam' });
    expect(offer.state).toBe('active');
    expect(offer.views).toHaveLength(1);
    expect(offer.views[0]?.text).toContain(`Vi ved det: ${SUMMARY.da}, siden`);
    expect(offer.views[0]?.actions?.map((a) => a.action)).toEqual([
      { verb: 'intake_join_major', parentId: parent.id, draft: expect.any(String) },
      { verb: 'intake_not_major', draft: expect.any(String) },
    ]);
    expect(offer.views[0]?.actions?.[0]?.label).toBe('Skriv mig på som berørt');

    const done = await bo.act({ verb: 'intake_join_major', parentId: parent.id });
    expect(done.state).toBe('done');
    expect(done.case?.parentId).toBe(parent.id);
    expect(done.case?.user.id).toBe(people.bo.id);
    expect(done.views[0]?.text).toContain(parent.number);
    expect((await h.store.getCase(parent.id))?.major?.linkedCount).toBe(1);
    expect(await h.store.getConversation(`teams:${people.bo.id}`)).toBeNull();
  });

  it('offers it in English when the user writes in English and joins by typing yes', async () => {
    const parent = await h.declareEduroam();
    const peter = chat(people.peter);
    await peter.say('Eduroam is down in my office');
    const offer = await peter.act({ verb: 'intake_category', categoryId: 'wifi-eduroam' });
    expect(offer.views[0]?.text).toContain(`We know: ${SUMMARY.en}, since`);
    expect(offer.views[0]?.actions?.map((a) => a.label)).toEqual(['Add me to the affected', 'My problem is different']);
    const done = await peter.say('yes');
    expect(done.state).toBe('done');
    expect(done.case?.parentId).toBe(parent.id);
  });

  it('does not offer the major incident to its own user, whose case it is already', async () => {
    // Anna reported the case Jonas declared the major incident.
    const parent = await h.declareEduroam();
    expect(parent.user.id).toBe(people.anna.id);
    const anna = chat(people.anna);
    await anna.say('Eduroam is down in my office');
    const next = await anna.act({ verb: 'intake_category', categoryId: 'wifi-eduroam' });
    expect(verbsOf(next)).not.toContain('intake_join_major');
    expect(next.views[0]?.text ?? '').not.toContain('We know');
    expect(await h.majors.matchForIntake('wifi-eduroam', 'eduroam', 'en', people.anna)).toBeNull();
    expect((await h.majors.matchForIntake('wifi-eduroam', 'eduroam', 'en', people.peter))?.parentId).toBe(parent.id);
  });

  it('offers a major incident of another category when the text matches its summary', async () => {
    const parent = await h.declareEduroam();
    const match = await h.majors.matchForIntake('printing', 'eduroam down across the whole campus', 'en');
    expect(match?.parentId).toBe(parent.id);
    expect(await h.majors.matchForIntake('printing', 'The printer jams', 'en')).toBeNull();
  });

  it('goes on with the questions and does not offer it again when the problem is different', async () => {
    await h.declareEduroam();
    const carl = chat(people.carl);
    await carl.say('My laptop shows a wifi error');
    await carl.act({ verb: 'intake_category', categoryId: 'wifi-eduroam' });
    const next = await carl.act({ verb: 'intake_not_major' });
    expect(next.state).toBe('active');
    expect(verbsOf(next)).not.toContain('intake_join_major');
    expect(next.views[0]?.text).not.toContain('We know');

    const back = await carl.act({ verb: 'intake_back' });
    expect(back.state).toBe('active');
    const again = await carl.act({ verb: 'intake_category', categoryId: 'wifi-eduroam' });
    expect(verbsOf(again)).not.toContain('intake_join_major');
  });

  it('asks no more than before when no major incident is open or none is wired in', async () => {
    const parent = await h.declareEduroam();
    const plain = chat(people.carl, engine(false));
    await plain.say('Eduroam is down');
    const next = await plain.act({ verb: 'intake_category', categoryId: 'wifi-eduroam' });
    expect(verbsOf(next)).not.toContain('intake_join_major');

    const stale = await plain.act({ verb: 'intake_join_major', parentId: parent.id });
    expect(stale.state).toBe('active');
    expect(stale.case).toBeUndefined();
  });

  it('goes on with an ordinary report when the major incident was resolved while its offer was on screen', async () => {
    const parent = await h.declareEduroam();
    const bo = chat(people.bo);
    await bo.say('Eduroam virker ikke, jeg kan ikke komme på nettet');
    await bo.act({ verb: 'intake_category', categoryId: 'wifi-eduroam' });
    const fresh = (await h.store.getCase(parent.id))!;
    const resolved = await h.service.act(people.jonas, {
      verb: 'resolve',
      caseId: fresh.id,
      version: fresh.version,
      solution: 'Controller restarted',
    });
    expect(resolved.ok).toBe(true);

    const next = await bo.act({ verb: 'intake_join_major', parentId: parent.id });
    expect(next.state).toBe('active');
    expect(next.case).toBeUndefined();
    expect(JSON.stringify(next.views)).toContain('blev løst for et øjeblik siden');
    expect(verbsOf(next)).not.toContain('intake_join_major');
    expect(await h.store.findCases({ parentId: parent.id, limit: 10 })).toEqual([]);
  });

  it('registers no second linked report when the same person joins again from another chat', async () => {
    const parent = await h.declareEduroam();
    const join = async (key: string) => {
      const bo = chat(people.bo, engine(), key);
      await bo.say('Eduroam virker ikke, jeg kan ikke komme på nettet');
      await bo.act({ verb: 'intake_category', categoryId: 'wifi-eduroam' });
      return bo.act({ verb: 'intake_join_major', parentId: parent.id });
    };
    const first = await join('teams:bo-chat');
    const second = await join('slack:bo-dm');
    expect(second.state).toBe('done');
    expect(second.case?.id).toBe(first.case?.id);
    expect(second.views[0]?.text).toContain(`Du er allerede på listen over berørte (${first.case?.number}`);
    expect(await h.store.findCases({ parentId: parent.id, limit: 10 })).toHaveLength(1);
    expect((await h.store.getCase(parent.id))?.major?.linkedCount).toBe(1);
  });

  it('sends the user of a report joined from a form (Slack modal) the linked message, not the ordinary receipt', async () => {
    const parent = await h.declareEduroam();
    const base = {
      conversationKey: 'slack:bo-modal',
      person: people.bo,
      platform: 'slack' as const,
      surface: 'form' as const,
    };
    const e = engine();
    await e.handle({ ...base, text: 'Eduroam virker ikke, jeg kan ikke komme på nettet' });
    await e.handle({ ...base, action: { verb: 'intake_category', categoryId: 'wifi-eduroam' } });
    const done = await e.handle({ ...base, action: { verb: 'intake_join_major', parentId: parent.id } });
    expect(done.case?.parentId).toBe(parent.id);
    const toBo = toPerson(await h.outbox.take(), people.bo.id);
    expect(toBo).toHaveLength(1);
    expect(toBo[0]?.text).toContain(`driftsforstyrrelse (${parent.number}): ${SUMMARY.da}`);
    expect(toBo[0]?.text).not.toContain('navngiven medarbejder');
  });
});

describe('a caller staff add to a major incident on their behalf ("new for …", the intake offer)', () => {
  it('gets the linked message naming the major incident and who registered it, not the ordinary receipt', async () => {
    const parent = await h.declareEduroam();
    // What the intake's join does for `new for bo@…`: the registration with parentId, Jonas as actor, then `joined`.
    const child = await h.register(
      wifiInput(people.bo, { reporter: people.jonas, intakeChannel: 'phone', parentId: parent.id }),
      people.jonas,
    );
    await h.majors.joined(child, 'en');
    const toBo = toPerson(await h.outbox.take(), people.bo.id);
    expect(toBo).toHaveLength(1);
    expect(toBo[0]?.text).toContain(`${child.number}`);
    expect(toBo[0]?.text).toContain(`driftsforstyrrelse (${parent.number}): ${SUMMARY.da}`);
    expect(toBo[0]?.text).toContain(people.jonas.name);
    expect(toBo[0]?.text).not.toContain('navngiven medarbejder');
    // The receipt a transport asks for after its view failed is the same message, sent once.
    await h.service.receipt(child.id);
    expect(await h.outbox.take()).toEqual([]);
  });
});
