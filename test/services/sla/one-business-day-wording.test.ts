import { describe, expect, it } from 'vitest';
import type { CatalogueIndex } from '../../../src/config/catalogue-index.js';
import { slaMessages } from '../../../src/services/sla/sla-messages.js';
import { buildServices } from '../../helpers/services.js';
import { buildDigest } from '../../helpers/sla.js';

/** `catalogue` whose digest counts a case quiet after `days` business days (`sla.digest.inactivityDays`). */
function withInactivityDays(catalogue: CatalogueIndex, days: number): CatalogueIndex {
  const sla = catalogue.catalogue.sla;
  const changed = { ...catalogue.catalogue, sla: { ...sla, digest: { ...sla.digest, inactivityDays: days } } };
  return Object.assign(Object.create(catalogue) as CatalogueIndex, { catalogue: changed });
}

describe('a catalogue that sets one business day', () => {
  it('says "1 business day" / "1 arbejdsdag", not "1 business days", in the digest and the auto-close notes', async () => {
    const s = await buildServices();
    const digest = buildDigest({ ...s, catalogue: withInactivityDays(s.catalogue, 1) });
    const group = s.catalogue.requireGroup('arts-support');
    const lists = { ready: [], inactive: [await s.reportWifi()], breached: [] };
    const now = s.clock.now();
    expect(digest.view(group, lists, '2025-03-03', now, 'en').text).toContain(
      'No activity for 1 business day or more:',
    );
    expect(digest.view(group, lists, '2025-03-03', now, 'da').text).toContain(
      'Ingen aktivitet i 1 arbejdsdag eller mere:',
    );

    const closed = { days: 1, user: 'Anna Berg' };
    expect(slaMessages.autoClosedInThread.en(closed)).toBe(
      'Closed automatically: resolved and no answer from Anna Berg for 1 business day. The user has been told.',
    );
    expect(slaMessages.autoClosedInThread.da(closed)).toBe(
      'Lukket automatisk: løst og uden svar fra Anna Berg i 1 arbejdsdag. Brugeren er orienteret.',
    );
    expect(slaMessages.rejectedOrderClosedInThread.en(closed)).toBe(
      'Closed automatically: the order was rejected 1 business day ago. Anna Berg has been told.',
    );
    expect(slaMessages.rejectedOrderClosedInThread.da(closed)).toBe(
      'Lukket automatisk: bestillingen blev afvist for 1 arbejdsdag siden. Anna Berg er orienteret.',
    );
    // The shipped five days as before.
    expect(slaMessages.autoClosedInThread.en({ ...closed, days: 5 })).toContain('for 5 business days.');
  });
});
