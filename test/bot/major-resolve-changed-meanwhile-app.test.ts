import { describe, expect, it } from 'vitest';
import type { Case, Person } from '../../src/models/case.js';
import type { CaseStore } from '../../src/models/case-store.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../src/services/clock.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { buildNewCase } from '../helpers/case-builder.js';
import type { HardenedApp } from '../helpers/hardening-app.js';
import { people } from '../helpers/people.js';
import { ephemeralsTo, openCaseForm, submitCaseForm } from '../helpers/slack-case-form.js';
import { slackUsers } from '../helpers/slack-harness.js';
import { anActionInvoke, type TestUser } from '../helpers/teams-activities.js';

/**
 * Resolving a major incident resolves its open linked reports, each a write of its own retried when the report was
 * changed meanwhile (a note, a card posted). One changed meanwhile at every attempt is still open: the reply to
 * whoever resolved the major incident says so and that the bot tries again in half a minute — never "No linked case
 * was open" — and the durable follow-up does resolve it then (again later while it is still being changed).
 */
const apps = appPerTest('major-resolve-changed-meanwhile-');

/** Jonas (ARTS Support) on Teams. */
const JONAS_TEAMS: TestUser = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };
/** Emma (ARTS Support, 1st level) on Teams. */
const EMMA_TEAMS: TestUser = { id: '29:emma', aadObjectId: 'aad-emma', name: 'Emma Skov' };
const SUMMARY = { da: 'Eduroam er nede på hele campus', en: 'Eduroam is down across campus' };
const SOLUTION = 'The campus controller was restarted.';

interface Outage {
  app: HardenedApp;
  clock: ManualClock;
  parent: Case;
  linked: Case[];
  /**
   * Makes the next `times` writes resolving `c` with the major incident, or reopening it with it, meet another write of
   * it first: each is refused as changed meanwhile.
   */
  busy(c: Case, times: number): void;
}

/**
 * The whole app over a SQLite store and a clock the test moves; Birgitte's Wi-Fi case declared a major incident by
 * Jonas and the reports of `users` linked to it.
 */
async function outage(users: Person[]): Promise<Outage> {
  const clock = new ManualClock('2025-03-03T09:00:00Z');
  let store: CaseStore | undefined;
  const app = await apps.start((dataDir) => {
    store = new SqliteCaseStore({ dataDir });
    return {
      store,
      clock,
      rateLimit: false,
      teamsEmails: { [JONAS_TEAMS.id]: people.jonas.email!, [EMMA_TEAMS.id]: people.emma.email! },
      slackUsers: [slackUsers.jonas],
    };
  });
  const s = app.app.services;
  const report = (title: string, user: Person) =>
    s.store.createCase(
      buildNewCase({ title, categoryId: 'wifi-eduroam', groupId: 'arts-support', ownerGroupId: 'arts-support', user }),
    );
  const parent = await report('Eduroam down', people.birgitte);
  expect((await s.majors.declare(people.jonas, parent.number, SUMMARY)).ok).toBe(true);
  const linked: Case[] = [];
  for (const user of users) {
    const c = await report('No wifi', user);
    const outcome = await s.majors.link(people.jonas, c.number, parent.number);
    if (!outcome.ok) throw new Error(outcome.reply.text);
    linked.push(outcome.case);
  }
  // Another write of the report lands just before each write resolving it (the class's own write, bumping its version).
  const left = new Map<string, number>();
  const own = Object.getPrototypeOf(store) as CaseStore;
  const db = store!;
  db.updateCase = async (next, expectedVersion, outbox) => {
    const n = left.get(next.id) ?? 0;
    const withMajor = next.status === 'resolved' || next.history.at(-1)?.action === 'reopen';
    if (n > 0 && withMajor && next.parentId === parent.id) {
      left.set(next.id, n - 1);
      const meanwhile = (await own.getCase.call(db, next.id))!;
      await own.updateCase.call(db, meanwhile, meanwhile.version);
    }
    return own.updateCase.call(db, next, expectedVersion, outbox);
  };
  return {
    app,
    clock,
    parent: (await s.store.getCase(parent.id))!,
    linked,
    busy: (c, times) => left.set(c.id, times),
  };
}

