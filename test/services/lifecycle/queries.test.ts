import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Case, type NewCase, type PersonRef, toRef } from '../../../src/models/case.js';
import type { CaseQuery } from '../../../src/models/case-store.js';
import { MIGRATIONS, migrate } from '../../../src/models/sqlite/migrations.js';
import { caseWhere } from '../../../src/models/sqlite/sqlite-case-store.js';
import { CaseService } from '../../../src/services/lifecycle/case-service.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { people } from '../../helpers/people.js';
import { buildServices, caseAwaitingAnna, resolvedAtNetworkDesk, type Services } from '../../helpers/services.js';

describe('CaseService lookups and lists', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices();
  });
  afterEach(async () => {
    await s.close();
  });

  it('shows a user their own case read-only and hides internal notes', async () => {
    const c = await s.reportWifi();
    await s.service.act(people.jonas, {
      verb: 'note',
      caseId: c.id,
      version: c.version,
      text: 'internal detail',
      visibility: 'internal',
    });
    const out = await s.service.lookup(people.anna, c.number.toLowerCase().replace('-0000', '-'));
    if (!out.ok) throw new Error(out.reply.text);
    expect(out.card.number).toBe(c.number);
    expect(out.card.notes).toEqual([]);
    expect(out.card.actions.map((a) => a.action.verb)).toEqual(['refresh']);
  });

  it('shows staff in a shared chat the card the user sees: public notes only, no internal ones, no actions', async () => {
    let c = await s.reportWifi();
    c =
      (
        await s.service.act(people.jonas, {
          verb: 'note',
          caseId: c.id,
          version: c.version,
          text: 'internal detail',
          visibility: 'internal',
        })
      ).case ?? c;
    await s.service.act(people.jonas, {
      verb: 'note',
      caseId: c.id,
      version: c.version,
      text: 'We are on it',
      visibility: 'public',
    });
    const shared = await s.service.lookup(people.jonas, c.number, { shared: true });
    if (!shared.ok) throw new Error(shared.reply.text);
    expect(shared.card.notes.map((n) => n.text)).toEqual(['We are on it']);
    expect(shared.card.actions.map((a) => a.action.verb)).toEqual(['refresh']);
    const own = await s.service.lookup(people.jonas, c.number);
    expect(own.ok && own.card.notes.map((n) => n.text)).toContain('internal detail');
  });

  it("answers not found when a user looks up someone else's case", async () => {
    const c = await s.reportWifi();
    const out = await s.service.lookup(people.carl, c.number);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.reply.text).toContain(`I cannot find case ${c.number}`);
  });

  it('shows staff any case with internal notes and their actions', async () => {
    const c = await s.reportWifi();
    await s.service.act(people.jonas, {
      verb: 'note',
      caseId: c.id,
      version: c.version,
      text: 'internal detail',
      visibility: 'internal',
    });
    const out = await s.service.lookup(people.thor, c.id);
    if (!out.ok) throw new Error(out.reply.text);
    expect(out.card.notes[0]).toMatchObject({ text: 'internal detail', internal: true });
    // Thor holds no role on an ARTS Support case: he may look, look for similar cases and refresh, nothing else.
    expect(out.card.actions.map((a) => a.action.verb)).toEqual(['similar', 'refresh']);
    expect(out.card.menus).toEqual([]);
    const own = await s.service.lookup(people.emma, c.id);
    expect(own.ok && own.card.actions.map((a) => a.action.verb)).toContain('claim');
  });

  it('answers not found for an unknown number', async () => {
    const out = await s.service.lookup(people.jonas, 'INC-999');
    expect(!out.ok && out.reply.text).toContain('INC-000999');
  });

  it("lists a user's cases and a technician's assigned and owned cases", async () => {
    const a = await s.reportWifi(people.anna, { title: 'First problem' });
    const b = await s.reportWifi(people.carl, { title: 'Carl problem' });
    await s.service.act(people.jonas, { verb: 'claim', caseId: b.id, version: b.version });
    const anna = await s.service.mine(people.anna);
    expect(anna.text).toContain(`${a.number} · First problem`);
    expect(anna.text).not.toContain(b.number);
    const jonas = await s.service.mine(people.jonas);
    expect(jonas.title).toBe('Your cases');
    expect(jonas.text).toContain(`${b.number} · Carl problem · Assigned · Jonas Vestergaard`);
    expect((await s.service.mine(people.bo)).text).toBe('Du har ingen sager.');
  });

  it("takes a group id in any case and answers an unknown one as unknown, listing the viewer's ids", async () => {
    const a = await s.reportWifi(people.anna, { title: 'One' });
    const q = await s.service.queue(people.emma, 'ARTS-Support');
    expect(q.title).toBe('Kø: ARTS Support');
    expect(q.text).toContain(`${a.number} · One`);
    expect((await s.service.queue(people.emma, 'OPS-NETWORK')).text).toBe('Du er ikke medlem af Drift: Netværk.');
    expect((await s.service.queue(people.emma, 'no-such-desk')).text).toBe(
      'Der er ingen gruppe med id "no-such-desk". Dine grupper: arts-support.',
    );
    expect((await s.service.queue(people.thor, 'nope')).text).toBe(
      'There is no group with the id "nope". Your groups: ops-network.',
    );
  });

  it("shows the queue of the viewer's groups by status and refuses non-staff", async () => {
    const a = await s.reportWifi(people.anna, { title: 'One' });
    const b = await s.reportWifi(people.carl, { title: 'Two' });
    await s.service.act(people.jonas, { verb: 'claim', caseId: b.id, version: b.version });
    const q = await s.service.queue(people.emma);
    expect(q.title).toBe('Kø: ARTS Support');
    expect(q.text).toMatch(new RegExp(`^Registreret \\(1\\)\\nP3 ${a.number} · One`));
    expect(q.text).toContain(`Tildelt (1)\nP3 ${b.number} · Two`);
    expect((await s.service.queue(people.anna)).text).toContain('The queue is for support staff');
    expect((await s.service.queue(people.emma, 'ops-network')).text).toBe('Du er ikke medlem af Drift: Netværk.');
    expect((await s.service.queue(people.thor)).text).toBe('No open cases with Operations: Network.');
  });

  it('lists the 15 oldest cases per status of a busy desk, counts the rest and shortens long titles', async () => {
    const made = [];
    for (let i = 0; i < 40; i++) {
      made.push(await s.reportWifi(people.anna, { title: `Case ${String(i).padStart(2, '0')} ${'x'.repeat(200)}` }));
      s.clock.advance(60_000);
    }
    const q = await s.service.queue(people.emma);
    const lines = q.text.split('\n');
    expect(lines[0]).toBe('Registreret (40)');
    // The oldest first (they wait longest), 15 of them, then how many more there are.
    expect(lines.slice(1, 16).map((l) => l.split(' · ')[0])).toEqual(made.slice(0, 15).map((c) => `P3 ${c.number}`));
    expect(lines[16]).toBe('… og 25 mere');
    expect(q.text).not.toContain(made[15]!.number);
    for (const l of lines.slice(1, 16)) expect(l.split(' · ')[1]!.length).toBeLessThanOrEqual(80);
  });

  it('finds cases for staff by every word, in notes too, newest first, with the day each was registered', async () => {
    const printer = await s.reportWifi(people.anna, { title: 'Printer on floor 3 jams' });
    s.clock.advance(60_000);
    const other = await s.reportWifi(people.carl, { title: 'Printeren i 1485 virker ikke' });
    s.clock.advance(60_000);
    await s.reportWifi(people.carl, { title: 'VPN drops' });
    await s.service.act(people.jonas, {
      verb: 'note',
      caseId: printer.id,
      version: printer.version,
      text: 'Toner swapped in building 1485',
      visibility: 'internal',
    });
    const both = await s.service.search(people.jonas, { words: ['print', '1485'] });
    expect(both.title).toBe('Cases matching «print 1485»');
    const lines = both.text.split('\n');
    expect(lines.map((l) => l.split(' · ')[0])).toEqual([other.number, printer.number]);
    expect(lines[0]).toBe(`${other.number} · Printeren i 1485 virker ikke · Registered · ARTS Support · 3 Mar 2025`);
    expect((await s.service.search(people.jonas, { words: ['printer', 'floor'] })).text).not.toContain(other.number);
    const none = await s.service.search(people.emma, { words: ['scanner'] });
    expect(none.title).toBe('Sager med «scanner»');
    expect(none.text).toContain('Ingen sager passer på «scanner»');
  });

  it("finds a person's cases by e-mail, narrowed by words, and refuses users", async () => {
    const a = await s.reportWifi(people.anna, { title: 'Mail is slow' });
    const b = await s.reportWifi(people.anna, { title: 'Printer jam' });
    await s.reportWifi(people.carl, { title: 'Printer jam too' });
    const all = await s.service.search(people.jonas, { words: [], personEmail: 'ANNA.BERG@cas.au.dk' });
    expect(all.text.split('\n').map((l) => l.split(' · ')[0])).toEqual([b.number, a.number]);
    const narrowed = await s.service.search(people.jonas, { words: ['printer'], personEmail: people.anna.email! });
    expect(narrowed.text.split('\n').map((l) => l.split(' · ')[0])).toEqual([b.number]);
    const refused = await s.service.search(people.anna, { words: ['printer'] });
    expect(refused.text).toBe('Searching cases is for support staff. Write "mine" to see your own cases.');
  });

  it('lists the 15 newest matches and says that more match', async () => {
    const made = [];
    for (let i = 0; i < 17; i++) {
      made.push(await s.reportWifi(people.anna, { title: `Eduroam down ${i}` }));
      s.clock.advance(60_000);
    }
    const lines = (await s.service.search(people.jonas, { words: ['eduroam'] })).text.split('\n');
    expect(lines).toHaveLength(16);
    expect(lines[0]).toContain(made[16]!.number);
    expect(lines[14]).toContain(made[2]!.number);
    expect(lines[15]).toBe('More cases match; these are the 15 newest. Add a word to narrow the search.');
  });

  it('lists earlier cases like a case for staff, most shared words first, with the solution found before', async () => {
    // Resolved earlier: the same Wi-Fi words (title "Eduroam drops every few minutes", building 1481).
    const fixed = await resolvedAtNetworkDesk(s, { solution: 'Replaced the access point\nin room 235' });
    s.clock.advance(60_000);
    const oneWord = await s.reportWifi(people.carl, {
      title: 'Printer jams',
      description: 'The printer in building 1481 jams on every page.',
    });
    s.clock.advance(60_000);
    const unrelated = await s.reportWifi(people.carl, { title: 'Mail is slow', description: 'Outlook hangs.' });
    s.clock.advance(60_000);
    const now = await s.reportWifi(people.anna, {
      title: 'Eduroam keeps dropping',
      description: 'Eduroam drops on my laptop in building 1481, again.',
    });
    const out = await s.service.similar(people.jonas, now.number.toLowerCase());
    expect(out.title).toBe(`Cases like ${now.number}`);
    expect(out.text.split('\n')).toEqual([
      `${fixed.number} · Eduroam drops every few minutes · Resolved · Thor Aaes · 3 Mar 2025`,
      '   → Solution: Replaced the access point in room 235',
    ]);
    expect(out.text).not.toContain(oneWord.number);
    expect(out.text).not.toContain(unrelated.number);
    expect(out.text).not.toContain(now.number);
  });

  it("answers the card's Similar cases with the list beside the unchanged card, for any staff member while it is open", async () => {
    const fixed = await resolvedAtNetworkDesk(s, { solution: 'Replaced the access point' });
    s.clock.advance(60_000);
    const now = await s.reportWifi(people.anna, {
      title: 'Eduroam keeps dropping',
      description: 'Eduroam drops on my laptop in building 1481, again.',
    });
    // Thor has no role on the case, only staff: he may ask, at any version (it changes nothing).
    const out = await s.service.act(people.thor, { verb: 'similar', caseId: now.id });
    if (!out.ok) throw new Error(out.reply.text);
    expect(out.reply).toBeUndefined();
    expect(out.aside?.title).toBe(`Cases like ${now.number}`);
    expect(out.aside?.text).toContain(fixed.number);
    expect(out.aside?.text).toContain('Replaced the access point');
    expect(out.card.version).toBe(now.version);
    expect((await s.store.getCase(now.id))?.version).toBe(now.version);
    // Users may not; nor is it offered or done once the case is closed for good.
    const refused = await s.service.act(people.anna, { verb: 'similar', caseId: now.id, version: now.version });
    expect(refused).toMatchObject({ ok: false, code: 'CASE.FORBIDDEN' });
    const done = await s.service.act(people.thor, { verb: 'similar', caseId: fixed.id });
    expect(done).toMatchObject({ ok: false, code: 'CASE.INVALID_TRANSITION' });
    expect(done.ok ? [] : done.card?.actions.map((a) => a.action.verb)).not.toContain('similar');
  });

  it('refuses similar to users, and says when a case is unknown or nothing is like it', async () => {
    const c = await s.reportWifi(people.anna, { title: 'Quantum flux', description: 'Capacitor melted.' });
    expect((await s.service.similar(people.anna, c.number)).text).toBe(
      'Searching cases is for support staff. Write "mine" to see your own cases.',
    );
    expect((await s.service.similar(people.jonas, 'INC-999')).text).toContain('I cannot find case INC-000999');
    const none = await s.service.similar(people.emma, c.number);
    expect(none.text).toBe(
      `Ingen anden sag deler nok ord med ${c.number} («Quantum flux»). Prøv "søg" med dine egne ord.`,
    );
  });

  it("lists 20 of a person's cases, open ones first, and counts the rest", async () => {
    for (let i = 0; i < 24; i++) {
      await s.reportWifi(people.anna, { title: `Problem ${i}` });
      s.clock.advance(60_000);
    }
    const lines = (await s.service.mine(people.anna)).text.split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toContain('Problem 23');
    expect(lines[20]).toBe('… and 4 more');
  });

  it("lists a person's cases from the other platform too (same e-mail), but takes no reply there", async () => {
    await s.reportWifi(people.anna, { title: 'Reported in Teams' });
    const annaOnSlack = { ...people.anna, id: 'slack:U0ANNA', email: 'ANNA.BERG@cas.au.dk' };
    await s.reportWifi(annaOnSlack, { title: 'Reported in Slack' });
    for (const who of [people.anna, annaOnSlack]) {
      const text = (await s.service.mine(who)).text;
      expect(text).toContain('Reported in Teams');
      expect(text).toContain('Reported in Slack');
    }
    // Without an e-mail only the platform id counts.
    const { email: _e, ...noMail } = annaOnSlack;
    expect((await s.service.mine(noMail)).text).not.toContain('Reported in Teams');
    // A question asked in Teams is answered in Teams: a Slack message is not taken as the answer.
    await caseAwaitingAnna(s);
    expect(await s.service.userReply(annaOnSlack, 'Room 235')).toBeNull();
    expect(await s.service.userReply(people.anna, 'Room 235')).not.toBeNull();
  });

  it('returns null for a chat message when no case of the person awaits them', async () => {
    await s.reportWifi();
    expect(await s.service.userReply(people.anna, 'hello')).toBeNull();
    expect(await s.outbox.take()).toEqual([]);
  });

  it('returns the fill-in form with the action fields when a form is opened', async () => {
    const c = await s.reportWifi();
    const out = await s.service.act(people.jonas, {
      verb: 'open_form',
      caseId: c.id,
      version: c.version,
      form: 'escalate',
    });
    if (!out.ok) throw new Error(out.reply.text);
    expect(out.reply?.form?.inputs.map((i) => i.id)).toEqual(['groupId', 'unit', 'reasonCode', 'reason']);
    expect(out.reply?.form?.submit.map((a) => a.action)).toEqual([
      { verb: 'escalate_group', caseId: c.id, version: c.version },
      { verb: 'escalate_manager', caseId: c.id, version: c.version },
    ]);
    const refused = await s.service.act(people.anna, {
      verb: 'open_form',
      caseId: c.id,
      version: c.version,
      form: 'resolve',
    });
    expect(refused).toMatchObject({ ok: false, code: 'CASE.FORBIDDEN' });
  });

  it('refuses intake verbs and unknown case ids with a friendly reply', async () => {
    expect(await s.service.act(people.anna, { verb: 'intake_start' })).toMatchObject({
      ok: false,
      code: 'INPUT.INVALID',
    });
    expect(await s.service.act(people.anna, { verb: 'refresh', caseId: 'missing' })).toMatchObject({
      ok: false,
      code: 'CASE.NOT_FOUND',
    });
  });
});

