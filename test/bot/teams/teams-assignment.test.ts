import { beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { type Json, walk } from '../../helpers/card-walk.js';
import { anActionInvoke, aPersonalMessage, type TestUser } from '../../helpers/teams-activities.js';
import { cardJson, recordConnector, type TeamsApp } from '../../helpers/teams-app.js';

const apps = teamsAppPerTest('teams-assignment-');
/** The central dispatch group of config/catalogue.yaml. */
const GROUP = 'it-support';
/** A member of it-support in the catalogue (matched by the e-mail the member lookup gives). */
const PETER: TestUser = { id: '29:peter', aadObjectId: 'aad-peter', name: 'Peter Aagaard' };

let t: TeamsApp;
beforeEach(async () => {
  t = await apps.start({
    emails: { '29:peter': 'peter.aagaard@au.dk', '29:anna': 'anna.employee@au.dk' },
    record: false,
  });
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

describe('Teams: Unassign tells the user the case is back with the group', () => {
  const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Employee' };
  /** Anna's case, her chat with the bot known (she wrote to it), and what the connector was sent for her since. */
  async function annasKnownCase(locale: 'en' | 'da') {
    recordConnector(t.calls);
    await t.post(aPersonalMessage(ANNA, 'hello'));
    const c = await t.app.services.store.createCase(
      buildNewCase({
        title: 'The VPN client says the certificate has expired',
        categoryId: 'vpn',
        groupId: GROUP,
        ownerGroupId: GROUP,
        locale,
        user: { id: 'teams:aad-anna', name: 'Anna Employee', email: 'anna.employee@au.dk', locale },
      }),
    );
    return c;
  }
  /** The messages delivered to Anna's personal chat (each as the texts of its card), since `t.calls` was emptied. */
  const toAnna = () =>
    t.calls
      .filter((k) => k.method === 'POST' && /\/a:personal-29:anna\/activities/.test(k.path))
      .map((k) => {
        const texts = walk(JSON.parse(cardJson(k.body)) as Json).map((n) => n['text']);
        return texts.filter((x): x is string => typeof x === 'string').join('\n');
      });

  it.each([
    [
      'en',
      'is now working on your case',
      (c: Case) =>
        `Your case ${c.number} ("${c.title}") is back with AU IT Support (central dispatch), and whoever takes it will contact you if they need anything.`,
    ],
    [
      'da',
      'arbejder nu på din sag',
      (c: Case) =>
        `Din sag ${c.number} ("${c.title}") ligger igen hos AU IT Support (fælles dispatch), og den, der tager den, kontakter dig, hvis de mangler noget.`,
    ],
  ] as const)(
    'in her language (%s), naming the group, after she was told who works on it',
    async (locale, working, back) => {
      const { dispatcher, store } = t.app.services;
      let c = await annasKnownCase(locale);
      await click({ verb: 'claim', caseId: c.id, version: c.version });
      await dispatcher.runOnce();
      expect(toAnna().join('\n')).toContain(working);
      t.calls.length = 0;

      c = (await store.getCase(c.id))!;
      await click({ verb: 'unassign', caseId: c.id, version: c.version });
      expect((await store.getCase(c.id))?.assignee).toBeUndefined();
      await dispatcher.runOnce();
      expect(toAnna()).toEqual([expect.stringContaining(back(c))]);
    },
  );

  /**
   * Anna's case (`annasKnownCase`) linked by Peter to a major incident he declared (another case of the pile) and
   * claimed by him; what was sent so far forgotten. The report and the major incident's number.
   */
  async function annasLinkedClaimedCase(locale: 'en' | 'da'): Promise<{ c: Case; major: string }> {
    const { dispatcher, majors, store } = t.app.services;
    const peter = { id: 'teams:aad-peter', name: 'Peter Aagaard', email: 'peter.aagaard@au.dk' };
    const c = await annasKnownCase(locale);
    const parent = await store.createCase(
      buildNewCase({ title: 'VPN down for everyone', categoryId: 'vpn', groupId: GROUP, ownerGroupId: GROUP }),
    );
    expect((await majors.declare(peter, parent.number, 'The VPN gateway is down')).ok).toBe(true);
    expect((await majors.link(peter, c.number, parent.number)).ok).toBe(true);
    const linked = (await store.getCase(c.id))!;
    await click({ verb: 'claim', caseId: c.id, version: linked.version });
    expect((await store.getCase(c.id))?.assignee?.name).toBe('Peter Aagaard');
    await dispatcher.runOnce();
    t.calls.length = 0;
    return { c: (await store.getCase(c.id))!, major: parent.number };
  }

  it.each([
    [
      'en',
      (c: Case, major: string) =>
        `Your case ${c.number} ("${c.title}") stays linked to the major incident ${major}, and you will hear about it from there.`,
    ],
    [
      'da',
      (c: Case, major: string) =>
        `Din sag ${c.number} ("${c.title}") er stadig knyttet til driftsforstyrrelsen ${major}, og du hører om den derfra.`,
    ],
  ] as const)(
    'of a report linked to a major incident (%s): it stays linked, news comes from there',
    async (locale, text) => {
      const { dispatcher, store } = t.app.services;
      const { c, major } = await annasLinkedClaimedCase(locale);

      await click({ verb: 'unassign', caseId: c.id, version: c.version });
      expect((await store.getCase(c.id))?.assignee).toBeUndefined();
      await dispatcher.runOnce();
      expect(toAnna()).toEqual([expect.stringContaining(text(c, major))]);
      expect(toAnna().join('\n')).not.toMatch(/whoever takes it|den, der tager den/);
    },
  );

  it('of a linked report with a question waiting: the question is withdrawn, and news comes from the major incident', async () => {
    const { dispatcher, store } = t.app.services;
    let { c, major } = await annasLinkedClaimedCase('en');
    await click({
      verb: 'set_status',
      caseId: c.id,
      version: c.version,
      'set_status.status': 'awaiting_user',
      'set_status.question': 'Which VPN profile do you use?',
    });
    c = (await store.getCase(c.id))!;
    expect(c.status).toBe('awaiting_user');
    await dispatcher.runOnce();
    t.calls.length = 0;

    await click({ verb: 'unassign', caseId: c.id, version: c.version });
    await dispatcher.runOnce();
    expect(toAnna()).toEqual([
      expect.stringContaining(
        `("Which VPN profile do you use?"). The case stays linked to the major incident ${major}, and you will hear about it from there.`,
      ),
    ]);
  });

  it('tells her nothing while a unit outside AU IT has the case: who is responsible did not change for her', async () => {
    const { dispatcher, store } = t.app.services;
    let c = await annasKnownCase('en');
    await click({ verb: 'claim', caseId: c.id, version: c.version });
    c = (await store.getCase(c.id))!;
    await click({
      verb: 'escalate_group',
      caseId: c.id,
      version: c.version,
      'escalate_group.groupId': 'external:',
      'escalate_group.unit': 'AU Bygninger',
      'escalate_group.reason': 'Building services own the door',
    });
    await dispatcher.runOnce();
    expect(toAnna().join('\n')).toContain('AU Bygninger');
    t.calls.length = 0;

    c = (await store.getCase(c.id))!;
    await click({ verb: 'unassign', caseId: c.id, version: c.version });
    expect((await store.getCase(c.id))?.assignee).toBeUndefined();
    await dispatcher.runOnce();
    expect(toAnna()).toEqual([]);
  });
});
