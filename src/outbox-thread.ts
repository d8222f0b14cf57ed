import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { GraphNews } from './bot/teams/graph-trouble.js';
import type { AppConfig } from './config/env.js';
import type { GatewayOverrides } from './delivery-channels.js';
import type { Logger } from './logger.js';
import type { OutboxControl } from './outbox-delivery.js';
import type { DispatchSummary } from './services/outbox/dispatcher.js';

/** What the worker is started with (structured-cloned into it). */
export interface OutboxWorkerData {
  config: AppConfig;
  /** Where the worker's gateways send (tests and the bench point them at a local fake platform). */
  overrides: GatewayOverrides;
}

/** Main thread → worker. */
export type ToOutboxWorker =
  | { type: 'start'; intervalMs: number }
  | { type: 'kick' }
  /** A privacy erase removed this person: the worker drops what it keeps in memory about her. */
  | { type: 'forget'; personIds: string[]; email: string }
  /** Microsoft Graph answered a manager look-up in the main thread: the worker's cards stop hiding "Manager" for it. */
  | { type: 'graph-answered' }
  | { type: 'run-once'; id: number }
  | { type: 'stop'; id: number }
  | { type: 'close'; id: number };

/** Worker → main thread. */
export type FromOutboxWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'done'; id: number; summary?: DispatchSummary; error?: string }
  /** How its manager look-ups in Microsoft Graph went, which the main thread logs (`GraphTroubleLog`). */
  | GraphNews;

export interface OutboxThreadOptions {
  config: AppConfig;
  overrides?: GatewayOverrides;
  logger: Logger;
  /** How long the worker may take to build its part of the app (default 60 s: under tsx it compiles first). */
  readyTimeoutMs?: number;
  /** Delay before restarting a worker that died (default 1 s, doubling up to 60 s while it keeps dying). */
  restartDelayMs?: number;
  /** The worker's program (default `outbox-worker` beside this file; tests give a stand-in). */
  entry?: URL;
  /** Told each time a ready worker ends unexpectedly (before its restart): the app counts it in `/metrics`. */
  onEnded?: () => void;
  /**
   * Told how the worker's manager look-ups in Microsoft Graph went (refused, answered): the main thread's Graph
   * trouble log, so a cause both threads meet is logged once.
   */
  onGraph?: (news: GraphNews) => void;
  /**
   * How long `stop` and `close` wait for the worker's batch in flight (default 15 s; tests pass less): a batch that
   * does not finish (a stalled platform, a store waiting for a lock) must not hold the shutdown for ever.
   */
  closeTimeoutMs?: number;
}

/** A worker that lived this long before dying is restarted after the first delay again. */
const HEALTHY_AFTER_MS = 60_000;
const MAX_RESTART_DELAY_MS = 60_000;
/** How long `stop` and `close` wait for the batch in flight by default (`closeTimeoutMs`). */
const CLOSE_TIMEOUT_MS = 15_000;

/**
 * The ESM entry of tsx's `register()` API, as tsx's package.json exports it (its CommonJS build cannot register
 * from a worker).
 */
function tsxRegisterUrl(from: string): string {
  const require = createRequire(from);
  const manifest = require.resolve('tsx/package.json');
  const pkg = require(manifest) as { exports: Record<string, { import?: { default?: string } }> };
  const entry = pkg.exports['./esm/api']?.import?.default;
  if (!entry) throw new Error('tsx does not export an ESM register API (./esm/api)');
  return new URL(entry, pathToFileURL(manifest)).href;
}

/**
 * The worker's young generation is capped at 8 MB (V8's default lets it grow to 3 × 16 MB): deliveries allocate
 * small, short-lived objects, and the default's committed but empty space cost the process ~20 MB of memory.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

/** The worker's program: `outbox-worker` beside this file, `.ts` under tsx (npm start, tests), `.js` compiled. */
function defaultEntry(): URL {
  const self = import.meta.url;
  return new URL(self.endsWith('.ts') ? './outbox-worker.ts' : './outbox-worker.js', self);
}

