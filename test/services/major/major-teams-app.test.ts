import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { Case, Person } from '../../../src/models/case.js';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { SlaSweeper } from '../../../src/services/sla/sla-sweeper.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { aPersonalMessage, anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import { cardJson, type TeamsApp } from '../../helpers/teams-app.js';
import { silentLogger } from '../../helpers/sla.js';

/**
 * Major incidents through the whole app: Teams activities posted to the real HTTP server, the Bot Connector faked
 * with nock, deliveries driven by the test (`dispatcher.runOnce`).
 */
const apps = teamsAppPerTest('major-teams-app-');

/** Anna, an employee (English Teams client), with two reports of the outage. */
const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Employee' };
const ANNA_PERSON: Person = { id: 'teams:aad-anna', name: 'Anna Employee', email: 'anna.employee@au.dk', locale: 'en' };
/** Jonas, ARTS Support (config/catalogue.yaml), who works the major incident. */
const JONAS: TestUser = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };
/** Birgitte, whose case is declared the major incident. */
const BIRGITTE: Person = { id: 'teams:aad-birgitte', name: 'Birgitte Lund', email: 'birgitte.lund@au.dk' };
const EMAILS = { '29:anna': 'anna.employee@au.dk', '29:jonas': 'jonas.vestergaard@au.dk' };
const SUMMARY = { da: 'Eduroam er nede på hele campus', en: 'Eduroam is down across campus' };

interface Node {
  [key: string]: unknown;
}

/** The data of every Action.Execute in an Adaptive Card, in order. */
function buttons(card: unknown): Node[] {
  const found: Node[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Node;
      if (o['type'] === 'Action.Execute') found.push((o['data'] ?? {}) as Node);
      for (const [k, v] of Object.entries(o)) if (k !== 'refresh') walk(v);
    }
  };
  walk(card);
  return found;
}

/** The text of every TextBlock of an Adaptive Card, joined by blank lines. */
function texts(card: unknown): string {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Node;
      if (o['type'] === 'TextBlock' && typeof o['text'] === 'string') found.push(o['text']);
      for (const [k, v] of Object.entries(o)) if (k !== 'refresh') walk(v);
    }
  };
  walk(card);
  return found.join('\n\n');
}

/** `user`'s click (Action.Execute in their personal chat); the card Teams shows in place of the clicked one. */
async function click(app: TeamsApp, user: TestUser, data: Record<string, unknown>): Promise<unknown> {
  const res = await app.post(anActionInvoke(user, data));
  expect(res.status).toBe(200);
  return ((await res.json()) as { value: unknown }).value;
}

/** Delivers everything due, the paced fan-out included (the clock moves on a few seconds between runs). */
async function deliverAll(app: TeamsApp): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await app.app.services.dispatcher.runOnce();
    app.clock.advance(2_000);
  }
}

/** The cards the bot sent to `user`'s personal chat since the calls were last cleared. */
function cardsTo(app: TeamsApp, user: TestUser): unknown[] {
  return app.calls
    .filter((c) => c.method === 'POST' && c.path.includes(`/a:personal-${user.id}/activities`))
    .map((c) => JSON.parse(cardJson(c.body))[0]);
}

/**
 * The app with Anna and Jonas known to it (they have talked to the bot), Birgitte's Wi-Fi case declared a major
 * incident by Jonas, and Anna's `reports` (titles, in `locale`) linked to it by Jonas.
 */
async function outage(
  reports: string[],
  locale: 'da' | 'en' = 'en',
): Promise<{ app: TeamsApp; parent: Case; linked: Case[] }> {
  const app = await apps.start({ emails: EMAILS });
  expect((await app.post(aPersonalMessage(ANNA, 'help'))).status).toBe(200);
  expect((await app.post(aPersonalMessage(JONAS, 'help'))).status).toBe(200);
  const s = app.app.services;
  const report = (title: string, user: Person) =>
    s.store.createCase(
      buildNewCase({
        title,
        categoryId: 'wifi-eduroam',
        groupId: 'arts-support',
        ownerGroupId: 'arts-support',
        locale: user.locale ?? 'da',
        user,
      }),
    );
  const parent = await report('Eduroam down', BIRGITTE);
  const jonas = (await s.directory.lookup(`teams:${JONAS.aadObjectId}`)) ?? undefined;
  expect(jonas?.email).toBe('jonas.vestergaard@au.dk');
  const declared = await s.majors.declare(jonas!, parent.number, SUMMARY);
  expect(declared.ok).toBe(true);
  const linked: Case[] = [];
  for (const title of reports) {
    const c = await report(title, { ...ANNA_PERSON, locale });
    const outcome = await s.majors.link(jonas!, c.number, parent.number);
    if (!outcome.ok) throw new Error(outcome.reply.text);
    linked.push(outcome.case);
  }
  await deliverAll(app);
  app.calls.length = 0;
  return { app, parent: (await s.store.getCase(parent.id))!, linked };
}

