import { afterEach, describe, expect, it, vi } from 'vitest';
import { USER_CACHE_REF } from '../../../src/bot/slack/slack-directory.js';
import type { Case } from '../../../src/models/case.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { holdMovesTo } from '../../helpers/held-address-moves.js';
import { slackHarnessPerTest, slackUsers, usersInfoBody } from '../../helpers/slack-harness.js';
import { slackEvent } from '../../helpers/slack-requests.js';

const anna = slackUsers.anna;
const A = anna.email;
const B = 'anna.holm@cas.au.dk';
const C = 'anna.skov@cas.au.dk';

const h = slackHarnessPerTest({});
/** Lets the held move of Anna's cases go on (`holdMovesTo`). */
let release: () => void = () => {};
afterEach(() => {
  release();
  vi.restoreAllMocks();
});

/** The address Slack's `users.info` gives Anna (after the first answer, which gives `A`). */
let slackSays = A;
/** How many times Slack's `users.info` was asked about Anna after the first answer. */
let infoCalls = 0;

/** Anna's three cases registered by her first address alone; Slack then tells of `B`, the move held part-way. */
async function movingToB(): Promise<Case[]> {
  slackSays = A;
  h.api().post('/api/users.info').reply(200, usersInfoBody(anna));
  h.api()
    .post('/api/users.info')
    .reply(200, () => {
      infoCalls += 1;
      return usersInfoBody({ ...anna, email: slackSays });
    })
    .persist();
  expect((await h.person(anna)).email).toBe(A);
  const user = { id: `email:${A}`, name: anna.name, email: A };
  const cases: Case[] = [];
  for (const title of ['One', 'Two', 'Three'])
    cases.push(
      await h.services.store.createCase(buildNewCase({ title, categoryId: 'vpn', groupId: 'it-support', user })),
    );
  // The first case is moved to B; the second write waits.
  let writes = 0;
  let reached = () => {};
  const second = new Promise<void>((r) => {
    reached = r;
  });
  release = holdMovesTo(B, () => {
    writes += 1;
    if (writes === 2) reached();
    return writes > 1;
  });
  await userChange('EvToB', B);
  await second;
  return cases;
}

async function userChange(eventId: string, email: string): Promise<void> {
  slackSays = email;
  const changed = usersInfoBody({ ...anna, email }) as { user: object };
  expect((await h.send(slackEvent(eventId, { type: 'user_change', user: changed.user }))).status).toBe(200);
}

const usersOf = (cases: Case[]) => Promise.all(cases.map(async (c) => (await h.services.store.getCase(c.id))?.user.id));

describe('Slack: an address that changes again, or back, while the cases are being moved', () => {
  it('leaves no case on an address nobody has: the cases follow her to the address she has in the end', async () => {
    const cases = await movingToB();
    await userChange('EvToC', C);
    // No other address before the move is done (as on Teams).
    expect(await h.services.store.getRef(USER_CACHE_REF, anna.id)).toMatchObject({
      person: { email: B },
      movingFrom: A,
    });
    release();
    await h.directory.settled();
    // Her next look-up asks Slack again and takes C; the cases follow from B.
    expect((await h.person(anna)).email).toBe(C);
    await h.directory.settled();
    expect(await usersOf(cases)).toEqual(cases.map(() => `email:${C}`));
    expect(await h.services.store.getRef(USER_CACHE_REF, anna.id)).not.toHaveProperty('movingFrom');
  });

  it('brings the cases moved so far back when it changes back to the former address', async () => {
    const cases = await movingToB();
    await userChange('EvBack', A);
    release();
    await h.directory.settled();
    expect((await h.person(anna)).email).toBe(A);
    await h.directory.settled();
    expect(await usersOf(cases)).toEqual(cases.map(() => `email:${A}`));
    expect(await h.services.store.getRef(USER_CACHE_REF, anna.id)).not.toHaveProperty('movingFrom');
  });

  it('asks Slack about her once, not at each look-up, while the move holds her address back', async () => {
    const cases = await movingToB();
    await userChange('EvToC', C);
    const before = infoCalls;
    // Each request of hers looks her up (and each card, mention …): the profile left not fresh for after the move
    // asked Slack, and wrote the store, every time while the move lasted (for good when a case of it keeps failing).
    for (let i = 0; i < 3; i++) expect((await h.person(anna)).email).toBe(B);
    expect(infoCalls - before).toBe(1);
    release();
    await h.directory.settled();
    // The move done, Slack is asked again at once and its address taken.
    expect((await h.person(anna)).email).toBe(C);
    await h.directory.settled();
    expect(await usersOf(cases)).toEqual(cases.map(() => `email:${C}`));
  });
});
