import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case, PersonRef } from '../../src/models/case.js';
import type { CaseStore, OutboxDraft, StoredFile } from '../../src/models/case-store.js';
import { AppError, type ErrorCode } from '../../src/models/errors.js';
import { buildNewCase, buildPerson } from '../helpers/case-builder.js';
import { runCaseSearchContract } from './case-search-contract.js';

/** Awaits a promise that must reject and returns what it rejected with. */
async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

function expectAppError(err: unknown, code: ErrorCode): AppError {
  expect(err).toBeInstanceOf(AppError);
  const appErr = err as AppError;
  expect(appErr.code).toBe(code);
  return appErr;
}

const agent = (n: number | string): PersonRef => ({ id: `teams:agent-${n}`, name: `Agent ${n}` });
const draft = (key: string, extra: Partial<OutboxDraft> = {}): OutboxDraft => ({
  key,
  kind: 'notify_user',
  payload: { text: `message ${key}` },
  ...extra,
});
const at = (hhmmss: string): string => `2025-03-03T${hhmmss}.000Z`;
/** Every byte value 0x00–0xff, then a run of zeros and of 0xff: bytes that text handling would mangle. */
const allBytes = (): Buffer =>
  Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.alloc(64), Buffer.alloc(64, 0xff)]);
const file = (id: string, extra: Partial<StoredFile> = {}): StoredFile => {
  const data = extra.data ?? Buffer.from(`bytes of ${id}\u0000\u00ff`, 'latin1');
  return {
    id,
    name: `${id}.png`,
    contentType: 'image/png',
    size: data.length,
    at: at('09:00:00'),
    by: { id: 'teams:anna', name: 'Anna Berg', email: 'anna.berg@cas.au.dk' },
    ...extra,
    data,
  };
};

/** Store options the contract sets itself (each adapter takes them in its constructor options). */
export interface ContractStoreOptions {
  /** `searchCases` with `match: 'any'`: matches considered per word. */
  caseSearchWordCap?: number;
}

/**
 * The behaviour every `CaseStore` adapter must show. `makeStore` returns a new, empty store that is not yet
 * initialised, with `options` when given; the suite calls `init()` before and `close()` after each test of its
 * own store. With `opts.skip` the suite is registered as skipped with the reason in its title, so the test report
 * says why it did not run.
 */
