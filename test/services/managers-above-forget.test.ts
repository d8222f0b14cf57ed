import { describe, expect, it } from 'vitest';
import type { Person } from '../../src/models/case.js';
import { ManagersAbove } from '../../src/services/manager-directory.js';

const LONE: Person = { id: 'teams:aad-lone', name: 'Lone Bech Hansen', email: 'lone.bech@au.dk', locale: 'en' };
const HELLE: Person = { id: 'teams:aad-helle', name: 'Helle Vestergaard', email: 'helle.vestergaard@au.dk' };

describe('ManagersAbove.forget', () => {
  it('keeps no answer to a question about her that was out when she was erased', async () => {
    const answers: ((m: Person | null) => void)[] = [];
    const directory = {
      managerOf: (_personId: string) => new Promise<Person | null>((resolve) => answers.push(resolve)),
    };
    // Without Graph and a managers file, nobody is above her unless a kept answer says otherwise.
    const above = new ManagersAbove({ directory, asksGraph: () => false, now: () => 0, waitMs: 0 });
    await above.ask(LONE);
    above.forget([LONE.id]);
    answers[0]?.(HELLE);
    await new Promise((resolve) => setImmediate(resolve));
    expect(above.knownNobodyAbove(LONE)).toBe(true);

    // A question asked after the erase is kept as before.
    await above.ask(LONE);
    answers[1]?.(HELLE);
    await new Promise((resolve) => setImmediate(resolve));
    expect(above.knownNobodyAbove(LONE)).toBe(false);
  });
});
