import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { ManualClock } from '../../../src/services/clock.js';
import { draft } from '../../../src/services/outbox/deliveries.js';
import { PrivacyService } from '../../../src/services/privacy/privacy-service.js';
import { RetentionJob, UNLINKED_FILE_DAYS } from '../../../src/services/privacy/retention-job.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { people } from '../../helpers/people.js';
import { shippedCatalogue } from '../../helpers/services.js';

const NOW = '2025-06-02T08:00:00.000Z';
const daysBefore = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();

describe('RetentionJob', () => {
  let store: SqliteCaseStore;
  let clock: ManualClock;
  let job: RetentionJob;

  beforeEach(async () => {
    store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    clock = new ManualClock(NOW);
    // Retention anonymises closed cases: no per-person records are read.
    const privacy = new PrivacyService({
      store,
      catalogue: shippedCatalogue(),
      clock,
      defaultLocale: 'en',
      personRefs: [],
    });
    job = new RetentionJob({
      privacy,
      store,
      clock,
      logger: pino({ level: 'silent' }),
      closedCaseMonths: 24,
      deliveredMessageDays: 30,
    });
  });

  afterEach(async () => {
    await store.close();
  });

  /** Enqueues a message and takes it to `state`, sent (or given up) at `at`. */
  async function message(key: string, state: 'pending' | 'sent' | 'dead', at: string): Promise<void> {
    await store.enqueueOutbox([
      draft(key, {
        kind: 'send_person',
        person: { id: people.anna.id, name: people.anna.name },
        view: { kind: 'message', locale: 'en', text: key },
      }),
    ]);
    if (state === 'pending') return;
    const [claimed] = await store.claimOutbox('2999-01-01T00:00:00.000Z', 'test', 60_000, 1);
    if (!claimed) throw new Error(`${key} was not claimable`);
    if (state === 'sent') await store.ackOutbox(claimed.id, 'test', at);
    else await store.deadOutbox(claimed.id, 'test', 'HTTP 403');
  }

  it('deletes messages delivered more than the retention days ago and keeps recent, pending and dead ones', async () => {
    await message('sent-40-days-ago', 'sent', daysBefore(40));
    await message('sent-31-days-ago', 'sent', daysBefore(31));
    await message('sent-29-days-ago', 'sent', daysBefore(29));
    await message('dead-long-ago', 'dead', daysBefore(90));
    await message('still-pending', 'pending', daysBefore(90));

    const outcome = await job.runOnce();

    expect(outcome.messagesPurged).toBe(2);
    const left = (await store.listOutbox({})).map((m) => m.key).sort();
    expect(left).toEqual(['dead-long-ago', 'sent-29-days-ago', 'still-pending']);
  });

  it('deletes drafts expired more than a week ago and keeps recently expired and open ones', async () => {
    const conversation = (key: string, expiresAt: string) => ({
      key,
      state: { step: 'what' },
      updatedAt: daysBefore(10),
      expiresAt,
    });
    await store.saveConversation(conversation('abandoned', daysBefore(8)));
    // Expired yesterday: kept a week, so its person is still shown what they had answered.
    await store.saveConversation(conversation('expired-recently', daysBefore(1)));
    await store.saveConversation(conversation('open', '2025-06-03T08:00:00.000Z'));

    const outcome = await job.runOnce();

    expect(outcome.conversationsPurged).toBe(1);
    expect(await store.getConversation('abandoned')).toBeNull();
    expect(await store.getConversation('expired-recently')).not.toBeNull();
    expect(await store.getConversation('open')).not.toBeNull();
  });

  /** Saves a file sent at `at`, linked to `caseId` when given. */
  async function file(id: string, at: string, caseId?: string): Promise<void> {
    const by = { id: people.anna.id, name: people.anna.name, email: people.anna.email };
    const data = Buffer.from([0x00, 0xff]);
    const linked = caseId === undefined ? {} : { caseId };
    await store.saveFile({ id, name: `${id}.png`, contentType: 'image/png', size: 2, at, by, data, ...linked });
  }

  it('deletes files never linked to a case after eight days and keeps newer and linked ones', async () => {
    // A draft expires after 24 h and is deleted a week later: after 8 days nothing can link its files any more.
    expect(UNLINKED_FILE_DAYS).toBe(8);
    await file('abandoned', daysBefore(9));
    await file('just-abandoned', daysBefore(8.01));
    await file('draft-of-last-week', daysBefore(7));
    await file('sent-today', daysBefore(0));
    await file('on-a-case', daysBefore(300), 'case-1');

    const outcome = await job.runOnce();

    expect(outcome.filesPurged).toBe(2);
    for (const id of ['abandoned', 'just-abandoned']) expect(await store.getFile(id)).toBeNull();
    for (const id of ['draft-of-last-week', 'sent-today', 'on-a-case']) expect(await store.getFile(id)).not.toBeNull();
    expect((await job.runOnce()).filesPurged).toBe(0);
  });

  it('anonymises closed cases past retention in the same run', async () => {
    const old = await store.createCase(
      buildNewCase({
        user: people.anna,
        title: 'VPN fails for Anna Berg',
        status: 'closed',
        createdAt: '2022-03-01T08:00:00.000Z',
        resolvedAt: '2022-03-02T08:00:00.000Z',
        closedAt: '2022-03-03T08:00:00.000Z',
      }),
    );

    await file('old-picture', '2022-03-01T09:00:00.000Z', old.id);

    const outcome = await job.runOnce();

    expect(outcome.anonymised).toBe(1);
    expect(JSON.stringify(await store.getCase(old.id))).not.toContain('Anna Berg');
    expect(await store.getFile('old-picture')).toBeNull();
    expect(await job.runOnce()).toEqual({
      anonymised: 0,
      chartsPruned: 0,
      conversationsPurged: 0,
      messagesPurged: 0,
      filesPurged: 0,
    });
  });
});