export function runCaseStoreContract(
  name: string,
  makeStore: (options?: ContractStoreOptions) => Promise<CaseStore>,
  opts: { skip?: string } = {},
): void {
  const suite = opts.skip ? describe.skip : describe;
  const title = opts.skip ? `CaseStore contract: ${name} (skipped: ${opts.skip})` : `CaseStore contract: ${name}`;

  suite(title, () => {
    let store: CaseStore;

    beforeEach(async () => {
      store = await makeStore();
      await store.init();
    });

    afterEach(async () => {
      await store.close();
    });

    runCaseSearchContract(() => store, makeStore);

    describe('lifecycle', () => {
      it('answers ping when initialised', async () => {
        expect(await store.ping()).toBe(true);
      });
    });

    describe('createCase and lookups', () => {
      it('assigns INC and SR numbers per type in sequence when cases are created', async () => {
        const a = await store.createCase(buildNewCase({ type: 'incident' }));
        const b = await store.createCase(buildNewCase({ type: 'incident' }));
        const c = await store.createCase(buildNewCase({ type: 'service_request' }));
        const d = await store.createCase(buildNewCase({ type: 'incident' }));
        expect([a.number, b.number, c.number, d.number]).toEqual([
          'INC-000001',
          'INC-000002',
          'SR-000001',
          'INC-000003',
        ]);
        expect(new Set([a.id, b.id, c.id, d.id]).size).toBe(4);
        expect(a.version).toBe(1);
        expect(a.updatedAt).toBe(a.createdAt);
        expect(Number.isNaN(Date.parse(a.createdAt))).toBe(false);
      });

      it('keeps the draft createdAt when the draft has one', async () => {
        const c = await store.createCase(buildNewCase({ createdAt: at('08:00:00') }));
        expect(c.createdAt).toBe(at('08:00:00'));
        expect((await store.getCase(c.id))?.createdAt).toBe(at('08:00:00'));
      });

      it('returns the stored case by id and by number when it exists', async () => {
        const created = await store.createCase(
          buildNewCase({ title: 'VPN drops', reporter: buildPerson('bo'), answers: { os: 'macOS', vpn: true } }),
        );
        expect(await store.getCase(created.id)).toEqual(created);
        expect(await store.getCaseByNumber(created.number)).toEqual(created);
        expect((await store.getCase(created.id))?.answers).toEqual({ os: 'macOS', vpn: true });
      });

      it('returns null when the id or number is unknown', async () => {
        await store.createCase(buildNewCase());
        expect(await store.getCase('no-such-id')).toBeNull();
        expect(await store.getCaseByNumber('INC-999999')).toBeNull();
      });
    });

    describe('updateCase', () => {
      it('bumps the version and persists the change when the expected version matches', async () => {
        const created = await store.createCase(buildNewCase());
        const updated = await store.updateCase(
          { ...created, title: 'Printer jams', status: 'assigned', assignee: agent(1) },
          created.version,
        );
        expect(updated.version).toBe(created.version + 1);
        expect(updated.updatedAt >= created.updatedAt).toBe(true);
        const stored = await store.getCase(created.id);
        expect(stored).toEqual(updated);
        expect(stored?.title).toBe('Printer jams');
        expect(stored?.assignee).toEqual(agent(1));
      });

      it('throws CASE.CONFLICT and changes nothing when the version is stale', async () => {
        const created = await store.createCase(buildNewCase());
        const first = await store.updateCase({ ...created, title: 'First edit' }, created.version);
        const err = await rejectionOf(store.updateCase({ ...created, title: 'Stale edit' }, created.version));
        const appErr = expectAppError(err, 'CASE.CONFLICT');
        expect(appErr.details).toMatchObject({
          caseId: created.id,
          expectedVersion: created.version,
          actualVersion: first.version,
        });
        expect(await store.getCase(created.id)).toEqual(first);
      });

      it('throws CASE.NOT_FOUND when the case does not exist', async () => {
        const created = await store.createCase(buildNewCase());
        const err = await rejectionOf(store.updateCase({ ...created, id: 'missing-id' }, 1));
        expectAppError(err, 'CASE.NOT_FOUND');
      });

      it('lets exactly one of 20 simultaneous updates at the same version win when they race', async () => {
        const created = await store.createCase(buildNewCase());
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) => store.updateCase({ ...created, title: `Edit ${i}` }, created.version)),
        );
        const won = results.filter((r): r is PromiseFulfilledResult<Case> => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(19);
        for (const r of lost) expectAppError(r.reason, 'CASE.CONFLICT');
        const stored = await store.getCase(created.id);
        expect(stored?.version).toBe(created.version + 1);
        expect(stored?.title).toBe(won[0]!.value.title);
      });
    });

    describe('outbox written with case changes', () => {
      it('writes the drafts with the new case and fills in its id when a case is created', async () => {
        const c = await store.createCase(buildNewCase(), [draft('created:1'), draft('card:1', { kind: 'post_card' })]);
        const msgs = await store.listOutbox({ caseId: c.id });
        expect(msgs.map((m) => m.key).sort()).toEqual(['card:1', 'created:1']);
        for (const m of msgs) {
          expect(m.state).toBe('pending');
          expect(m.attempts).toBe(0);
          expect(m.caseId).toBe(c.id);
        }
        expect(msgs.find((m) => m.key === 'created:1')?.payload).toEqual({ text: 'message created:1' });
      });

      it('returns the stored case and uses no number when a case is created again with the same id', async () => {
        const first = await store.createCase({ ...buildNewCase(), id: 'registration-key-1' }, [draft('receipt:a')]);
        const again = await store.createCase({ ...buildNewCase({ title: 'other' }), id: 'registration-key-1' }, [
          draft('receipt:a', { payload: { text: 'the retry' } }),
        ]);
        expect(again).toEqual(first);
        expect(first.id).toBe('registration-key-1');
        const written = await store.listOutbox({});
        expect(written.map((m) => m.key)).toEqual(['receipt:a']);
        expect(written[0]?.payload).toEqual({ text: 'message receipt:a' });
        const next = await store.createCase(buildNewCase());
        expect(Number(next.number.slice(4))).toBe(Number(first.number.slice(4)) + 1);
      });

      it('writes the drafts a first attempt lost when a case is created again while it is unchanged, and none after a change', async () => {
        // As a MongoDB server without transactions can leave it: the case stored, its drafts not.
        const first = await store.createCase({ ...buildNewCase(), id: 'registration-key-2' });
        const retry = (c: Case) => [draft(`receipt:${c.number}`), draft(`card:${c.id}:v${c.version}`)];
        expect(await store.createCase({ ...buildNewCase(), id: 'registration-key-2' }, retry)).toEqual(first);
        const keys = async () => (await store.listOutbox({ caseId: first.id })).map((m) => m.key);
        expect(await keys()).toEqual([`receipt:${first.number}`, `card:${first.id}:v1`]);
        await store.createCase({ ...buildNewCase(), id: 'registration-key-2' }, retry);
        expect(await keys()).toHaveLength(2);

        // Somebody has changed the case since: the registration's messages are not written again.
        const changed = await store.updateCase({ ...first, title: 'claimed meanwhile' }, first.version);
        const late = await store.createCase({ ...buildNewCase(), id: 'registration-key-2' }, retry);
        expect(late).toEqual(changed);
        expect(await keys()).toEqual([`receipt:${first.number}`, `card:${first.id}:v1`]);
      });

      it('builds the drafts from the created case when given a function, in the same operation', async () => {
        const c = await store.createCase(buildNewCase({ type: 'service_request' }), (created) => [
          draft(`receipt:${created.number}`, { payload: { number: created.number, id: created.id } }),
        ]);
        const msgs = await store.listOutbox({ caseId: c.id });
        expect(msgs.map((m) => m.key)).toEqual([`receipt:${c.number}`]);
        expect(msgs[0]?.payload).toEqual({ number: c.number, id: c.id });
        expect(c.number).toMatch(/^SR-\d{6}$/);
      });

      it('writes the drafts with an update and none when the update conflicts', async () => {
        const c = await store.createCase(buildNewCase());
        await store.updateCase({ ...c, title: 'ok' }, c.version, [draft('update:ok', { kind: 'update_card' })]);
        await rejectionOf(store.updateCase({ ...c, title: 'stale' }, c.version, [draft('update:stale')]));
        const keys = (await store.listOutbox({ caseId: c.id })).map((m) => m.key);
        expect(keys).toEqual(['update:ok']);
        expect(await store.listOutbox({ kind: 'update_card' })).toHaveLength(1);
      });

      it('ignores a draft whose key exists already when enqueued twice', async () => {
        await store.enqueueOutbox([draft('dup', { payload: { n: 1 } })]);
        await store.enqueueOutbox([draft('dup', { payload: { n: 2 } })]);
        const c = await store.createCase(buildNewCase(), [draft('dup', { payload: { n: 3 } })]);
        const all = await store.listOutbox({});
        expect(all).toHaveLength(1);
        expect(all[0]?.payload).toEqual({ n: 1 });
        expect(await store.getCase(c.id)).not.toBeNull();
      });
    });

    describe('claimCase', () => {
      it('lets exactly one of 50 simultaneous claims win and names the winner to the other 49', async () => {
        const created = await store.createCase(buildNewCase());
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            store.claimCase(
              created.id,
              agent(i),
              (current) => ({ ...current, status: 'assigned', assignee: agent(i) }),
              (claimed) => [draft(`claimed:${claimed.id}:${claimed.assignee?.id}`)],
            ),
          ),
        );
        const winners = results.filter((r) => r.ok);
        const refusals = results.filter((r) => !r.ok);
        expect(winners).toHaveLength(1);
        expect(refusals).toHaveLength(49);
        const winner = winners[0]!.case.assignee!;
        for (const r of refusals) {
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.holder.id).toBe(winner.id);
        }
        const stored = await store.getCase(created.id);
        expect(stored?.assignee).toEqual(winner);
        expect(stored?.status).toBe('assigned');
        expect(stored?.version).toBe(created.version + 1);
        const outbox = await store.listOutbox({ caseId: created.id });
        expect(outbox.map((m) => m.key)).toEqual([`claimed:${created.id}:${winner.id}`]);
      });

      it('refuses with the current holder and changes nothing when the case is assigned already', async () => {
        const created = await store.createCase(buildNewCase({ status: 'assigned', assignee: agent('x') }));
        const res = await store.claimCase(created.id, agent('y'), (c) => ({ ...c, assignee: agent('y') }));
        expect(res.ok).toBe(false);
        if (!res.ok) expect(res.holder).toEqual(agent('x'));
        expect(await store.getCase(created.id)).toEqual(created);
      });

      it('throws CASE.NOT_FOUND when the case does not exist', async () => {
        const err = await rejectionOf(store.claimCase('missing', agent(1), (c) => c));
        expectAppError(err, 'CASE.NOT_FOUND');
      });
    });

    describe('findCases and countCases', () => {
      let c1: Case;
      let c2: Case;
      let c3: Case;
      let c4: Case;

      beforeEach(async () => {
        c1 = await store.createCase(
          buildNewCase({ user: buildPerson('anna'), groupId: 'servicedesk', createdAt: '2025-01-01T08:00:00.000Z' }),
        );
        c2 = await store.createCase(
          buildNewCase({
            user: buildPerson('bo'),
            reporter: buildPerson('anna'),
            groupId: 'network',
            status: 'in_progress',
            assignee: agent('carl'),
            createdAt: '2025-01-02T08:00:00.000Z',
          }),
        );
        c3 = await store.createCase(
          buildNewCase({
            user: buildPerson('bo'),
            groupId: 'network',
            ownerGroupId: 'servicedesk-health',
            status: 'resolved',
            caseOwner: agent('dorte'),
            createdAt: '2025-01-03T08:00:00.000Z',
          }),
        );
        c4 = await store.createCase(
          buildNewCase({
            type: 'service_request',
            user: buildPerson('eva'),
            groupId: 'servicedesk',
            categoryId: 'access',
            parentId: c1.id,
            createdAt: '2025-01-04T08:00:00.000Z',
          }),
        );
      });

      const ids = (cases: Case[]) => cases.map((c) => c.number);

      it('returns all cases newest first when there is no filter', async () => {
        expect(ids(await store.findCases({}))).toEqual(ids([c4, c3, c2, c1]));
      });

      it('matches the user or the reporter when filtering by person', async () => {
        expect(ids(await store.findCases({ personId: 'teams:anna' }))).toEqual(ids([c2, c1]));
        expect(ids(await store.findCases({ personId: 'teams:bo' }))).toEqual(ids([c3, c2]));
        expect(await store.findCases({ personId: 'teams:nobody' })).toEqual([]);
      });

      it("also matches the user's or reporter's e-mail, whatever its case, when given with the person", async () => {
        // Anna on Slack: another id, the same e-mail — her Teams cases (as user and as reporter) are hers too.
        const slackAnna = { personId: 'slack:U0ANNA', personEmail: ' ANNA@au.dk ' };
        expect(ids(await store.findCases(slackAnna))).toEqual(ids([c2, c1]));
        expect(await store.countCases(slackAnna)).toBe(2);
        expect(ids(await store.findCases({ ...slackAnna, statuses: ['in_progress'] }))).toEqual(ids([c2]));
        expect(await store.findCases({ personId: 'slack:U0ANNA' })).toEqual([]);
        expect(await store.findCases({ personId: 'slack:U0X', personEmail: 'nobody@au.dk' })).toEqual([]);
        // A changed e-mail is found by its new value only.
        const moved = await store.updateCase({ ...c1, user: { ...c1.user, email: 'anna.new@au.dk' } }, c1.version);
        expect(ids(await store.findCases({ personId: 'slack:U0ANNA', personEmail: 'Anna.New@au.dk' }))).toEqual(
          ids([moved]),
        );
        expect(ids(await store.findCases(slackAnna))).toEqual(ids([c2]));
      });

      it('finds a case naming its user by e-mail only (`email:<address>`) by the platform id and e-mail, with a status', async () => {
        // A phone case registered for Fia before any chat knew her; she answers its question from Teams.
        const byMail = { id: 'email:fia@au.dk', name: 'Fia', email: 'fia@au.dk' };
        const c5 = await store.createCase(
          buildNewCase({ user: byMail, status: 'awaiting_user', createdAt: '2025-01-05T08:00:00.000Z' }),
        );
        const fia = { personId: 'teams:fia', personEmail: 'Fia@au.dk', limit: 50 };
        expect(ids(await store.findCases({ ...fia, statuses: ['awaiting_user'] }))).toEqual(ids([c5]));
        expect(await store.findCases({ ...fia, statuses: ['in_progress'] })).toEqual([]);
        expect(await store.findCases({ personId: 'teams:fia', statuses: ['awaiting_user'] })).toEqual([]);
      });

      it('filters by groups, owner groups and statuses when given', async () => {
        expect(ids(await store.findCases({ groupIds: ['network'] }))).toEqual(ids([c3, c2]));
        expect(ids(await store.findCases({ groupIds: ['network', 'servicedesk'] }))).toEqual(ids([c4, c3, c2, c1]));
        expect(ids(await store.findCases({ ownerGroupIds: ['servicedesk-health'] }))).toEqual(ids([c3]));
        expect(ids(await store.findCases({ statuses: ['registered', 'in_progress'] }))).toEqual(ids([c4, c2, c1]));
        expect(ids(await store.findCases({ groupIds: ['network'], statuses: ['in_progress'] }))).toEqual(ids([c2]));
      });

      it('finds only the given ids, newest first, with the other filters applied to them', async () => {
        expect(ids(await store.findCases({ ids: [c1.id, c3.id, 'no-such-case'] }))).toEqual(ids([c3, c1]));
        expect(ids(await store.findCases({ ids: [c2.id] }))).toEqual(ids([c2]));
        expect(await store.findCases({ ids: [] })).toEqual([]);
        const open = ['registered', 'assigned', 'in_progress'] as const;
        expect(ids(await store.findCases({ ids: [c1.id, c2.id, c3.id], statuses: [...open] }))).toEqual(ids([c2, c1]));
        expect(await store.countCases({ ids: [c1.id, c2.id, c3.id], groupIds: ['network'] })).toBe(2);
      });

      it('filters by assignee, case owner, parent, type and category when given', async () => {
        expect(ids(await store.findCases({ assigneeId: 'teams:agent-carl' }))).toEqual(ids([c2]));
        expect(ids(await store.findCases({ caseOwnerId: 'teams:agent-dorte' }))).toEqual(ids([c3]));
        expect(ids(await store.findCases({ parentId: c1.id }))).toEqual(ids([c4]));
        expect(ids(await store.findCases({ type: 'service_request' }))).toEqual(ids([c4]));
        expect(ids(await store.findCases({ categoryId: 'access' }))).toEqual(ids([c4]));
      });

      it('finds only the linked reports when asked, with a status, and follows a link undone', async () => {
        expect(ids(await store.findCases({ linked: true }))).toEqual(ids([c4]));
        expect(await store.countCases({ linked: true })).toBe(1);
        // The SLA sweeper's start-up pass: the linked reports awaiting their user.
        const awaiting = { linked: true as const, statuses: ['awaiting_user' as const], limit: 500, offset: 0 };
        expect(await store.findCases(awaiting)).toEqual([]);
        const asked = await store.updateCase({ ...c4, status: 'awaiting_user' }, c4.version);
        await store.updateCase({ ...c1, status: 'awaiting_user' }, c1.version);
        expect(ids(await store.findCases(awaiting))).toEqual(ids([asked]));
        expect(await store.findCases({ ...awaiting, offset: 1 })).toEqual([]);
        expect(ids(await store.findCases({ linked: true, parentId: c1.id }))).toEqual(ids([asked]));
        expect(await store.findCases({ linked: true, parentId: c2.id })).toEqual([]);
        // Unlinked (the field removed): no longer found.
        const { parentId: _parent, ...unlinked } = asked;
        await store.updateCase(unlinked, asked.version);
        expect(await store.findCases(awaiting)).toEqual([]);
        expect(await store.countCases({ linked: true })).toBe(0);
      });

      it("also matches the assignee's or case owner's e-mail, whatever its case, when given with the id", async () => {
        // Carl claimed c2 in Teams and asks in Slack; Dorte was made c3's owner by e-mail before the directory knew her.
        const claimed = await store.updateCase(
          { ...c2, assignee: { ...agent('carl'), email: 'Agent-Carl@au.dk' } },
          c2.version,
        );
        const carl = { assigneeId: 'slack:U0CARL', assigneeEmail: ' AGENT-CARL@au.dk ' };
        expect(ids(await store.findCases(carl))).toEqual(ids([c2]));
        expect(ids(await store.findCases({ ...carl, statuses: ['in_progress', 'resolved'] }))).toEqual(ids([c2]));
        expect(ids(await store.findCases({ ...carl, statuses: ['resolved'] }))).toEqual([]);
        expect(await store.countCases({ ...carl, statuses: ['in_progress'] })).toBe(1);
        expect(await store.findCases({ assigneeId: 'slack:U0CARL' })).toEqual([]);
        // By e-mail alone; a blank one matches nothing (not every case).
        expect(ids(await store.findCases({ assigneeEmail: 'agent-carl@AU.dk', statuses: ['in_progress'] }))).toEqual(
          ids([c2]),
        );
        expect(await store.findCases({ assigneeEmail: ' ' })).toEqual([]);
        expect(await store.countCases({ caseOwnerEmail: '' })).toBe(0);
        const moved = await store.updateCase(
          { ...c3, caseOwner: { id: 'email:agent-dorte@au.dk', name: 'Dorte', email: 'Agent-Dorte@au.dk' } },
          c3.version,
        );
        const dorte = { caseOwnerId: 'teams:agent-dorte', caseOwnerEmail: 'agent-dorte@AU.dk' };
        expect(ids(await store.findCases({ ...dorte, statuses: ['resolved'] }))).toEqual(ids([moved]));
        // Both at once (a case counted once by `mine`): the cases matching each.
        expect(await store.countCases({ ...carl, ...dorte })).toBe(0);
        // The e-mail goes with the assignee: unassigned, the case is no longer theirs.
        const { assignee: _gone, ...rest } = claimed;
        await store.updateCase(rest, claimed.version);
        expect(await store.findCases(carl)).toEqual([]);
      });

      it('finds only the major incidents when asked, with the other filters, and follows a declaration made or undone', async () => {
        const major = {
          summary: { da: 'Nedbrud', en: 'Outage' },
          declaredAt: '2025-01-05T08:00:00.000Z',
          declaredBy: agent('carl'),
          linkedCount: 0,
        };
        expect(await store.findCases({ major: true })).toEqual([]);
        const m2 = await store.updateCase({ ...c2, major }, c2.version);
        const m3 = await store.updateCase({ ...c3, major }, c3.version);
        expect(ids(await store.findCases({ major: true }))).toEqual(ids([m3, m2]));
        expect(await store.countCases({ major: true })).toBe(2);
        const open = ['registered', 'assigned', 'in_progress'] as const;
        expect(ids(await store.findCases({ major: true, statuses: [...open] }))).toEqual(ids([m2]));
        expect(await store.findCases({ major: true, statuses: [...open], categoryId: 'access' })).toEqual([]);
        expect(ids(await store.findCases({ major: true, groupIds: ['network'], statuses: ['resolved'] }))).toEqual(
          ids([m3]),
        );
        // Undone (the field removed): no longer found; the other cases never were.
        const { major: _major, ...plain } = m2;
        await store.updateCase(plain, m2.version);
        expect(ids(await store.findCases({ major: true }))).toEqual(ids([m3]));
        expect(ids(await store.findCases({ statuses: [...open] }))).toEqual(ids([c4, c2, c1]));
      });

      it('includes createdFrom and excludes createdTo when filtering a created range', async () => {
        const found = await store.findCases({
          createdFrom: '2025-01-02T08:00:00.000Z',
          createdTo: '2025-01-04T08:00:00.000Z',
        });
        expect(ids(found)).toEqual(ids([c3, c2]));
      });

      it('pages with limit and offset when given', async () => {
        expect(ids(await store.findCases({ limit: 2 }))).toEqual(ids([c4, c3]));
        expect(ids(await store.findCases({ limit: 2, offset: 1 }))).toEqual(ids([c3, c2]));
        expect(ids(await store.findCases({ limit: 10, offset: 3 }))).toEqual(ids([c1]));
      });

      it('finds a case by its new values when an update changed them', async () => {
        await store.updateCase({ ...c1, assignee: agent('carl'), groupId: 'network', status: 'assigned' }, c1.version);
        expect(ids(await store.findCases({ assigneeId: 'teams:agent-carl' }))).toEqual(ids([c2, c1]));
        expect(ids(await store.findCases({ groupIds: ['servicedesk'] }))).toEqual(ids([c4]));
      });

      it('finds and counts the cases whose answer is a text, with the other filters, by a plain answer id only', async () => {
        const order = (approval: unknown, extra: Partial<Case> = {}) =>
          store.createCase(
            buildNewCase({
              type: 'service_request',
              categoryId: 'purchase-equipment',
              answers: { approval: approval as string, building: '1481' },
              ...extra,
            }),
          );
        const pending = await order('pending', { groupId: 'ops-network', createdAt: '2025-01-05T08:00:00.000Z' });
        const approved = await order('approved', { createdAt: '2025-01-06T08:00:00.000Z' });
        const done = await order('pending', { status: 'resolved', createdAt: '2025-01-07T08:00:00.000Z' });
        const pendingQ = { answer: { id: 'approval', value: 'pending' } };
        expect(ids(await store.findCases(pendingQ))).toEqual(ids([done, pending]));
        expect(await store.countCases(pendingQ)).toBe(2);
        expect(ids(await store.findCases({ ...pendingQ, statuses: ['registered'] }))).toEqual(ids([pending]));
        expect(ids(await store.findCases({ answer: { id: 'approval', value: 'approved' } }))).toEqual(ids([approved]));
        // Cases without the answer (c1–c4 answer `building` only) are not found; nor is a number or yes/no answer
        // by its text.
        expect(ids(await store.findCases({ answer: { id: 'building', value: '1481' } }))).toHaveLength(7);
        const numbered = await order(5);
        const yes = await order(true);
        expect(ids(await store.findCases({ answer: { id: 'approval', value: '5' } }))).toEqual([]);
        expect(ids(await store.findCases({ answer: { id: 'approval', value: 'true' } }))).toEqual([]);
        expect(numbered.answers['approval']).toBe(5);
        expect(yes.answers['approval']).toBe(true);
        // An id that is not a plain one (a path, an operator) matches nothing, whatever the documents hold.
        for (const id of ['answers', 'approval.x', '$where', 'approval"', '']) {
          expect(await store.findCases({ answer: { id, value: 'pending' } })).toEqual([]);
        }
        // After an update the case is found by its new answer.
        await store.updateCase({ ...pending, answers: { ...pending.answers, approval: 'approved' } }, pending.version);
        expect(ids(await store.findCases(pendingQ))).toEqual(ids([done]));
      });

      it('counts the cases a query matches regardless of paging', async () => {
        expect(await store.countCases({})).toBe(4);
        expect(await store.countCases({ personId: 'teams:anna' })).toBe(2);
        expect(await store.countCases({ groupIds: ['network'], statuses: ['resolved'] })).toBe(1);
        expect(await store.countCases({ statuses: ['closed'] })).toBe(0);
      });
    });

    describe('timers', () => {
      let due1: Case;
      let due2: Case;
      let later: Case;

      beforeEach(async () => {
        due1 = await store.createCase(buildNewCase({ nextTimerAt: at('10:00:00') }));
        due2 = await store.createCase(buildNewCase({ nextTimerAt: at('10:05:00') }));
        later = await store.createCase(buildNewCase({ nextTimerAt: at('12:00:00') }));
        await store.createCase(buildNewCase());
      });

      const numbers = (cases: Case[]) => cases.map((c) => c.number).sort();

      it('leases only the due cases when timers are claimed', async () => {
        const got = await store.claimDueTimers(at('11:00:00'), 'sweeper-a', 60_000, 10);
        expect(numbers(got)).toEqual(numbers([due1, due2]));
      });

      it('leases the earliest due cases first when the limit is smaller than the due set', async () => {
        const got = await store.claimDueTimers(at('11:00:00'), 'sweeper-a', 60_000, 1);
        expect(numbers(got)).toEqual([due1.number]);
      });

      it('gives a second owner nothing while the lease holds and the cases after it expires', async () => {
        await store.claimDueTimers(at('11:00:00'), 'sweeper-a', 60_000, 10);
        expect(await store.claimDueTimers(at('11:00:30'), 'sweeper-b', 60_000, 10)).toEqual([]);
        const after = await store.claimDueTimers(at('11:02:00'), 'sweeper-b', 60_000, 10);
        expect(numbers(after)).toEqual(numbers([due1, due2]));
      });

      it('frees a case for others when its owner releases the timer, and ignores other owners', async () => {
        await store.claimDueTimers(at('11:00:00'), 'sweeper-a', 60_000, 10);
        await store.releaseTimer(due1.id, 'sweeper-a');
        await store.releaseTimer(due2.id, 'sweeper-b');
        const got = await store.claimDueTimers(at('11:00:30'), 'sweeper-b', 60_000, 10);
        expect(numbers(got)).toEqual([due1.number]);
      });

      it('no longer leases a case when its next timer moved into the future', async () => {
        await store.updateCase({ ...due1, nextTimerAt: at('13:00:00') }, due1.version);
        const got = await store.claimDueTimers(at('12:30:00'), 'sweeper-a', 60_000, 10);
        expect(numbers(got)).toEqual(numbers([due2, later]));
      });
    });

    describe('outbox delivery', () => {
      beforeEach(async () => {
        await store.enqueueOutbox([
          draft('m1', { notBefore: at('10:00:00') }),
          draft('m2', { notBefore: at('10:01:00'), kind: 'post_card' }),
          draft('m3', { notBefore: at('12:00:00') }),
        ]);
      });

      const keys = (msgs: { key: string }[]) => msgs.map((m) => m.key).sort();
      const byKey = async (key: string) => (await store.listOutbox({})).find((m) => m.key === key)!;

      it('leases the due pending messages to the owner and counts the attempt when claimed', async () => {
        const got = await store.claimOutbox(at('11:00:00'), 'disp-a', 60_000, 10);
        expect(keys(got)).toEqual(['m1', 'm2']);
        for (const m of got) {
          expect(m.leaseOwner).toBe('disp-a');
          expect(m.leaseUntil).toBe(at('11:01:00'));
          expect(m.attempts).toBe(1);
        }
        expect(await store.claimOutbox(at('11:00:30'), 'disp-b', 60_000, 10)).toEqual([]);
        const again = await store.claimOutbox(at('11:02:00'), 'disp-b', 60_000, 10);
        expect(keys(again)).toEqual(['m1', 'm2']);
        expect(again.every((m) => m.attempts === 2 && m.leaseOwner === 'disp-b')).toBe(true);
      });

      it('marks a message sent with its result when the lease owner acks, and ignores other owners', async () => {
        await store.claimOutbox(at('11:00:00'), 'disp-a', 60_000, 10);
        const m1 = await byKey('m1');
        await store.ackOutbox(m1.id, 'disp-b', at('11:00:10'));
        expect((await store.getOutbox(m1.id))?.state).toBe('pending');
        await store.ackOutbox(m1.id, 'disp-a', at('11:00:20'), { messageId: 'abc' });
        const sent = await store.getOutbox(m1.id);
        expect(sent?.state).toBe('sent');
        expect(sent?.sentAt).toBe(at('11:00:20'));
        expect(sent?.result).toEqual({ messageId: 'abc' });
        const later = await store.claimOutbox(at('11:05:00'), 'disp-a', 60_000, 10);
        expect(keys(later)).toEqual(['m2']);
      });

      it('reschedules a message with its error when the lease owner retries, and ignores other owners', async () => {
        await store.claimOutbox(at('11:00:00'), 'disp-a', 60_000, 10);
        const m2 = await byKey('m2');
        await store.retryOutbox(m2.id, 'disp-b', at('13:00:00'), 'wrong owner');
        expect((await store.getOutbox(m2.id))?.lastError).toBeUndefined();
        await store.retryOutbox(m2.id, 'disp-a', at('11:30:00'), 'HTTP 503');
        const retried = await store.getOutbox(m2.id);
        expect(retried).toMatchObject({ state: 'pending', nextAttemptAt: at('11:30:00'), lastError: 'HTTP 503' });
        expect(keys(await store.claimOutbox(at('11:00:30'), 'disp-c', 60_000, 10))).toEqual([]);
        const due = await store.claimOutbox(at('11:31:00'), 'disp-c', 60_000, 10);
        expect(keys(due)).toEqual(['m1', 'm2']);
      });

      it("keeps a retried message's progress as its result until the next attempt replaces or delivers it", async () => {
        await store.claimOutbox(at('11:00:00'), 'disp-a', 60_000, 10);
        const m2 = await byKey('m2');
        const reached = { repliedIn: [{ platform: 'teams', messageId: 'card-1' }] };
        await store.retryOutbox(m2.id, 'disp-b', at('11:30:00'), 'wrong owner', { repliedIn: [] });
        expect((await store.getOutbox(m2.id))?.result).toBeUndefined();
        await store.retryOutbox(m2.id, 'disp-a', at('11:30:00'), 'HTTP 503', reached);
        expect(await store.getOutbox(m2.id)).toMatchObject({ state: 'pending', result: reached });

        // Claimed with it; a retry without progress leaves it, one with progress replaces it.
        const again = await store.claimOutbox(at('11:31:00'), 'disp-a', 60_000, 10);
        expect(again.find((m) => m.key === 'm2')?.result).toEqual(reached);
        await store.retryOutbox(m2.id, 'disp-a', at('11:40:00'), 'HTTP 503');
        expect((await store.getOutbox(m2.id))?.result).toEqual(reached);
        await store.claimOutbox(at('11:41:00'), 'disp-a', 60_000, 10);
        const more = { repliedIn: [...reached.repliedIn, { platform: 'slack', messageId: '17.1' }] };
        await store.deadOutbox(m2.id, 'disp-a', 'HTTP 403', more);
        expect(await store.getOutbox(m2.id)).toMatchObject({ state: 'dead', result: more });
      });

      it('marks a message dead when the lease owner gives up, and ignores other owners', async () => {
        await store.claimOutbox(at('11:00:00'), 'disp-a', 60_000, 10);
        const m1 = await byKey('m1');
        await store.deadOutbox(m1.id, 'disp-b', 'wrong owner');
        expect((await store.getOutbox(m1.id))?.state).toBe('pending');
        await store.deadOutbox(m1.id, 'disp-a', 'HTTP 403 forbidden');
        const dead = await store.getOutbox(m1.id);
        expect(dead).toMatchObject({ state: 'dead', lastError: 'HTTP 403 forbidden' });
        expect(keys(await store.listOutbox({ state: 'dead' }))).toEqual(['m1']);
        expect(keys(await store.claimOutbox(at('23:00:00'), 'disp-a', 60_000, 10))).toEqual(['m2', 'm3']);
      });

      it('extends the lease of a message its owner still holds when renewed, so nobody else claims it meanwhile', async () => {
        await store.claimOutbox(at('11:00:00'), 'disp-a', 60_000, 10);
        const m1 = await byKey('m1');
        expect(await store.renewOutboxLease(m1.id, 'disp-a', at('11:00:50'), 60_000)).toBe(true);
        expect(await store.getOutbox(m1.id)).toMatchObject({ leaseOwner: 'disp-a', leaseUntil: at('11:01:50') });
        expect((await store.getOutbox(m1.id))?.attempts).toBe(1);
        // m2's lease ran out at 11:01; m1's holds until 11:01:50.
        expect(keys(await store.claimOutbox(at('11:01:30'), 'disp-b', 60_000, 10))).toEqual(['m2']);
        expect(keys(await store.claimOutbox(at('11:01:50'), 'disp-c', 60_000, 10))).toEqual(['m1']);
      });

      it('renews a lease that ran out while nobody claimed the message, never shortens one, and says so', async () => {
        await store.claimOutbox(at('11:00:00'), 'disp-a', 60_000, 10);
        const m1 = await byKey('m1');
        expect(await store.renewOutboxLease(m1.id, 'disp-a', at('11:05:00'), 60_000)).toBe(true);
        expect((await store.getOutbox(m1.id))?.leaseUntil).toBe(at('11:06:00'));
        // An earlier renewal (a slower call answering late) leaves the later deadline.
        expect(await store.renewOutboxLease(m1.id, 'disp-a', at('11:04:00'), 60_000)).toBe(true);
        expect((await store.getOutbox(m1.id))?.leaseUntil).toBe(at('11:06:00'));
      });

      it('refuses to renew a lease its owner lost: claimed by another, delivered, handed back, given up or gone', async () => {
        await store.claimOutbox(at('11:00:00'), 'disp-a', 60_000, 10);
        const [m1, m2] = [await byKey('m1'), await byKey('m2')];
        expect(await store.renewOutboxLease(m1.id, 'disp-b', at('11:00:10'), 60_000)).toBe(false);
        expect((await store.getOutbox(m1.id))?.leaseUntil).toBe(at('11:01:00'));
        // Its lease ran out and another dispatcher took it over: the first owner cannot take it back.
        expect(keys(await store.claimOutbox(at('11:01:00'), 'disp-b', 60_000, 10))).toEqual(['m1', 'm2']);
        expect(await store.renewOutboxLease(m1.id, 'disp-a', at('11:01:10'), 60_000)).toBe(false);
        expect(await store.getOutbox(m1.id)).toMatchObject({ leaseOwner: 'disp-b', leaseUntil: at('11:02:00') });
        await store.ackOutbox(m1.id, 'disp-b', at('11:01:20'));
        expect(await store.renewOutboxLease(m1.id, 'disp-b', at('11:01:30'), 60_000)).toBe(false);
        expect((await store.getOutbox(m1.id))?.state).toBe('sent');
        await store.releaseOutbox([m2.id], 'disp-b');
        expect(await store.renewOutboxLease(m2.id, 'disp-b', at('11:01:30'), 60_000)).toBe(false);
        expect((await store.getOutbox(m2.id))?.leaseOwner).toBeUndefined();
        await store.claimOutbox(at('11:02:00'), 'disp-b', 60_000, 10);
        await store.deadOutbox(m2.id, 'disp-b', 'HTTP 403');
        expect(await store.renewOutboxLease(m2.id, 'disp-b', at('11:02:10'), 60_000)).toBe(false);
        expect(await store.renewOutboxLease('no-such-id', 'disp-b', at('11:02:10'), 60_000)).toBe(false);
      });

      it('rewrites the payload of a pending message only, keeping its lease and progress, when asked', async () => {
        await store.claimOutbox(at('11:00:00'), 'disp-a', 60_000, 10);
        const m1 = await byKey('m1');
        await store.retryOutbox(m1.id, 'disp-a', at('11:00:30'), 'HTTP 503', { repliedIn: ['t1'] });
        await store.ackOutbox((await byKey('m2')).id, 'disp-a', at('11:00:01'));
        const m3 = await byKey('m3');
        await store.claimOutbox(at('12:00:00'), 'disp-a', 60_000, 10);

        const scrubbed = { view: { text: 'About [removed]' } };
        expect(await store.rewriteOutboxPayload(m1.id, scrubbed)).toBe(true);
        expect(await store.getOutbox(m1.id)).toMatchObject({
          state: 'pending',
          payload: scrubbed,
          result: { repliedIn: ['t1'] },
          lastError: 'HTTP 503',
        });
        // Leased (being delivered now): rewritten, and its owner still acks it.
        expect(await store.rewriteOutboxPayload(m3.id, scrubbed)).toBe(true);
        await store.ackOutbox(m3.id, 'disp-a', at('12:00:01'));
        expect(await store.getOutbox(m3.id)).toMatchObject({ state: 'sent', payload: scrubbed });
        // Delivered, or gone: refused, unchanged.
        const m2 = await byKey('m2');
        expect(await store.rewriteOutboxPayload(m2.id, scrubbed)).toBe(false);
        expect((await store.getOutbox(m2.id))?.payload).toEqual(m2.payload);
        expect(await store.rewriteOutboxPayload('missing', scrubbed)).toBe(false);
      });

      it('deletes only delivered messages sent before the cut-off when purged, whatever their kind', async () => {
        await store.claimOutbox(at('11:00:00'), 'disp-a', 60_000, 10);
        await store.ackOutbox((await byKey('m1')).id, 'disp-a', at('11:00:01'));
        await store.deadOutbox((await byKey('m2')).id, 'disp-a', 'gone');
        await store.enqueueOutbox([draft('m4', { notBefore: at('10:00:00') })]);
        await store.claimOutbox(at('11:10:00'), 'disp-a', 60_000, 10);
        await store.ackOutbox((await byKey('m4')).id, 'disp-a', at('11:10:00'));

        expect(await store.purgeOutbox(at('11:00:01'))).toBe(0);
        expect(await store.purgeOutbox(at('11:05:00'))).toBe(1);
        // Sent later, dead, or still pending (m3 is not due yet): kept.
        expect(keys(await store.listOutbox({}))).toEqual(['m2', 'm3', 'm4']);
        expect(await store.purgeOutbox(at('23:00:00'))).toBe(1);
        expect(keys(await store.listOutbox({}))).toEqual(['m2', 'm3']);
        expect(await store.outboxStats()).toMatchObject({ pending: 1, dead: 1 });
      });

      it('pages through messages oldest first with offset and limit', async () => {
        const all = await store.listOutbox({});
        expect(all).toHaveLength(3);
        const pages = [
          await store.listOutbox({ limit: 2 }),
          await store.listOutbox({ limit: 2, offset: 2 }),
          await store.listOutbox({ limit: 2, offset: 4 }),
        ];
        expect(pages.map((p) => p.length)).toEqual([2, 1, 0]);
        expect(pages.flat().map((m) => m.id)).toEqual(all.map((m) => m.id));
      });

      it('counts pending and dead messages and reports the oldest pending when asked for stats', async () => {
        const empty = await store.outboxStats();
        expect(empty).toMatchObject({ pending: 3, dead: 0 });
        const all = await store.listOutbox({});
        const oldest = all.map((m) => m.createdAt).sort()[0];
        expect(empty.oldestPendingAt).toBe(oldest);

        await store.claimOutbox(at('11:00:00'), 'disp-a', 60_000, 10);
        await store.deadOutbox((await byKey('m1')).id, 'disp-a', 'gone');
        await store.ackOutbox((await byKey('m2')).id, 'disp-a', at('11:00:01'));
        const stats = await store.outboxStats();
        expect(stats).toMatchObject({ pending: 1, dead: 1 });
        expect(stats.oldestPendingAt).toBe((await byKey('m3')).createdAt);
      });

      it('filters the list by state, kind and limit and returns null for an unknown id', async () => {
        expect(keys(await store.listOutbox({ kind: 'post_card' }))).toEqual(['m2']);
        expect(keys(await store.listOutbox({ state: 'pending' }))).toEqual(['m1', 'm2', 'm3']);
        expect(await store.listOutbox({ state: 'sent' })).toEqual([]);
        expect(await store.listOutbox({ limit: 2 })).toHaveLength(2);
        expect(await store.getOutbox('no-such-id')).toBeNull();
      });
    });

    describe("outbox: a case's messages in the order they were written", () => {
      const T0 = at('10:00:00');
      const keysOf = (msgs: { key: string }[]) => msgs.map((m) => m.key);
      const byKey = async (key: string) => (await store.listOutbox({ limit: 1000 })).find((m) => m.key === key)!;
      /** Claims as `owner` at `now` and retries the message `key` (if claimed) until `until`. */
      const failOnce = async (key: string, now: string, until: string, owner = 'disp-a') => {
        const got = await store.claimOutbox(now, owner, 60_000, 100);
        const m = got.find((g) => g.key === key);
        if (!m) throw new Error(`${key} was not claimed`);
        await store.retryOutbox(m.id, owner, until, 'HTTP 503');
        await store.releaseOutbox(
          got.filter((g) => g.key !== key).map((g) => g.id),
          owner,
        );
      };

      it('claims messages written together in the order they were written, oldest write first', async () => {
        const keys = Array.from({ length: 30 }, (_, i) => `together-${String(i).padStart(2, '0')}`);
        const shuffled = [...keys].sort(() => 0.5 - Math.random());
        await store.enqueueOutbox(shuffled.map((k) => draft(k, { caseId: 'case-1', notBefore: T0 })));
        await store.enqueueOutbox([draft('written-after', { caseId: 'case-1', notBefore: T0 })]);
        const got = await store.claimOutbox(at('11:00:00'), 'disp-a', 60_000, 100);
        expect(keysOf(got)).toEqual([...shuffled, 'written-after']);
        expect(keysOf(await store.listOutbox({ caseId: 'case-1' }))).toEqual([...shuffled, 'written-after']);
      });

      it("holds a case's later messages back while an earlier one waits for its retry, and not other cases'", async () => {
        await store.enqueueOutbox([
          draft('a1', { caseId: 'case-a', notBefore: T0 }),
          draft('a2', { caseId: 'case-a', notBefore: T0 }),
          draft('b1', { caseId: 'case-b', notBefore: T0 }),
          draft('none', { notBefore: T0 }),
        ]);
        await failOnce('a1', at('10:00:00'), at('10:30:00'));
        await store.enqueueOutbox([draft('a3', { caseId: 'case-a', notBefore: T0 })]);

        // a2 and a3 are due and free, but a1 goes first: not before its retry is due.
        expect(keysOf(await store.claimOutbox(at('10:10:00'), 'disp-b', 60_000, 100))).toEqual(['b1', 'none']);
        const due = await store.claimOutbox(at('10:31:00'), 'disp-c', 60_000, 100);
        expect(keysOf(due).filter((k) => k.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
      });

      it('holds them back while another dispatcher holds the earlier one, and lets them follow once it is sent', async () => {
        await store.enqueueOutbox([draft('first', { caseId: 'case-a', notBefore: T0 })]);
        const [first] = await store.claimOutbox(at('10:00:00'), 'disp-a', 60_000, 1);
        expect(first?.key).toBe('first');
        await store.enqueueOutbox([draft('second', { caseId: 'case-a', notBefore: T0 })]);

        expect(await store.claimOutbox(at('10:00:10'), 'disp-b', 60_000, 10)).toEqual([]);
        await store.ackOutbox(first!.id, 'disp-a', at('10:00:20'));
        expect(keysOf(await store.claimOutbox(at('10:00:30'), 'disp-b', 60_000, 10))).toEqual(['second']);
      });

      it('lets them go with the earlier one once its lease has run out, the earlier one first', async () => {
        await store.enqueueOutbox([draft('first', { caseId: 'case-a', notBefore: T0 })]);
        await store.claimOutbox(at('10:00:00'), 'crashed', 60_000, 1);
        await store.enqueueOutbox([draft('second', { caseId: 'case-a', notBefore: T0 })]);

        expect(await store.claimOutbox(at('10:00:59'), 'disp-b', 60_000, 10)).toEqual([]);
        expect(keysOf(await store.claimOutbox(at('10:01:00'), 'disp-b', 60_000, 10))).toEqual(['first', 'second']);
      });

      it('holds nothing back behind a dead message, nor behind one written to go later and not tried yet', async () => {
        await store.enqueueOutbox([
          draft('dies', { caseId: 'case-a', notBefore: T0 }),
          draft('later', { caseId: 'case-a', notBefore: at('12:00:00') }),
          draft('next', { caseId: 'case-a', notBefore: T0 }),
        ]);
        const [dies] = await store.claimOutbox(at('10:00:00'), 'disp-a', 60_000, 1);
        expect(dies?.key).toBe('dies');
        await store.deadOutbox(dies!.id, 'disp-a', 'HTTP 403');

        expect(keysOf(await store.claimOutbox(at('10:00:10'), 'disp-a', 60_000, 10))).toEqual(['next']);
      });

      it('fills the claim with the next cases when a held-back case is skipped, up to the limit', async () => {
        await store.enqueueOutbox([
          draft('a1', { caseId: 'case-a', notBefore: T0 }),
          draft('a2', { caseId: 'case-a', notBefore: T0 }),
          draft('a3', { caseId: 'case-a', notBefore: T0 }),
          draft('b1', { caseId: 'case-b', notBefore: T0 }),
          draft('c1', { caseId: 'case-c', notBefore: T0 }),
          draft('d1', { caseId: 'case-d', notBefore: T0 }),
        ]);
        await failOnce('a1', at('10:00:00'), at('10:30:00'));
        expect(keysOf(await store.claimOutbox(at('10:01:00'), 'disp-b', 60_000, 2))).toEqual(['b1', 'c1']);
        expect(keysOf(await store.claimOutbox(at('10:01:00'), 'disp-b', 60_000, 2))).toEqual(['d1']);
      });

      it('hands claimed messages back with their lease freed and their attempt given back, for their owner only', async () => {
        await store.enqueueOutbox([draft('m1', { notBefore: T0 }), draft('m2', { notBefore: T0 })]);
        const got = await store.claimOutbox(at('10:00:00'), 'disp-a', 60_000, 10);
        expect(got.map((m) => m.attempts)).toEqual([1, 1]);
        const [m1, m2] = got;

        await store.releaseOutbox([m1!.id, m2!.id], 'disp-b');
        expect((await store.getOutbox(m1!.id))?.leaseOwner).toBe('disp-a');
        await store.releaseOutbox([m1!.id], 'disp-a');
        const released = await store.getOutbox(m1!.id);
        expect(released).toMatchObject({ state: 'pending', attempts: 0 });
        expect(released?.leaseOwner).toBeUndefined();
        expect(released?.leaseUntil).toBeUndefined();
        // Released twice, or once more after it was sent: nothing changes.
        await store.releaseOutbox([m1!.id], 'disp-a');
        expect((await store.getOutbox(m1!.id))?.attempts).toBe(0);
        await store.ackOutbox(m2!.id, 'disp-a', at('10:00:01'));
        await store.releaseOutbox([m2!.id], 'disp-a');
        expect(await store.getOutbox(m2!.id)).toMatchObject({ state: 'sent', attempts: 1 });
        await store.releaseOutbox([], 'disp-a');

        expect(keysOf(await store.claimOutbox(at('10:00:02'), 'disp-c', 60_000, 10))).toEqual(['m1']);
        expect(await byKey('m1')).toMatchObject({ attempts: 1, leaseOwner: 'disp-c' });
      });
    });

    describe('conversations', () => {
      const record = (key: string, expiresAt: string, step = 'category') => ({
        key,
        state: { step, answers: { building: '1481' } },
        updatedAt: at('09:00:00'),
        expiresAt,
      });

      it('returns what was saved and the newest version when saved twice', async () => {
        await store.saveConversation(record('teams:anna', at('10:00:00')));
        expect(await store.getConversation('teams:anna')).toEqual(record('teams:anna', at('10:00:00')));
        await store.saveConversation(record('teams:anna', at('11:00:00'), 'questions'));
        expect(await store.getConversation('teams:anna')).toEqual(record('teams:anna', at('11:00:00'), 'questions'));
        expect(await store.getConversation('teams:nobody')).toBeNull();
      });

      it('forgets a conversation when it is deleted', async () => {
        await store.saveConversation(record('teams:anna', at('10:00:00')));
        await store.deleteConversation('teams:anna');
        expect(await store.getConversation('teams:anna')).toBeNull();
      });

      it('lists conversations oldest first, page by page with offset', async () => {
        await store.saveConversation(record('b', at('10:00:00')));
        await store.saveConversation(record('a', at('09:00:00')));
        await store.saveConversation(record('c', at('12:00:00')));
        const keys = async (limit: number, offset?: number) =>
          (await store.listConversations(limit, offset)).map((c) => c.key);
        const all = await keys(10);
        expect(all).toHaveLength(3);
        expect([...(await keys(2)), ...(await keys(2, 2)), ...(await keys(2, 4))]).toEqual(all);
        expect(await keys(2, 4)).toEqual([]);
      });

      it('deletes only the expired conversations when purged', async () => {
        await store.saveConversation(record('a', at('09:00:00')));
        await store.saveConversation(record('b', at('10:00:00')));
        await store.saveConversation(record('c', at('12:00:00')));
        expect(await store.purgeConversations(at('11:00:00'))).toBe(2);
        expect(await store.getConversation('a')).toBeNull();
        expect(await store.getConversation('b')).toBeNull();
        expect(await store.getConversation('c')).not.toBeNull();
      });
    });

    describe('markProcessed', () => {
      it('returns true the first time and false for a duplicate', async () => {
        expect(await store.markProcessed('evt-1', '2999-01-01T00:00:00.000Z')).toBe(true);
        expect(await store.markProcessed('evt-1', '2999-01-01T00:00:00.000Z')).toBe(false);
        expect(await store.markProcessed('evt-2', '2999-01-01T00:00:00.000Z')).toBe(true);
      });

      it('accepts an event id again when its earlier record has expired', async () => {
        expect(await store.markProcessed('evt-old', '2000-01-01T00:00:00.000Z')).toBe(true);
        expect(await store.markProcessed('evt-old', '2999-01-01T00:00:00.000Z')).toBe(true);
        expect(await store.markProcessed('evt-old', '2999-01-01T00:00:00.000Z')).toBe(false);
      });

      it('tells whether an event is recorded and unexpired without recording it', async () => {
        expect(await store.isProcessed('evt-peek')).toBe(false);
        expect(await store.isProcessed('evt-peek')).toBe(false);
        expect(await store.markProcessed('evt-peek', '2999-01-01T00:00:00.000Z')).toBe(true);
        expect(await store.isProcessed('evt-peek')).toBe(true);
        expect(await store.markProcessed('evt-gone', '2000-01-01T00:00:00.000Z')).toBe(true);
        expect(await store.isProcessed('evt-gone')).toBe(false);
      });
    });

    describe('refs', () => {
      it('stores, overwrites, lists per kind and deletes small records', async () => {
        await store.putRef('conversation', 'teams:anna', { conversationId: 'a:1' });
        await store.putRef('conversation', 'teams:bo', { conversationId: 'b:1' });
        await store.putRef('channel', 'network', { channelId: 'C1' });
        await store.putRef('conversation', 'teams:anna', { conversationId: 'a:2', serviceUrl: 'https://x' });

        expect(await store.getRef('conversation', 'teams:anna')).toEqual({
          conversationId: 'a:2',
          serviceUrl: 'https://x',
        });
        expect(await store.getRef('channel', 'teams:anna')).toBeNull();
        const listed = (await store.listRefs('conversation')).sort((a, b) => a.key.localeCompare(b.key));
        expect(listed.map(({ key, value }) => ({ key, value }))).toEqual([
          { key: 'teams:anna', value: { conversationId: 'a:2', serviceUrl: 'https://x' } },
          { key: 'teams:bo', value: { conversationId: 'b:1' } },
        ]);
        for (const r of listed) expect(Date.parse(r.updatedAt)).toBeGreaterThan(Date.now() - 60_000);

        await store.deleteRef('conversation', 'teams:anna');
        expect(await store.getRef('conversation', 'teams:anna')).toBeNull();
        expect((await store.listRefs('conversation')).map((r) => r.key)).toEqual(['teams:bo']);
        expect(await store.listRefs('channel')).toHaveLength(1);
      });

      it('lists only the fields asked for, those each record has, with their JSON types', async () => {
        const reference = { conversation: { id: 'a:1' }, serviceUrl: 'https://x' };
        await store.putRef('person', 'teams:anna', { name: 'Anna', email: 'anna@au.dk', reference, visits: 3 });
        await store.putRef('person', 'teams:bo', { name: 'Bo', active: false, email: null });
        await store.putRef('channel', 'network', { name: 'Network' });
        const listed = await store.listRefs('person', ['name', 'email', 'visits', 'active', 'reference']);
        expect(listed.sort((a, b) => a.key.localeCompare(b.key)).map(({ key, value }) => ({ key, value }))).toEqual([
          { key: 'teams:anna', value: { name: 'Anna', email: 'anna@au.dk', visits: 3, reference } },
          { key: 'teams:bo', value: { name: 'Bo', active: false } },
        ]);
        expect((await store.listRefs('person', ['name'])).map((r) => r.value)).toEqual([
          { name: 'Anna' },
          { name: 'Bo' },
        ]);
        expect((await store.listRefs('person', ['missing'])).map((r) => r.value)).toEqual([{}, {}]);
        // A name that is not a plain field is refused, not read as a path.
        await expect(store.listRefs('person', ['reference.conversation'])).rejects.toThrow(/not a plain field name/);
      });

      it('stores a record only when none is stored under its key, saying whether it did', async () => {
        expect(await store.putRefIfAbsent('secret', 'hmac', { key: 'first' })).toBe(true);
        expect(await store.putRefIfAbsent('secret', 'hmac', { key: 'second' })).toBe(false);
        expect(await store.getRef('secret', 'hmac')).toEqual({ key: 'first' });
        // Per kind: the same key of another kind is another record.
        expect(await store.putRefIfAbsent('other', 'hmac', { key: 'third' })).toBe(true);
        const racing = await Promise.all(['a', 'b', 'c'].map((k) => store.putRefIfAbsent('race', 'one', { key: k })));
        expect(racing.filter(Boolean)).toHaveLength(1);
        const kept = await store.getRef('race', 'one');
        expect(['a', 'b', 'c'][racing.indexOf(true)]).toBe(kept?.key);
      });

      it('stores a record over one whose time is earlier, missing or not a time, but not over a later one', async () => {
        const claim = (at: string, before: string) =>
          store.putRefIfOlder('mark', 'network', { alertedAt: at, by: at }, 'alertedAt', before);
        // None stored yet: stored.
        expect(await claim(at('10:00:00'), at('09:00:00'))).toBe(true);
        // The stored time is at or after `before`: kept.
        expect(await claim(at('11:00:00'), at('10:00:00'))).toBe(false);
        expect(await store.getRef('mark', 'network')).toEqual({ alertedAt: at('10:00:00'), by: at('10:00:00') });
        // Earlier than `before`: replaced.
        expect(await claim(at('12:00:00'), at('10:00:01'))).toBe(true);
        expect((await store.getRef('mark', 'network'))?.['alertedAt']).toBe(at('12:00:00'));
        // A record without the field, or with one that is no time, is replaced.
        await store.putRef('mark', 'network', { other: 1 });
        expect(await claim(at('13:00:00'), at('13:00:00'))).toBe(true);
        await store.putRef('mark', 'network', { alertedAt: 5 });
        expect(await claim(at('14:00:00'), at('14:00:00'))).toBe(true);
        // Claimed at once by several: one stores it.
        const racing = await Promise.all(
          ['a', 'b', 'c'].map((k) =>
            store.putRefIfOlder('mark', 'race', { alertedAt: at('15:00:00'), by: k }, 'alertedAt', at('14:00:00')),
          ),
        );
        expect(racing.filter(Boolean)).toHaveLength(1);
        expect((await store.getRef('mark', 'race'))?.['by']).toBe(['a', 'b', 'c'][racing.indexOf(true)]);
        await expect(store.putRefIfOlder('mark', 'x', {}, 'a.b', at('10:00:00'))).rejects.toThrow(
          /not a plain field name/,
        );
      });

      it('lists only the records written since a time, and counts a kind', async () => {
        await store.putRef('person', 'teams:anna', { name: 'Anna' });
        await store.putRef('person', 'teams:bo', { name: 'Bo' });
        await store.putRef('channel', 'network', { name: 'Network' });
        const first = await store.listRefs('person');
        const cutoff = new Date(Math.max(...first.map((r) => Date.parse(r.updatedAt))) + 1).toISOString();
        await new Promise((resolve) => setTimeout(resolve, 5));
        await store.putRef('person', 'teams:cy', { name: 'Cy' });
        await store.putRef('person', 'teams:anna', { name: 'Anna Berg' });
        await store.putRef('channel', 'desk', { name: 'Desk' });

        const changed = await store.listRefs('person', ['name'], { changedSince: cutoff });
        expect(changed.map(({ key, value }) => ({ key, value }))).toEqual([
          { key: 'teams:anna', value: { name: 'Anna Berg' } },
          { key: 'teams:cy', value: { name: 'Cy' } },
        ]);
        for (const r of changed) expect(r.updatedAt >= cutoff).toBe(true);
        // The bound is inclusive: a record written at that very time is listed.
        const cy = changed.find((r) => r.key === 'teams:cy');
        expect(
          (await store.listRefs('person', undefined, { changedSince: cy?.updatedAt })).map((r) => r.key),
        ).toContain('teams:cy');
        expect(await store.listRefs('person', undefined, { changedSince: '2999-01-01T00:00:00.000Z' })).toEqual([]);

        expect(await store.countRefs('person')).toBe(3);
        expect(await store.countRefs('channel')).toBe(2);
        expect(await store.countRefs('nothing')).toBe(0);
        await store.deleteRef('person', 'teams:bo');
        expect(await store.countRefs('person')).toBe(2);
      });
    });

    describe('attachment files', () => {
      const ids = async (candidates: string[]): Promise<string[]> => {
        const found: string[] = [];
        for (const id of candidates) if (await store.getFile(id)) found.push(id);
        return found;
      };

      it('gives back the same description and bytes when a file is saved and read', async () => {
        const data = allBytes();
        const saved = file('f-bytes', { data, name: 'skærm billede.png', size: data.length });
        await store.saveFile(saved);
        const read = await store.getFile('f-bytes');
        expect(read).not.toBeNull();
        expect(Buffer.isBuffer(read!.data)).toBe(true);
        expect(read!.data.equals(data)).toBe(true);
        expect(read!.data[0]).toBe(0x00);
        expect(read!.data.at(-1)).toBe(0xff);
        expect(read!.data.length).toBe(256 + 128);
        const { data: _bytes, ...description } = read!;
        const { data: _sent, ...sent } = saved;
        expect(description).toEqual(sent);
        expect(read!.caseId).toBeUndefined();
        expect(await store.getFile('no-such-file')).toBeNull();
      });

      it('keeps the first file and its case when a file with the same id is saved again', async () => {
        await store.saveFile(file('f-1', { caseId: 'case-a' }));
        await store.saveFile(file('f-1', { name: 'other.pdf', data: Buffer.from('other'), size: 5 }));
        const read = await store.getFile('f-1');
        expect(read?.name).toBe('f-1.png');
        expect(read?.caseId).toBe('case-a');
        expect(read?.data.toString('latin1')).toBe('bytes of f-1\u0000\u00ff');
      });

      it('saves a file without an e-mail on its sender when the platform gave none', async () => {
        await store.saveFile(file('f-slack', { by: { id: 'slack:U1', name: 'Bo' } }));
        expect((await store.getFile('f-slack'))?.by).toEqual({ id: 'slack:U1', name: 'Bo' });
      });

      it('links only unlinked files it knows when files are linked to a case', async () => {
        await store.saveFile(file('draft-1'));
        await store.saveFile(file('draft-2'));
        await store.saveFile(file('linked', { caseId: 'case-old' }));
        await store.saveFile(file('not-asked'));

        await store.linkFiles(['draft-1', 'draft-2', 'linked', 'unknown'], 'case-new');
        await store.linkFiles([], 'case-new');

        expect((await store.getFile('draft-1'))?.caseId).toBe('case-new');
        expect((await store.getFile('draft-2'))?.caseId).toBe('case-new');
        expect((await store.getFile('linked'))?.caseId).toBe('case-old');
        expect((await store.getFile('not-asked'))?.caseId).toBeUndefined();
        expect(await store.getFile('unknown')).toBeNull();
        expect((await store.getFile('draft-1'))?.data.toString('latin1')).toBe('bytes of draft-1\u0000\u00ff');
      });

      it('takes only the files linked to that case off it when files are unlinked; purged then as abandoned', async () => {
        await store.saveFile(file('sent', { caseId: 'case-a' }));
        await store.saveFile(file('kept', { caseId: 'case-a' }));
        await store.saveFile(file('other', { caseId: 'case-b' }));
        await store.saveFile(file('draft'));

        await store.unlinkFiles(['sent', 'other', 'draft', 'unknown'], 'case-a');
        await store.unlinkFiles([], 'case-a');

        expect((await store.getFile('sent'))?.caseId).toBeUndefined();
        expect((await store.getFile('kept'))?.caseId).toBe('case-a');
        expect((await store.getFile('other'))?.caseId).toBe('case-b');
        expect((await store.listFiles({ caseIds: ['case-a'] })).map((f) => f.id)).toEqual(['kept']);
        expect(await store.deleteFiles({ unlinkedBefore: '9999-01-01T00:00:00.000Z' })).toBe(2);
        expect(await ids(['sent', 'kept', 'other', 'draft'])).toEqual(['kept', 'other']);
        // Linked again, as the next try of the write does.
        await store.saveFile(file('again'));
        await store.linkFiles(['again'], 'case-a');
        await store.unlinkFiles(['again'], 'case-a');
        await store.linkFiles(['again'], 'case-c');
        expect((await store.getFile('again'))?.caseId).toBe('case-c');
      });

      it('renames only the file asked for, keeping its bytes, when a file is renamed', async () => {
        await store.saveFile(file('r-1', { caseId: 'case-a' }));
        await store.saveFile(file('r-2', { caseId: 'case-a' }));

        await store.renameFile('r-1', '[removed] printer.png');
        await store.renameFile('unknown', 'x.png');

        expect((await store.getFile('r-1'))?.name).toBe('[removed] printer.png');
        expect((await store.getFile('r-1'))?.data.toString('latin1')).toBe('bytes of r-1\u0000\u00ff');
        expect((await store.getFile('r-2'))?.name).toBe('r-2.png');
        expect(await store.getFile('unknown')).toBeNull();
      });

      it('deletes the files of the given cases and leaves the others when deleted by case', async () => {
        await store.saveFile(file('a-1', { caseId: 'case-a' }));
        await store.saveFile(file('a-2', { caseId: 'case-a' }));
        await store.saveFile(file('b-1', { caseId: 'case-b' }));
        await store.saveFile(file('c-1', { caseId: 'case-c' }));
        await store.saveFile(file('draft'));

        expect(await store.deleteFiles({ caseIds: ['case-a', 'case-b', 'case-none'] })).toBe(3);
        expect(await store.deleteFiles({ caseIds: [] })).toBe(0);
        expect(await ids(['a-1', 'a-2', 'b-1', 'c-1', 'draft'])).toEqual(['c-1', 'draft']);
      });

      it('deletes the files a person sent by platform id or by e-mail in any case when deleted by sender', async () => {
        const anna = { id: 'teams:anna', name: 'Anna Berg', email: 'Anna.Berg@CAS.au.dk' };
        const annaOnSlack = { id: 'slack:UANNA', name: 'Anna', email: 'anna.berg@cas.au.dk' };
        const annaNoMail = { id: 'teams:anna', name: 'Anna Berg' };
        const bo = { id: 'teams:bo', name: 'Bo Nielsen', email: 'bo@cas.au.dk' };
        await store.saveFile(file('anna-teams', { by: anna, caseId: 'case-a' }));
        await store.saveFile(file('anna-slack', { by: annaOnSlack }));
        await store.saveFile(file('anna-no-mail', { by: annaNoMail }));
        await store.saveFile(file('bo', { by: bo, caseId: 'case-a' }));
        const all = ['anna-teams', 'anna-slack', 'anna-no-mail', 'bo'];

        // Neither criterion given: nothing at all.
        expect(await store.deleteFiles({ by: {} })).toBe(0);
        expect(await ids(all)).toEqual(all);
        // By e-mail alone, whatever its letter case: the two files that carry it.
        expect(await store.deleteFiles({ by: { email: 'ANNA.berg@cas.AU.DK' } })).toBe(2);
        expect(await ids(all)).toEqual(['anna-no-mail', 'bo']);
        // By id alone: the file without an e-mail too.
        expect(await store.deleteFiles({ by: { id: 'teams:anna' } })).toBe(1);
        expect(await ids(all)).toEqual(['bo']);
        expect((await store.getFile('bo'))?.caseId).toBe('case-a');
      });

      it('lists what deleteFiles would delete, described without the bytes, oldest first', async () => {
        const anna = { id: 'teams:anna', name: 'Anna Berg', email: 'anna.berg@cas.au.dk' };
        const annaOnSlack = { id: 'slack:UANNA', name: 'Anna', email: 'anna.berg@cas.au.dk' };
        await store.saveFile(file('anna-draft', { by: annaOnSlack, at: '2025-03-02T08:00:00.000Z' }));
        await store.saveFile(file('anna-case', { by: anna, caseId: 'case-a', at: '2025-03-01T08:00:00.000Z' }));
        await store.saveFile(file('bo', { by: { id: 'teams:bo', name: 'Bo' }, at: '2025-03-03T08:00:00.000Z' }));

        const annas = await store.listFiles({ by: { id: 'teams:anna', email: 'ANNA.Berg@cas.au.dk' } });
        expect(annas.map((f) => f.id)).toEqual(['anna-case', 'anna-draft']);
        expect(annas[0]).toEqual({
          id: 'anna-case',
          name: 'anna-case.png',
          contentType: 'image/png',
          size: annas[0]!.size,
          at: '2025-03-01T08:00:00.000Z',
          by: anna,
          caseId: 'case-a',
        });
        expect(annas[1]).not.toHaveProperty('caseId');
        expect(annas[1]).not.toHaveProperty('data');
        expect((await store.listFiles({ caseIds: ['case-a'] })).map((f) => f.id)).toEqual(['anna-case']);
        const unlinked = await store.listFiles({ unlinkedBefore: '2025-03-04T00:00:00.000Z' });
        expect(unlinked.map((f) => f.id)).toEqual(['anna-draft', 'bo']);
        expect(await store.listFiles({ by: {} })).toEqual([]);
        expect(await store.listFiles({ caseIds: [] })).toEqual([]);
        // Listing deletes nothing.
        expect(await ids(['anna-draft', 'anna-case', 'bo'])).toEqual(['anna-draft', 'anna-case', 'bo']);
      });

      it('deletes a file matched by either the id or the e-mail when deleted by both', async () => {
        await store.saveFile(file('by-id', { by: { id: 'teams:anna', name: 'Anna' } }));
        await store.saveFile(file('by-mail', { by: { id: 'slack:UANNA', name: 'A', email: 'anna@cas.au.dk' } }));
        await store.saveFile(file('bo', { by: { id: 'teams:bo', name: 'Bo', email: 'bo@cas.au.dk' } }));
        expect(await store.deleteFiles({ by: { id: 'teams:anna', email: 'ANNA@cas.au.dk' } })).toBe(2);
        expect(await ids(['by-id', 'by-mail', 'bo'])).toEqual(['bo']);
      });

      it('deletes only unlinked files saved before the time when deleted as abandoned', async () => {
        await store.saveFile(file('old-draft', { at: '2025-03-01T08:00:00.000Z' }));
        await store.saveFile(file('old-linked', { at: '2025-03-01T08:00:00.000Z', caseId: 'case-a' }));
        await store.saveFile(file('new-draft', { at: '2025-03-09T08:00:00.000Z' }));
        await store.saveFile(file('edge-draft', { at: '2025-03-05T00:00:00.000Z' }));

        expect(await store.deleteFiles({ unlinkedBefore: '2025-03-05T00:00:00.000Z' })).toBe(1);
        expect(await ids(['old-draft', 'old-linked', 'new-draft', 'edge-draft'])).toEqual([
          'old-linked',
          'new-draft',
          'edge-draft',
        ]);
        expect(await store.deleteFiles({ unlinkedBefore: '2025-03-05T00:00:00.000Z' })).toBe(0);
      });
    });

    describe('articles', () => {
      beforeEach(async () => {
        await store.saveArticle({
          id: 'kb-eduroam-win',
          title: 'Eduroam on Windows 11',
          body: 'Forget the eduroam network, install the eduroam profile with geteduroam and connect again.',
          keywords: ['eduroam', 'wifi', 'windows'],
          categoryId: 'network',
          locale: 'en',
        });
        await store.saveArticle({
          id: 'kb-printer',
          title: 'Printer queue is stuck',
          body:
            'Restart the print spooler service, clear the queue and send the job again. Printing works on ' +
            'cable and on eduroam alike, so the network is rarely the cause.',
          keywords: ['printer', 'spooler'],
          categoryId: 'printing',
          locale: 'en',
        });
        await store.saveArticle({
          id: 'kb-hojttaler',
          title: 'Højttaleren i mødelokalet virker ikke',
          body: 'Tænd forstærkeren, og vælg den rigtige indgang på skærmen ved døren.',
          keywords: ['lyd', 'mødelokale'],
          categoryId: 'av',
          locale: 'da',
        });
        await store.saveArticle({
          id: 'kb-eduroam-da',
          title: 'Eduroam på din telefon',
          body: 'Slet eduroam-profilen på telefonen og installér den igen.',
          keywords: ['eduroam', 'wifi'],
          categoryId: 'network',
          locale: 'da',
        });
      });

      const hitIds = (hits: { article: { id: string } }[]) => hits.map((h) => h.article.id);

      it('assigns an id and createdAt and returns the article by id and in the list when saved', async () => {
        const saved = await store.saveArticle({
          title: 'Reset your password',
          body: 'Use the self-service portal.',
          keywords: [],
          locale: 'en',
          sourceCase: 'INC-000042',
        });
        expect(saved.id).toBeTruthy();
        expect(Number.isNaN(Date.parse(saved.createdAt))).toBe(false);
        expect(await store.getArticle(saved.id)).toEqual(saved);
        expect(await store.getArticle('missing')).toBeNull();
        expect((await store.listArticles()).map((a) => a.id)).toContain(saved.id);
        expect(await store.listArticles()).toHaveLength(5);
      });

      it('ranks the better match first when several articles match', async () => {
        const hits = await store.searchArticles('eduroam windows');
        expect(hits[0]?.article.id).toBe('kb-eduroam-win');
        expect(hitIds(hits)).toContain('kb-printer');
        expect(hits[0]!.score).toBeGreaterThan(hits[hits.length - 1]!.score);
        expect(hitIds(hits)).not.toContain('kb-hojttaler');
      });

      it('filters by locale and category when given', async () => {
        expect(hitIds(await store.searchArticles('eduroam', { locale: 'da' }))).toEqual(['kb-eduroam-da']);
        expect(hitIds(await store.searchArticles('eduroam', { categoryId: 'network' })).sort()).toEqual([
          'kb-eduroam-da',
          'kb-eduroam-win',
        ]);
        expect(await store.searchArticles('eduroam', { categoryId: 'av' })).toEqual([]);
        expect(await store.searchArticles('eduroam', { limit: 1 })).toHaveLength(1);
      });

      it('matches whole Danish words with æ, ø and å when searched', async () => {
        expect(hitIds(await store.searchArticles('højttaleren'))).toEqual(['kb-hojttaler']);
        expect(hitIds(await store.searchArticles('Forstærkeren skærmen'))).toEqual(['kb-hojttaler']);
        expect(hitIds(await store.searchArticles('døren'))).toEqual(['kb-hojttaler']);
        expect(await store.searchArticles('rmen')).toEqual([]);
      });

      it('treats hostile input as plain words and never throws when searched', async () => {
        const orStar = await store.searchArticles('"eduroam" OR *');
        expect(hitIds(orStar)).toContain('kb-eduroam-win');
        const mongoOp = await store.searchArticles('{"$gt": ""}');
        expect(Array.isArray(mongoOp)).toBe(true);
        for (const text of ['', '   ', '***', '"', 'NEAR(', '-', '^title:', '); DROP TABLE articles; --']) {
          const hits = await store.searchArticles(text);
          expect(Array.isArray(hits)).toBe(true);
        }
        expect(await store.searchArticles('')).toEqual([]);
        expect(await store.searchArticles('***')).toEqual([]);
        expect(await store.listArticles()).toHaveLength(4);
      });

      it('searches the new text when an article is saved again with the same id', async () => {
        await store.saveArticle({
          id: 'kb-printer',
          title: 'Scanner sends no mail',
          body: 'Check the scan-to-mail address book.',
          keywords: ['scanner'],
          categoryId: 'printing',
          locale: 'en',
        });
        expect(hitIds(await store.searchArticles('scanner'))).toEqual(['kb-printer']);
        expect(await store.searchArticles('spooler')).toEqual([]);
        expect((await store.getArticle('kb-printer'))?.title).toBe('Scanner sends no mail');
        expect(await store.listArticles()).toHaveLength(4);
      });

      describe('conditional writes (a stale writer loses)', () => {
        const known = (body: string) => ({
          id: 'case-inc-000007',
          title: 'Eduroam drops in building 1481',
          body,
          keywords: ['eduroam'],
          categoryId: 'network',
          locale: 'en' as const,
          sourceCase: 'INC-000007',
        });

        it('replaces an article only while it is the revision read, and never re-creates one deleted since', async () => {
          const first = await store.saveArticle(known('Restart the laptop.'));
          const read = (await store.listArticles()).find((a) => a.id === first.id)!;
          expect(read.revision).toBe(first.revision);
          const second = await store.saveArticle(known('Replace the access point.'));
          expect(second.revision).not.toBe(first.revision);

          // Written from what was read before the second save: refused, the second save stands.
          expect(await store.saveArticle({ ...read, body: 'Restart [removed].' }, { revision: read.revision! })).toBe(
            null,
          );
          expect((await store.getArticle(first.id))?.body).toBe('Replace the access point.');
          const third = await store.saveArticle(
            { ...second, body: 'Replace the access point, [removed].' },
            { revision: second.revision! },
          );
          expect(third).toMatchObject({ body: 'Replace the access point, [removed].', createdAt: second.createdAt });
          expect(third?.revision).not.toBe(second.revision);
          expect(await store.getArticle(first.id)).toEqual(third);

          // Deleted meanwhile (its case reopened): not re-created, not found.
          expect(await store.deleteArticle(first.id)).toBe(true);
          expect(await store.saveArticle(third!, { revision: third!.revision! })).toBe(null);
          expect(await store.getArticle(first.id)).toBeNull();
          expect(hitIds(await store.searchArticles('access point'))).not.toContain(first.id);
        });

        it('refuses a write meant for an article saved before revisions when the stored one has one, or none is stored', async () => {
          const saved = await store.saveArticle(known('Restart the laptop.'));
          expect(await store.saveArticle(known('Restart it.'), { revision: null })).toBe(null);
          expect((await store.getArticle(saved.id))?.body).toBe('Restart the laptop.');
          expect(await store.saveArticle({ ...known('Other.'), id: 'missing' }, { revision: null })).toBe(null);
          expect(await store.getArticle('missing')).toBeNull();
        });

        it('never lets a save from an earlier version of the source case replace a later one', async () => {
          const later = await store.saveArticle(known('Replace the access point.'), { sourceVersion: 9 });
          expect(later).toMatchObject({ sourceVersion: 9, body: 'Replace the access point.' });
          expect(await store.saveArticle(known('Restart the laptop.'), { sourceVersion: 5 })).toBe(null);
          expect(await store.getArticle(later!.id)).toEqual(later);
          expect(hitIds(await store.searchArticles('laptop'))).not.toContain(later!.id);
          // The same version again (a retried save) and a later one are written.
          expect(await store.saveArticle(known('Replace the access point.'), { sourceVersion: 9 })).not.toBe(null);
          const newest = await store.saveArticle(known('Move the access point.'), { sourceVersion: 12 });
          expect((await store.getArticle(later!.id))?.body).toBe(newest?.body);
          // Nothing stored yet: written.
          expect(await store.saveArticle({ ...known('Other.'), id: 'case-inc-000008' }, { sourceVersion: 1 })).not.toBe(
            null,
          );
        });

        it('deletes an article only when it was saved from that version of its source case or an earlier one', async () => {
          await store.saveArticle(known('Replace the access point.'), { sourceVersion: 9 });
          expect(await store.deleteArticle('case-inc-000007', { sourceVersion: 5 })).toBe(false);
          expect((await store.getArticle('case-inc-000007'))?.body).toBe('Replace the access point.');
          expect(await store.deleteArticle('case-inc-000007', { sourceVersion: 9 })).toBe(true);
          expect(await store.getArticle('case-inc-000007')).toBeNull();
          // One saved without a version (by hand, or before versions) goes whatever the version.
          await store.saveArticle(known('Restart the laptop.'));
          expect(await store.deleteArticle('case-inc-000007', { sourceVersion: 1 })).toBe(true);
        });
      });

      it('neither finds nor lists an article once it is deleted, and saves it anew afterwards', async () => {
        expect(await store.deleteArticle('kb-eduroam-win')).toBe(true);
        expect(await store.getArticle('kb-eduroam-win')).toBeNull();
        expect(hitIds(await store.searchArticles('eduroam windows'))).not.toContain('kb-eduroam-win');
        expect((await store.listArticles()).map((a) => a.id).sort()).toEqual([
          'kb-eduroam-da',
          'kb-hojttaler',
          'kb-printer',
        ]);
        expect(await store.deleteArticle('kb-eduroam-win')).toBe(false);
        expect(await store.deleteArticle('missing')).toBe(false);
        await store.saveArticle({
          id: 'kb-eduroam-win',
          title: 'Eduroam on Windows 11',
          body: 'Install the eduroam profile with geteduroam.',
          keywords: ['eduroam'],
          categoryId: 'network',
          locale: 'en',
        });
        expect(hitIds(await store.searchArticles('geteduroam'))).toEqual(['kb-eduroam-win']);
      });
    });
  });
}
