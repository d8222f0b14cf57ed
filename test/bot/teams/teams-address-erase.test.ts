import { describe, expect, it } from 'vitest';
import { AddressMoves } from '../../../src/services/address-moves.js';
import { moveAddressCases } from '../../../src/services/address-cases.js';
import { teamsPersonRefs } from '../../../src/bot/teams/teams-ref-people.js';
import { REF_KINDS, TEAMS_MOVE_TEXTS, TeamsRefs } from '../../../src/bot/teams/teams-refs.js';
import { createLogger } from '../../../src/logger.js';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../../src/services/clock.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { people } from '../../helpers/people.js';
import { privacyFor } from '../../helpers/privacy.js';
import { shippedCatalogue } from '../../helpers/services.js';

const OLD = 'peter.aagaard@au.dk';
const NEW = 'peter.holm@au.dk';
const PETER = 'teams:aad-peter';

/**
 * Peter's record with the new address while the move of his cases from the former one is not done (`movingFrom`):
 * one case still by the former address, one moved already.
 */
async function peterMoving() {
  const store = new SqliteCaseStore({ file: ':memory:' });
  await store.init();
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  const refs = new TeamsRefs(store);
  await refs.savePerson(PETER, { userId: '29:peter', name: 'Peter Holm', email: OLD }, clock.now());
  await refs.savePerson(PETER, { userId: '29:peter', name: 'Peter Holm', email: NEW, movingFrom: OLD }, clock.now());
  const draft = { categoryId: 'vpn', groupId: 'it-support', description: 'Peter cannot connect' };
  const byOld = await store.createCase(
    buildNewCase({ ...draft, title: 'VPN drops', user: { id: `email:${OLD}`, name: 'Peter Aagaard', email: OLD } }),
  );
  const byNew = await store.createCase(
    buildNewCase({ ...draft, title: 'VPN slow', user: { id: `email:${NEW}`, name: 'Peter Holm', email: NEW } }),
  );
  const privacy = privacyFor({ store, catalogue: shippedCatalogue(), clock }, { personRefs: teamsPersonRefs });
  /** Whether the case still names Peter (by either address or his names). */
  const namesPeter = async (id: string) => /peter|aagaard|holm/i.test(JSON.stringify(await store.getCase(id)));
  return { store, clock, refs, privacy, byOld, byNew, namesPeter };
}

describe('Teams: erasing a person whose address changed, while the move of their cases is not done', () => {
  it('erases the cases of both addresses when asked by the new one; nothing is left to move', async () => {
    const { store, clock, refs, privacy, byOld, byNew, namesPeter } = await peterMoving();
    expect((await privacy.erasePerson(people.birgitte, NEW)).ok).toBe(true);
    expect(await namesPeter(byNew.id)).toBe(false);
    expect(await namesPeter(byOld.id)).toBe(false);
    for (const [kind, key] of [
      [REF_KINDS.person, PETER],
      [REF_KINDS.moving, PETER],
      [REF_KINDS.personEmail, OLD],
      [REF_KINDS.personEmail, NEW],
    ] as const)
      expect(await store.getRef(kind, key)).toBeNull();
    // A start after it finds no move to take up, and no case is given his address again.
    const moves = new AddressMoves({
      refs,
      move: (from, to, signal) => moveAddressCases(store, from, to, signal),
      clock,
      logger: createLogger('silent'),
      texts: TEAMS_MOVE_TEXTS,
    });
    expect(await moves.resume()).toBe(0);
    expect(await namesPeter(byOld.id)).toBe(false);
    await store.close();
  });

  it('erases the cases of both addresses when asked by the former one', async () => {
    const { store, privacy, byOld, byNew, namesPeter } = await peterMoving();
    expect((await privacy.erasePerson(people.birgitte, OLD)).ok).toBe(true);
    expect(await namesPeter(byOld.id)).toBe(false);
    expect(await namesPeter(byNew.id)).toBe(false);
    expect(await store.getRef(REF_KINDS.person, PETER)).toBeNull();
    expect(await store.getRef(REF_KINDS.personEmail, NEW)).toBeNull();
    await store.close();
  });

  it("exports a held-back staff member's cases of both addresses, asked by the one held back", async () => {
    const store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    const at = new Date('2026-03-02T09:00:00Z');
    const refs = new TeamsRefs(store);
    const mads = { userId: '29:mads', name: 'Mads Kjær', email: 'mads.kjaer@au.dk' };
    await refs.savePerson('teams:aad-m1', { ...mads, heldEmail: 'mads.berg@au.dk' }, at);
    const user = { id: 'email:mads.kjaer@au.dk', name: 'Mads Kjær', email: 'mads.kjaer@au.dk' };
    const c = await store.createCase(
      buildNewCase({ title: 'Mads VPN', categoryId: 'vpn', groupId: 'it-support', user }),
    );
    const clock = new ManualClock(at.toISOString());
    const privacy = privacyFor({ store, catalogue: shippedCatalogue(), clock }, { personRefs: teamsPersonRefs });
    const exported = await privacy.exportPerson(people.birgitte, 'mads.berg@au.dk');
    expect(exported.ok).toBe(true);
    expect(JSON.stringify(exported)).toContain(c.id);
    await store.close();
  });
});