/** Jonas claims and resolves the major incident from its card (clicks through the HTTP server). */
async function resolveParent(app: TeamsApp, parent: Case, solution: string): Promise<void> {
  const claimed = await click(app, JONAS, { verb: 'claim', caseId: parent.id, version: parent.version });
  expect(JSON.stringify(claimed)).not.toContain('changed meanwhile');
  const fresh = (await app.app.services.store.getCase(parent.id))!;
  expect(fresh.status).toBe('assigned');
  await click(app, JONAS, { verb: 'resolve', caseId: parent.id, version: fresh.version, solution });
  expect((await app.app.services.store.getCase(parent.id))?.status).toBe('resolved');
}

describe('Major incident resolved: a person with two linked reports', () => {
  it('gets one question per report, each naming the other, and both answers work (Yes on one, No on the other)', async () => {
    const { app, parent, linked } = await outage(['No wifi in the library', 'Wifi drops in the canteen']);
    const [first, second] = linked as [Case, Case];
    await resolveParent(app, parent, 'The campus controller was restarted.');
    app.calls.length = 0;
    await deliverAll(app);
    const asks = cardsTo(app, ANNA).filter((k) => buttons(k).some((b) => b['verb'] === 'still_a_problem'));
    expect(asks).toHaveLength(2);
    const askOf = (c: Case) => asks.find((k) => buttons(k).some((b) => b['caseId'] === c.id));
    const one = askOf(first);
    const two = askOf(second);
    expect(texts(one)).toContain(`Your case ${first.number} ("No wifi in the library") is resolved`);
    expect(texts(one)).toContain(
      `Your case ${second.number} is resolved with it too; you are asked about it in a message of its own. Your answer here is for ${first.number}.`,
    );
    expect(texts(two)).toContain(`Your case ${second.number} ("Wifi drops in the canteen") is resolved`);
    expect(texts(two)).toContain(
      `Your case ${first.number} is resolved with it too; you are asked about it in a message of its own. Your answer here is for ${second.number}.`,
    );
    // Each message's buttons answer for its own report only.
    expect(buttons(one).map((b) => b['caseId'])).toEqual([first.id, first.id]);
    expect(buttons(two).map((b) => b['caseId'])).toEqual([second.id, second.id]);

    const yes = buttons(one).find((b) => b['verb'] === 'confirm_solved')!;
    expect(JSON.stringify(await click(app, ANNA, yes))).toContain(first.number);
    const no = buttons(two).find((b) => b['verb'] === 'still_a_problem')!;
    const answer = JSON.stringify(
      await click(app, ANNA, { ...no, 'still_a_problem.comment': 'Still nothing in the canteen.' }),
    );
    expect(answer).toContain(second.number);
    const s = app.app.services;
    const confirmed = (await s.store.getCase(first.id))!;
    expect(confirmed.history.some((h) => h.action === 'user_confirmed')).toBe(true);
    expect(confirmed.parentId).toBe(parent.id);
    const reopened = (await s.store.getCase(second.id))!;
    expect(reopened.status).toBe('in_progress');
    // A problem of its own after the major incident was resolved: the report leaves it.
    expect(reopened.parentId).toBeUndefined();
    expect(reopened.notes[0]).toMatchObject({ text: 'Still nothing in the canteen.', fromUser: true });
  });

  it('hears an update on the major incident once, naming both reports', async () => {
    const { app, parent, linked } = await outage(['No wifi in the library', 'Wifi drops in the canteen']);
    const [first, second] = linked as [Case, Case];
    const text = 'The controllers are being replaced this afternoon.';
    await click(app, JONAS, { verb: 'major_update', caseId: parent.id, version: parent.version, text });
    await deliverAll(app);
    const told = cardsTo(app, ANNA)
      .map(texts)
      .filter((t) => t.includes(text));
    expect(told).toEqual([
      expect.stringContaining(
        `Update on the major incident ${parent.number} (your cases ${first.number} and ${second.number}): ${SUMMARY.en}`,
      ),
    ]);
  });

  it('names in a question asked after a crash half-way only the reports asked in that run', async () => {
    // The process dies while resolving the second report: the first is resolved and asked, the second not yet.
    let crashOn: string | undefined;
    let written = 0;
    const updateCase = SqliteCaseStore.prototype.updateCase;
    const spy = vi.spyOn(SqliteCaseStore.prototype, 'updateCase').mockImplementation(function (
      this: SqliteCaseStore,
      next,
      version,
      outbox,
    ) {
      if (crashOn !== undefined && next.parentId === crashOn && next.status === 'resolved' && ++written === 2) {
        crashOn = undefined;
        return Promise.reject(new Error('process died'));
      }
      return updateCase.call(this, next, version, outbox);
    });
    onTestFinished(() => spy.mockRestore());
    const { app, parent, linked } = await outage(['No wifi in the library', 'Wifi drops in the canteen']);
    const s = app.app.services;
    crashOn = parent.id;
    await resolveParent(app, parent, 'The campus controller was restarted.').catch(() => undefined);
    expect(crashOn).toBeUndefined();
    const status = async (c: Case) => (await s.store.getCase(c.id))?.status;
    const [first, second] = ((await status(linked[0]!)) === 'resolved' ? linked : [linked[1], linked[0]]) as [
      Case,
      Case,
    ];
    expect(await status(first)).toBe('resolved');
    expect(await status(second)).not.toBe('resolved');
    app.calls.length = 0;
    // The durable follow-up runs it again half a minute later and asks about the second report.
    await deliverAll(app);
    app.clock.advance(60_000);
    await deliverAll(app);
    expect(await status(second)).toBe('resolved');
    // The first run's question (enqueued with its report's resolution) names the second, asked after the crash.
    const asks = cardsTo(app, ANNA).filter((k) => buttons(k).some((b) => b['verb'] === 'still_a_problem'));
    const firstAsk = asks.filter((k) => buttons(k).some((b) => b['caseId'] === first.id));
    expect(firstAsk).toHaveLength(1);
    expect(texts(firstAsk[0])).toContain(`Your case ${second.number} is resolved with it too`);
    // The second's, asked in the run after the crash, names no report that run did not ask about.
    const secondAsk = asks.filter((k) => buttons(k).some((b) => b['caseId'] === second.id));
    expect(secondAsk).toHaveLength(1);
    expect(texts(secondAsk[0])).toContain(`Your case ${second.number} ("${second.title}") is resolved`);
    expect(texts(secondAsk[0])).not.toContain(first.number);
  });

  it('says so in Danish to a Danish user', async () => {
    const { app, parent, linked } = await outage(['Intet net', 'Nettet falder ud', 'Ingen forbindelse'], 'da');
    const [first, second, third] = linked as [Case, Case, Case];
    await resolveParent(app, parent, 'Controlleren er genstartet.');
    app.calls.length = 0;
    await deliverAll(app);
    const asks = cardsTo(app, ANNA).filter((k) => buttons(k).some((b) => b['verb'] === 'still_a_problem'));
    expect(asks).toHaveLength(3);
    const one = asks.find((k) => buttons(k).some((b) => b['caseId'] === first.id));
    expect(texts(one)).toContain(`Din sag ${first.number} ("Intet net") er derfor løst`);
    expect(texts(one)).toContain(
      `Dine sager ${second.number} og ${third.number} er også løst med den, og du bliver spurgt om hver af dem i en besked for sig. Dit svar her gælder ${first.number}.`,
    );
  });

  it('asks a person with one linked report as before, naming no other', async () => {
    const { app, parent, linked } = await outage(['No wifi in the library']);
    await resolveParent(app, parent, 'The campus controller was restarted.');
    app.calls.length = 0;
    await deliverAll(app);
    const asks = cardsTo(app, ANNA).filter((k) => buttons(k).some((b) => b['verb'] === 'still_a_problem'));
    expect(asks).toHaveLength(1);
    expect(texts(asks[0])).toContain(`Your case ${linked[0]!.number} ("No wifi in the library") is resolved`);
    expect(texts(asks[0])).not.toContain('too');
  });
});

