import { describe, expect, it } from 'vitest';
import { offlineStore } from './offline-store.js';

const AT = '2025-03-03T10:00:00.000Z';

describe('MongoCaseStore.markProcessed (no server)', () => {
  it('accepts an expired event again when it is renewed with the expiry it already had, as SQLite does', async () => {
    const { store } = await offlineStore({
      processedEvents: {
        // Recorded before (the upsert inserts nothing), expired; the renewal matches it but changes no field.
        updateOne: () => ({
          acknowledged: true,
          matchedCount: 1,
          modifiedCount: 0,
          upsertedCount: 0,
          upsertedId: null,
        }),
      },
    });
    expect(await store.markProcessed('evt-old', AT)).toBe(true);
    await store.close();
  });
});
