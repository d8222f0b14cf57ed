import { describe, expect, it } from 'vitest';
import type { Case, NewCase, PersonRef } from '../../src/models/case.js';
import type { CaseSearchQuery, CaseStore } from '../../src/models/case-store.js';
import { buildNewCase, buildPerson } from '../helpers/case-builder.js';
import type { ContractStoreOptions } from './case-store-contract.js';

const day = (d: number): string => `2025-04-${String(d).padStart(2, '0')}T08:00:00.000Z`;
const agent: PersonRef = { id: 'teams:agent-soren', name: 'Søren Kjær', email: 'soren.kjaer@au.dk' };

/**
 * The `searchCases` part of the CaseStore contract, registered inside `runCaseStoreContract` (`store()` is that
 * suite's store of the running test, initialised and empty; `makeStore` that suite's factory, for a store with
 * other options).
 */
export function runCaseSearchContract(
  store: () => CaseStore,
  makeStore: (options?: ContractStoreOptions) => Promise<CaseStore>,
): void {
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

    it('finds a case by the words of an earlier solution that did not hold when it was resolved again', async () => {
      const c = await create({ title: 'Skærmen flimrer', createdAt: day(1) });
      const first = { text: 'Driveren rullet tilbage', by: agent, at: day(2) };
      await store().updateCase(
        {
          ...c,
          status: 'resolved',
          solution: { text: 'Ny firmware installeret', by: agent, at: day(3) },
          earlierSolutions: [first],
        },
        c.version,
      );
      expect(await ids({ words: ['driveren', 'tilbage'] })).toEqual([c.id]);
      expect(await ids({ words: ['firmware'] })).toEqual([c.id]);
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

    describe("match: 'any' (similar cases)", () => {
      const any = (words: string[], extra: Omit<CaseSearchQuery, 'words' | 'match'> = {}) =>
        ids({ words, match: 'any', ...extra });

      it('ranks the cases by how many of the words they contain, then newest first, and leaves out the rest', async () => {
        const all3 = await create({ title: 'Printer toner jam', createdAt: day(1) });
        const two = await create({ title: 'Printer toner', createdAt: day(2) });
        const one = await create({ title: 'Printer offline', createdAt: day(3) });
        await create({ title: 'Scanner offline', createdAt: day(4) });
        const tonerOnly = await create({ title: 'Toner empty', createdAt: day(5) });
        // Stored after `two` and `one` but created later than both: the creation time decides, not the insertion.
        const twoNewer = await create({ title: 'Paper jam in the printer', createdAt: day(6) });
        // The same creation time: the later stored comes first.
        const sameA = await create({ title: 'Jammed door', createdAt: day(7) });
        const sameB = await create({ title: 'Jam session', createdAt: day(7) });
        const ranked = [all3.id, twoNewer.id, two.id, sameB.id, sameA.id, tonerOnly.id, one.id];
        expect(await any(['printer', 'toner', 'jam'])).toEqual(ranked);
        expect(await any(['jam', 'TONER', 'printer'])).toEqual(ranked);
        expect(await any(['printer', 'toner', 'jam'], { limit: 2 })).toEqual(ranked.slice(0, 2));
        expect(await any(['printer', 'toner', 'jam'], { limit: 0 })).toEqual(ranked.slice(0, 1));
        expect(await any(['keyboard', 'mouse'])).toEqual([]);
        // The same words with 'all' (the default): only the case holding all three.
        expect(await ids({ words: ['printer', 'toner', 'jam'] })).toEqual([all3.id]);
        expect(await ids({ words: ['printer', 'toner', 'jam'], match: 'all' })).toEqual([all3.id]);
        expect(await ids({ words: ['printer', 'toner', 'jam'], match: 'some' as 'all' })).toEqual([all3.id]);
      });

      it('counts a word once however often it is in the case, and the assignee and the number as text', async () => {
        const repeated = await create({
          title: 'Printer printer printeren',
          description: 'Printers everywhere',
          createdAt: day(1),
        });
        const assigned = await create({ title: 'Printer', assignee: agent, createdAt: day(2) });
        const numbered = await create({ title: 'Printer', createdAt: day(3) });
        expect(await any(['print'])).toEqual([numbered.id, assigned.id, repeated.id]);
        expect(await any(['printer', 'søren'])).toEqual([assigned.id, numbered.id, repeated.id]);
        expect(await any(['printer', 'kjær', 'søren'])).toEqual([assigned.id, numbered.id, repeated.id]);
        expect(await any(['printer', numbered.number])).toEqual([numbered.id, assigned.id, repeated.id]);
        expect(await any(['søren'])).toEqual([assigned.id]);
      });

      it('matches the beginning of a word but not the middle of one, as with every word', async () => {
        const a = await create({ title: 'Printeren virker ikke', createdAt: day(1) });
        const b = await create({ title: 'Øl i kantinen', createdAt: day(2) });
        expect(await any(['print', 'rint'])).toEqual([a.id]);
        expect(await any(['rint', 'eren', 'printerens', 'ol'])).toEqual([]);
        expect(await any(['ØL', 'virk'])).toEqual([b.id, a.id]);
        expect(await any(['printeren', 'virker', 'kantine'])).toEqual([a.id, b.id]);
      });

      it('never returns the excluded cases, with any or every word and with only an e-mail', async () => {
        const anna = buildPerson('anna', { email: 'anna.berg@au.dk' });
        const self = await create({ title: 'VPN drops at home', user: anna, createdAt: day(3) });
        const like = await create({ title: 'VPN drops', user: anna, createdAt: day(1) });
        const other = await create({ title: 'VPN slow', createdAt: day(2) });
        const words = ['vpn', 'drops', 'home'];
        expect(await any(words)).toEqual([self.id, like.id, other.id]);
        expect(await any(words, { excludeIds: [self.id] })).toEqual([like.id, other.id]);
        expect(await any(words, { excludeIds: [self.id, other.id, 'no-such-case'] })).toEqual([like.id]);
        expect(await any(words, { excludeIds: [self.id], limit: 1 })).toEqual([like.id]);
        expect(await ids({ words: ['vpn'], excludeIds: [self.id] })).toEqual([other.id, like.id]);
        expect(await ids({ personEmail: 'anna.berg@au.dk', excludeIds: [like.id] })).toEqual([self.id]);
        expect(await ids({ personEmail: 'anna.berg@au.dk', words: ['vpn'], excludeIds: [self.id] })).toEqual([like.id]);
        expect(await any(words, { excludeIds: [] })).toEqual([self.id, like.id, other.id]);
      });

      it('narrows to the cases of a person by e-mail, and lists them newest first when no word is left', async () => {
        const anna = buildPerson('anna', { email: 'Anna.Berg@AU.dk' });
        const own = await create({ title: 'Printer toner', user: anna, createdAt: day(1) });
        const reported = await create({
          title: 'Printer offline',
          user: buildPerson('carl'),
          reporter: buildPerson('anna2', { email: 'anna.berg@au.dk' }),
          createdAt: day(2),
        });
        await create({ title: 'Printer toner jam', user: buildPerson('bo'), createdAt: day(3) });
        await create({ title: 'Scanner', user: anna, createdAt: day(4) });
        const email = ' ANNA.BERG@au.dk ';
        expect(await any(['printer', 'toner', 'jam'], { personEmail: email })).toEqual([own.id, reported.id]);
        expect(await any(['offline'], { personEmail: email })).toEqual([reported.id]);
        expect(await any(['jam'], { personEmail: email })).toEqual([]);
        expect((await any(['"', '*'], { personEmail: email })).length).toBe(3);
        expect(await any(['"', '*'])).toEqual([]);
        expect(await any([])).toEqual([]);
      });

      it('reads the words as plain text and never throws on syntax characters', async () => {
        const a = await create({
          title: 'Printer near the door',
          description: 'Say "hello" (twice)',
          createdAt: day(1),
        });
        const b = await create({ title: 'Printer is broken', description: 'No paper', createdAt: day(2) });
        const syntax = ['"', '""', '*', 'NEAR(', '-x', '(', '$', '.*', '^', '[', '\\', ':', '{"$gt": ""}', '%', '_'];
        expect(Array.isArray(await store().searchCases({ words: syntax, match: 'any' }))).toBe(true);
        for (const word of syntax) {
          expect(Array.isArray(await store().searchCases({ words: [word], match: 'any' })), word).toBe(true);
        }
        for (const word of ['"', '*', '(', '$', '.*', '^', '\\', '%', '_', '-']) {
          expect(await any([word]), word).toEqual([]);
        }
        expect(await any(['"printer', '*', '%', '_', '.*'])).toEqual([b.id, a.id]);
        expect(await any(['NEAR(door', 'broken)'])).toEqual([a.id, b.id]);
        expect(await any(['(twice)', '"hello"', 'printer*'])).toEqual([a.id, b.id]);
        expect(await any(['.*rinter', '%rinter', '_rinter', '*rinter'])).toEqual([]);
        expect(await any(['{"$gt": ""}', '$where'])).toEqual([]);
        expect(await any(['printer'], { personEmail: '{"$ne": null}' })).toEqual([]);
        expect(await any(['printer'], { excludeIds: ['{"$ne": null}', '%'] })).toEqual([b.id, a.id]);
      });

      it("considers only the newest matches of each word, up to the per-word cap, the person's with an e-mail", async () => {
        const capped = await makeStore({ caseSearchWordCap: 2 });
        await capped.init();
        try {
          const make = (overrides: Partial<NewCase>) =>
            capped.createCase(buildNewCase({ description: 'Nothing to add.', answers: {}, ...overrides }));
          const anyIds = async (words: string[], extra: Omit<CaseSearchQuery, 'words' | 'match'> = {}) =>
            (await capped.searchCases({ words, match: 'any', ...extra })).map((c) => c.id);
          const bo = buildPerson('bo');
          const old = await make({ title: 'Alpha beta', assignee: agent, user: bo, createdAt: day(1) });
          const alpha1 = await make({ title: 'Alpha', createdAt: day(2) });
          const beta1 = await make({ title: 'Beta', createdAt: day(3) });
          const soren1 = await make({ title: 'Gamma', assignee: agent, createdAt: day(4) });
          // Among the two newest matches of every word yet: found first, with the most words.
          expect(await anyIds(['alpha', 'beta', 'søren'])).toEqual([old.id, soren1.id, beta1.id, alpha1.id]);
          const alpha2 = await make({ title: 'Alpha', createdAt: day(5) });
          // Beyond the newest two of `alpha`, still among those of `beta` and `søren`.
          expect(await anyIds(['alpha', 'beta', 'søren'])).toEqual([old.id, alpha2.id, soren1.id, beta1.id, alpha1.id]);
          expect(await anyIds(['alpha'])).toEqual([alpha2.id, alpha1.id]);
          const beta2 = await make({ title: 'Beta', createdAt: day(6) });
          const soren2 = await make({ title: 'Delta', assignee: agent, createdAt: day(7) });
          // Beyond the newest two of every one of its words: not found.
          const found = await anyIds(['alpha', 'beta', 'søren']);
          expect(found).not.toContain(old.id);
          expect(found).toEqual([soren2.id, beta2.id, alpha2.id, soren1.id, beta1.id, alpha1.id]);
          // The e-mail narrows first: among Bo's cases, the old one is the newest match of each word.
          expect(await anyIds(['alpha', 'beta', 'søren'], { personEmail: 'bo@au.dk' })).toEqual([old.id]);
          // Every word is unaffected by the cap.
          expect((await capped.searchCases({ words: ['alpha', 'beta'] })).map((c) => c.id)).toEqual([old.id]);
          expect((await capped.searchCases({ words: ['alpha'] })).map((c) => c.id)).toEqual([
            alpha2.id,
            alpha1.id,
            old.id,
          ]);
        } finally {
          await capped.close();
        }
      });
    });
  });
}
