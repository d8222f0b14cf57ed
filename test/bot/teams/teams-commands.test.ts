import { describe, expect, it, vi } from 'vitest';
import { firstWordOnly, parseTeamsCommand } from '../../../src/bot/teams/teams-commands.js';
import { TeamsDirectory } from '../../../src/bot/teams/teams-directory.js';
import { teamsPersonRefs } from '../../../src/bot/teams/teams-ref-people.js';
import { REF_KINDS, TeamsRefs } from '../../../src/bot/teams/teams-refs.js';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../../src/services/clock.js';
import { compositeDirectory } from '../../../src/services/people-directory.js';
import { PrivacyService } from '../../../src/services/privacy/privacy-service.js';
import { people } from '../../helpers/people.js';
import { shippedCatalogue } from '../../helpers/services.js';

describe('parseTeamsCommand', () => {
  it('reads status with a case number in any usual spelling', () => {
    expect(parseTeamsCommand('status inc-42')).toEqual({ ok: true, command: { kind: 'status', ref: 'INC-000042' } });
    expect(parseTeamsCommand('/status #SR-7')).toEqual({ ok: true, command: { kind: 'status', ref: 'SR-000007' } });
  });

  it('explains the expected form when status has no or a bad argument', () => {
    const missing = parseTeamsCommand('status');
    const bad = parseTeamsCommand('status printer');
    expect(missing && !missing.ok && missing.error.message.en).toContain('Which case?');
    expect(bad && !bad.ok && bad.error.message.da).toContain('er ikke et sagsnummer');
  });

  it('treats free text that merely starts with a command word as a report', () => {
    expect(parseTeamsCommand('help my screen is black')).toBeNull();
    // Three words or more after "status" that are no case number are a sentence, not a bad status.
    expect(parseTeamsCommand('Status page of the wiki shows an error')).toBeNull();
    expect(parseTeamsCommand('status INC-000001 is wrong, the printer still fails')).toBeNull();
    expect(parseTeamsCommand('status inc 12x')?.ok).toBe(false);
    expect(parseTeamsCommand('The printer is broken')).toBeNull();
    expect(parseTeamsCommand('hjælp')).toEqual({ ok: true, command: { kind: 'help' } });
  });

  it('reads add with a case number and the text to add, in English and Danish', () => {
    expect(parseTeamsCommand('add inc-42 It is room 1.23\nand 1.24')).toEqual({
      ok: true,
      command: { kind: 'add', ref: 'INC-000042', text: 'It is room 1.23\nand 1.24' },
    });
    expect(parseTeamsCommand('Tilføj #SR-7 Også min kollega')).toEqual({
      ok: true,
      command: { kind: 'add', ref: 'SR-000007', text: 'Også min kollega' },
    });
    const empty = parseTeamsCommand('add INC-42');
    expect(empty && !empty.ok && empty.error.message.en).toContain('What should be added to INC-000042?');
    // Without a case number right after it, "add …" is a report like any other.
    expect(parseTeamsCommand('Add a printer to my PC please')).toBeNull();
    expect(parseTeamsCommand('tilføj')).toBeNull();
  });

  it('reads a case number typed with a space, any dash or full-width digits', () => {
    expect(parseTeamsCommand('add inc 123 the printer is still broken')).toEqual({
      ok: true,
      // Written apart: an addition only when the person can look the case up (teams-chat, `isAddition`).
      command: { kind: 'add', ref: 'INC-000123', text: 'the printer is still broken', apart: true },
    });
    expect(parseTeamsCommand('add INC\u2011000123 the printer\nis still broken')).toEqual({
      ok: true,
      command: { kind: 'add', ref: 'INC-000123', text: 'the printer\nis still broken' },
    });
    const status = { ok: true, command: { kind: 'status', ref: 'INC-000123' } };
    expect(parseTeamsCommand('status INC-\uFF10\uFF10\uFF10\uFF11\uFF12\uFF13')).toEqual(status);
    expect(parseTeamsCommand('status INC\u2013000123')).toEqual(status);
    expect(parseTeamsCommand('status inc 123')).toEqual(status);
    expect(parseTeamsCommand('status sr\u2212 7')).toEqual({ ok: true, command: { kind: 'status', ref: 'SR-000007' } });
  });

  it('treats stats and queue followed by words that do not fit the command as a report when not staff', () => {
    expect(parseTeamsCommand('Statistik virker ikke i SPSS', false, false)).toBeNull();
    expect(parseTeamsCommand('Queue in Brightspace is stuck', false, false)).toBeNull();
    expect(parseTeamsCommand('kø i kantinen', false, false)).toBeNull();
    // A well-formed command is still one (the service then says it is for staff).
    expect(parseTeamsCommand('statistik', false, false)).toEqual({
      ok: true,
      command: { kind: 'staff', command: { kind: 'stats', args: {} } },
    });
    expect(parseTeamsCommand('queue', false, false)).toEqual({ ok: true, command: { kind: 'queue' } });
    expect(parseTeamsCommand('stats week', false, false)).toEqual({
      ok: true,
      command: { kind: 'staff', command: { kind: 'stats', args: { period: 'week' } } },
    });
    // Staff keep the commands and their usage hints.
    expect(parseTeamsCommand('queue arts-desk', false, true)).toEqual({
      ok: true,
      command: { kind: 'queue', groupId: 'arts-desk' },
    });
    expect(parseTeamsCommand('Statistik virker ikke i SPSS', false, true)?.ok).toBe(false);
  });

  it('reads queue with an optional group id and refuses a malformed one', () => {
    expect(parseTeamsCommand('queue')).toEqual({ ok: true, command: { kind: 'queue' } });
    expect(parseTeamsCommand('queue arts-desk')).toEqual({
      ok: true,
      command: { kind: 'queue', groupId: 'arts-desk' },
    });
    expect(parseTeamsCommand('queue <script>')?.ok).toBe(false);
  });
});

