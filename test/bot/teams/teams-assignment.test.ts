import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { type Json, walk } from '../../helpers/card-walk.js';
import { anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import { startTeamsApp, type TeamsApp } from '../../helpers/teams-app.js';
import { tempDirs } from '../../helpers/temp-dir.js';

const dirs = tempDirs('teams-assignment-');
/** The central dispatch group of config/catalogue.yaml. */
const GROUP = 'it-support';
/** A member of it-support in the catalogue (matched by the e-mail the member lookup gives). */
const PETER: TestUser = { id: '29:peter', aadObjectId: 'aad-peter', name: 'Peter Aagaard' };

let t: TeamsApp;
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
beforeEach(async () => {
  t = await startTeamsApp({ dataDir: await dirs.make(), emails: { '29:peter': 'peter.aagaard@au.dk' } });
});
afterEach(async () => {
  await t.stop();
  nock.cleanAll();
});
afterAll(async () => {
  nock.enableNetConnect();
  await dirs.cleanup();
});

/** Peter's click on the case card (Action.Execute), his Teams client in `locale`; the card the invoke answers with. */
async function click(data: Record<string, unknown>, locale = 'en-US'): Promise<Json> {
  const res = await t.post({ ...anActionInvoke(PETER, data), locale });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { statusCode: number; value: Json };
  expect(body.statusCode).toBe(200);
  return body.value;
}

/** A case of Anna's in the it-support pile. */
function annasCase(): Promise<Case> {
  return t.app.services.store.createCase(
    buildNewCase({
      title: 'The VPN client says the certificate has expired',
      categoryId: 'vpn',
      groupId: GROUP,
      ownerGroupId: GROUP,
      locale: 'en',
      user: { id: 'teams:aad-anna', name: 'Anna Employee', email: 'anna.employee@au.dk', locale: 'en' },
    }),
  );
}

/** The texts of a card's text blocks that say `words`. */
function textsSaying(card: Json, words: string): string[] {
  return walk(card)
    .map((n) => n['text'])
    .filter((x): x is string => typeof x === 'string' && x.includes(words));
}

describe('Teams: assigning a case to someone outside its group', () => {
  it.each([
    [
      'en-US',
      'is not a member',
      (n: string) =>
        `is not a member of AU IT Support (central dispatch), so ${n} cannot be assigned to them. Choose someone from the group under Assign on the case card.`,
    ],
    [
      'da-DK',
      'er ikke medlem',
      (n: string) =>
        `er ikke medlem af AU IT Support (fælles dispatch), så ${n} kan ikke tildeles dem. Vælg en fra gruppen under Tildel på sagens kort.`,
    ],
  ])('refuses (%s) naming the person and the group, and lists nobody of the group', async (locale, words, says) => {
    const c = await annasCase();
    const card = await click(
      { verb: 'assign', caseId: c.id, version: c.version, assigneeEmail: 'jonas.vestergaard@au.dk' },
      locale,
    );
    const [refusal, ...more] = textsSaying(card, words);
    expect(more).toEqual([]);
    // Jonas is of ARTS Support.
    expect(refusal).toBe(`Jonas Vestergaard ${says(c.number)}`);
    // Not one of the group's people is named in it (before, it listed every member's and the supervisor's e-mail).
    for (const who of ['peter.aagaard', 'sara.holm', 'mads.kjaer', 'lone.bech', 'Lone Bech']) {
      expect(refusal).not.toContain(who);
    }
    const after = await t.app.services.store.getCase(c.id);
    expect(after?.version).toBe(c.version);
    expect(after?.assignee).toBeUndefined();
  });
});
