import { describe, expect, it } from 'vitest';
import type { CardAction } from '../../../src/cards/card-actions.js';
import type { CardRef, Case, Person } from '../../../src/models/case.js';
import type { OutboxDraft } from '../../../src/models/case-store.js';
import { postCardDraft } from '../../../src/services/outbox/deliveries.js';
import { appPerTest } from '../../helpers/app-per-test.js';
import { buildNewCase, buildPerson } from '../../helpers/case-builder.js';
import type { HardenedApp } from '../../helpers/hardening-app.js';
import { people } from '../../helpers/people.js';
import { okCase } from '../../helpers/services.js';
import { slackUsers } from '../../helpers/slack-harness.js';
import { anActionInvoke } from '../../helpers/teams-activities.js';
import { caseButtonClick } from '../../helpers/slack-requests.js';
import { SUMMARY } from './major-harness.js';

const apps = appPerTest('incident-bot-');
const ARTS = 'arts-support';
const OPS = 'ops-general-apps';
const JONAS_TEAMS = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };

/**
 * The whole app with Teams and Slack faked by nock (ARTS Support's channels on both, from the catalogue), its
 * outbox driven by the test (`settle`).
 */
async function start(): Promise<HardenedApp> {
  const app = await apps.start(() => ({
    slackUsers: [slackUsers.jonas],
    teamsEmails: { [JONAS_TEAMS.id]: people.jonas.email },
  }));
  await app.app.services.dispatcher.stop();
  return app;
}

/** Delivers until a round sends nothing more. */
async function settle(app: HardenedApp): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const s = await app.app.services.dispatcher.runOnce();
    if (s.sent === 0 && s.retried === 0) return;
  }
}

/** A Wi-Fi case of ARTS Support (Anna's, or `user`'s), stored with `drafts`, as it is after `settle`. */
async function wifiCase(
  app: HardenedApp,
  opts: { user?: string; parentId?: string; card?: boolean } = {},
): Promise<Case> {
  const c = await app.app.services.store.createCase(
    buildNewCase({
      title: 'No wifi',
      categoryId: 'wifi-eduroam',
      groupId: ARTS,
      ownerGroupId: ARTS,
      user: buildPerson(opts.user ?? 'anna'),
      ...(opts.parentId ? { parentId: opts.parentId } : {}),
    }),
    (s): OutboxDraft[] => (opts.card === false ? [] : [postCardDraft(s, ARTS)]),
  );
  await settle(app);
  return (await app.app.services.store.getCase(c.id))!;
}

/** Anna's Wi-Fi case with its cards in ARTS Support's Teams and Slack channels, declared a major incident. */
async function declaredMajor(app: HardenedApp): Promise<Case> {
  const parent = await wifiCase(app);
  expect(parent.cards.map((r) => r.platform).sort()).toEqual(['slack', 'teams']);
  const since = mark(app);
  okCase(await app.app.services.majors.declare(people.jonas, parent.number, SUMMARY));
  await settle(app);
  // The major incident's own replies go into its thread as before, without a number in front.
  for (const card of parent.cards) {
    const texts = repliesUnder(app, card, since);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain(SUMMARY.da);
    expect(texts[0]).not.toMatch(/^INC-\d+: /);
  }
  return (await app.app.services.store.getCase(parent.id))!;
}

/** The texts of the thread replies under `card` (Teams or Slack) from call `since` on. */
function repliesUnder(app: HardenedApp, card: CardRef, since: { teams: number; slack: number }): string[] {
  if (card.platform === 'slack') {
    return app.slackCalls
      .slice(since.slack)
      .filter((c) => c.method === 'chat.postMessage' && c.body['thread_ts'] === card.messageId)
      .map((c) => c.body['text'] ?? '');
  }
  // A reply is a new activity in the card's conversation (an update of the card itself carries the card's id).
  return app.teamsCalls
    .slice(since.teams)
    .filter((c) => decodeURIComponent(c.path).includes(`${card.channelId};messageid=${card.messageId}/activities`))
    .map((c) => c.body as { id?: string; summary?: string })
    .filter((b) => b.id === undefined)
    .map((b) => b.summary ?? '');
}

