import { describe, expect, it, vi } from 'vitest';
import type { Case, Person, PersonRef } from '../../../src/models/case.js';
import { createLogger, type Logger } from '../../../src/logger.js';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { catchUpLinkedAwaiting } from '../../../src/services/sla/linked-awaiting-timers.js';
import { SlaSweeper } from '../../../src/services/sla/sla-sweeper.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { silentLogger } from '../../helpers/sla.js';
import { aPersonalMessage, type TestUser } from '../../helpers/teams-activities.js';
import { cardJson, type TeamsApp } from '../../helpers/teams-app.js';

/**
 * An upgraded bot and the reports linked to a major incident that an earlier version left Awaiting user without
 * a timer (before 74015bf a linked report had no ladder rungs at all): the report is written that way straight into
 * the SQLite store, then the whole app starts on it (Teams activities to the real HTTP server, the Bot Connector
 * faked with nock) and the clock moves on as in the other SLA tests.
 */
const apps = teamsAppPerTest('linked-awaiting-upgrade-');

const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Employee' };
const ANNA_PERSON: Person = { id: 'teams:aad-anna', name: 'Anna Employee', email: 'anna.employee@au.dk', locale: 'en' };
const JONAS: TestUser = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };
/** Jonas, ARTS Support (config/catalogue.yaml), who works the major incident and asked Anna a question. */
const JONAS_REF: PersonRef = { id: 'teams:aad-jonas', name: 'Jonas Vestergaard', email: 'jonas.vestergaard@au.dk' };
const BIRGITTE: Person = { id: 'teams:aad-birgitte', name: 'Birgitte Lund', email: 'birgitte.lund@au.dk' };
const EMAILS = { '29:anna': 'anna.employee@au.dk', '29:jonas': 'jonas.vestergaard@au.dk' };
const QUESTION = 'Which floor of the library are you on?';

/** The text of every TextBlock of an Adaptive Card, joined by blank lines. */
function texts(card: unknown): string {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o['type'] === 'TextBlock' && typeof o['text'] === 'string') found.push(o['text']);
      for (const [k, v] of Object.entries(o)) if (k !== 'refresh') walk(v);
    }
  };
  walk(card);
  return found.join('\n\n');
}

/** Everything the bot sent to `user`'s personal chat since the calls were last cleared, as text. */
function textTo(app: TeamsApp, user: TestUser): string {
  return app.calls
    .filter((c) => c.method === 'POST' && c.path.includes(`/a:personal-${user.id}/activities`))
    .map((c) => texts(JSON.parse(cardJson(c.body))[0]))
    .join('\n\n');
}

/** Delivers everything due (the clock moves on a few seconds between runs). */
async function deliverAll(app: TeamsApp): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await app.app.services.dispatcher.runOnce();
    app.clock.advance(2_000);
  }
}

/**
 * Birgitte's Wi-Fi case declared a major incident, and Anna's report linked to it, in Awaiting user since `asked`
 * with Jonas's question, as an earlier version stored them: no `nextTimerAt` (its ladder had no rungs for a linked
 * report). Written with the store alone, before any app runs on `dataDir`.
 */
async function writeOldStore(dataDir: string, asked: Date): Promise<Case> {
  const store = new SqliteCaseStore({ dataDir, now: () => asked });
  await store.init();
  try {
    const at = asked.toISOString();
    const arts = { categoryId: 'wifi-eduroam', groupId: 'arts-support', ownerGroupId: 'arts-support' } as const;
    const parent = await store.createCase(
      buildNewCase({
        ...arts,
        title: 'Eduroam down',
        user: BIRGITTE,
        status: 'in_progress',
        assignee: JONAS_REF,
        firstResponseAt: at,
        major: {
          summary: { da: 'Eduroam er nede på hele campus', en: 'Eduroam is down across campus' },
          declaredAt: at,
          declaredBy: JONAS_REF,
          linkedCount: 1,
        },
      }),
    );
    const report = await store.createCase(
      buildNewCase({
        ...arts,
        title: 'No wifi in the library',
        user: ANNA_PERSON,
        locale: 'en',
        parentId: parent.id,
        status: 'awaiting_user',
        assignee: JONAS_REF,
        firstResponseAt: at,
        pendingQuestion: { text: QUESTION, by: JONAS_REF, at },
        sla: {
          responseTargetMinutes: 240,
          resolutionTargetMinutes: 2400,
          pausedSince: at,
          pausedIntervals: [],
          breaches: [],
          fired: [],
        },
        history: [
          { at, actor: JONAS_REF, action: 'link_major', to: parent.number },
          { at, actor: JONAS_REF, action: 'set_status', from: 'in_progress', to: 'awaiting_user' },
        ],
      }),
    );
    expect(report.nextTimerAt).toBeUndefined();
    return report;
  } finally {
    await store.close();
  }
}

