import { beforeEach, describe, expect, it } from 'vitest';
import { draft } from '../../../src/services/outbox/deliveries.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { writeLargeDeskCatalogue } from '../../helpers/large-desk.js';
import {
  anActionInvoke,
  aPersonalMessage,
  aSearchInvoke,
  TENANT_ID,
  type TestUser,
} from '../../helpers/teams-activities.js';
import { rateLimitedText } from '../../../src/services/rate-limit.js';
import type { TeamsApp } from '../../helpers/teams-app.js';
import { type Json, walk } from '../../helpers/card-walk.js';

const apps = teamsAppPerTest('teams-search-');
/** The central dispatch group of config/catalogue.yaml, grown to a desk of 400 more people here. */
const GROUP = 'it-support';
const DATASET = `assignees:${GROUP}`;
const CHANNEL = '19:it-support@thread.tacv2';
const TEAM = '19:au-it@thread.tacv2';

/** 400 extra desk people: `staff000@au.dk` …, with three whose e-mail holds "anna", all far past the first 15. */
const ANNAS: Record<number, string> = {
  200: 'anna.berg@au.dk',
  300: 'anna.lund@au.dk',
  350: 'Kasper Ørsted <kp@au.dk>',
  399: 'joanna.vik@au.dk',
};
const EXTRA = Array.from({ length: 400 }, (_, i) => ANNAS[i] ?? `staff${String(i).padStart(3, '0')}@au.dk`);

/** A member of it-support (staff); Anna is an employee in no group. */
const PETER: TestUser = { id: '29:peter', aadObjectId: 'aad-peter', name: 'Peter Aagaard' };
const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Employee' };
const EMAILS = { '29:anna': 'anna.employee@au.dk', '29:peter': 'peter.aagaard@au.dk' };

type SearchBody = { type: string; value: { results: { title: string; value: string }[] } };

/** The app of the running test, on the shipped catalogue with the large desk. */
let t: TeamsApp;

beforeEach(async () => {
  const dir = await apps.dirs.make();
  const catalogue = writeLargeDeskCatalogue(dir, GROUP, EXTRA);
  t = await apps.start({ dataDir: dir, emails: EMAILS, env: { CATALOGUE_PATH: catalogue } });
});

/** Types into the assign menu's typeahead as `user`; the HTTP status and the invoke response body. */
async function search(user: TestUser, value: unknown): Promise<{ status: number; body: Json }> {
  const res = await t.post(aSearchInvoke(user, value));
  return { status: res.status, body: (await res.json()) as Json };
}

/** The e-mails of a search response's results (checking its type on the way). */
function values(body: Json): string[] {
  const answer = body as SearchBody;
  expect(answer.type).toBe('application/vnd.microsoft.search.searchResponse');
  return answer.value.results.map((r) => r.value);
}

const staffPage = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `staff${String(from + i).padStart(3, '0')}@au.dk`);

describe('Teams assign-menu typeahead (application/search)', () => {
  it('returns the desk people whose e-mail matches when staff type "anna"', async () => {
    const { status, body } = await search(PETER, { queryText: 'anna', dataset: DATASET });
    expect(status).toBe(200);
    expect(values(body)).toEqual(['anna.berg@au.dk', 'anna.lund@au.dk', 'joanna.vik@au.dk']);
    expect((body as SearchBody).value.results[0]).toEqual({ title: 'anna.berg@au.dk', value: 'anna.berg@au.dk' });
    const narrowed = await search(PETER, { queryText: 'Anna LUND', dataset: DATASET });
    expect(values(narrowed.body)).toEqual(['anna.lund@au.dk']);
  });

  it('finds a person by name whatever its accents, Danish letters in either spelling ("oersted" finds Ørsted)', async () => {
    for (const queryText of ['oersted', 'kasper orsted', 'ØRSTED']) {
      const { body } = await search(PETER, { queryText, dataset: DATASET });
      expect((body as SearchBody).value.results, queryText).toEqual([
        { title: 'Kasper Ørsted <kp@au.dk>', value: 'kp@au.dk' },
      ]);
    }
  });

  it('pages with skip and top, and never returns more than 15 when top asks for more', async () => {
    const first = await search(PETER, { queryText: 'staff', dataset: DATASET, queryOptions: { skip: 0, top: 5 } });
    expect(values(first.body)).toEqual(staffPage(0, 5));
    const second = await search(PETER, { queryText: 'staff', dataset: DATASET, queryOptions: { skip: 5, top: 5 } });
    expect(values(second.body)).toEqual(staffPage(5, 5));
    const greedy = await search(PETER, { queryText: 'staff', dataset: DATASET, queryOptions: { skip: 20, top: 100 } });
    expect(values(greedy.body)).toEqual(staffPage(20, 15));
    const plain = await search(PETER, { queryText: '', dataset: DATASET });
    expect(values(plain.body)).toHaveLength(15);
  });

  it('returns no results when the person typing is not support staff', async () => {
    const { status, body } = await search(ANNA, { queryText: 'anna', dataset: DATASET });
    expect(status).toBe(200);
    expect(values(body)).toEqual([]);
  });

  it('returns no results when the dataset is not a known assign menu', async () => {
    for (const dataset of ['npm', 'assignees:no-such-group', 'assignees:']) {
      const { status, body } = await search(PETER, { queryText: 'anna', dataset });
      expect(status).toBe(200);
      expect(values(body)).toEqual([]);
    }
  });

  it('answers 400 without results when the search value is malformed', async () => {
    for (const value of [
      undefined,
      'anna',
      { queryText: 'anna' },
      { queryText: 42, dataset: DATASET },
      { queryText: 'anna', dataset: DATASET, queryOptions: { skip: -1, top: 5 } },
      { queryText: 'anna', dataset: DATASET, queryOptions: { top: 'all' } },
    ]) {
      const { status, body } = await search(PETER, value);
      expect(status, JSON.stringify(value)).toBe(400);
      expect(body['type']).not.toBe('application/vnd.microsoft.search.searchResponse');
    }
    // The bot is still fine afterwards.
    expect(values((await search(PETER, { queryText: 'joanna', dataset: DATASET })).body)).toEqual(['joanna.vik@au.dk']);
  });
});