/** The status of `c` as stored now. */
async function statusOf(app: HardenedApp, c: Case): Promise<string | undefined> {
  return (await app.app.services.store.getCase(c.id))?.status;
}

/** Jonas resolves the major incident from its card on Teams (in `locale`); the answer Teams shows him, as text. */
async function resolveOnTeams(app: HardenedApp, parent: Case, locale: string): Promise<string> {
  const click = anActionInvoke(JONAS_TEAMS, {
    verb: 'resolve',
    caseId: parent.id,
    version: parent.version,
    solution: SOLUTION,
  });
  const res = await app.teams({ ...click, locale });
  expect(res.status).toBe(200);
  expect((await app.app.services.store.getCase(parent.id))?.status).toBe('resolved');
  return JSON.stringify(await res.json());
}

describe('resolving a major incident while a linked report is being changed', () => {
  it('Teams, English: says one was resolved and one more is tried again in half a minute; the follow-up resolves it', async () => {
    const { app, clock, parent, linked } = await outage([people.anna, people.bo]).then((o) => {
      o.busy(o.linked[1]!, 3);
      return o;
    });
    const [done, busy] = linked as [Case, Case];
    const answer = await resolveOnTeams(app, parent, 'en-US');
    expect(answer).toContain(
      `1 linked case was resolved with ${parent.number}; its user is asked to confirm. 1 more linked case was being ` +
        `changed at that very moment and is not resolved with ${parent.number} yet: the bot tries again in half a minute.`,
    );
    expect(answer).not.toContain('No linked case was open');
    expect(await statusOf(app, done)).toBe('resolved');
    expect(await statusOf(app, busy)).not.toBe('resolved');
    // Half a minute later the durable follow-up resolves it.
    clock.advance(31_000);
    await expect.poll(() => statusOf(app, busy), { timeout: 10_000 }).toBe('resolved');
  }, 30_000);

  it('Teams, Danish: with every report changed meanwhile, says none is resolved yet, not that none was open', async () => {
    const o = await outage([people.anna, people.bo]);
    for (const c of o.linked) o.busy(c, 3);
    const answer = await resolveOnTeams(o.app, o.parent, 'da-DK');
    expect(answer).toContain(
      `2 tilknyttede sager blev ændret i samme øjeblik og er ikke løst sammen med ${o.parent.number} endnu: botten ` +
        'prøver igen om et halvt minut.',
    );
    expect(answer).not.toContain('Ingen tilknyttet sag var åben');
    o.clock.advance(31_000);
    for (const c of o.linked) await expect.poll(() => statusOf(o.app, c), { timeout: 10_000 }).toBe('resolved');
  }, 30_000);

  it('Slack: says the one report is not resolved yet; the follow-up, changed meanwhile again, tries again until it is', async () => {
    const o = await outage([people.anna]);
    const [busy] = o.linked as [Case];
    // Changed meanwhile at the inline run's three attempts and at the follow-up's first three.
    o.busy(busy, 6);
    const modal = await openCaseForm(o.app, slackUsers.jonas, 'resolve', o.parent, 'C0ARTSSUP');
    expect((await submitCaseForm(o.app, slackUsers.jonas, modal, { 'resolve.solution': SOLUTION })).status).toBe(200);
    const toJonas = () => ephemeralsTo(o.app, slackUsers.jonas, 'C0ARTSSUP').map((x) => x.body['text'] ?? '');
    await expect.poll(() => toJonas().join('\n'), { timeout: 10_000 }).toContain('the bot tries again');
    expect(toJonas().join('\n')).toContain(
      `1 linked case was being changed at that very moment and is not resolved with ${o.parent.number} yet: the bot ` +
        'tries again in half a minute.',
    );
    expect(toJonas().join('\n')).not.toContain('No linked case was open');
    expect(await statusOf(o.app, busy)).not.toBe('resolved');
    // The follow-up half a minute later meets three more changes: it is tried again after a back-off, and resolves it.
    o.clock.advance(31_000);
    const followUp = async () =>
      (await o.app.app.services.store.listOutbox({ caseId: o.parent.id, kind: 'major_follow_up', limit: 10 }))[0];
    await expect.poll(async () => (await followUp())?.attempts ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await statusOf(o.app, busy)).not.toBe('resolved');
    o.clock.advance(10 * 60_000);
    await expect.poll(() => statusOf(o.app, busy), { timeout: 10_000 }).toBe('resolved');
    await expect.poll(async () => (await followUp())?.state, { timeout: 10_000 }).toBe('sent');
  }, 30_000);
});

