import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import {
  EXPIRED_CONVERSATION_KEEP_DAYS,
  type MongoModels,
  registerModels,
  SUPERSEDED_INDEXES,
} from '../../../src/models/mongo/schemas.js';
import { EXPIRED_DRAFT_DAYS } from '../../../src/services/privacy/retention-job.js';
import { indexesOf, indexServing, offlineStore, sortOf } from './offline-store.js';

const AT = '2025-03-03T10:00:00.000Z';

describe('MongoDB indexes', () => {
  it('serves the sorts of the case list and the due timers from an index, without a sort in memory', async () => {
    const { store, sent, models } = await offlineStore();
    await store.findCases({});
    await store.searchCases({ words: ['printer'] });
    await store.claimDueTimers(AT, 'w', 60_000, 10);
    await store.close();

    const [findCases, searchCases] = sent.filter((c) => c.model === 'cases' && c.method === 'find');
    const timers = sent.find((c) => c.model === 'cases' && c.method === 'findOneAndUpdate');
    expect(sortOf(findCases)).toEqual({ createdAt: -1, number: -1 });
    expect(indexServing(indexesOf(models, 'cases'), findCases!.filter, sortOf(findCases))).toBe('created_number');
    expect(indexServing(indexesOf(models, 'cases'), searchCases!.filter, sortOf(searchCases))).toBe('created_number');
    expect(sortOf(timers)).toEqual({ nextTimerAt: 1, _id: 1 });
    expect(indexServing(indexesOf(models, 'cases'), timers!.filter, sortOf(timers))).toBe('next_timer_id');
  });

  it("reads a staff member's cases by id or e-mail, each side with the status on its own index", async () => {
    const { store, sent, models } = await offlineStore();
    const statuses = ['assigned' as const, 'resolved' as const];
    await store.findCases({ assigneeId: 'slack:UBO', assigneeEmail: 'Bo@AU.dk', statuses });
    await store.countCases({
      assigneeId: 'slack:UBO',
      assigneeEmail: 'bo@au.dk',
      caseOwnerId: 'slack:UBO',
      caseOwnerEmail: 'bo@au.dk',
      personId: 'slack:UBO',
      statuses,
    });
    await store.close();
    const [find, count] = sent.filter(
      (c) => c.model === 'cases' && (c.method === 'find' || c.method === 'countDocuments'),
    );
    const status = { $in: statuses };
    expect(JSON.parse(JSON.stringify(find?.filter))).toMatchObject({
      $or: [
        { 'assignee.id': 'slack:UBO', status },
        { assigneeEmail: 'bo@au.dk', status },
      ],
    });
    expect(JSON.parse(JSON.stringify(count?.filter))['$and']).toHaveLength(3);
    const keys = indexesOf(models, 'cases').map(([k]) => Object.keys(k).join(','));
    expect(keys).toEqual(
      expect.arrayContaining([
        'assignee.id,status,createdAt',
        'assigneeEmail,status,createdAt',
        'caseOwner.id,status,createdAt',
        'caseOwnerEmail,status,createdAt',
      ]),
    );
  });

  it('gives every index whose keys or options changed a new name, and drops the names it replaced at start', () => {
    const models = registerModels(mongoose.createConnection());
    for (const [model, superseded] of Object.entries(SUPERSEDED_INDEXES) as [keyof MongoModels, readonly string[]][]) {
      const names = indexesOf(models, model).map(([, o]) => o.name);
      // A name still in use would be dropped and made again at every start.
      expect(
        names.filter((n) => n !== undefined && superseded.includes(n)),
        model,
      ).toEqual([]);
    }
    expect(SUPERSEDED_INDEXES).toMatchObject({
      cases: expect.arrayContaining(['created', 'next_timer']),
      outbox: expect.arrayContaining(['state_created', 'case']),
      conversations: ['ttl'],
    });
  });

  it('keeps an expired conversation as long as the retention job does before the TTL index deletes it', () => {
    const models = registerModels(mongoose.createConnection());
    const ttl = indexesOf(models, 'conversations').filter(([, o]) => o.expireAfterSeconds !== undefined);
    expect(ttl).toHaveLength(1);
    const [keys, options] = ttl[0]!;
    expect(keys).toEqual({ expiresAtDate: 1 });
    expect(EXPIRED_CONVERSATION_KEEP_DAYS).toBe(EXPIRED_DRAFT_DAYS);
    expect(options.expireAfterSeconds).toBe(EXPIRED_DRAFT_DAYS * 86_400);
    // Processed events are of no use once expired: their TTL stays immediate.
    const events = indexesOf(models, 'processedEvents').find(([, o]) => o.expireAfterSeconds !== undefined);
    expect(events?.[1].expireAfterSeconds).toBe(0);
  });
});
