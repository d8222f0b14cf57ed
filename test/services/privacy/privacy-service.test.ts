import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackPersonRefs } from '../../../src/bot/slack/slack-ref-people.js';
import { teamsPersonRefs } from '../../../src/bot/teams/teams-ref-people.js';
import type { AttachmentRef, Case, PersonRef } from '../../../src/models/case.js';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../../src/services/clock.js';
import { KnowledgeService } from '../../../src/services/knowledge.js';
import { draft } from '../../../src/services/outbox/deliveries.js';
import { PRIVACY_AUDIT_REF, PrivacyService } from '../../../src/services/privacy/privacy-service.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { people } from '../../helpers/people.js';
import { shippedCatalogue } from '../../helpers/services.js';
import { tempDirs } from '../../helpers/temp-dir.js';

const dirs = tempDirs('privacy-');
const { anna, jonas, carl, bo, birgitte } = people;

/** Every row of every table of the SQLite file, as one lower-cased string. */
function dumpStore(dir: string): string {
  const db = new Database(path.join(dir, 'incident-bot.sqlite'), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    return tables
      .map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t.name}"`).all()))
      .join('\n')
      .toLowerCase();
  } finally {
    db.close();
  }
}

describe('PrivacyService', () => {
  let dir: string;
  let store: SqliteCaseStore;
  let clock: ManualClock;
  let privacy: PrivacyService;
  let cases: Record<string, Case>;

  beforeEach(async () => {
    dir = await dirs.make();
    store = new SqliteCaseStore({ dataDir: dir });
    await store.init();
    clock = new ManualClock('2025-06-02T08:00:00.000Z');
    privacy = new PrivacyService({
      store,
      catalogue: shippedCatalogue(),
      clock,
      defaultLocale: 'en',
      personRefs: [...teamsPersonRefs, ...slackPersonRefs],
    });
    const jonasRef = { id: jonas.id, name: jonas.name, email: jonas.email };
    cases = {
      // Anna's own case, closed three years ago, handled by Jonas; her name and address are in the free text.
      old: await store.createCase(
        buildNewCase({
          user: anna,
          title: 'VPN fails for Anna Berg',
          description: 'Write back to anna.berg@cas.au.dk, phone on request. Carl Holm sees it too.',
          answers: { who: 'Anna Berg', where: 'home' },
          status: 'closed',
          priority: 'P2',
          categoryId: 'vpn',
          createdAt: '2022-03-01T08:00:00.000Z',
          resolvedAt: '2022-03-02T08:00:00.000Z',
          closedAt: '2022-03-03T08:00:00.000Z',
          assignee: jonasRef,
          notes: [
            {
              id: 'n1',
              at: '2022-03-01T09:00:00.000Z',
              author: jonasRef,
              text: 'Called Anna, she will test.',
              visibility: 'internal',
            },
          ],
          solution: { text: 'Reset the token for Anna Berg', by: jonasRef, at: '2022-03-02T08:00:00.000Z' },
          evaluation: { score: 4, comment: 'Jonas was quick', at: '2022-03-04T08:00:00.000Z' },
        }),
      ),
      // Carl's recent case, where Anna reported on his behalf and wrote a note.
      reported: await store.createCase(
        buildNewCase({
          user: carl,
          reporter: anna,
          status: 'in_progress',
          assignee: jonasRef,
          notes: [
            {
              id: 'n2',
              at: '2025-05-20T09:00:00.000Z',
              author: { id: anna.id, name: anna.name, email: anna.email },
              text: 'Carl is away until Monday',
              visibility: 'public',
              fromUser: true,
            },
          ],
          createdAt: '2025-05-19T08:00:00.000Z',
        }),
        (c) => [
          draft(`${c.id}:notify:anna`, {
            kind: 'send_person',
            person: { id: anna.id, name: anna.name },
            view: { kind: 'message', locale: 'en', text: 'Hi Anna Berg, Carl Holm has it' },
          }),
        ],
      ),
      // Bo's case: nothing to do with Anna.
      other: await store.createCase(buildNewCase({ user: bo, createdAt: '2025-05-21T08:00:00.000Z' })),
    };
    await store.saveConversation({
      key: 'teams:conv-anna',
      state: { person: { id: anna.id, name: anna.name, email: anna.email }, step: 'what' },
      updatedAt: '2025-06-02T07:00:00.000Z',
      expiresAt: '2025-06-03T07:00:00.000Z',
    });
    await store.putRef('teams.ref', anna.id, { conversationId: 'a:1', name: anna.name });
    // The Teams e-mail index: keyed by her address.
    await store.putRef('teams.ref.email', anna.email!, { personId: anna.id });
  });
  afterEach(async () => {
    await store.close();
    await dirs.cleanup();
  });

  const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
  const ref = (id: string, by: PersonRef, name = `${id}.png`): AttachmentRef => ({
    id,
    name,
    contentType: 'image/png',
    size: bytes.length,
    at: '2025-05-20T09:00:00.000Z',
    by,
  });
  /** Stores the files on the case (bytes linked to it, descriptions on the case document). */
  async function attach(c: Case, ...refs: AttachmentRef[]): Promise<void> {
    for (const r of refs) await store.saveFile({ ...r, caseId: c.id, data: bytes });
    const fresh = (await store.getCase(c.id))!;
    await store.updateCase({ ...fresh, attachments: [...(fresh.attachments ?? []), ...refs] }, fresh.version);
  }
  const fileIds = async (ids: string[]): Promise<string[]> => {
    const left: string[] = [];
    for (const id of ids) if (await store.getFile(id)) left.push(id);
    return left;
  };
  const annaRef = { id: anna.id, name: anna.name, email: anna.email };
  const jonasRef = { id: jonas.id, name: jonas.name, email: jonas.email };
  const carlRef = { id: carl.id, name: carl.name, email: carl.email };

  it('refuses export and erasure when the asker is not a catalogue admin', async () => {
    const exported = await privacy.exportPerson(jonas, anna.email);
    const erased = await privacy.erasePerson(anna, anna.email);
    expect(exported.ok).toBe(false);
    expect(erased.ok).toBe(false);
    expect(exported.view.text).toMatch(/Only data-protection admins/);
    expect((await store.getCase(cases.old!.id))!.user.name).toBe('Anna Berg');
    expect(await store.listRefs(PRIVACY_AUDIT_REF)).toEqual([]);
  });

  it('answers a usage hint when the query is not an e-mail address', async () => {
    const res = await privacy.exportPerson(birgitte, 'Anna');
    expect(res.ok).toBe(false);
    expect(res.view.text).toMatch(/e-mail address/);
  });

  it('exports every case, note, conversation, ref and message about the person when an admin asks', async () => {
    const res = await privacy.exportPerson(birgitte, 'ANNA.BERG@cas.au.dk');
    if (!res.ok) throw new Error('refused');
    const numbers = res.data.cases.map((c) => [c.number, c.roles]);
    expect(numbers).toEqual(
      expect.arrayContaining([
        [cases.old!.number, ['user']],
        [cases.reported!.number, ['reporter', 'note_author']],
      ]),
    );
    expect(numbers).toHaveLength(2);
    expect(res.data.notes.map((n) => n.id)).toEqual(['n2']);
    expect(res.data.conversations.map((c) => c.key)).toEqual(['teams:conv-anna']);
    expect(res.data.refs).toEqual([
      { kind: 'teams.ref', key: anna.id, value: { conversationId: 'a:1', name: anna.name } },
      { kind: 'teams.ref.email', key: anna.email, value: { personId: anna.id } },
    ]);
    expect(res.data.outbox).toHaveLength(1);
    expect(res.view.text).toMatch(/2 cases and 1 notes/);
    const audit = await store.listRefs(PRIVACY_AUDIT_REF);
    expect(audit.map((a) => a.value.action)).toEqual(['export']);
    expect(JSON.stringify(audit)).not.toContain('anna');
  });

  it('learns the person from every page of cases before it picks theirs, and anonymises old cases on every page', async () => {
    // 2 100 old closed cases of Bo's (three pages of 1 000, newest first), between Anna's two cases on Slack: the
    // newest names only her Slack id; the oldest, on the last page, is the only one to give that id her e-mail.
    const annaOnSlack = { id: 'slack:UANNA', name: 'Anna (Slack)' };
    const newest = await store.createCase(
      buildNewCase({ user: annaOnSlack, title: 'Printer', createdAt: '2025-05-30T08:00:00.000Z' }),
    );
    for (let i = 0; i < 2_100; i++) {
      const day = new Date(Date.UTC(2021, 0, 1) + i * 3_600_000).toISOString();
      await store.createCase(
        buildNewCase({ user: bo, status: 'closed', createdAt: day, resolvedAt: day, closedAt: day }),
      );
    }
    const oldest = await store.createCase(
      buildNewCase({
        user: carl,
        reporter: { ...annaOnSlack, email: anna.email },
        createdAt: '2020-01-01T08:00:00.000Z',
      }),
    );
    const pages: number[] = [];
    const findCases = store.findCases.bind(store);
    store.findCases = async (q) => {
      const found = await findCases(q);
      pages.push(found.length);
      return found;
    };

    const res = await privacy.exportPerson(birgitte, anna.email);
    if (!res.ok) throw new Error('refused');
    const numbers = res.data.cases.map((c) => c.number);
    expect(numbers).toContain(newest.number);
    expect(numbers).toContain(oldest.number);
    expect(numbers).toEqual(expect.arrayContaining([cases.old!.number, cases.reported!.number]));
    expect(numbers).toHaveLength(4);
    expect(Math.max(...pages)).toBe(1_000);

    pages.length = 0;
    // Bo's 2 100 and Anna's old one: all closed more than 24 months ago, on all three pages.
    expect(await privacy.anonymiseExpired(24)).toBe(2_101);
    expect(Math.max(...pages)).toBe(1_000);
    expect(await privacy.anonymiseExpired(24)).toBe(0);
  }, 60_000);

  it('finds messages and conversations about the person beyond the first ten thousand when an admin exports', async () => {
    // A busy desk's outbox and chats: 10 000 rows about others come first (created earlier), Anna's last.
    const others = Array.from({ length: 10_000 }, (_, i) =>
      draft(`bulk:${i}`, {
        kind: 'send_person',
        person: { id: bo.id, name: bo.name },
        view: { kind: 'message', locale: 'en', text: `Message ${i} for Bo` },
      }),
    );
    for (let i = 0; i < others.length; i += 2_000) await store.enqueueOutbox(others.slice(i, i + 2_000));
    for (let i = 0; i < 10_000; i++) {
      await store.saveConversation({
        key: `teams:bulk-${i}`,
        state: { step: 'what' },
        updatedAt: '2025-06-01T07:00:00.000Z',
        expiresAt: '2025-06-03T07:00:00.000Z',
      });
    }
    await store.enqueueOutbox([
      draft('late:anna', {
        kind: 'send_person',
        person: { id: anna.id, name: anna.name },
        view: { kind: 'message', locale: 'en', text: 'Hi Anna Berg' },
      }),
    ]);
    await store.saveConversation({
      key: 'teams:late-anna',
      state: { person: { id: anna.id, name: anna.name, email: anna.email }, step: 'where' },
      updatedAt: '2025-06-02T09:00:00.000Z',
      expiresAt: '2025-06-03T09:00:00.000Z',
    });

    const res = await privacy.exportPerson(birgitte, anna.email);
    if (!res.ok) throw new Error('refused');

    expect(res.data.outbox.map((m) => m.key)).toContain('late:anna');
    expect(res.data.conversations.map((c) => c.key).sort()).toEqual(['teams:conv-anna', 'teams:late-anna']);
  });

  it('exports the descriptions of the files the person sent, never their bytes, when an admin exports', async () => {
    await attach(cases.reported!, ref('rep-anna', annaRef, 'router.jpg'), ref('rep-carl', carlRef));
    await attach(cases.other!, ref('other-bo', { id: bo.id, name: bo.name }));
    // A report draft never registered: on Slack, an id no case knows, her e-mail in other letters; and Bo's.
    const annaOnSlack = { id: 'slack:UANNA', name: 'Anna', email: 'Anna.Berg@CAS.au.dk' };
    await store.saveFile({
      ...ref('draft-anna', annaOnSlack, 'wifi.png'),
      at: '2025-05-21T09:00:00.000Z',
      data: bytes,
    });
    await store.saveFile({ ...ref('draft-bo', { id: bo.id, name: bo.name, email: bo.email }), data: bytes });

    const res = await privacy.exportPerson(birgitte, anna.email);
    if (!res.ok) throw new Error('refused');

    expect(res.data.attachments).toEqual([
      {
        id: 'rep-anna',
        name: 'router.jpg',
        contentType: 'image/png',
        size: bytes.length,
        at: '2025-05-20T09:00:00.000Z',
        by: annaRef,
        caseNumber: cases.reported!.number,
      },
    ]);
    // Every file kept that she sent, the draft's too: the case's with its number, the draft's without a case.
    expect(res.data.files.map((f) => [f.id, f.name, f.caseNumber ?? null, f.caseId ?? null])).toEqual([
      ['rep-anna', 'router.jpg', cases.reported!.number, cases.reported!.id],
      ['draft-anna', 'wifi.png', null, null],
    ]);
    expect(res.data.files[1]?.by).toEqual({ id: 'slack:UANNA', name: 'Anna', email: 'anna.berg@cas.au.dk' });
    const reported = res.data.cases.find((c) => c.number === cases.reported!.number)!;
    expect(reported.roles).toContain('attachment_sender');
    // The case as exported describes all its attachments (the one Carl sent too): name, type, size and time.
    expect(reported.case.attachments?.map((a) => [a.name, a.contentType, a.size, a.at])).toEqual([
      ['router.jpg', 'image/png', 6, '2025-05-20T09:00:00.000Z'],
      ['rep-carl.png', 'image/png', 6, '2025-05-20T09:00:00.000Z'],
    ]);
    const json = JSON.stringify(res.data);
    expect(json).not.toContain('"Buffer"');
    expect(json).not.toContain(bytes.toString('base64'));
    expect(json).not.toContain('"data"');
    expect(json).not.toContain('other-bo');
    expect(json).not.toContain('draft-bo');
  });

  it('deletes the files the person sent and those of their own cases when an admin erases them', async () => {
    // Anna's own case: her picture and the screenshot Jonas added go, file and description.
    await attach(cases.old!, ref('own-anna', annaRef), ref('own-jonas', jonasRef));
    // Carl's case, reported by Anna: her picture goes, Carl's stays.
    await attach(cases.reported!, ref('carl-anna', annaRef), ref('carl-carl', carlRef, 'printer.png'));
    // Drafts never registered: Anna on Slack (an id no case knows, her e-mail in other letters), Anna on Teams
    // without an e-mail, and Bo.
    const draftFile = (id: string, by: PersonRef) => store.saveFile({ ...ref(id, by), data: bytes });
    await draftFile('draft-anna-slack', { id: 'slack:UANNA', name: 'Anna', email: 'Anna.Berg@CAS.au.dk' });
    await draftFile('draft-anna-teams', { id: anna.id, name: anna.name });
    await draftFile('draft-bo', { id: bo.id, name: bo.name, email: bo.email });
    await attach(cases.other!, ref('other-bo', { id: bo.id, name: bo.name }));
    const otherVersion = (await store.getCase(cases.other!.id))!.version;

    const res = await privacy.erasePerson(birgitte, anna.email);
    if (!res.ok) throw new Error('refused');

    expect(
      await fileIds([
        'own-anna',
        'own-jonas',
        'carl-anna',
        'carl-carl',
        'draft-anna-slack',
        'draft-anna-teams',
        'draft-bo',
        'other-bo',
      ]),
    ).toEqual(['carl-carl', 'draft-bo', 'other-bo']);
    expect((await store.getCase(cases.old!.id))!.attachments).toBeUndefined();
    expect((await store.getCase(cases.reported!.id))!.attachments?.map((a) => a.id)).toEqual(['carl-carl']);
    expect((await store.getCase(cases.other!.id))!.version).toBe(otherVersion);
    const [audit] = await store.listRefs(PRIVACY_AUDIT_REF);
    expect(audit?.value).toMatchObject({ action: 'erase', cases: 2, files: 5 });
    expect(res.data.other).toBeGreaterThanOrEqual(5);
    const dump = dumpStore(dir);
    for (const trace of ['anna.berg', 'anna berg', 'teams:anna', 'uanna']) expect(dump).not.toContain(trace);
  });

  it("removes the person's name from the names of other people's files that stay, stored files too, when an admin erases them", async () => {
    await attach(cases.reported!, ref('carl-1', carlRef, 'Anna Berg printer.png'));

    await privacy.erasePerson(birgitte, anna.email);

    const [kept] = (await store.getCase(cases.reported!.id))!.attachments ?? [];
    expect(kept).toMatchObject({ id: 'carl-1', by: carlRef, size: bytes.length });
    expect(kept?.name).not.toMatch(/anna|berg/i);
    expect(kept?.name).toMatch(/printer\.png$/);
    // The stored file, downloaded under its own name (`/files/<id>/…`), is renamed as the case shows it.
    const file = await store.getFile('carl-1');
    expect(file?.name).toBe(kept?.name);
    expect(file?.data.equals(bytes)).toBe(true);
  });

  it('deletes the files of anonymised cases and drops their attachments when retention anonymises', async () => {
    await attach(cases.old!, ref('old-anna', annaRef), ref('old-jonas', jonasRef));
    await attach(cases.reported!, ref('rep-anna', annaRef));

    expect(await privacy.anonymiseExpired(24)).toBe(1);

    const old = (await store.getCase(cases.old!.id))!;
    expect(old.attachments).toBeUndefined();
    expect(JSON.stringify(old)).not.toContain('old-anna');
    expect(await fileIds(['old-anna', 'old-jonas', 'rep-anna'])).toEqual(['rep-anna']);
    expect((await store.getCase(cases.reported!.id))!.attachments?.map((a) => a.id)).toEqual(['rep-anna']);
    const audit = await store.listRefs(PRIVACY_AUDIT_REF);
    expect(audit.map((a) => a.value)).toEqual([expect.objectContaining({ action: 'anonymise', cases: 1, files: 2 })]);
  });

  it("leaves no trace of the person in the database's files either, free space and WAL included, when an admin erases them", async () => {
    // The bot keeps running: the store stays open. Her case is rewritten a few times first (older versions of
    // its row and pages are left behind), its words are in the search index, and she sent a picture.
    let own = (await store.getCase(cases.old!.id))!;
    for (let i = 0; i < 3; i++) {
      own = await store.updateCase({ ...own, description: `${own.description} Anna Berg again (${i}).` }, own.version);
    }
    await store.searchCases({ words: ['vpn'] });
    const pixels = Buffer.from('PNG of Anna Berg: 0xANNAPIXELS', 'latin1');
    await store.saveFile({ ...ref('pic', annaRef), caseId: own.id, data: pixels });
    const raw = () =>
      ['incident-bot.sqlite', 'incident-bot.sqlite-wal']
        .map((f) => path.join(dir, f))
        .filter((f) => existsSync(f))
        .map((f) => readFileSync(f).toString('latin1').toLowerCase())
        .join('\n');
    const traces = ['anna.berg@cas.au.dk', 'anna berg', 'teams:anna', 'annapixels'];
    const before = raw();
    for (const trace of traces) expect(before).toContain(trace);

    const res = await privacy.erasePerson(birgitte, anna.email);
    if (!res.ok) throw new Error('refused');

    const after = raw();
    for (const trace of traces) expect(after, trace).not.toContain(trace);
    const [audit] = await store.listRefs(PRIVACY_AUDIT_REF);
    expect(audit?.value).toMatchObject({ action: 'erase', scrubbed: true });
    // Others stay, in the rows and so in the file.
    expect(after).toContain('carl holm');
  });

  it("leaves no trace of the person in the database's files from a known solution made from her case", async () => {
    // The old case's description, with her e-mail and the phone the directory knows for her, saved as a known
    // solution: its words are in the articles' search index too.
    const old = (await store.getCase(cases.old!.id))!;
    const own = await store.updateCase(
      { ...old, user: { ...anna, phone: '97153390' }, description: `${old.description} Desk phone 97153390.` },
      old.version,
    );
    const article = await new KnowledgeService(store, shippedCatalogue()).saveFromCase(own, jonas);
    expect((await store.searchArticles('97153390')).map((h) => h.article.id)).toEqual([article.id]);
    const raw = () =>
      ['incident-bot.sqlite', 'incident-bot.sqlite-wal']
        .map((f) => path.join(dir, f))
        .filter((f) => existsSync(f))
        .map((f) => readFileSync(f).toString('latin1').toLowerCase())
        .join('\n');
    expect(raw()).toContain('97153390');

    const res = await privacy.erasePerson(birgitte, anna.email);
    if (!res.ok) throw new Error('refused');

    expect(await store.searchArticles('97153390')).toEqual([]);
    const after = raw();
    // Her phone number was a word of the index, which keeps a replaced entry's words until it is merged.
    for (const trace of ['anna.berg@cas.au.dk', 'anna berg', '97153390']) expect(after, trace).not.toContain(trace);
  });

  it('still erases and audits when the store cannot clear its free space now, and says so in the audit', async () => {
    store.scrubFreedSpace = async () => {
      throw new Error('database is locked');
    };
    const res = await privacy.erasePerson(birgitte, anna.email);
    expect(res.ok).toBe(true);
    expect(dumpStore(dir)).not.toContain('anna.berg');
    const [audit] = await store.listRefs(PRIVACY_AUDIT_REF);
    expect(audit?.value).toMatchObject({ action: 'erase', scrubbed: false, scrubError: 'database is locked' });
  });

  it('leaves no trace of the person and keeps the counts when an admin erases them', async () => {
    const before = await store.countCases({});
    const res = await privacy.erasePerson(birgitte, anna.email);
    expect(res.ok).toBe(true);

    const dump = dumpStore(dir);
    for (const trace of ['anna.berg', 'anna berg', 'teams:anna', 'conv-anna', '"anna"'])
      expect(dump).not.toContain(trace);
    expect(dump).not.toMatch(/\banna\b/);
    // Others stay: Carl and Jonas are still named, Bo's case is untouched.
    expect(dump).toContain('carl holm');
    expect(dump).toContain('jonas vestergaard');
    expect(await store.countCases({})).toBe(before);
    const old = (await store.getCase(cases.old!.id))!;
    expect(old.user.name).toBe('Erased person');
    expect(old).toMatchObject({
      status: 'closed',
      priority: 'P2',
      categoryId: 'vpn',
      resolvedAt: '2022-03-02T08:00:00.000Z',
    });
    expect(old.evaluation?.score).toBe(4);
    expect(old.history.at(-1)).toMatchObject({ action: 'privacy_erase', actor: { id: birgitte.id } });
    const reported = (await store.getCase(cases.reported!.id))!;
    expect(reported.user.name).toBe('Carl Holm');
    expect(reported.reporter?.name).toBe('Erased person');
    expect(reported.notes[0]?.text).toBe('Carl is away until Monday');
    expect((await store.getCase(cases.other!.id))!.version).toBe(cases.other!.version);
    expect((await store.listRefs(PRIVACY_AUDIT_REF)).map((a) => a.value.action)).toEqual(['erase']);
  });

  it('anonymises closed cases past retention and keeps their figures when retention runs', async () => {
    const before = await store.countCases({});
    expect(await privacy.anonymiseExpired(24)).toBe(1);
    const old = (await store.getCase(cases.old!.id))!;
    const json = JSON.stringify(old).toLowerCase();
    // The people on the case and every e-mail address go; a bystander named only in the text (Carl) cannot be
    // recognised as a person and stays.
    for (const trace of ['anna', 'berg', 'jonas', 'vestergaard', '@']) expect(json).not.toContain(trace);
    expect(old).toMatchObject({
      status: 'closed',
      priority: 'P2',
      categoryId: 'vpn',
      createdAt: '2022-03-01T08:00:00.000Z',
      resolvedAt: '2022-03-02T08:00:00.000Z',
      closedAt: '2022-03-03T08:00:00.000Z',
    });
    expect(old.evaluation?.score).toBe(4);
    // The user and the assignee stay two different placeholders.
    expect(old.user.id).not.toBe(old.assignee?.id);
    expect(old.assignee?.id).toBe(old.notes[0]?.author.id);
    expect(await store.countCases({})).toBe(before);
    // Recent cases are untouched, and a second run has nothing left to do.
    expect((await store.getCase(cases.reported!.id))!.reporter?.name).toBe('Anna Berg');
    expect(await privacy.anonymiseExpired(24)).toBe(0);
  });
});
