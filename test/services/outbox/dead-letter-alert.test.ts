import { describe, expect, it } from 'vitest';
import { unboundGroupAlertView } from '../../../src/services/outbox/dead-letter-alert.js';

describe('unboundGroupAlertView', () => {
  it('says when the cards come in the interval the bot looks for the channel again, in both languages', () => {
    const en = unboundGroupAlertView('network', ['INC-000001'], 'en', 10 * 60_000);
    const da = unboundGroupAlertView('network', ['INC-000001'], 'da', 10 * 60_000);
    expect(en.text).toContain('within 10 minutes');
    expect(da.text).toContain('inden for 10 minutter');
    for (const view of [en, da]) expect(view.text).not.toMatch(/\b5 minut/);
    expect(unboundGroupAlertView('network', ['INC-000001'], 'en', 60_000).text).toContain('within 1 minute.');
    expect(unboundGroupAlertView('network', ['INC-000001'], 'da', 60_000).text).toContain('inden for 1 minut.');
  });

  it('names the group, counts its cases and lists at most ten of their numbers', () => {
    const numbers = Array.from({ length: 12 }, (_, i) => `INC-${String(i + 1).padStart(6, '0')}`);
    const view = unboundGroupAlertView('network', numbers, 'en', 5 * 60_000);
    expect(view.title).toContain('network');
    expect(view.text).toContain('12 open cases of group network have no card');
    expect(view.text).toContain('queue network');
    expect(view.facts).toEqual([
      { label: 'Group', value: 'network' },
      { label: 'Cases without a card', value: `12: ${numbers.slice(0, 10).join(', ')} (+2)` },
    ]);
  });
});
