import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { moveAddressCases } from '../../../src/services/address-cases.js';
import { TEAMS_MOVE_TEXTS, TeamsRefs } from '../../../src/bot/teams/teams-refs.js';
import { AddressMoves } from '../../../src/services/address-moves.js';
import { createLogger } from '../../../src/logger.js';
import type { Case } from '../../../src/models/case.js';
import type { CaseStore } from '../../../src/models/case-store.js';
import { AppError } from '../../../src/models/errors.js';
import { ManualClock } from '../../../src/services/clock.js';
import { withStoreOverrides } from '../../../src/services/store-overrides.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { fileStores } from '../../helpers/sqlite-stores.js';
import { tempDirs } from '../../helpers/temp-dir.js';

const dirs = tempDirs('teams-address-moves-');
const openStore = fileStores();
afterAll(() => dirs.cleanup());

const OLD = 'peter.aagaard@au.dk';
const NEW = 'peter.holm@au.dk';
const PETER = 'teams:aad-peter';

/**
 * Peter with three cases on his former address (One, Two, Three), his record since changed to the new one and
 * noting the move (as a turn does); the move itself not started.
 */
async function peterMovingWithThreeCases() {
  const store = await openStore(path.join(await dirs.make(), 'cases.db'));
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  const logger = createLogger('silent');
  const refs = new TeamsRefs(store);
  await refs.savePerson(PETER, { userId: '29:peter', name: 'Peter', email: OLD }, clock.now());
  const user = { id: `email:${OLD}`, name: 'Peter Aagaard', email: OLD };
  const cases: Case[] = [];
  for (const title of ['One', 'Two', 'Three'])
    cases.push(await store.createCase(buildNewCase({ title, categoryId: 'vpn', groupId: 'it-support', user })));
  await refs.savePerson(PETER, { userId: '29:peter', name: 'Peter', email: NEW, movingFrom: OLD }, clock.now());
  return { store, clock, logger, refs, cases };
}