describe('Teams case card of a large desk', () => {
  it('carries a searched assign menu well under 28 KB, and assigns a person found only by search', async () => {
    const { store, dispatcher } = t.app.services;
    const created = await store.createCase(
      buildNewCase({
        title: 'The VPN client says the certificate has expired',
        categoryId: 'vpn',
        groupId: GROUP,
        ownerGroupId: GROUP,
        locale: 'en',
        user: { id: 'teams:aad-anna', name: 'Anna Employee', email: 'anna.employee@au.dk', locale: 'en' },
      }),
      [draft('post-card', { kind: 'post_card', caseId: '', groupId: GROUP })],
    );
    t.calls.length = 0;
    await dispatcher.runOnce();
    const post = t.calls.find((c) => c.method === 'POST' && /\/teams\/v3\/conversations\/?$/.test(c.path));
    expect(post, JSON.stringify(t.calls.map((c) => c.path))).toBeDefined();
    // Every one of the 404 people inline made this card exceed Teams' ~28 KB; now it carries 15 of them.
    expect(Buffer.byteLength(JSON.stringify(post?.body))).toBeLessThan(20_000);

    const activity = post?.body['activity'] as { attachments?: { content: unknown }[] } | undefined;
    const card = activity?.attachments?.[0]?.content;
    const assign = walk(card).find((n) => n['id'] === 'assign.assigneeEmail');
    expect(assign).toMatchObject({ type: 'Input.ChoiceSet', style: 'filtered' });
    expect(assign?.['choices.data']).toEqual({ type: 'Data.Query', dataset: DATASET });
    const inline = ((assign?.['choices'] ?? []) as { value: string }[]).map((c) => c.value);
    expect(inline).toHaveLength(15);
    expect(inline).not.toContain('anna.lund@au.dk');

    // Anna Lund is found by typing, then chosen and submitted with the assign form's button.
    const found = await search(PETER, { queryText: 'lund', dataset: DATASET });
    expect(values(found.body)).toEqual(['anna.lund@au.dk']);
    const submit = walk(card).find((n) => n['type'] === 'Action.Execute' && n['verb'] === 'assign');
    const shown = await store.getCase(created.id);
    const thread = shown?.cards[0]?.conversationId ?? '';
    expect(thread).toMatch(/;messageid=\d+$/);
    const click = anActionInvoke(PETER, { ...(submit?.['data'] as Json), 'assign.assigneeEmail': 'anna.lund@au.dk' });
    const res = await t.post({
      ...click,
      conversation: { id: thread, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID },
      replyToId: thread.split(';messageid=')[1],
      channelData: { tenant: { id: TENANT_ID }, team: { id: TEAM }, channel: { id: CHANNEL } },
    });
    expect(res.status).toBe(200);
    const assigned = await store.getCase(created.id);
    expect(assigned?.assignee?.email).toBe('anna.lund@au.dk');
    expect(assigned?.status).toBe('assigned');
    const fresh = (await res.json()) as { value: unknown };
    const facts = walk(fresh.value).find((n) => n['type'] === 'FactSet')?.['facts'];
    expect(facts).toContainEqual({ title: 'Assignee', value: assigned?.assignee?.name });
  });
});

describe('Teams typeahead and the rate limit', () => {
  it('answers a search over its own budget with no results, and leaves the clicks and messages budget alone', async () => {
    // Typing fast: far more searches than the per-person burst (20, and the manual clock never refills it).
    const answers = [];
    for (let i = 0; i < 30; i++) answers.push(await search(PETER, { queryText: 'staff', dataset: DATASET }));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    // Every answer, limited or not, is a search response: Teams never gets a message card to show in the menu.
    const counts = answers.map((a) => values(a.body).length);
    expect(counts.at(-1)).toBe(0);
    expect(counts.filter((n) => n > 0).length).toBeLessThanOrEqual(20);
    // The same person's next message is served as usual, and it is the only turn counted: searches are not turns.
    const turns = async () => {
      const text = await (await fetch(`http://127.0.0.1:${t.app.http.port}/metrics`)).text();
      return Number(/^bot_turns_total\{platform="teams"\} (\d+)/m.exec(text)?.[1] ?? 0);
    };
    const before = await turns();
    // (Anna's search budget is untouched, so her search reaches the bot.)
    expect((await search(ANNA, { queryText: 'staff', dataset: DATASET })).status).toBe(200);
    t.calls.length = 0;
    const res = await t.post(aPersonalMessage(PETER, 'help'));
    expect(res.status).toBeLessThan(300);
    expect(await turns()).toBe(before + 1);
    await expect.poll(() => t.calls.length).toBeGreaterThan(0);
    expect(JSON.stringify(t.calls)).not.toContain(rateLimitedText.en);
  });
});
