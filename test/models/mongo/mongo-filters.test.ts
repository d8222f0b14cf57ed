import { describe, expect, it } from 'vitest';
import { neutralisedOperators, offlineStore } from './offline-store.js';

const AT = '2025-03-03T10:00:00.000Z';

/**
 * The connection runs with `sanitizeFilter`, which turns any operator object the adapter did not mark trusted into
 * an equality with that object (`{ $eq: { $gte: … } }`): a filter that matches nothing, silently. These run the
 * adapter's queries through mongoose without a server and look at what would reach it.
 */
describe('MongoCaseStore filters as the server gets them (no server)', () => {
  it('lists the records changed since a time with a range, not an equality with the range object', async () => {
    const { store, sent } = await offlineStore();
    await store.listRefs('person', ['name'], { changedSince: AT });
    await store.close();

    const find = sent.find((c) => c.model === 'refs' && c.method === 'find');
    // As BSON would carry it (the trusted mark is a symbol mongoose leaves on the object).
    expect(JSON.parse(JSON.stringify(find?.filter))).toEqual({ kind: 'person', updatedAt: { $gte: AT } });
  });

  it('asks for the linked reports awaiting their user as reports that have a parent (the sparse `parent` index)', async () => {
    const { store, sent } = await offlineStore();
    await store.findCases({ linked: true, statuses: ['awaiting_user'], limit: 500, offset: 500 });
    await store.close();

    const find = sent.find((c) => c.model === 'cases' && c.method === 'find');
    expect(JSON.parse(JSON.stringify(find?.filter))).toEqual({
      status: { $in: ['awaiting_user'] },
      parentId: { $exists: true },
    });
    expect(neutralisedOperators(find?.filter)).toEqual([]);
  });

  it("sends none of its own operators where sanitizeFilter would neutralise them, whatever the method's options", async () => {
    const { store, sent } = await offlineStore();
    const all = ['registered', 'in_progress'] as const;
    const calls: [string, () => Promise<unknown>][] = [
      [
        'findCases',
        () =>
          store.findCases({
            ids: ['c1'],
            personId: 'teams:anna',
            personEmail: 'anna@au.dk',
            groupIds: ['servicedesk'],
            ownerGroupIds: ['servicedesk'],
            statuses: [...all],
            assigneeId: 'teams:bo',
            assigneeEmail: 'bo@au.dk',
            caseOwnerId: 'teams:cy',
            caseOwnerEmail: 'cy@au.dk',
            parentId: 'p1',
            type: 'incident',
            categoryId: 'printing',
            major: true,
            createdFrom: AT,
            createdTo: AT,
            limit: 5,
            offset: 5,
          }),
      ],
      ['countCases', () => store.countCases({ statuses: [...all], createdFrom: AT, major: true })],
      ['findCases linked', () => store.findCases({ linked: true, statuses: ['awaiting_user'], limit: 500 })],
      ['searchCases all', () => store.searchCases({ words: ['printer'], personEmail: 'anna@au.dk' })],
      ['searchCases any', () => store.searchCases({ words: ['printer', 'toner'], match: 'any', excludeIds: ['c1'] })],
      ['claimDueTimers', () => store.claimDueTimers(AT, 'w', 60_000, 10)],
      ['releaseTimer', () => store.releaseTimer('c1', 'w')],
      ['claimOutbox', () => store.claimOutbox(AT, 'w', 60_000, 10)],
      ['releaseOutbox', () => store.releaseOutbox(['m1'], 'w')],
      ['ackOutbox', () => store.ackOutbox('m1', 'w', AT)],
      ['retryOutbox', () => store.retryOutbox('m1', 'w', AT, 'e')],
      ['deadOutbox', () => store.deadOutbox('m1', 'w', 'e')],
      ['listOutbox', () => store.listOutbox({ state: 'pending', caseId: 'c1', kind: 'post_card' })],
      ['outboxStats', () => store.outboxStats()],
      ['deleteOutbox', () => store.deleteOutbox(['m1'])],
      ['purgeOutbox', () => store.purgeOutbox(AT)],
      ['purgeConversations', () => store.purgeConversations(AT)],
      ['markProcessed', () => store.markProcessed('e1', AT)],
      ['isProcessed', () => store.isProcessed('e1')],
      ['listRefs', () => store.listRefs('person', undefined, { changedSince: AT })],
      ['linkFiles', () => store.linkFiles(['f1'], 'c1')],
      ['deleteFiles by case', () => store.deleteFiles({ caseIds: ['c1'] })],
      ['deleteFiles by sender', () => store.deleteFiles({ by: { id: 'teams:anna', email: 'anna@au.dk' } })],
      ['listFiles unlinked', () => store.listFiles({ unlinkedBefore: AT })],
      ['searchArticles', () => store.searchArticles('printer', { locale: 'da', categoryId: 'printing' })],
    ];
    const neutralised: string[] = [];
    for (const [name, call] of calls) {
      const from = sent.length;
      await call();
      expect(sent.length, `${name} reached no collection`).toBeGreaterThan(from);
      for (const c of sent.slice(from)) {
        neutralised.push(...neutralisedOperators(c.filter).map((n) => `${name} (${c.model}.${c.method}): ${n}`));
      }
    }
    await store.close();
    expect(neutralised).toEqual([]);
  });
});