describe('AddressMoves', () => {
  it('stops a move between two cases when the app stops; the next start finishes it, and only then is it done', async () => {
    // His address changed: the record takes the new one, noting the move (as a turn does).
    const { store, clock, logger, refs, cases } = await peterMovingWithThreeCases();

    // The app stops right after the first case is written.
    let moves: AddressMoves | undefined;
    let stopped: Promise<void> | undefined;
    const stopping: CaseStore = withStoreOverrides(store, {
      updateCase: async (...args) => {
        const written = await store.updateCase(...args);
        stopped ??= moves?.stop();
        return written;
      },
    });
    const deps = { refs, clock, logger, texts: TEAMS_MOVE_TEXTS };
    moves = new AddressMoves({ ...deps, move: (from, to, signal) => moveAddressCases(stopping, from, to, signal) });
    moves.start(PETER, OLD, NEW);
    await moves.settled();
    await stopped;
    const users = async () => Promise.all(cases.map(async (c) => (await store.getCase(c.id))?.user.id));
    expect((await users()).filter((u) => u === `email:${NEW}`)).toHaveLength(1);
    expect(await refs.person(PETER)).toMatchObject({ email: NEW, movingFrom: OLD });
    // Messages to the former address still find him meanwhile.
    expect(await refs.personIdByEmail(OLD)).toBe(PETER);

    // The next start takes it up.
    const next = new AddressMoves({ ...deps, move: (from, to, signal) => moveAddressCases(store, from, to, signal) });
    expect(await next.resume()).toBe(1);
    await next.settled();
    expect(await users()).toEqual(cases.map(() => `email:${NEW}`));
    expect((await refs.person(PETER))?.movingFrom).toBeUndefined();
    expect(await refs.personIdByEmail(OLD)).toBeNull();
    expect(await refs.personIdByEmail(NEW)).toBe(PETER);
    // Nothing is left to take up.
    expect(await next.resume()).toBe(0);
  });

  it('moves every case of the former address, also more than one read takes (moveAddressCases)', async () => {
    const store = await openStore(path.join(await dirs.make(), 'cases.db'));
    const user = { id: `email:${OLD}`, name: 'Peter Aagaard', email: OLD };
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++)
      ids.push(
        (await store.createCase(buildNewCase({ title: `Case ${i}`, categoryId: 'vpn', groupId: 'it-support', user })))
          .id,
      );
    // Read 2 per query at a time (in place of 10 000).
    expect(await moveAddressCases(store, OLD, NEW, undefined, 2)).toBe(5);
    for (const id of ids) expect((await store.getCase(id))?.user).toEqual({ ...user, id: `email:${NEW}`, email: NEW });
  });
  it('goes on past a case whose write always fails, and keeps the move pending for that one', async () => {
    const { store, clock, logger, refs, cases } = await peterMovingWithThreeCases();

    // The second case's write is refused every time (e.g. a case the store no longer takes as it is).
    const refusing: CaseStore = withStoreOverrides(store, {
      updateCase: async (...args) => {
        if (args[0].id === cases[1]?.id) throw new AppError('STORE.CORRUPT', 'refused');
        return store.updateCase(...args);
      },
    });
    const deps = { refs, clock, logger, texts: TEAMS_MOVE_TEXTS };
    const moves = new AddressMoves({
      ...deps,
      move: (from, to, signal) => moveAddressCases(refusing, from, to, signal),
    });
    moves.start(PETER, OLD, NEW);
    await moves.settled();
    const users = async () => Promise.all(cases.map(async (c) => (await store.getCase(c.id))?.user.id));
    // The one after it is moved too; the refused one stays, and so does the move.
    expect(await users()).toEqual([`email:${NEW}`, `email:${OLD}`, `email:${NEW}`]);
    expect(await refs.person(PETER)).toMatchObject({ email: NEW, movingFrom: OLD });
    await expect(moveAddressCases(refusing, OLD, NEW)).rejects.toThrow('refused');

    // Once the store takes it, the move is taken up (the next start) and done.
    const next = new AddressMoves({ ...deps, move: (from, to, signal) => moveAddressCases(store, from, to, signal) });
    expect(await next.resume()).toBe(1);
    await next.settled();
    expect(await users()).toEqual(cases.map(() => `email:${NEW}`));
    expect((await refs.person(PETER))?.movingFrom).toBeUndefined();
    expect(await next.resume()).toBe(0);
  });
  it('keeps the move pending when a turn read the record before the move finished and writes it after', async () => {
    const store = await openStore(path.join(await dirs.make(), 'cases.db'));
    const clock = new ManualClock('2026-03-02T09:00:00Z');
    // Two instances of the app on one store: the turn on the first, the move finished on the second.
    const turns = new TeamsRefs(store);
    const mover = new TeamsRefs(store);
    await turns.savePerson(PETER, { userId: '29:peter', name: 'Peter', email: NEW, movingFrom: OLD }, clock.now());
    clock.advance(60_000);
    const previous = await turns.recentPerson(PETER, clock.now());
    expect(previous?.movingFrom).toBe(OLD);
    // The move finishes after the turn read the record and before it writes it.
    await mover.finishMove(PETER, OLD, clock.now());
    expect(await mover.pendingMoves()).toEqual([]);
    await turns.savePerson(PETER, { userId: '29:peter', name: 'Peter Holm' }, clock.now(), previous);
    // The write gave the record movingFrom back: the next start takes the move up (and finishes it).
    expect((await mover.person(PETER))?.movingFrom).toBe(OLD);
    const logger = createLogger('silent');
    const next = new AddressMoves({
      refs: new TeamsRefs(store),
      clock,
      logger,
      texts: TEAMS_MOVE_TEXTS,
      move: (from, to, signal) => moveAddressCases(store, from, to, signal),
    });
    expect(await next.resume()).toBe(1);
    await next.settled();
    expect((await mover.person(PETER))?.movingFrom).toBeUndefined();
    expect(await next.resume()).toBe(0);
  });
});