/** Jonas's chat message (his Teams client in `locale`); the text of the bot's answer in his chat. */
async function jonasTypes(app: TeamsApp, text: string, locale: string): Promise<string> {
  app.calls.length = 0;
  expect((await app.post({ ...aPersonalMessage(JONAS, text), locale })).status).toBe(200);
  await app.app.services.dispatcher.runOnce();
  return cardsTo(app, JONAS).map(texts).join('\n\n');
}

describe('Major incident link and unlink: the reply to staff', () => {
  it("names the count after an unlink as after a link, in the staff member's language", async () => {
    const { app, parent, linked } = await outage(['No wifi in the library', 'Wifi drops in the canteen']);
    const [, second] = linked as [Case, Case];
    expect(await jonasTypes(app, `major unlink ${second.number}`, 'en-US')).toContain(
      `${second.number} is no longer linked to the major incident ${parent.number} (1 linked report).`,
    );
    expect(await jonasTypes(app, `major link ${second.number} ${parent.number}`, 'da-DK')).toContain(
      `${second.number} er knyttet til driftsforstyrrelsen ${parent.number} (2 berørte henvendelser).`,
    );
    expect(await jonasTypes(app, `major unlink ${second.number}`, 'da-DK')).toContain(
      `${second.number} er ikke længere knyttet til driftsforstyrrelsen ${parent.number} (1 berørt henvendelse).`,
    );
    // The card's button says the same.
    const fresh = (await app.app.services.store.getCase(linked[0]!.id))!;
    const answer = texts(await click(app, JONAS, { verb: 'unlink_major', caseId: fresh.id, version: fresh.version }));
    expect(answer).toContain(
      `${fresh.number} is no longer linked to the major incident ${parent.number} (0 linked reports).`,
    );
    expect((await app.app.services.store.getCase(parent.id))?.major?.linkedCount).toBe(0);
  });
});

