import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IntakeEngine } from '../../../src/services/intake/intake-engine.js';
import { KnowledgeService } from '../../../src/services/knowledge.js';
import { buildPerson } from '../../helpers/case-builder.js';
import { people } from '../../helpers/people.js';
import { buildServices, kinds, shippedCatalogue, toPerson } from '../../helpers/services.js';
import { Chat, createIntakeHarness, type IntakeHarness } from './intake-fixtures.js';

let h: IntakeHarness;
beforeEach(async () => {
  h = await createIntakeHarness(shippedCatalogue());
});
afterEach(async () => {
  await h.store.close();
});

/** The ids of the known solutions the current step offers (one "solved" button per article). */
function offeredArticles(chat: Chat): string[] {
  return (chat.view().form?.submit ?? []).flatMap((a) =>
    a.action.verb === 'intake_solved' && 'articleId' in a.action ? [String(a.action.articleId)] : [],
  );
}

describe('IntakeEngine known-solutions step', () => {
  it('offers only the printer article when a printer report has everyday words in its other answers', async () => {
    const chat = new Chat(h.engine(), buildPerson('bo', { locale: 'en' }), { platform: 'slack' });
    await chat.say('The printer on floor 2 does not print');
    expect(chat.input('categoryId')?.options?.[0]?.value).toBe('printing');
    await chat.say('1');
    await chat.say('next');
    await chat.say('Nothing comes out when I print from my laptop');
    await chat.say('Building 1482, floor 2, room 210, near the phone at the desk');
    await chat.say('Arts');
    await chat.say('Me and my colleagues, from our laptops and my phone');
    await chat.say('Since this morning; I logged in with my AU ID and password as usual, worked from home yesterday');
    await chat.say('PRN-1482-2');
    await chat.say('1');
    await chat.say('yes');
    expect(chat.view().title).toBe('Known solutions');
    expect(offeredArticles(chat)).toEqual(['printer-queue-en']);
    const text = chat.view().text ?? '';
    expect(text).toContain('Your print job does not come out of the printer');
    expect(text).not.toContain('VPN');
    expect(text).not.toContain('mail and calendar');
    expect(text).not.toContain('Forgotten password');
  });

  it('passes over the step when a report has no known solution although its answers share everyday words', async () => {
    const chat = new Chat(h.engine(), buildPerson('dorte', { locale: 'da' }), { platform: 'slack' });
    await chat.say('Min bordtelefon har ingen klartone');
    await chat.act({ verb: 'intake_category', categoryId: 'telephony' });
    await chat.say('næste');
    await chat.say('Telefonen på mit kontor har ingen klartone, og opkald til mit lokalnummer ringer ikke');
    await chat.say('Bygning 1482, lokale 210');
    await chat.say('Arts');
    await chat.say('Kun mig, jeg har prøvet med min mobil og mail');
    await chat.say('Siden i morges, efter jeg skiftede adgangskode');
    await chat.say('87151234');
    expect(chat.input('phone_type')).toBeDefined();
    await chat.say('2');
    expect(chat.view().title).not.toBe('Kendte løsninger');
    expect(chat.formStep()).toBe('urgency');
  });
});

/** A known solution saved from a case (as 'Save as known solution' does), offered next to the printer article. */
async function saveCaseArticle(): Promise<void> {
  await h.store.saveArticle({
    id: 'case-inc-000007',
    title: 'Printer prints nothing: restart the print queue',
    body: 'The print queue on the printer was stuck; restarting the printer queue made the printer print again.',
    keywords: ['printer', 'print', 'printing'],
    categoryId: 'printing',
    locale: 'en',
    sourceCase: 'INC-000007',
    createdBy: { id: 'teams:jonas', name: 'Jonas' },
  });
}

/** Bo's printer report up to the known-solutions step. */
async function printerReportAtKnowledge(): Promise<Chat> {
  const chat = new Chat(h.engine(), buildPerson('bo', { locale: 'en' }), { platform: 'slack' });
  await chat.say('The printer on floor 2 prints nothing');
  await chat.act({ verb: 'intake_category', categoryId: 'printing' });
  await chat.say('next');
  await chat.say('Nothing comes out of the printer');
  await chat.say('Building 1482, floor 2');
  await chat.say('Arts');
  await chat.say('Only me');
  await chat.say('Since this morning');
  await chat.say('PRN-1482-2');
  await chat.say('1');
  await chat.say('no');
  expect(chat.view().title).toBe('Known solutions');
  return chat;
}