/**
 * Starts `entry` in a worker. A `.ts` program registers tsx in the worker before it is imported: a worker's entry
 * is loaded before any loader inherited from the parent's flags applies.
 */
function spawn(entry: URL, data: OutboxWorkerData): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData: data, resourceLimits: WORKER_LIMITS });
  const tsx = tsxRegisterUrl(import.meta.url);
  const source = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(source, { eval: true, workerData: data, resourceLimits: WORKER_LIMITS });
}

/**
 * The outbox dispatcher in a worker thread (`OUTBOX_DELIVERY=worker`), driven from the main thread: the platform
 * calls, card rendering and outbox bookkeeping of every delivery run beside the requests instead of between them,
 * so a click is answered without waiting for the cards and messages the previous clicks left. The worker has its
 * own store connection and gateways; messages are durable in the store, so a worker that dies loses nothing and is
 * restarted (1 s, doubling to 60 s while it keeps dying), and several instances' dispatchers share the work through
 * their leases as before.
 */
export class OutboxThread implements OutboxControl {
  private worker: Worker | undefined;
  /** A worker started but not ready yet (at start, or restarting). */
  private booting: Worker | undefined;
  private readonly waiting = new Map<number, { resolve: (m: FromOutboxWorker) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private started = false;
  private intervalMs = 500;
  private closing = false;
  private restartDelayMs: number;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;

  private constructor(private readonly opts: OutboxThreadOptions) {
    this.restartDelayMs = opts.restartDelayMs ?? 1_000;
  }

  /** Starts the worker and waits until it is ready; rejects (the worker ended) if it cannot build its part. */
  static async start(opts: OutboxThreadOptions): Promise<OutboxThread> {
    const thread = new OutboxThread(opts);
    await thread.boot();
    return thread;
  }

  private boot(): Promise<void> {
    const worker = spawn(this.opts.entry ?? defaultEntry(), {
      config: this.opts.config,
      overrides: this.opts.overrides ?? {},
    });
    const bornAt = Date.now();
    this.booting = worker;
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      const timeout = setTimeout(() => {
        fail(new Error(`the outbox worker was not ready within ${this.opts.readyTimeoutMs ?? 60_000} ms`));
        void worker.terminate();
      }, this.opts.readyTimeoutMs ?? 60_000);
      const fail = (err: Error) => {
        clearTimeout(timeout);
        reject(err);
      };
      worker.on('message', (message: FromOutboxWorker) => {
        if (message.type === 'ready') {
          // Requests go to a worker only once it is ready (and started again, after a restart).
          ready = true;
          clearTimeout(timeout);
          if (this.booting === worker) this.booting = undefined;
          if (this.closing) {
            void worker.terminate();
            resolve();
            return;
          }
          this.worker = worker;
          if (this.started) worker.postMessage({ type: 'start', intervalMs: this.intervalMs } satisfies ToOutboxWorker);
          resolve();
        } else if (message.type === 'failed') {
          fail(new Error(`the outbox worker could not start: ${message.message}`));
          void worker.terminate();
        } else if (message.type === 'graph-refused' || message.type === 'graph-answered') {
          this.opts.onGraph?.(message);
        } else {
          const waiter = this.waiting.get(message.id);
          this.waiting.delete(message.id);
          waiter?.resolve(message);
        }
      });
      worker.on('error', (err) => {
        this.opts.logger.error({ err, part: 'outbox' }, 'the outbox worker failed');
        if (!ready) fail(err);
      });
      worker.on('exit', (code) => {
        if (this.worker === worker) this.worker = undefined;
        if (this.booting === worker) this.booting = undefined;
        for (const waiter of this.waiting.values()) waiter.reject(new Error('the outbox worker ended'));
        this.waiting.clear();
        if (!ready) {
          fail(new Error(`the outbox worker ended before it was ready (exit code ${code})`));
          return;
        }
        if (this.closing) return;
        this.opts.onEnded?.();
        if (Date.now() - bornAt >= HEALTHY_AFTER_MS) this.restartDelayMs = this.opts.restartDelayMs ?? 1_000;
        this.opts.logger.error(
          { part: 'outbox', exitCode: code, restartInMs: this.restartDelayMs },
          'the outbox worker ended; messages stay queued in the store and go out when it is back',
        );
        this.restartLater();
      });
    });
  }

  /** Boots a new worker after the current delay (doubling it), and again while booting fails. */
  private restartLater(): void {
    const delay = this.restartDelayMs;
    this.restartDelayMs = Math.min(delay * 2, MAX_RESTART_DELAY_MS);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.closing) return;
      this.boot().catch((err: unknown) => {
        if (this.closing) return;
        this.opts.logger.error(
          { err, part: 'outbox', restartInMs: this.restartDelayMs },
          'the outbox worker did not come back; trying again',
        );
        this.restartLater();
      });
    }, delay);
  }

  private post(message: ToOutboxWorker): void {
    this.worker?.postMessage(message);
  }

  private request(type: 'run-once' | 'stop' | 'close'): Promise<FromOutboxWorker> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('the outbox worker is not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ type, id } satisfies ToOutboxWorker);
    });
  }

  start(intervalMs = 500): void {
    if (this.started) return;
    this.started = true;
    this.intervalMs = intervalMs;
    this.post({ type: 'start', intervalMs });
  }

  kick(): void {
    if (this.started) this.post({ type: 'kick' });
  }

  /**
   * Tells the worker a privacy erase removed this person (`admin erase`), so it drops what it keeps in memory about
   * her: whether anyone is above her, and a Graph manager its directory warned about. A worker restarting starts
   * without either.
   */
  forget(personIds: readonly string[], email: string): void {
    this.post({ type: 'forget', personIds: [...personIds], email });
  }

  /** Tells the worker that Microsoft Graph answered a manager look-up here (see `ToOutboxWorker`). */
  graphAnswered(): void {
    this.post({ type: 'graph-answered' });
  }

  /**
   * Stops the worker's dispatcher after its batch in flight, waiting for it at most `closeTimeoutMs` (then the
   * worker goes on with that batch, and the log says so; `close` ends it); a worker that ends meanwhile counts as
   * stopped.
   */
  async stop(): Promise<void> {
    this.started = false;
    if (!this.worker) return;
    let reply: FromOutboxWorker | 'timeout';
    try {
      reply = await this.withinCloseTimeout(this.request('stop'));
    } catch {
      return;
    }
    if (reply === 'timeout') {
      this.opts.logger.warn(
        { part: 'outbox', waitedMs: this.closeTimeoutMs },
        'the outbox worker did not stop its batch in time; going on without waiting',
      );
      return;
    }
    if (reply.type === 'done' && reply.error) throw new Error(reply.error);
  }

  private get closeTimeoutMs(): number {
    return this.opts.closeTimeoutMs ?? CLOSE_TIMEOUT_MS;
  }

  /** `work`, or 'timeout' once `closeTimeoutMs` has passed (no timer outlives it). */
  private async withinCloseTimeout<T>(work: Promise<T>): Promise<T | 'timeout'> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        work,
        new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), this.closeTimeoutMs);
        }),
      ]);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  async runOnce(): Promise<DispatchSummary> {
    const reply = await this.request('run-once');
    if (reply.type !== 'done' || reply.error || !reply.summary) {
      throw new Error(reply.type === 'done' && reply.error ? reply.error : 'the outbox worker gave no summary');
    }
    return reply.summary;
  }

  /**
   * Stops delivering, lets the batch in flight finish (up to `closeTimeoutMs`, 15 s), closes the worker's store
   * connection and ends the worker (and one still starting). Nothing is restarted afterwards.
   */
  async close(): Promise<void> {
    this.closing = true;
    this.started = false;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.booting?.terminate();
    const worker = this.worker;
    if (!worker) return;
    try {
      await this.withinCloseTimeout(this.request('close'));
    } catch {
      // It ended meanwhile: nothing left to wait for.
    } finally {
      await worker.terminate();
    }
  }
}