/** An SLA sweeper over the app's own store, catalogue, calendar, clock and directory, as the app runs one. */
function sweeperOf(app: TeamsApp): SlaSweeper {
  const s = app.app.services;
  return new SlaSweeper({
    store: s.store,
    catalogue: s.catalogue,
    calendar: s.calendar,
    clock: s.clock,
    directory: s.directory,
    logger: silentLogger,
    timeZone: s.config.timeZone,
    defaultLocale: s.config.defaultLocale,
  });
}

describe('Major incident: a linked report awaiting its user', () => {
  it("reminds its user of staff's question, later proposes to staff to resolve it, as for any case", async () => {
    const { app, linked } = await outage(['No wifi in the library']);
    const report = linked[0]!;
    const s = app.app.services;
    // Jonas takes the report (linked, it is still Anna's own case) and asks her where exactly.
    await click(app, JONAS, { verb: 'claim', caseId: report.id, version: report.version });
    let fresh = (await s.store.getCase(report.id))!;
    await click(app, JONAS, { verb: 'set_status', caseId: report.id, version: fresh.version, status: 'in_progress' });
    fresh = (await s.store.getCase(report.id))!;
    const question = 'Which floor of the library are you on?';
    await click(app, JONAS, {
      verb: 'set_status',
      caseId: report.id,
      version: fresh.version,
      status: 'awaiting_user',
      question,
    });
    fresh = (await s.store.getCase(report.id))!;
    expect(fresh).toMatchObject({ status: 'awaiting_user', parentId: linked[0]!.parentId });
    await deliverAll(app);
    app.calls.length = 0;
    // P3 (the category's default): a reminder after 16 business hours, the proposal after 40; a week covers both.
    const sweeper = sweeperOf(app);
    for (let day = 0; day < 7; day++) {
      app.clock.advance(24 * 3_600_000);
      await sweeper.sweepOnce();
      await deliverAll(app);
    }
    const toAnna = cardsTo(app, ANNA).map(texts).join('\n\n');
    expect(toAnna).toContain(`is still waiting for your answer about case ${report.number}`);
    expect(toAnna).toContain(question);
    const toJonas = cardsTo(app, JONAS).map(texts).join('\n\n');
    expect(toJonas).toContain(`Case ${report.number} ("No wifi in the library") has waited for Anna Employee's answer`);
    // Still linked, and still without a target of its own.
    const after = (await s.store.getCase(report.id))!;
    expect(after.parentId).toBe(linked[0]!.parentId);
    expect(after.sla.breaches).toEqual([]);
  });
});

