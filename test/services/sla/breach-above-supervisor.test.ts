import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import { buildServices, okCase, type Services, threadTexts, toPerson } from '../../helpers/services.js';
import { buildSweeper, minutes } from '../../helpers/sla.js';

/** A warn-level logger whose lines are kept as objects. */
function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, sink), lines };
}

describe('SlaSweeper: a breach on a case its group supervisor works herself', () => {
  let s: Services;
  beforeEach(async () => {
    // Monday 3 March 2025, 10:00 in Copenhagen (CET).
    s = await buildServices({ now: '2025-03-03T09:00:00Z' });
  });
  afterEach(async () => {
    await s.close();
  });

  const fresh = async (c: Case): Promise<Case> => (await s.store.getCase(c.id))!;
  /** A Wi-Fi case that Karen, ARTS Support's supervisor, claims herself; the clock just past its resolution time. */
  const karensCase = async (): Promise<Case> => {
    let c = await s.reportWifi(people.anna);
    c = okCase(await s.service.act(people.karen, { verb: 'claim', caseId: c.id, version: c.version }));
    await s.outbox.take();
    s.clock.set(new Date(Date.parse(c.sla.resolutionDueAt!) + minutes(1)).toISOString());
    return c;
  };

  it('escalates to her manager, who is pinged and named to her and in the thread', async () => {
    s.directory.managerOf = async (id) => (id === people.karen.id ? people.birgitte : null);
    const c = await karensCase();
    await buildSweeper(s).sweepOnce();

    const after = await fresh(c);
    expect(after.escalations.at(-1)).toMatchObject({
      kind: 'hierarchical',
      reasonCode: 'agreement_broken',
      toPerson: { id: people.birgitte.id },
    });
    const sent = await s.outbox.take();
    const ping = toPerson(sent, people.birgitte.id);
    expect(ping.map((m) => m.text)).toEqual([expect.stringContaining('Responsible: Karen Møller (ARTS Support)')]);
    expect(ping[0]?.mention).toEqual({ id: people.birgitte.id, name: people.birgitte.name });
    // Karen hears it as the one working the case, with who was told above her.
    expect(toPerson(sent, people.karen.id).map((m) => m.text)).toEqual([
      expect.stringContaining('Birgitte Lund er orienteret som din leder'),
    ]);
    expect(threadTexts(sent).find((t) => t.includes('overskredet'))).toContain('Eskaleret til Birgitte Lund');
  });

  it('tells her as supervisor when no manager of hers is known, and says so in the log once', async () => {
    const { logger, lines } = recordingLogger();
    const sweeper = buildSweeper(s, { logger });
    const first = await karensCase();
    await sweeper.sweepOnce();
    const second = await karensCase();
    await sweeper.sweepOnce();

    for (const c of [first, second]) {
      expect((await fresh(c)).escalations.at(-1)?.toPerson).toMatchObject({ id: people.karen.id });
    }
    const nobodyAbove = lines.filter((l) => l['group'] === 'arts-support');
    expect(nobodyAbove).toHaveLength(1);
    expect(nobodyAbove[0]?.['msg']).toContain('no manager');
  });
});
