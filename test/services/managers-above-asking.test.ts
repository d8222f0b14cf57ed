import { describe, expect, it } from 'vitest';
import type { Person } from '../../src/models/case.js';
import { ManagersAbove } from '../../src/services/manager-directory.js';

const LONE: Person = { id: 'teams:aad-lone', name: 'Lone Bech Hansen', email: 'lone.bech@au.dk', locale: 'en' };
const HELLE: Person = { id: 'teams:aad-helle', name: 'Helle Vestergaard', email: 'helle.vestergaard@au.dk' };

/** A directory whose manager look-ups (Microsoft Graph) answer only when the test says so; counts them. */
function slowGraph() {
  const answers: ((m: Person | null) => void)[] = [];
  const directory = {
    managerOf: (_personId: string) => new Promise<Person | null>((resolve) => answers.push(resolve)),
  };
  return { directory, answers };
}

describe('ManagersAbove: one question about a person at a time', () => {
  it('the cards rendered while Graph has not answered her question wait for it, and ask Graph no more', async () => {
    const { directory, answers } = slowGraph();
    const above = new ManagersAbove({ directory, asksGraph: () => true, now: () => 0, waitMs: 60_000 });
    // Two of Lone's clicks while Graph is slow (as when it hangs, each click waits; none asks again).
    const first = above.ask(LONE);
    const second = above.ask(LONE);
    await Promise.resolve();
    expect(answers).toHaveLength(1);
    answers[0]?.(HELLE);
    await Promise.all([first, second]);
    expect(above.knownNobodyAbove(LONE)).toBe(false);

    // A question that outlived its wait: the cards after it do not wait for it, nor ask again, until it answers.
    const hanging = slowGraph();
    const late = new ManagersAbove({ directory: hanging.directory, asksGraph: () => true, now: () => 0, waitMs: 0 });
    await late.ask(LONE);
    await late.ask(LONE);
    await late.ask(LONE);
    expect(hanging.answers).toHaveLength(1);
    hanging.answers[0]?.(null);
    await new Promise((resolve) => setImmediate(resolve));
    expect(late.knownNobodyAbove(LONE)).toBe(true);
    // Another person's question is her own.
    await late.ask({ ...HELLE, id: 'teams:aad-other' });
    expect(hanging.answers).toHaveLength(2);
  });
});