describe('Major incident: a report linked to the wrong one', () => {
  it('moves to another major incident by unlink and link, and then hears only the new one', async () => {
    const { app, parent: eduroam, linked } = await outage(['No wifi in the library']);
    const report = linked[0]!;
    const s = app.app.services;
    const mailCase = await s.store.createCase(
      buildNewCase({
        title: 'Outlook cannot connect',
        categoryId: 'wifi-eduroam',
        groupId: 'arts-support',
        ownerGroupId: 'arts-support',
        user: BIRGITTE,
      }),
    );
    expect(await jonasTypes(app, `major declare ${mailCase.number} Mail is down`, 'en-US')).toContain(
      `${mailCase.number} is now a major incident`,
    );
    // Linked to one, a report is not linked to another: the refusal says how.
    expect(await jonasTypes(app, `major link ${report.number} ${mailCase.number}`, 'en-US')).toContain(
      `${report.number} is already linked to ${eduroam.number}. Unlink it there first.`,
    );
    expect(await jonasTypes(app, `major unlink ${report.number}`, 'en-US')).toContain(
      `${report.number} is no longer linked to the major incident ${eduroam.number} (0 linked reports).`,
    );
    app.calls.length = 0;
    expect(await jonasTypes(app, `major link ${report.number} ${mailCase.number}`, 'en-US')).toContain(
      `${report.number} is linked to the major incident ${mailCase.number} (1 linked report).`,
    );
    await deliverAll(app);
    expect(cardsTo(app, ANNA).map(texts).join('\n\n')).toContain(
      `Your case ${report.number} is part of a known major incident (${mailCase.number}): Mail is down`,
    );
    expect((await s.store.getCase(report.id))?.parentId).toBe(mailCase.id);
    expect((await s.store.getCase(eduroam.id))?.major?.linkedCount).toBe(0);
    expect((await s.store.getCase(mailCase.id))?.major?.linkedCount).toBe(1);

    // The new major incident's news reaches her; the old one's does not.
    app.calls.length = 0;
    for (const [parent, text] of [
      [eduroam, 'The eduroam controllers are being replaced.'],
      [mailCase, 'Mail is coming back building by building.'],
    ] as const) {
      const fresh = (await s.store.getCase(parent.id))!;
      await click(app, JONAS, { verb: 'major_update', caseId: parent.id, version: fresh.version, text });
    }
    await deliverAll(app);
    const told = cardsTo(app, ANNA).map(texts).join('\n\n');
    expect(told).toContain('Mail is coming back building by building.');
    expect(told).not.toContain('The eduroam controllers are being replaced.');
  });
});

describe('Major incident resolved again', () => {
  it("does not take an answer to its first resolution's question as the answer to the second", async () => {
    const { app, parent, linked } = await outage(['No wifi in the library']);
    const report = linked[0]!;
    const s = app.app.services;
    await resolveParent(app, parent, 'The campus controller was restarted.');
    await deliverAll(app);
    const firstAsk = cardsTo(app, ANNA).find((k) => buttons(k).some((b) => b['verb'] === 'still_a_problem'));
    expect(firstAsk).toBeDefined();
    // Birgitte, whose case the major incident is, says it still does not work: Anna's report goes back with it.
    const resolved = (await s.store.getCase(parent.id))!;
    const back = await s.actions.act(BIRGITTE, {
      verb: 'still_a_problem',
      caseId: parent.id,
      version: resolved.version,
    });
    expect(back.ok).toBe(true);
    expect((await s.store.getCase(report.id))?.status).not.toBe('resolved');
    const reopened = (await s.store.getCase(parent.id))!;
    await click(app, JONAS, {
      verb: 'resolve',
      caseId: parent.id,
      version: reopened.version,
      solution: 'The controller firmware was rolled back.',
    });
    app.calls.length = 0;
    await deliverAll(app);
    expect(cardsTo(app, ANNA).map(texts).join('\n\n')).toContain('The controller firmware was rolled back.');
    const before = (await s.store.getCase(report.id))!;
    expect(before.status).toBe('resolved');

    // Her click on the first question's button: about the solution that did not hold, not the new one.
    const no = buttons(firstAsk).find((b) => b['verb'] === 'still_a_problem')!;
    const answer = texts(await click(app, ANNA, no));
    expect(answer).toContain(`That answer is about an earlier solution of ${report.number}`);
    const after = (await s.store.getCase(report.id))!;
    expect(after).toMatchObject({ status: 'resolved', parentId: parent.id, version: before.version });
  });
});