/** An SLA sweeper over the app's own store, catalogue, calendar, clock and directory, as the app runs one. */
function sweeperOf(app: TeamsApp, logger: Logger = silentLogger): SlaSweeper {
  const s = app.app.services;
  return new SlaSweeper({
    store: s.store,
    catalogue: s.catalogue,
    calendar: s.calendar,
    clock: s.clock,
    directory: s.directory,
    logger,
    timeZone: s.config.timeZone,
    defaultLocale: s.config.defaultLocale,
  });
}

describe('Upgrade: a linked report an earlier version left Awaiting user without a timer', () => {
  it('gets its timer at start-up: its user is reminded of the question, later whoever has it is proposed to close it', async () => {
    const dataDir = await apps.dirs.make();
    const now = new Date(Date.now() + 60_000);
    // Jonas asked Anna an hour before the upgrade.
    const report = await writeOldStore(dataDir, new Date(now.getTime() - 3_600_000));

    const app = await apps.start({ dataDir, emails: EMAILS, now });
    const s = app.app.services;
    // The app's first sweep, at start-up, gives the report the timer the ladder gives it now (its reminder).
    const deps = { catalogue: s.catalogue, calendar: s.calendar };
    await vi.waitFor(async () => expect((await s.store.getCase(report.id))?.nextTimerAt).toBeDefined(), {
      timeout: 5_000,
    });
    const stamped = (await s.store.getCase(report.id))!;
    expect(stamped).toMatchObject({ status: 'awaiting_user', parentId: report.parentId, sla: { fired: [] } });
    // Idempotent: a second pass (another instance starting) finds nothing to write.
    expect(await catchUpLinkedAwaiting(s.store, deps, () => undefined)).toBe(0);
    expect((await s.store.getCase(report.id))?.version).toBe(stamped.version);

    // Anna and Jonas talk to the bot (so it can reach them); then day by day, as the SLA tests drive the ladder.
    expect((await app.post(aPersonalMessage(ANNA, 'help'))).status).toBe(200);
    expect((await app.post(aPersonalMessage(JONAS, 'help'))).status).toBe(200);
    await deliverAll(app);
    app.calls.length = 0;
    const sweeper = sweeperOf(app);
    // P3 (the category's default): a reminder after 16 business hours, the proposal after 40.
    let remindedOn: number | undefined;
    let proposedOn: number | undefined;
    for (let day = 1; day <= 10; day++) {
      app.clock.advance(24 * 3_600_000);
      await sweeper.sweepOnce();
      await deliverAll(app);
      if (remindedOn === undefined && textTo(app, ANNA).includes('is still waiting for your answer')) remindedOn = day;
      if (proposedOn === undefined && textTo(app, JONAS).includes("has waited for Anna Employee's answer")) {
        proposedOn = day;
      }
    }
    const toAnna = textTo(app, ANNA);
    expect(toAnna).toContain(
      `Jonas Vestergaard (ARTS Support) is still waiting for your answer about case ${report.number} ("No wifi in the library")`,
    );
    expect(toAnna).toContain(QUESTION);
    expect(toAnna.match(/is still waiting for your answer/g)).toHaveLength(1);
    expect(textTo(app, JONAS)).toContain(
      `Case ${report.number} ("No wifi in the library") has waited for Anna Employee's answer`,
    );
    expect(remindedOn).toBeDefined();
    expect(proposedOn).toBeGreaterThan(remindedOn!);
    // Still linked, without a target of its own; both rungs fired, nothing left to time.
    const after = (await s.store.getCase(report.id))!;
    expect(after.parentId).toBe(report.parentId);
    expect(after.sla.breaches).toEqual([]);
    expect(after.sla.fired).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^awaiting_reminder@/),
        expect.stringMatching(/^awaiting_proposal@/),
      ]),
    );
    expect(after.nextTimerAt).toBeUndefined();
  });

  it('whose timer write failed at the first sweep gets it at the next one: its user is still reminded', async () => {
    const dataDir = await apps.dirs.make();
    const now = new Date(Date.now() + 60_000);
    // Jonas asked Anna ten days before the upgrade: the reminder and the proposal are both due.
    const report = await writeOldStore(dataDir, new Date(now.getTime() - 10 * 24 * 3_600_000));
    // The store refuses that report's writes for a moment at start-up (a lock, a failover), its reads work.
    let refusing = true;
    let refused = 0;
    const write = SqliteCaseStore.prototype.updateCase;
    const spy = vi.spyOn(SqliteCaseStore.prototype, 'updateCase').mockImplementation(function (
      this: SqliteCaseStore,
      ...args: Parameters<SqliteCaseStore['updateCase']>
    ) {
      if (refusing && args[0].id === report.id) {
        refused += 1;
        return Promise.reject(new Error('SQLITE_IOERR: disk I/O error'));
      }
      return write.apply(this, args);
    });
    try {
      const app = await apps.start({ dataDir, emails: EMAILS, now });
      const s = app.app.services;
      // The app's first sweep, at start-up, tried and failed.
      await vi.waitFor(() => expect(refused).toBeGreaterThan(0), { timeout: 5_000 });
      expect(await app.post(aPersonalMessage(ANNA, 'help'))).toMatchObject({ status: 200 });
      expect(await app.post(aPersonalMessage(JONAS, 'help'))).toMatchObject({ status: 200 });
      await deliverAll(app);
      app.calls.length = 0;
      const sweeper = sweeperOf(app);
      await sweeper.sweepOnce();
      expect((await s.store.getCase(report.id))?.nextTimerAt).toBeUndefined();
      // The store takes writes again: the same sweeper's next sweep sets the timer and fires what is due.
      refusing = false;
      app.clock.advance(30_000);
      await sweeper.sweepOnce();
      await deliverAll(app);
      const after = (await s.store.getCase(report.id))!;
      expect(after.sla.fired).toEqual(expect.arrayContaining([expect.stringMatching(/^awaiting_reminder@/)]));
      const toAnna = textTo(app, ANNA);
      expect(toAnna).toContain(
        `Jonas Vestergaard (ARTS Support) is still waiting for your answer about case ${report.number} ("No wifi in the library")`,
      );
      expect(toAnna).toContain(QUESTION);
    } finally {
      spy.mockRestore();
    }
  });

  it('names a report whose timer write keeps failing at error in the first pass and the last, not at every sweep', async () => {
    const dataDir = await apps.dirs.make();
    const now = new Date(Date.now() + 60_000);
    const report = await writeOldStore(dataDir, new Date(now.getTime() - 10 * 24 * 3_600_000));
    // The store refuses that report's writes (its reads work) for twelve sweeps.
    let refusing = true;
    const write = SqliteCaseStore.prototype.updateCase;
    const spy = vi.spyOn(SqliteCaseStore.prototype, 'updateCase').mockImplementation(function (
      this: SqliteCaseStore,
      ...args: Parameters<SqliteCaseStore['updateCase']>
    ) {
      if (refusing && args[0].id === report.id) return Promise.reject(new Error('SQLITE_IOERR: disk I/O error'));
      return write.apply(this, args);
    });
    try {
      const app = await apps.start({ dataDir, emails: EMAILS, now });
      const lines: Record<string, unknown>[] = [];
      const logger = createLogger('warn', { write: (l: string) => void lines.push(JSON.parse(l)) });
      const sweeper = sweeperOf(app, logger);
      for (let i = 0; i < 12; i++) {
        await sweeper.sweepOnce();
        app.clock.advance(30_000);
      }
      const named = lines.filter((l) => String(l['msg']).includes('could not be set'));
      // The first pass and the tenth (the last: then the next start) name it; the passes between count it.
      expect(named).toHaveLength(2);
      expect(named.every((l) => l['level'] === 50 && l['case'] === report.number)).toBe(true);
      const counted = lines.filter((l) => String(l['msg']).includes('left without an SLA timer'));
      expect(counted).toHaveLength(10);
      expect(String(counted.at(-1)?.['msg'])).toContain('checked again at the next start');
      refusing = false;
    } finally {
      spy.mockRestore();
    }
  });
});
