import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaseStore } from '../../../src/models/case-store.js';
import { draft } from '../../../src/services/outbox/deliveries.js';
import type { OutboxDispatcher } from '../../../src/services/outbox/dispatcher.js';
import { buildPerson } from '../../helpers/case-builder.js';
import { createHarness, type Harness, message } from './dispatcher-harness.js';

const anna = buildPerson('anna');
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The harness store, counting claims and optionally failing the first `failClaims` of them. */
function countingStore(store: CaseStore, failClaims = 0): { store: CaseStore; claims: () => number } {
  let claims = 0;
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'claimOutbox') {
        return async (...args: Parameters<CaseStore['claimOutbox']>) => {
          claims++;
          if (claims <= failClaims) throw new Error('database is locked');
          return target.claimOutbox(...args);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: proxy, claims: () => claims };
}

describe('OutboxDispatcher loop', () => {
  let h: Harness;
  let running: OutboxDispatcher | undefined;

  beforeEach(async () => {
    h = await createHarness();
  });

  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await h.store.close();
  });

  const enqueue = (key: string) =>
    h.store.enqueueOutbox([draft(key, { kind: 'send_person', person: anna, view: message(key) })]);

  it('never runs two batches at once when runOnce is called while a batch is in flight', async () => {
    const counted = countingStore(h.store);
    const d = h.dispatcher({ store: counted.store });
    await enqueue('one');
    const held = h.teams.hold();

    const first = d.runOnce();
    await held.arrived;
    const second = d.runOnce();
    await nextTurn();
    expect(counted.claims()).toBe(1);

    held.release();
    expect(await first).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(await second).toEqual({ sent: 0, retried: 0, dead: 0 });
    expect(counted.claims()).toBe(2);
  });

  it('waits for the batch in flight when stopped', async () => {
    await enqueue('in-flight');
    const held = h.teams.hold();
    const d = h.dispatcher();
    d.start(60_000);
    await held.arrived;

    let stopped = false;
    const stopping = d.stop().then(() => {
      stopped = true;
    });
    await nextTurn();
    expect(stopped).toBe(false);

    held.release();
    await stopping;
    const [msg] = await h.store.listOutbox({});
    expect(msg?.state).toBe('sent');
    expect(h.teams.deliveredOf('sendToPerson')).toHaveLength(1);
  });

  it('delivers a message enqueued after start when kicked, without waiting for the interval', async () => {
    const d = h.dispatcher();
    running = d;
    d.start(600_000);
    await enqueue('kicked');
    d.kick();

    await vi.waitFor(() => expect(h.teams.deliveredOf('sendToPerson')).toHaveLength(1));
  });

  it('runs again at once when a batch came back full', async () => {
    for (const k of ['a', 'b', 'c', 'd', 'e']) await enqueue(k);
    const d = h.dispatcher({ batchSize: 2 });
    running = d;
    d.start(600_000);

    await vi.waitFor(() => expect(h.teams.deliveredOf('sendToPerson')).toHaveLength(5));
  });

  it('logs a failing run and keeps going when the store fails', async () => {
    const lines: { level: number; msg: string }[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const counted = countingStore(h.store, 1);
    await enqueue('after-error');
    const d = h.dispatcher({ store: counted.store, logger });
    running = d;
    d.start(1);

    await vi.waitFor(() => expect(h.teams.deliveredOf('sendToPerson')).toHaveLength(1));
    expect(lines.some((l) => l.msg === 'outbox run failed')).toBe(true);
  });

  it('ignores kick while stopped', async () => {
    const counted = countingStore(h.store);
    const d = h.dispatcher({ store: counted.store });
    await enqueue('idle');

    d.kick();
    await nextTurn();
    await nextTurn();

    expect(counted.claims()).toBe(0);
  });
});