/** Lets the ladder run day by day for `days` days (the auto-close is after 5 business days), delivering as it goes. */
async function daysPass(app: TeamsApp, days: number): Promise<void> {
  const sweeper = sweeperOf(app);
  for (let day = 0; day < days; day++) {
    app.clock.advance(24 * 3_600_000);
    await sweeper.sweepOnce();
    await deliverAll(app);
  }
}

describe('Major incident: the reports resolved with it closed by the ladder', () => {
  const closes = (app: TeamsApp) => cardsTo(app, ANNA).filter((k) => buttons(k).some((b) => b['verb'] === 'evaluate'));

  it('tell a person with two reports in each close which other is closed with it, and each rating is for its own', async () => {
    const { app, parent, linked } = await outage(['No wifi in the library', 'Wifi drops in the canteen']);
    const [first, second] = linked as [Case, Case];
    await resolveParent(app, parent, 'The campus controller was restarted.');
    await deliverAll(app);
    app.calls.length = 0;
    await daysPass(app, 8);
    const invites = closes(app);
    expect(invites).toHaveLength(2);
    const inviteOf = (c: Case) => invites.find((k) => buttons(k).some((b) => b['caseId'] === c.id));
    const one = inviteOf(first);
    const two = inviteOf(second);
    expect(texts(one)).toContain(`Your case ${first.number} ("No wifi in the library") is now closed.`);
    expect(texts(one)).toContain(
      `Your case ${second.number} is closed with the same major incident too; you get a message of its own about it. Your rating here is for ${first.number}.`,
    );
    expect(texts(two)).toContain(`Your case ${second.number} ("Wifi drops in the canteen") is now closed.`);
    expect(texts(two)).toContain(
      `Your case ${first.number} is closed with the same major incident too; you get a message of its own about it. Your rating here is for ${second.number}.`,
    );
    // Each rating is for its own report, also when they differ.
    const rate = async (card: unknown, score: string) => {
      const button = buttons(card).find((b) => b['verb'] === 'evaluate')!;
      return texts(await click(app, ANNA, { ...button, score }));
    };
    expect(await rate(one, '5')).toContain(`Thank you for rating case ${first.number} (5/5)`);
    expect(await rate(two, '2')).toContain(`Thank you for rating case ${second.number} (2/5)`);
    const s = app.app.services;
    expect((await s.store.getCase(first.id))?.evaluation).toMatchObject({ score: 5 });
    expect((await s.store.getCase(second.id))?.evaluation).toMatchObject({ score: 2 });
  });

  it('says so in Danish to a Danish user with three reports', async () => {
    const { app, parent, linked } = await outage(['Intet net', 'Nettet falder ud', 'Ingen forbindelse'], 'da');
    const [first, second, third] = linked as [Case, Case, Case];
    await resolveParent(app, parent, 'Controlleren er genstartet.');
    await deliverAll(app);
    app.calls.length = 0;
    await daysPass(app, 8);
    const invites = closes(app);
    expect(invites).toHaveLength(3);
    const one = invites.find((k) => buttons(k).some((b) => b['caseId'] === first.id));
    expect(texts(one)).toContain(`Din sag ${first.number} ("Intet net") er nu lukket.`);
    expect(texts(one)).toContain(
      `Dine sager ${second.number} og ${third.number} er også lukket med den samme driftsforstyrrelse; du får en besked for hver af dem. Din bedømmelse her gælder ${first.number}.`,
    );
  });

  it('names no other report closed at another time (one confirmed "Yes, solved")', async () => {
    const { app, parent, linked } = await outage(['No wifi in the library', 'Wifi drops in the canteen']);
    const [first, second] = linked as [Case, Case];
    await resolveParent(app, parent, 'The campus controller was restarted.');
    await deliverAll(app);
    const ask = cardsTo(app, ANNA).find((k) =>
      buttons(k).some((b) => b['verb'] === 'confirm_solved' && b['caseId'] === first.id),
    );
    await click(app, ANNA, buttons(ask).find((b) => b['verb'] === 'confirm_solved')!);
    app.calls.length = 0;
    // Confirmed, the first closes at the next sweep on its own; the second after the business days.
    await daysPass(app, 1);
    expect(closes(app)).toHaveLength(1);
    expect(texts(closes(app)[0])).toContain(`Your case ${first.number} ("No wifi in the library") is now closed`);
    expect(texts(closes(app)[0])).not.toContain(second.number);
    app.calls.length = 0;
    await daysPass(app, 8);
    expect(closes(app)).toHaveLength(1);
    expect(texts(closes(app)[0])).toContain(`Your case ${second.number} ("Wifi drops in the canteen") is now closed`);
    expect(texts(closes(app)[0])).not.toContain(first.number);
  });

  it('tells a person with one report as before, naming no other', async () => {
    const { app, parent, linked } = await outage(['No wifi in the library']);
    await resolveParent(app, parent, 'The campus controller was restarted.');
    await deliverAll(app);
    app.calls.length = 0;
    await daysPass(app, 8);
    expect(closes(app)).toHaveLength(1);
    expect(texts(closes(app)[0])).toContain(`Your case ${linked[0]!.number} ("No wifi in the library") is now closed.`);
    expect(texts(closes(app)[0])).not.toContain('too');
  });
});

