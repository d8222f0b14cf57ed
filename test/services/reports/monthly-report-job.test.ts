import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageView } from '../../../src/cards/view-models.js';
import { AppError } from '../../../src/models/errors.js';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../../src/services/clock.js';
import { createDeliverer } from '../../../src/services/outbox/deliver-message.js';
import type { ChannelTarget, ChatGateway } from '../../../src/services/ports/chat-gateway.js';
import { MonthlyReportJob } from '../../../src/services/reports/monthly-report-job.js';
import { ReportService } from '../../../src/services/reports/report-service.js';
import { buildCalendar } from '../../helpers/business-calendar-fixture.js';
import { shippedCatalogue } from '../../helpers/services.js';

const TZ = 'Europe/Copenhagen';
const logger = pino({ level: 'silent' });

describe('MonthlyReportJob', () => {
  let store: SqliteCaseStore;
  let clock: ManualClock;
  const job = () => {
    const deps = {
      store,
      catalogue: shippedCatalogue(),
      calendar: buildCalendar(),
      clock,
      timeZone: TZ,
      defaultLocale: 'en' as const,
    };
    return new MonthlyReportJob({ ...deps, reports: new ReportService(deps), logger });
  };

  beforeEach(async () => {
    store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
  });
  afterEach(async () => {
    await store.close();
  });

  it('posts once on the first business day after the configured time when two instances tick', async () => {
    // 1 January 2026 is a holiday (Thursday): the first business day is Friday 2 January; the catalogue says 08:00.
    clock = new ManualClock('2026-01-01T09:00:00.000Z');
    expect(await job().tick()).toBe('not_due');
    clock.set('2026-01-02T06:59:00.000Z'); // 07:59 local
    expect(await job().tick()).toBe('not_due');
    clock.set('2026-01-02T07:00:00.000Z'); // 08:00 local
    const [first, second] = [job(), job()];
    expect(await first.tick()).toBe('posted');
    expect(await second.tick()).toBe('done_already');
    clock.set('2026-01-05T08:00:00.000Z'); // Monday: the month's report is done
    expect(await first.tick()).toBe('done_already');
    expect(await job().tick()).toBe('done_already');

    const queued = await store.listOutbox({ kind: 'post_group_message' });
    expect(queued).toHaveLength(1);
    expect(queued[0]?.key).toBe('report:2025-12:all');
    expect(queued[0]?.payload.groupId).toBe('it-support');
    expect((queued[0]!.payload.view as MessageView).title).toBe('Monthly report for all groups, 2025-12');
  });

  it('posts last month at the first tick after the first business day when no instance ran that day', async () => {
    // Down all of Friday 2 January 2026 (the first business day) and the weekend: up again on Monday at 06:00.
    clock = new ManualClock('2026-01-05T05:00:00.000Z');
    expect(await job().tick()).toBe('posted');
    clock.set('2026-01-05T08:00:00.000Z');
    expect(await job().tick()).toBe('done_already');
    clock.set('2026-01-31T12:00:00.000Z');
    expect(await job().tick()).toBe('done_already');
    const queued = await store.listOutbox({ kind: 'post_group_message' });
    expect(queued.map((q) => q.key)).toEqual(['report:2025-12:all']);
  });

  it('posts only the month before when no instance ran for a whole month', async () => {
    // Nothing ran in January 2026: December's report is not sent in February, January's is.
    clock = new ManualClock('2026-02-03T09:00:00.000Z');
    expect(await job().tick()).toBe('posted');
    const queued = await store.listOutbox({ kind: 'post_group_message' });
    expect(queued.map((q) => q.key)).toEqual(['report:2026-01:all']);
  });

  it('delivers the queued report to every channel of the group when the gateway can post messages', async () => {
    clock = new ManualClock('2026-01-02T07:00:00.000Z');
    await job().tick();
    const posted: { target: ChannelTarget; view: MessageView }[] = [];
    const gateway: ChatGateway = {
      platform: 'slack',
      canReach: () => true,
      sendToPerson: async () => ({}),
      postCaseCard: async () => ({ messageId: 'x', conversationId: 'y' }),
      updateCaseCard: async () => {},
      replyInThread: async () => {},
      postMessage: async (target, view) => {
        posted.push({ target, view });
        return { messageId: '1.2' };
      },
    };
    const deliver = createDeliverer({
      store,
      gateways: [gateway],
      clock,
      logger,
      renderCard: () => {
        throw new Error('no cards here');
      },
      renderMovedCard: () => {
        throw new Error('no cards here');
      },
      channelTargets: async (groupId) => [{ platform: 'slack', groupId, channelId: 'C-IT' }],
    });
    const [message] = await store.listOutbox({ kind: 'post_group_message' });
    const result = await deliver(message!);
    expect(posted.map((p) => p.target.channelId)).toEqual(['C-IT']);
    expect(posted[0]?.view.title).toMatch(/Monthly report/);
    expect(result).toEqual({ posted: [{ platform: 'slack', channelId: 'C-IT', messageId: '1.2' }] });
  });
});

describe('MonthlyReportJob when a tick fails', () => {
  it('posts the month at a later tick when building the report failed, once the failed tick’s lease is over', async () => {
    const clock = new ManualClock('2026-01-02T07:00:00.000Z'); // 08:00 on the first business day of January
    const store = new SqliteCaseStore({ file: ':memory:', now: () => clock.now() });
    await store.init();
    try {
      const deps = {
        store,
        catalogue: shippedCatalogue(),
        calendar: buildCalendar(),
        clock,
        timeZone: TZ,
        defaultLocale: 'en' as const,
      };
      const reports = new ReportService(deps);
      let failures = 1;
      const flaky = Object.assign(Object.create(reports) as ReportService, {
        monthlyReportView: (...args: Parameters<ReportService['monthlyReportView']>) => {
          if (failures-- > 0) throw new AppError('STORE.UNAVAILABLE', 'store busy for a moment');
          return reports.monthlyReportView(...args);
        },
      });
      const job = new MonthlyReportJob({ ...deps, reports: flaky, logger });
      await expect(job.tick()).rejects.toThrow(/store busy/);
      clock.set('2026-01-02T07:01:00.000Z');
      expect(await job.tick()).toBe('building');
      clock.set('2026-01-02T07:11:00.000Z');
      expect(await job.tick()).toBe('posted');
      clock.set('2026-01-02T07:30:00.000Z');
      expect(await job.tick()).toBe('done_already');
      expect(await store.listOutbox({ kind: 'post_group_message' })).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