describe('firstWordOnly (the answer to a waiting question, not the command)', () => {
  const loose = (text: string) => firstWordOnly(parseTeamsCommand(text, false, false)!, text);

  it('is true for "new"/"ny" followed by other words and for "status" without a case number', () => {
    expect(loose('Ny HP-printer, den står i lokale 1.23')).toBe(true);
    expect(loose('New laptop arrived, still no network')).toBe(true);
    expect(loose('Status is unchanged')).toBe(true);
    expect(loose('status')).toBe(true);
  });

  it('is false for a well-formed command', () => {
    for (const text of ['new', 'Ny', 'ny sag', '/new', 'new for anna@au.dk', 'ny for Anna Jensen', 'status INC-5']) {
      expect(loose(text)).toBe(false);
    }
    expect(loose('mine')).toBe(false);
    expect(loose('add INC-5 room 235')).toBe(false);
  });
});

describe('TeamsDirectory', () => {
  /** An empty in-memory store and the Teams records on it. */
  async function refsOnNewStore() {
    const store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    return { store, refs: new TeamsRefs(store) };
  }

  it('finds people the bot met by id, e-mail id and name search', async () => {
    const { store, refs } = await refsOnNewStore();
    const at = new Date('2025-03-03T09:00:00Z');
    await refs.savePerson(
      'teams:aad-anna',
      { userId: '29:anna', name: 'Anna Jensen', email: 'Anna@AU.dk', locale: 'da-DK' },
      at,
    );
    await refs.savePerson('teams:aad-bo', { userId: '29:bo', name: 'Bo Nielsen', upn: 'bo@au.dk' }, at);
    const dir = new TeamsDirectory(refs);
    expect(await dir.lookup('teams:aad-anna')).toEqual({
      id: 'teams:aad-anna',
      name: 'Anna Jensen',
      email: 'anna@au.dk',
      locale: 'da',
    });
    expect((await dir.lookup('email:bo@au.dk'))?.id).toBe('teams:aad-bo');
    expect(await dir.lookup('teams:unknown')).toBeNull();
    expect((await dir.search('nielsen')).map((p) => p.id)).toEqual(['teams:aad-bo']);
    expect(await dir.search('   ')).toEqual([]);
    await store.close();
  });

  it('finds a person by e-mail in the e-mail index, filled once for the people met before it, without reading everyone', async () => {
    const store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    const at = new Date('2025-03-03T09:00:00Z');
    // Met before the index existed: records only.
    const was = at.toISOString();
    await store.putRef(REF_KINDS.person, 'teams:aad-anna', {
      userId: '29:anna',
      name: 'Anna Jensen',
      email: 'Anna@AU.dk',
      updatedAt: was,
    });
    await store.putRef(REF_KINDS.person, 'teams:aad-bo', {
      userId: '29:bo',
      name: 'Bo Nielsen',
      upn: 'bo@au.dk',
      updatedAt: was,
    });
    const refs = new TeamsRefs(store);
    expect(await refs.indexEmails(at)).toBe(2);
    expect(await new TeamsRefs(store).indexEmails(at)).toBe(0);
    // Met since: indexed as saved; a changed e-mail moves its entry.
    await refs.savePerson('teams:aad-carl', { userId: '29:carl', name: 'Carl Holm', email: 'carl@au.dk' }, at);
    await refs.savePerson('teams:aad-carl', { userId: '29:carl', name: 'Carl Holm', email: 'c.holm@au.dk' }, at);
    const listRefs = vi.spyOn(store, 'listRefs');
    const dir = new TeamsDirectory(refs);
    expect((await dir.search('anna@au.dk')).map((p) => p.id)).toEqual(['teams:aad-anna']);
    expect((await dir.search(' BO@au.dk ')).map((p) => p.id)).toEqual(['teams:aad-bo']);
    expect((await dir.lookup('email:c.holm@au.dk'))?.id).toBe('teams:aad-carl');
    expect(await dir.search('carl@au.dk')).toEqual([]);
    expect(await dir.lookup('email:nobody@au.dk')).toBeNull();
    expect(listRefs).not.toHaveBeenCalled();
    // A name is still searched over everyone.
    expect((await dir.search('holm')).map((p) => p.id)).toEqual(['teams:aad-carl']);
    await store.close();
  });
  it("gives a name search's people as a look-up gives them, reading only the fields it shows of each record", async () => {
    const { store, refs } = await refsOnNewStore();
    const at = new Date('2025-03-03T09:00:00Z');
    const reference = {
      user: { id: '29:anna', name: 'Anna Holm' },
      agent: { id: '28:bot', name: 'Incident bot' },
      conversation: { id: 'a:personal-anna' },
      channelId: 'msteams',
      serviceUrl: 'https://smba.example/emea/',
    };
    await refs.savePerson(
      'teams:aad-anna',
      { userId: '29:anna', name: 'Anna Holm', email: 'Anna@AU.dk', locale: 'da-DK', reference: reference as never },
      at,
    );
    await refs.savePerson('teams:aad-carl', { userId: '29:carl', name: 'Carl Holm', upn: 'carl@au.dk' }, at);
    const listRefs = vi.spyOn(store, 'listRefs');
    const dir = new TeamsDirectory(refs);
    const found = await dir.search('holm');
    expect(found).toEqual([await dir.lookup('teams:aad-anna'), await dir.lookup('teams:aad-carl')]);
    expect(found[0]).toEqual({ id: 'teams:aad-anna', name: 'Anna Holm', email: 'anna@au.dk', locale: 'da' });
    expect(found[1]).toEqual({ id: 'teams:aad-carl', name: 'Carl Holm', email: 'carl@au.dk', username: 'carl@au.dk' });
    expect(listRefs).toHaveBeenCalledWith(REF_KINDS.person, ['name', 'email', 'upn', 'locale'], {});
    await store.close();
  });

  it('forgets an erased person at once: no name search, look-up or record of this instance shows them from memory', async () => {
    const { store, refs } = await refsOnNewStore();
    const at = new Date('2025-06-02T08:00:00Z');
    await refs.savePerson('teams:aad-anna', { userId: '29:anna', name: 'Anna Berg', email: 'anna.berg@cas.au.dk' }, at);
    await refs.savePerson('teams:aad-carl', { userId: '29:carl', name: 'Carl Berg', email: 'carl.berg@au.dk' }, at);
    const teams = new TeamsDirectory(refs);
    const directory = compositeDirectory([{ prefix: 'teams:', directory: teams }]);
    const privacy = new PrivacyService({
      store,
      catalogue: shippedCatalogue(),
      clock: new ManualClock(at.toISOString()),
      defaultLocale: 'en',
      personRefs: teamsPersonRefs,
      directory,
    });
    // Read and kept: the minute's roster, and the record this instance last wrote.
    expect((await directory.search('berg')).map((p) => p.id)).toEqual(['teams:aad-anna', 'teams:aad-carl']);
    expect(await refs.recentPerson('teams:aad-anna', at)).not.toBeNull();

    const erased = await privacy.erasePerson(people.birgitte, 'anna.berg@cas.au.dk');
    expect(erased.ok).toBe(true);
    expect((await directory.search('berg')).map((p) => p.id)).toEqual(['teams:aad-carl']);
    expect(await directory.lookup('teams:aad-anna')).toBeNull();
    expect(await refs.recentPerson('teams:aad-anna', at)).toBeNull();
    await store.close();
  });

  it('reads everyone for the first name search, then within a minute nothing, after it only the people written since', async () => {
    let storeNow = Date.parse('2025-03-03T09:00:00Z');
    const store = new SqliteCaseStore({ file: ':memory:', now: () => new Date(storeNow) });
    await store.init();
    const refs = new TeamsRefs(store);
    const at = new Date(storeNow);
    await refs.savePerson('teams:aad-anna', { userId: '29:anna', name: 'Anna Holm', email: 'anna@au.dk' }, at);
    storeNow += 3_600_000;
    await refs.savePerson('teams:aad-bo', { userId: '29:bo', name: 'Bo Berg', email: 'bo@au.dk' }, at);
    let now = 0;
    const dir = new TeamsDirectory(refs, 60_000, () => now);
    const listRefs = vi.spyOn(store, 'listRefs');
    expect((await dir.search('holm')).map((p) => p.id)).toEqual(['teams:aad-anna']);
    expect(listRefs).toHaveBeenLastCalledWith(REF_KINDS.person, ['name', 'email', 'upn', 'locale'], {});

    storeNow += 10_000;
    await refs.savePerson('teams:aad-carl', { userId: '29:carl', name: 'Carl Holm', email: 'carl@au.dk' }, at);
    now = 59_000;
    expect((await dir.search('holm')).map((p) => p.id)).toEqual(['teams:aad-anna']);
    expect(listRefs).toHaveBeenCalledTimes(1);

    now = 60_000;
    expect((await dir.search('holm')).map((p) => p.id)).toEqual(['teams:aad-anna', 'teams:aad-carl']);
    expect(listRefs).toHaveBeenCalledTimes(2);
    // From two minutes before the newest record read (Bo's): Bo and Carl are read again, Anna (an hour older) not.
    const since = new Date(Date.parse('2025-03-03T10:00:00Z') - 120_000).toISOString();
    expect(listRefs).toHaveBeenLastCalledWith(REF_KINDS.person, ['name', 'email', 'upn', 'locale'], {
      changedSince: since,
    });
    expect(await listRefs.mock.results[1]?.value).toHaveLength(2);

    // A renamed person is found by the new name after the next minute.
    storeNow += 60_000;
    await refs.savePerson('teams:aad-bo', { userId: '29:bo', name: 'Bo Holm', email: 'bo@au.dk' }, new Date(storeNow));
    now = 120_000;
    expect((await dir.search('holm')).map((p) => p.name)).toEqual(['Anna Holm', 'Bo Holm', 'Carl Holm']);
    expect((await dir.search('berg')).map((p) => p.name)).toEqual([]);
    expect(listRefs).toHaveBeenCalledTimes(3);

    // A record stamped by a clock an hour ahead moves the changes' start past what others write meanwhile (a new
    // person is still noticed, by the count; a changed one is not); the half-hourly read of everyone finds it.
    storeNow += 3_600_000;
    await refs.savePerson('teams:aad-dan', { userId: '29:dan', name: 'Dan Holm', email: 'dan@au.dk' }, at);
    now = 180_000;
    expect((await dir.search('holm')).map((p) => p.name)).toContain('Dan Holm');
    storeNow -= 3_600_000 - 1_000;
    await refs.savePerson('teams:aad-anna', { userId: '29:anna', name: 'Anna Lund', email: 'anna@au.dk' }, at);
    now = 240_000;
    expect(await dir.search('lund')).toEqual([]);
    now = 30 * 60_000;
    expect((await dir.search('lund')).map((p) => p.name)).toEqual(['Anna Lund']);
    expect(listRefs).toHaveBeenLastCalledWith(REF_KINDS.person, ['name', 'email', 'upn', 'locale'], {});
    await store.close();
  });

  it('reads everyone again when records were deleted elsewhere (an erase on another instance), found by their count', async () => {
    const { store, refs } = await refsOnNewStore();
    const at = new Date('2025-03-03T09:00:00Z');
    await refs.savePerson('teams:aad-anna', { userId: '29:anna', name: 'Anna Holm', email: 'anna@au.dk' }, at);
    await refs.savePerson('teams:aad-carl', { userId: '29:carl', name: 'Carl Holm', email: 'carl@au.dk' }, at);
    // A record that does not parse is counted, and not shown.
    await store.putRef(REF_KINDS.person, 'teams:aad-broken', { name: 42 });
    let now = 0;
    const dir = new TeamsDirectory(refs, 60_000, () => now);
    expect((await dir.search('holm')).map((p) => p.id)).toEqual(['teams:aad-anna', 'teams:aad-carl']);
    const listRefs = vi.spyOn(store, 'listRefs');
    now = 60_000;
    expect((await dir.search('holm')).map((p) => p.id)).toEqual(['teams:aad-anna', 'teams:aad-carl']);
    expect(listRefs).toHaveBeenCalledTimes(1);
    expect(listRefs.mock.calls[0]?.[2]).toHaveProperty('changedSince');

    // Deleted by another process: this directory was not told.
    await store.deleteRef(REF_KINDS.person, 'teams:aad-anna');
    now = 120_000;
    expect((await dir.search('holm')).map((p) => p.id)).toEqual(['teams:aad-carl']);
    // The changes, then everyone: the count (2) no longer matched the people kept (3).
    expect(listRefs).toHaveBeenCalledTimes(3);
    expect(listRefs.mock.calls[2]?.[2]).toEqual({});
    await store.close();
  });
});