/**
 * An update of nearly 20 000 characters (the form's limit): numbered sentences (`s0001 …`) in paragraphs of ten, one
 * paragraph a single run of 6 000 characters without a break, so it has to be cut between sentences.
 */
function longUpdate(): { text: string; sentences: string[] } {
  const sentences: string[] = [];
  let text = '';
  for (let i = 1; ; i++) {
    const s = `s${String(i).padStart(4, '0')} the controller in building 1481 was replaced and checked again.`;
    const next = text + (text === '' ? '' : i % 10 === 1 && (i < 60 || i > 140) ? '\n\n' : ' ') + s;
    if (next.length > 20_000) return { text, sentences };
    sentences.push(s);
    text = next;
  }
}

describe('Major incident: a long update', () => {
  it('reaches a linked user whole, in numbered parts, in order, nothing cut', async () => {
    const { app, parent, linked } = await outage(['No wifi in the library']);
    const { text, sentences } = longUpdate();
    expect(text.length).toBeGreaterThan(19_900);
    await click(app, JONAS, { verb: 'major_update', caseId: parent.id, version: parent.version, text });
    await deliverAll(app);
    const told = cardsTo(app, ANNA)
      .map(texts)
      .filter((t) => t.includes(`Update on the major incident ${parent.number}`));
    expect(told.length).toBeGreaterThan(1);
    told.forEach((t, i) => {
      expect(t).toContain(
        `Update on the major incident ${parent.number} – part ${i + 1} of ${told.length} (your case ${linked[0]!.number})`,
      );
      expect(t).not.toContain('…');
    });
    expect(told[0]).toContain(`The update is long, so it comes in ${told.length} messages, one after the other.`);
    // Every sentence whole, each once, in order.
    const all = told.join('\n');
    let at = -1;
    for (const s of sentences) {
      const next = all.indexOf(s);
      expect(next, s).toBeGreaterThan(at);
      expect(all.indexOf(s, next + 1), s).toBe(-1);
      at = next;
    }
  });

  it('says so in Danish to a Danish user', async () => {
    const { app, parent } = await outage(['Intet wifi på biblioteket'], 'da');
    const { text } = longUpdate();
    await click(app, JONAS, { verb: 'major_update', caseId: parent.id, version: parent.version, text });
    await deliverAll(app);
    const told = cardsTo(app, ANNA)
      .map(texts)
      .filter((t) => t.includes(`Nyt om driftsforstyrrelsen ${parent.number}`));
    expect(told.length).toBeGreaterThan(1);
    expect(told[0]).toContain(`Nyt om driftsforstyrrelsen ${parent.number} – del 1 af ${told.length}`);
    expect(told[0]).toContain(`Opdateringen er lang, så den kommer i ${told.length} beskeder efter hinanden.`);
  });

  it('a short update is one message as before, not numbered', async () => {
    const { app, parent, linked } = await outage(['No wifi in the library']);
    const text = 'The controllers are being replaced this afternoon.';
    await click(app, JONAS, { verb: 'major_update', caseId: parent.id, version: parent.version, text });
    await deliverAll(app);
    const told = cardsTo(app, ANNA)
      .map(texts)
      .filter((t) => t.includes(`Update on the major incident ${parent.number}`));
    expect(told).toEqual([
      expect.stringContaining(
        `Update on the major incident ${parent.number} (your case ${linked[0]!.number}): ${SUMMARY.en}`,
      ),
    ]);
    expect(told[0]).toContain(text);
    expect(told[0]).not.toContain('part 1');
  });
});