const mark = (app: HardenedApp) => ({ teams: app.teamsCalls.length, slack: app.slackCalls.length });

/** `actor` (Jonas by default) acts on the case as stored now (its version) through the case service, as a card click. */
async function act(
  app: HardenedApp,
  c: Case,
  action: Record<string, unknown>,
  actor: Person = people.jonas,
): Promise<Case> {
  const fresh = (await app.app.services.store.getCase(c.id))!;
  const outcome = await app.app.services.cases.act(actor, {
    ...action,
    caseId: fresh.id,
    version: fresh.version,
  } as CardAction);
  return okCase(outcome);
}

describe('thread replies about a report linked to a major incident', () => {
  it("go into the major incident's thread on Teams and Slack, the report's number first, whatever staff do", async () => {
    const app = await start();
    const parent = await declaredMajor(app);
    // Bo's report, registered from the intake offer: linked from the start, no card of its own.
    const report = await wifiCase(app, { user: 'bo', parentId: parent.id, card: false });
    expect(report.cards).toEqual([]);

    /** Runs `step`, delivers, and returns the replies the parent's Teams and Slack threads got. */
    const inMajorThread = async (step: () => Promise<unknown>): Promise<{ teams: string[]; slack: string[] }> => {
      const since = mark(app);
      await step();
      await settle(app);
      const [teams, slack] = (['teams', 'slack'] as const).map((p) =>
        repliesUnder(app, parent.cards.find((r) => r.platform === p)!, since),
      );
      return { teams: teams!, slack: slack! };
    };
    const expectNamed = (got: { teams: string[]; slack: string[] }, saying: string) => {
      for (const texts of [got.teams, got.slack]) {
        expect(texts).toHaveLength(1);
        expect(texts[0]).toMatch(new RegExp(`^${report.number}: `));
        expect(texts[0]).toContain(saying);
      }
    };

    // Claimed from a Slack card (the report looked up): the click comes in through the app's HTTP server.
    const claimed = await inMajorThread(async () => {
      const res = await app.slack(
        caseButtonClick(
          { id: slackUsers.jonas.id, name: 'jonas' },
          { verb: 'claim', caseId: report.id, version: report.version },
        ),
      );
      expect(res.status).toBe(200);
      await expect
        .poll(async () => (await app.app.services.store.getCase(report.id))?.assignee?.email, { timeout: 5_000 })
        .toBe(people.jonas.email);
    });
    expectNamed(claimed, 'Jonas');

    // An internal note from a Teams card.
    const noted = await inMajorThread(async () => {
      const fresh = (await app.app.services.store.getCase(report.id))!;
      const res = await app.teams(
        anActionInvoke(JONAS_TEAMS, {
          verb: 'note',
          caseId: fresh.id,
          version: fresh.version,
          text: 'Bo sits in building 1481',
        }),
      );
      expect(res.status).toBe(200);
    });
    expectNamed(noted, 'Bo sits in building 1481');

    expectNamed(
      await inMajorThread(() =>
        act(app, report, { verb: 'set_status', status: 'awaiting_vendor', vendorName: 'Cisco' }),
      ),
      'Cisco',
    );
    expectNamed(
      await inMajorThread(() => act(app, report, { verb: 'classify', priority: 'P2', reason: 'A whole floor' })),
      'A whole floor',
    );
    expectNamed(
      await inMajorThread(() =>
        act(app, report, { verb: 'escalate_manager', reasonCode: 'complaint', reason: 'Exam tomorrow' }),
      ),
      'Exam tomorrow',
    );
    expectNamed(
      await inMajorThread(() => act(app, report, { verb: 'resolve', solution: 'Forgot the network, joined again' })),
      'Forgot the network, joined again',
    );
    // Its user says it is still a problem (the major incident still open: the report stays linked), and 1st level
    // returns its next resolution to the technician: in the major incident's thread as before.
    const bo = buildPerson('bo');
    expectNamed(await inMajorThread(() => act(app, report, { verb: 'still_a_problem' }, bo)), bo.name);
    await act(app, report, { verb: 'resolve', solution: 'Profile renewed' });
    await settle(app);
    expectNamed(
      await inMajorThread(() => act(app, report, { verb: 'return_to_technician', reason: 'Bo still has no wifi' })),
      'Bo still has no wifi',
    );
    await act(app, report, { verb: 'resolve', solution: 'New certificate installed' });
    await settle(app);
    expectNamed(await inMajorThread(() => act(app, report, { verb: 'save_article' })), 'Jonas');
    expectNamed(await inMajorThread(() => act(app, report, { verb: 'close' })), 'Jonas');

    // Nothing went anywhere else: the report has no thread of its own.
    expect((await app.app.services.store.getCase(report.id))?.cards).toEqual([]);
    const replies = await app.app.services.store.listOutbox({ caseId: report.id, kind: 'thread_reply', limit: 100 });
    expect(replies).toHaveLength(12);
    for (const m of replies)
      expect(m).toMatchObject({ state: 'sent', result: { replied: 2, inThreadOf: parent.number } });
  }, 60_000);

  it("stay under the report's own card once it has one: escalated to Operations, whose channel got its card", async () => {
    const app = await start();
    const parent = await declaredMajor(app);
    const report = await wifiCase(app, { user: 'bo', parentId: parent.id, card: false });
    const since = mark(app);
    await act(app, report, { verb: 'escalate_group', groupId: OPS, reason: 'The RADIUS server needs a look' });
    await settle(app);

    const escalated = (await app.app.services.store.getCase(report.id))!;
    expect(escalated.parentId).toBe(parent.id);
    const own = escalated.cards.filter((r) => r.groupId === OPS);
    expect(own.map((r) => r.platform).sort()).toEqual(['slack', 'teams']);
    // Operations reads why it has the case under the card it got; the major incident's thread is not asked to.
    for (const card of own) {
      const texts = repliesUnder(app, card, since);
      expect(texts).toHaveLength(1);
      expect(texts[0]).toContain('The RADIUS server needs a look');
      expect(texts[0]).not.toContain(`${report.number}: `);
    }
    for (const card of parent.cards) expect(repliesUnder(app, card, since)).toEqual([]);
  }, 60_000);

  it("stay under the report's own card when it was linked after its card was posted", async () => {
    const app = await start();
    const parent = await declaredMajor(app);
    const report = await wifiCase(app, { user: 'bo' });
    okCase(await app.app.services.majors.link(people.jonas, report.number, parent.number));
    await settle(app);
    const since = mark(app);
    await act(app, report, { verb: 'note', text: 'Bo is on the 3rd floor', visibility: 'internal' });
    await settle(app);

    for (const card of report.cards)
      expect(repliesUnder(app, card, since)).toEqual([expect.stringContaining('3rd floor')]);
    for (const card of parent.cards) expect(repliesUnder(app, card, since)).toEqual([]);
  }, 60_000);

  it("written while the report was linked, go into the major incident's thread though it left before they went out", async () => {
    const app = await start();
    const parent = await declaredMajor(app);
    const report = await wifiCase(app, { user: 'bo', parentId: parent.id, card: false });
    const since = mark(app);
    // A note while linked, and the report unlinked before the outbox got to the note's reply (Teams was slow).
    await act(app, report, { verb: 'note', text: 'Bo is on the 3rd floor', visibility: 'internal' });
    okCase(await app.app.services.majors.unlink(people.jonas, report.number));
    await settle(app);

    const own = (await app.app.services.store.getCase(report.id))!.cards;
    expect(own.map((r) => r.platform).sort()).toEqual(['slack', 'teams']);
    for (const card of parent.cards) {
      const texts = repliesUnder(app, card, since);
      expect(texts).toHaveLength(1);
      expect(texts[0]).toMatch(new RegExp(`^${report.number}: `));
      expect(texts[0]).toContain('3rd floor');
    }
    // Its own thread starts with the unlink.
    for (const card of own) expect(repliesUnder(app, card, since)).toEqual([expect.not.stringContaining('3rd floor')]);
  }, 60_000);
});