describe('a major incident open again while a report resolved with it is being changed', () => {
  /**
   * Jonas resolves the major incident (its reports with it); then `busy` is changed meanwhile `times` times at each
   * write taking it back, and Emma (1st level) returns the major incident on Teams; her answer.
   */
  async function returnOnTeams(o: Outage, locale: string, busy: Case, times: number): Promise<string> {
    const s = o.app.app.services;
    const resolved = await s.actions.act(people.jonas, {
      verb: 'resolve',
      caseId: o.parent.id,
      version: o.parent.version,
      solution: SOLUTION,
    });
    expect(resolved.ok).toBe(true);
    for (const c of o.linked) expect(await statusOf(o.app, c)).toBe('resolved');
    o.busy(busy, times);
    const parent = (await s.store.getCase(o.parent.id))!;
    const click = anActionInvoke(EMMA_TEAMS, {
      verb: 'return_to_technician',
      caseId: parent.id,
      version: parent.version,
      reason: 'Eduroam still drops in building 1481',
    });
    const res = await o.app.teams({ ...click, locale });
    expect(res.status).toBe(200);
    expect(await statusOf(o.app, parent)).toBe('in_progress');
    return JSON.stringify(await res.json());
  }

  it('Teams, English: says which report is not taken back yet; the follow-up, changed meanwhile again, takes it back', async () => {
    const o = await outage([people.anna, people.bo]);
    const [busy, done] = o.linked as [Case, Case];
    // Changed meanwhile at the inline run's three attempts and at the follow-up's first three.
    const answer = await returnOnTeams(o, 'en-US', busy, 6);
    expect(answer).toContain(
      `The update on ${o.parent.number} goes personally to 1 affected user. 1 linked case resolved with it was being ` +
        'changed at that very moment and is not reopened with it yet: the bot tries again in half a minute.',
    );
    expect(await statusOf(o.app, done)).not.toBe('resolved');
    expect(await statusOf(o.app, busy)).toBe('resolved');
    o.clock.advance(31_000);
    const followUps = async () =>
      (await o.app.app.services.store.listOutbox({ caseId: o.parent.id, kind: 'major_follow_up', limit: 10 })).at(-1);
    await expect.poll(async () => (await followUps())?.attempts ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await statusOf(o.app, busy)).toBe('resolved');
    o.clock.advance(10 * 60_000);
    await expect.poll(() => statusOf(o.app, busy), { timeout: 10_000 }).not.toBe('resolved');
    await expect.poll(async () => (await followUps())?.state, { timeout: 10_000 }).toBe('sent');
  }, 30_000);

  it('Teams, Danish: with its one report changed meanwhile, says the update has reached nobody yet', async () => {
    const o = await outage([people.anna]);
    const [busy] = o.linked as [Case];
    const answer = await returnOnTeams(o, 'da-DK', busy, 3);
    expect(answer).toContain(
      `Opdateringen om ${o.parent.number} er ikke sendt personligt til nogen endnu. 1 tilknyttet sag, der var løst ` +
        'sammen med den, blev ændret i samme øjeblik og er ikke genåbnet med den endnu: botten prøver igen om et ' +
        'halvt minut.',
    );
    expect(answer).not.toContain('ingen anden berørt bruger er knyttet til den');
    o.clock.advance(31_000);
    await expect.poll(() => statusOf(o.app, busy), { timeout: 10_000 }).not.toBe('resolved');
  }, 30_000);
});