describe('IntakeEngine known-solutions step after an offered solution is withdrawn', () => {
  it('takes a typed number as the article the step shown again lists under it', async () => {
    await saveCaseArticle();
    const chat = await printerReportAtKnowledge();
    const ids = offeredArticles(chat);
    expect(ids).toHaveLength(2);
    const [withdrawn, kept] = ids as [string, string];

    // The first one's case is reopened meanwhile: its article is withdrawn (deleted).
    expect(await h.store.deleteArticle(withdrawn)).toBe(true);
    // The user asks something: the step is shown again with the article that is left, as "1.".
    await chat.say('which one?');
    expect(offeredArticles(chat)).toEqual([kept]);
    const keptTitle = (await h.store.getArticle(kept))!.title;
    expect(chat.view().text).toContain(`1. ${keptTitle}`);

    // "1" is the article shown as 1., not the withdrawn one that was first on the original list.
    const reply = await chat.say('1');
    expect(reply.state).toBe('done');
    expect(h.registered[0]?.input.resolvedWith?.articleId).toBe(kept);
  });

  it('refuses a number that only the original list had', async () => {
    await saveCaseArticle();
    const chat = await printerReportAtKnowledge();
    const [withdrawn] = offeredArticles(chat) as [string, string];
    expect(await h.store.deleteArticle(withdrawn)).toBe(true);
    await chat.say('which one?');
    const reply = await chat.say('2');
    expect(reply.state).toBe('active');
    expect(h.registered).toEqual([]);
    expect(chat.view().title).toBe('Known solutions');
  });

  it('passes over the step when every offered article was withdrawn', async () => {
    const chat = await printerReportAtKnowledge();
    for (const id of offeredArticles(chat)) expect(await h.store.deleteArticle(id)).toBe(true);
    await chat.say('which one?');
    expect(chat.formStep()).toBe('urgency');
    await chat.say('1');
    expect(h.registered).toEqual([]);
    expect(chat.formStep()).not.toBe('knowledge');
  });
});

describe('IntakeEngine known-solutions step on a case staff register for someone (phone, desk)', () => {
  it('registers it solved, words the solution and the answer for staff, and sends the user a receipt', async () => {
    // The real registration: PROCESS.md step 6, phone and desk cases get a receipt.
    const s = await buildServices();
    try {
      const knowledge = new KnowledgeService(s.store, s.catalogue);
      await knowledge.seed();
      const engine = new IntakeEngine({
        store: s.store,
        catalogue: s.catalogue,
        knowledge,
        register: s.register,
        clock: s.clock,
        defaultLocale: 'en',
        directory: s.directory,
        isStaff: (p) => p.email === people.emma.email,
      });
      const chat = new Chat(engine, people.emma, { locale: 'en' });
      // Who, how she called, the description, the category and type, then the Wi-Fi question guide.
      const turns = [`new for ${people.anna.email}`, 'phone', 'Eduroam does not connect on her laptop', '1', 'next'];
      turns.push('Eduroam does not connect on her laptop', 'Building 1481', 'Arts', 'Only her', 'Since this morning');
      turns.push('1', 'Building 1481, room 235', 'yes');
      for (const text of turns) await chat.say(text);
      expect(chat.view().title).toBe('Known solutions');
      const reply = await chat.say('1');
      expect(reply.state).toBe('done');
      const c = reply.case!;
      expect(c).toMatchObject({ status: 'resolved', quick: true, user: { id: people.anna.id } });
      // Emma is told what happened to Anna's case, not thanked as if it were her own problem.
      expect(chat.view().title).toBe('Registered as solved');
      expect(chat.view().text).toBe(
        `The case is registered as ${c.number} for Anna Berg, solved with the known solution. Anna Berg gets a ` +
          'receipt with the number and the solution.',
      );
      expect(c.solution?.text).toMatch(/^Solved on the spot with the known solution ".+"\.$/);
      // No channel card (solved on the spot); Anna gets the receipt naming Emma, with the solution.
      const sent = await s.outbox.take();
      expect(kinds(sent)).toEqual(['send_person']);
      const receipt = toPerson(sent, people.anna.id)[0];
      expect(receipt?.text).toContain(`Your case ${c.number} is registered as solved by Emma Skov`);
      expect(receipt?.text).toContain(c.solution?.text ?? '?');
    } finally {
      await s.close();
    }
  });
});
