import { describe, expect, it } from 'vitest';
import type { Case, NewCase, PersonRef } from '../../src/models/case.js';
import type { CaseSearchQuery, CaseStore } from '../../src/models/case-store.js';
import { buildNewCase, buildPerson } from '../helpers/case-builder.js';

const day = (d: number): string => `2025-04-${String(d).padStart(2, '0')}T08:00:00.000Z`;
const agent: PersonRef = { id: 'teams:agent-soren', name: 'Søren Kjær', email: 'soren.kjaer@au.dk' };

/**
 * The `searchCases` part of the CaseStore contract, registered inside `runCaseStoreContract` (`store()` is that
 * suite's store of the running test, initialised and empty).
 */
export function runCaseSearchContract(store: () => CaseStore): void {
  describe('searchCases', () => {
    const create = (overrides: Partial<NewCase>) =>
      store().createCase(buildNewCase({ description: 'Nothing to add.', answers: {}, ...overrides }));
    const numbers = async (query: CaseSearchQuery) => (await store().searchCases(query)).map((c) => c.number);
    const ids = async (query: CaseSearchQuery) => (await store().searchCases(query)).map((c) => c.id);

    it('returns only the cases that contain every word when several words are given', async () => {
      const a = await create({
        title: 'Printeren på 2. sal',
        description: 'Bygning 1485, lokale 210',
        createdAt: day(1),
      });
      const b = await create({ title: 'Printer jams', description: 'Building 1481', createdAt: day(2) });
      await create({ title: 'VPN drops', description: 'Building 1485', createdAt: day(3) });
      expect(await ids({ words: ['printer', '1485'] })).toEqual([a.id]);
      expect(await ids({ words: ['printer'] })).toEqual([b.id, a.id]);
      expect(await ids({ words: ['printer', 'vpn'] })).toEqual([]);
      expect(await ids({ words: ['printer 1485'] })).toEqual([a.id]);
    });

    it('matches the beginning of a word but not the middle of one when a word is a prefix', async () => {
      const a = await create({ title: 'Printeren virker ikke', createdAt: day(1) });
      expect(await ids({ words: ['print'] })).toEqual([a.id]);
      expect(await ids({ words: ['printeren'] })).toEqual([a.id]);
      expect(await ids({ words: ['rint'] })).toEqual([]);
      expect(await ids({ words: ['eren'] })).toEqual([]);
      expect(await ids({ words: ['printerens'] })).toEqual([]);
    });

    it('ignores case, Danish letters included, and keeps æ, ø and å apart from a, o and e when searching', async () => {
      const beer = await create({ title: 'Øl i kantinen', createdAt: day(1) });
      const report = await create({ title: 'ÅRSRAPPORT mangler', description: 'Sæt Æbler', createdAt: day(2) });
      expect(await ids({ words: ['ØL'] })).toEqual([beer.id]);
      expect(await ids({ words: ['øl'] })).toEqual([beer.id]);
      expect(await ids({ words: ['KANTINE'] })).toEqual([beer.id]);
      expect(await ids({ words: ['år'] })).toEqual([report.id]);
      expect(await ids({ words: ['æble', 'sæt'] })).toEqual([report.id]);
      expect(await ids({ words: ['ol'] })).toEqual([]);
      expect(await ids({ words: ['ar'] })).toEqual([]);
      expect(await ids({ words: ['abler'] })).toEqual([]);
    });

    it('finds words with combining marks as one word when the script has them', async () => {
      const hindi = await create({ title: 'हिन्दी कीबोर्ड', createdAt: day(1) });
      expect(await ids({ words: ['हिन्दी'] })).toEqual([hindi.id]);
      expect(await ids({ words: ['कीबोर्ड', 'हिन्दी'] })).toEqual([hindi.id]);
    });

    it('searches the number, notes (internal too), solution, vendor, names and e-mails when the words are there', async () => {
      const other = await create({ title: 'Another thing', createdAt: day(1) });
      const c = await create({
        title: 'Scanner',
        createdAt: day(2),
        user: buildPerson('birgitte', { name: 'Birgitte Nørgaard', email: 'Birgitte.Norgaard@cas.au.dk' }),
        reporter: buildPerson('henrik', { name: 'Henrik Lund', email: 'hl@mgmt.au.dk' }),
        assignee: agent,
        notes: [
          { id: 'n1', at: day(2), author: agent, text: 'Toneren er udskiftet', visibility: 'internal' },
          { id: 'n2', at: day(2), author: agent, text: 'Vi kigger på det', visibility: 'public' },
        ],
        solution: { text: 'Genstartede spooleren', by: agent, at: day(2) },
        vendor: { name: 'Konica Minolta', reference: 'KM-77' },
      });
      for (const word of [
        'toner',
        'kigger',
        'spooler',
        'konica',
        'minolta',
        'nørgaard',
        'birgitte.norgaard@cas.au.dk',
        'norgaard',
        'cas',
        'henrik',
        'lund',
        'hl@mgmt.au.dk',
        'søren',
        'kjær',
        c.number,
        c.number.toLowerCase(),
      ]) {
        expect(await ids({ words: [word] }), word).toEqual([c.id]);
      }
      expect(await ids({ words: ['søren', 'toner', 'konica'] })).toEqual([c.id]);
      expect(await ids({ words: [other.number] })).toEqual([other.id]);
      // What the contract does not list is not searched: the vendor's reference, the assignee's e-mail.
      expect(await ids({ words: ['km'] })).toEqual([]);
      expect(await ids({ words: ['77'] })).toEqual([]);
      expect(await ids({ words: ['soren'] })).toEqual([]);
    });

    it('finds the cases of a person by e-mail as user or reporter, case-insensitively, with and without words', async () => {
      const own = await create({
        title: 'VPN drops',
        user: buildPerson('anna', { email: 'Anna.Berg@AU.dk' }),
        createdAt: day(1),
      });
      const reported = await create({
        title: 'Printer for Carl',
        user: buildPerson('carl'),
        reporter: buildPerson('anna2', { email: 'anna.berg@au.dk' }),
        createdAt: day(2),
      });
      await create({ title: 'VPN for Bo', user: buildPerson('bo'), createdAt: day(3) });
      await create({
        title: 'Mentions anna.berg@au.dk in the title only',
        user: buildPerson('eva'),
        createdAt: day(4),
      });
      expect(await ids({ personEmail: ' ANNA.BERG@au.dk ' })).toEqual([reported.id, own.id]);
      expect(await ids({ personEmail: 'anna.berg@au.dk', words: ['vpn'] })).toEqual([own.id]);
      expect(await ids({ personEmail: 'anna.berg@au.dk', words: ['printer', 'carl'] })).toEqual([reported.id]);
      expect(await ids({ personEmail: 'anna.berg@au.dk', words: ['scanner'] })).toEqual([]);
      expect(await ids({ personEmail: 'anna@au.dk' })).toEqual([]);
      expect(await ids({ personEmail: 'anna.berg@au.dk', words: ['"', '*'] })).toEqual([reported.id, own.id]);
    });

    it('returns the newest cases first, at most `limit` (default 20, at most 200)', async () => {
      const order = [5, 1, 9, 3, 7];
      const made: Case[] = [];
      for (const d of order) made.push(await create({ title: `Printer case ${d}`, createdAt: day(d) }));
      const newestFirst = [...made].sort((x, y) => y.createdAt.localeCompare(x.createdAt)).map((c) => c.id);
      expect(await ids({ words: ['printer'] })).toEqual(newestFirst);
      expect(await ids({ words: ['printer'], limit: 2 })).toEqual(newestFirst.slice(0, 2));
      expect(await ids({ words: ['printer'], limit: 0 })).toEqual(newestFirst.slice(0, 1));
      expect(await ids({ words: ['printer'], limit: 10_000 })).toEqual(newestFirst);
      for (let i = 0; i < 17; i++) await create({ title: `Printer extra ${i}`, createdAt: day(10 + i) });
      expect(await ids({ words: ['printer'] })).toHaveLength(20);
      expect(await ids({ words: ['printer'], limit: 500 })).toHaveLength(22);
      expect(await numbers({ words: ['printer'], limit: 1 })).toEqual(['INC-000022']);
    });

    it('reads words as plain text, never as query syntax, and never throws on syntax characters', async () => {
      const a = await create({ title: 'Printer near the door', description: 'Say "hello" (twice)', createdAt: day(1) });
      const b = await create({ title: 'Printer is broken', description: 'No paper', createdAt: day(2) });
      const syntax = [
        '"',
        '""',
        '*',
        'NEAR(',
        'NEAR(printer door)',
        '-x',
        '(',
        ')',
        '$',
        '.*',
        '^',
        '[',
        '\\',
        ':',
        'text:printer',
        '{"$gt": ""}',
        '%',
        '_',
        "'; DROP TABLE cases; --",
        'AND',
        'OR',
        'NOT',
      ];
      for (const word of syntax) {
        const found = await store().searchCases({ words: [word] });
        expect(Array.isArray(found), word).toBe(true);
      }
      for (const word of ['"', '*', '(', '$', '.*', '^', '\\', '%', '_', '-']) {
        expect(await ids({ words: [word] }), word).toEqual([]);
      }
      expect(await ids({ words: ['"printer'] })).toEqual([b.id, a.id]);
      expect(await ids({ words: ['printer*'] })).toEqual([b.id, a.id]);
      expect(await ids({ words: ['-printer'] })).toEqual([b.id, a.id]);
      expect(await ids({ words: ['printer', 'NOT', 'broken'] })).toEqual([]);
      expect(await ids({ words: ['printer', 'OR', 'door'] })).toEqual([]);
      expect(await ids({ words: ['printer', 'AND', 'door'] })).toEqual([]);
      expect(await ids({ words: ['NEAR(printer', 'door)'] })).toEqual([a.id]);
      expect(await ids({ words: ['(twice)'] })).toEqual([a.id]);
      expect(await ids({ words: ['"hello"'] })).toEqual([a.id]);
      expect(await ids({ words: ['.*rinter'] })).toEqual([]);
      expect(await ids({ words: ['^printer'] })).toEqual([b.id, a.id]);
      expect(await ids({ words: ['printer', '.*'] })).toEqual([b.id, a.id]);
      expect(await ids({ words: ['%rinter'] })).toEqual([]);
      expect(await ids({ personEmail: '.*' })).toEqual([]);
      expect(await ids({ personEmail: '{"$ne": null}' })).toEqual([]);
    });

    it('returns nothing when no word is left after cleaning and no e-mail is given', async () => {
      await create({ title: 'Printer', createdAt: day(1) });
      expect(await store().searchCases({})).toEqual([]);
      expect(await store().searchCases({ words: [] })).toEqual([]);
      expect(await store().searchCases({ words: ['', '  ', '***', '"-"'] })).toEqual([]);
      expect(await store().searchCases({ words: ['***'], personEmail: '  ' })).toEqual([]);
    });

    it('finds a case by the new words and not the removed ones when its title, notes or solution change', async () => {
      const c = await create({ title: 'Skærmen flimrer', createdAt: day(1) });
      const noted = await store().updateCase(
        {
          ...c,
          title: 'Dockingstation defekt',
          notes: [{ id: 'n1', at: day(1), author: agent, text: 'Kabel byttet', visibility: 'internal' }],
        },
        c.version,
      );
      expect(await ids({ words: ['docking'] })).toEqual([c.id]);
      expect(await ids({ words: ['kabel'] })).toEqual([c.id]);
      expect(await ids({ words: ['skærmen'] })).toEqual([]);
      const solved = await store().updateCase(
        { ...noted, status: 'resolved', solution: { text: 'Ny firmware installeret', by: agent, at: day(2) } },
        noted.version,
      );
      expect(await ids({ words: ['firmware'] })).toEqual([c.id]);
      const { solution: _removed, ...unsolved } = solved;
      await store().updateCase({ ...unsolved, notes: [] }, solved.version);
      expect(await ids({ words: ['firmware'] })).toEqual([]);
      expect(await ids({ words: ['kabel'] })).toEqual([]);
      expect(await ids({ words: ['docking'] })).toEqual([c.id]);
    });

    it('finds a case by its assignee after a claim and not after the assignee is gone', async () => {
      const c = await create({ title: 'Printer', createdAt: day(1) });
      expect(await ids({ words: ['søren'] })).toEqual([]);
      const claimed = await store().claimCase(c.id, agent, (cur) => ({
        ...cur,
        assignee: agent,
        status: 'in_progress',
      }));
      expect(claimed.ok).toBe(true);
      expect(await ids({ words: ['søren'] })).toEqual([c.id]);
      expect(await ids({ words: ['kjær', 'printer'] })).toEqual([c.id]);
      expect(await ids({ words: ['søren', 'scanner'] })).toEqual([]);
      const { assignee: _gone, ...rest } = claimed.case;
      await store().updateCase({ ...rest, status: 'registered' }, claimed.case.version);
      expect(await ids({ words: ['søren'] })).toEqual([]);
      expect(await ids({ words: ['printer'] })).toEqual([c.id]);
    });

    it('leaves the results unchanged when an update changes no searchable text', async () => {
      const a = await create({ title: 'Printer jams', createdAt: day(1) });
      const b = await create({ title: 'Printer offline', createdAt: day(2) });
      const before = await ids({ words: ['printer'] });
      const moved = await store().updateCase(
        { ...a, status: 'in_progress', priority: 'P2', nextTimerAt: day(3), groupId: 'network' },
        a.version,
      );
      await store().updateCase({ ...moved, status: 'awaiting_user' }, moved.version);
      expect(await ids({ words: ['printer'] })).toEqual(before);
      expect(await ids({ words: ['jams'] })).toEqual([a.id]);
      expect(await ids({ words: ['offline'] })).toEqual([b.id]);
      expect((await store().searchCases({ words: ['jams'] }))[0]?.status).toBe('awaiting_user');
    });

    it("no longer finds a case by a person's old name, e-mail or words when the case is anonymised or erased", async () => {
      const anna = buildPerson('anna', { name: 'Anna Berg', email: 'anna.berg@cas.au.dk' });
      const c = await create({
        title: 'VPN fails for Anna Berg',
        user: anna,
        createdAt: day(1),
        notes: [{ id: 'n1', at: day(1), author: agent, text: 'Called Anna', visibility: 'internal' }],
      });
      const kept = await create({ title: 'VPN fails for Bo', user: buildPerson('bo'), createdAt: day(2) });
      expect(await ids({ words: ['anna'] })).toEqual([c.id]);
      expect(await ids({ personEmail: 'anna.berg@cas.au.dk' })).toEqual([c.id]);
      // What the privacy service writes (through updateCase): placeholders for people, names out of the text.
      const placeholder: PersonRef = { id: 'anonymous:1', name: 'Erased person' };
      await store().updateCase(
        {
          ...c,
          title: 'VPN fails for Erased person',
          user: { ...placeholder },
          notes: [{ ...c.notes[0]!, text: 'Called Erased person' }],
        },
        c.version,
      );
      for (const word of ['anna', 'berg', 'anna.berg@cas.au.dk', 'cas']) {
        expect(await ids({ words: [word] }), word).toEqual([]);
      }
      expect(await ids({ personEmail: 'anna.berg@cas.au.dk' })).toEqual([]);
      expect(await ids({ words: ['erased'] })).toEqual([c.id]);
      expect(await ids({ words: ['vpn'] })).toEqual([kept.id, c.id]);
    });
  });
}