describe('CaseService.mine', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices();
  });
  afterEach(async () => {
    await s.close();
  });

  const jonas = toRef(people.jonas);
  const atArts = { groupId: 'arts-support', ownerGroupId: 'arts-support' };
  /** A case created a minute after the one before (so newest first is creation order). */
  async function make(overrides: Partial<NewCase>): Promise<Case> {
    s.clock.advance(60_000);
    return s.store.createCase(buildNewCase({ ...atArts, createdAt: s.clock.now().toISOString(), ...overrides }));
  }
  const resolvedBy = (by: PersonRef): Partial<NewCase> => ({
    status: 'resolved',
    solution: { text: 'done', by, at: s.clock.now().toISOString() },
    resolvedAt: s.clock.now().toISOString(),
  });
  const numbers = (text: string) => text.split('\n').map((l) => l.split(' · ')[0]);

  it("lists a staff member's old open case first although 60 newer resolved ones are assigned to them", async () => {
    const open = await make({ title: 'Old open case', status: 'in_progress', assignee: jonas });
    for (let i = 0; i < 60; i++) await make({ title: `Solved ${i}`, assignee: jonas, ...resolvedBy(jonas) });
    const lines = (await s.service.mine(people.jonas)).text.split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toContain(`${open.number} · Old open case · In progress`);
    expect(lines[1]).toContain('Solved 59');
    expect(lines[20]).toBe('… and 41 more');
  });

  it("lists a user's old open case first although 60 newer closed ones are theirs", async () => {
    const open = await make({ title: 'Old open case', status: 'in_progress', user: people.anna });
    for (let i = 0; i < 60; i++) await make({ title: `Closed ${i}`, status: 'closed', user: people.anna });
    const lines = (await s.service.mine(people.anna)).text.split('\n');
    expect(lines[0]).toContain(open.number);
    expect(lines[1]).toContain('Closed 59');
    expect(lines[20]).toBe('… and 41 more');
  });

  it('lists the 20 newest of more open cases and counts the rest, the others too', async () => {
    for (let i = 0; i < 5; i++) await make({ title: `Solved ${i}`, assignee: jonas, ...resolvedBy(jonas) });
    const open: Case[] = [];
    for (let i = 0; i < 25; i++) open.push(await make({ title: `Open ${i}`, status: 'assigned', assignee: jonas }));
    const text = (await s.service.mine(people.jonas)).text;
    expect(numbers(text).slice(0, 20)).toEqual(
      open
        .slice(5)
        .reverse()
        .map((c) => c.number),
    );
    expect(text.split('\n')[20]).toBe('… and 10 more');
  });

  it('counts a case once when the staff member is its user, assignee and owner at once', async () => {
    const all = { assignee: jonas, caseOwner: jonas };
    for (let i = 0; i < 12; i++) await make({ title: `Assigned and owned ${i}`, ...all, ...resolvedBy(jonas) });
    for (let i = 0; i < 6; i++) await make({ title: `Own, closed ${i}`, ...all, user: people.jonas, status: 'closed' });
    const open: Case[] = [];
    for (let i = 0; i < 5; i++) {
      open.push(await make({ title: `Own, open ${i}`, user: people.jonas, assignee: jonas, status: 'in_progress' }));
    }
    for (let i = 0; i < 4; i++) {
      open.push(
        await make({ title: `Owned ${i}`, caseOwner: jonas, assignee: toRef(people.emma), status: 'awaiting_user' }),
      );
    }
    // Closed cases they only worked on are not theirs to list.
    for (let i = 0; i < 3; i++) await make({ title: `Worked on ${i}`, assignee: jonas, status: 'closed' });
    const text = (await s.service.mine(people.jonas)).text;
    expect(numbers(text).slice(0, 9)).toEqual(open.reverse().map((c) => c.number));
    expect(text).not.toContain('Worked on');
    // 12 + 6 + 5 + 4 = 27 cases: 20 listed.
    expect(text.split('\n')[20]).toBe('… and 7 more');
  });

  // PROCESS.md principle 4: a named case owner sees all their cases. The same person may hold a case under another
  // id: assigned from the menu by e-mail before the directory knew them, or claimed on the other platform.
  it('lists a case assigned by e-mail to a colleague the directory did not know yet, when they ask', async () => {
    const c = await s.reportWifi(people.anna, { title: 'Assigned by e-mail' });
    const out = await s.service.act(people.emma, {
      verb: 'assign',
      caseId: c.id,
      version: c.version,
      assigneeEmail: 'rasmus.bang@au.dk',
    });
    expect(out.ok).toBe(true);
    const stored = await s.store.getCase(c.id);
    expect(stored?.assignee?.id).toBe('email:rasmus.bang@au.dk');
    expect(stored?.caseOwner?.id).toBe('email:rasmus.bang@au.dk');
    // Rasmus (ARTS Support) now opens Teams and asks for his cases: assigned to and owned by him, listed once.
    const rasmus = { id: 'teams:rasmus', name: 'Rasmus Bang', email: 'Rasmus.Bang@au.dk', locale: 'en' as const };
    expect(numbers((await s.service.mine(rasmus)).text)).toEqual([c.number]);
  });

  it('lists the cases a staff member claimed in Teams when they ask in Slack, each once in the count', async () => {
    const claimed: Case[] = [];
    for (let i = 0; i < 22; i++) {
      const c = await s.reportWifi(people.anna, { title: `Claimed in Teams ${i}` });
      const out = await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version });
      if (!out.ok) throw new Error(out.reply.text);
      claimed.push(out.case);
    }
    // Claiming made Jonas (1st level of the owning group) the case owner too.
    expect(claimed.every((c) => c.caseOwner?.id === people.jonas.id)).toBe(true);
    const text = (await s.service.mine({ ...people.jonas, id: 'slack:UJONAS' })).text;
    expect(text).toContain(claimed.at(-1)!.number);
    expect(text.split('\n')[20]).toBe('… and 2 more');
  });

  it('lists every case and no "more" line when all fit', async () => {
    await make({ title: 'Open', status: 'in_progress', assignee: jonas, caseOwner: jonas });
    await make({ title: 'Solved', assignee: jonas, caseOwner: jonas, ...resolvedBy(jonas) });
    expect((await s.service.mine(people.jonas)).text.split('\n')).toHaveLength(2);
  });

  it("reads a staff member's cases and their count on the store's indexes, never by walking every case", async () => {
    const queries: Omit<CaseQuery, 'limit' | 'offset'>[] = [];
    const recording = new Proxy(s.store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if ((prop !== 'findCases' && prop !== 'countCases') || typeof value !== 'function') return value;
        return (q: CaseQuery) => {
          queries.push(q);
          return (value as (q: CaseQuery) => Promise<unknown>).call(target, q);
        };
      },
    });
    const service = new CaseService({
      store: recording,
      catalogue: s.catalogue,
      calendar: s.calendar,
      clock: s.clock,
      directory: s.directory,
      timeZone: 'Europe/Copenhagen',
      defaultLocale: 'da',
      reopenWindowDays: 14,
    });
    for (let i = 0; i < 25; i++) await make({ status: 'assigned', assignee: jonas, caseOwner: jonas });
    for (let i = 0; i < 25; i++) await make({ user: people.jonas, ...resolvedBy(jonas) });
    expect((await service.mine(people.jonas)).text).toContain('… and 30 more');
    expect(queries.length).toBeGreaterThan(3);

    const db = new Database(':memory:');
    try {
      migrate(db, MIGRATIONS);
      for (const q of queries) {
        const { sql, params } = caseWhere(q);
        for (const select of [
          `SELECT doc FROM cases ${sql} ORDER BY created_at DESC, seq DESC LIMIT 20`,
          `SELECT COUNT(*) AS n FROM cases ${sql}`,
        ]) {
          const plan = (db.prepare(`EXPLAIN QUERY PLAN ${select}`).all(...params) as { detail: string }[])
            .map((r) => r.detail)
            .join('; ');
          expect(plan, JSON.stringify(q)).toMatch(/USING (COVERING )?INDEX/);
          expect(plan, JSON.stringify(q)).not.toMatch(/\bSCAN cases\b/);
        }
      }
    } finally {
      db.close();
    }
  });
});
