import { describe, expect, it } from 'vitest';
import { indexesOf, neutralisedOperators, offlineStore } from './offline-store.js';

/**
 * `CaseQuery.answer` as the server gets it (no server here; the contract checks the results against a real one):
 * the answer's own path with the text, on the orders' approval index, and nothing for an id that is not plain.
 */
describe('MongoCaseStore: cases by a text answer (no server)', () => {
  it("asks for the answer's path as a text equality, which `answers_approval_status` serves", async () => {
    const { store, sent, models } = await offlineStore();
    await store.findCases({ answer: { id: 'approval', value: 'pending' }, statuses: ['registered', 'in_progress'] });
    await store.countCases({ answer: { id: 'approval', value: 'pending' } });
    await store.close();
    const [find, count] = sent.filter((c) => c.model === 'cases');
    expect(JSON.parse(JSON.stringify(find?.filter))).toEqual({
      status: { $in: ['registered', 'in_progress'] },
      'answers.approval': 'pending',
    });
    expect(JSON.parse(JSON.stringify(count?.filter))).toEqual({ 'answers.approval': 'pending' });
    expect([...neutralisedOperators(find?.filter), ...neutralisedOperators(count?.filter)]).toEqual([]);
    const index = indexesOf(models, 'cases').find(([, o]) => o.name === 'answers_approval_status');
    expect(index).toEqual([
      { 'answers.approval': 1, status: 1 },
      expect.objectContaining({ partialFilterExpression: { 'answers.approval': { $exists: true } } }),
    ]);
  });

  it('matches nothing for an id that is not a plain one, and never sends the value as an operator', async () => {
    const { store, sent } = await offlineStore();
    for (const id of ['approval.x', '$where', 'a b', '']) await store.findCases({ answer: { id, value: 'pending' } });
    await store.findCases({ answer: { id: 'approval', value: { $ne: 'x' } as unknown as string } });
    await store.close();
    const filters = sent.filter((c) => c.model === 'cases').map((c) => JSON.parse(JSON.stringify(c.filter)));
    expect(filters.slice(0, 4)).toEqual(Array(4).fill({ _id: { $in: [] } }));
    // A value that is not text is read as its text, not as a query operator.
    expect(filters[4]).toEqual({ 'answers.approval': '[object Object]' });
  });
});
