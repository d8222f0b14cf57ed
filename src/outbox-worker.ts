import { stat } from 'node:fs/promises';
import { getPriority, setPriority } from 'node:os';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { createCatalogueIndex } from './config/catalogue-index.js';
import { asksGraphFor } from './config/env.js';
import { loadCatalogue } from './config/load-catalogue.js';
import { LateManagersFile } from './config/managers-file.js';
import { createStore } from './create-store.js';
import { limitPlatformCalls } from './http/platform-timeouts.js';
import { deliveryChannels } from './delivery-channels.js';
import { createLogger, type Logger } from './logger.js';
import { BusinessCalendar } from './models/business-calendar.js';
import { createOutboxDispatcher } from './outbox-delivery.js';
import type { FromOutboxWorker, OutboxWorkerData } from './outbox-thread.js';
import { graphTroubleToMain, outboxWorkerMessages } from './outbox-worker-messages.js';
import { systemClock } from './services/clock.js';
import { withOutboxKick } from './services/outbox/kick-on-write.js';
import { ManagersAbove, withManagers } from './services/manager-directory.js';
import { catalogueDirectory, compositeDirectory } from './services/people-directory.js';
import type { Directory } from './services/ports/directory.js';

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Lowers this thread's CPU priority to `nice` (`OUTBOX_WORKER_NICE`), so that when the request thread and this one
 * both want a CPU, the answer to the next click goes first. Linux only: there the nice value belongs to the thread
 * (the request thread keeps its own); elsewhere it would slow the whole process. Never raised back, never fatal.
 */
async function lowerPriority(nice: number, logger: Logger): Promise<void> {
  if (nice <= 0 || process.platform !== 'linux') return;
  try {
    // libuv's thread pool (file system, DNS, compression — the whole process's) starts with the first call that
    // needs it, and its threads inherit the starting thread's priority: started now, before this thread's drops.
    await stat(process.cwd());
    if (getPriority(0) >= nice) return;
    setPriority(0, nice);
    logger.debug({ nice }, 'outbox worker: lower CPU priority than the request thread');
  } catch (err) {
    logger.warn({ err, nice }, 'outbox worker: could not lower its CPU priority; delivering at the same priority');
  }
}

/**
 * The outbox delivery worker (`OUTBOX_DELIVERY=worker`): its own catalogue, store connection, gateways and
 * dispatcher, built from the app's configuration; the main thread only tells it when to start, stop and that a
 * write left messages (`outbox-thread.ts`). It delivers with the system clock.
 */
async function run(port: MessagePort, data: OutboxWorkerData): Promise<void> {
  const post = (message: FromOutboxWorker) => port.postMessage(message);
  const { config } = data;
  const logger = createLogger(config.logLevel).child({ thread: 'outbox' });
  const clock = systemClock;
  limitPlatformCalls(config.platformTimeoutMs);
  await lowerPriority(config.outboxWorkerNice, logger);
  let dispatcher: ReturnType<typeof createOutboxDispatcher>;
  let close: () => Promise<void>;
  let aboveDirectory: Directory;
  let above: ManagersAbove | undefined;
  try {
    const catalogue = createCatalogueIndex(loadCatalogue(config.cataloguePath));
    const calendar = BusinessCalendar.fromConfig(catalogue.catalogue.calendar, config.timeZone);
    // The main thread opened the store first (migrations ran there); this is a second connection to it, and the
    // one that checkpoints the WAL (the main connection leaves it to this thread).
    // Start-up warnings of the store (MongoDB without transactions) were logged by the main thread's connection.
    const store = await createStore(config, clock, { checkpoints: 'timer', warn: () => undefined });
    await store.init();
    // Microsoft Graph's refusals go to the main thread, which logs them (one line per cause for both threads).
    const graphTrouble = graphTroubleToMain(post, () => above);
    const channels = deliveryChannels(config, data.overrides, { store, clock, logger, catalogue, graphTrouble });
    const directory = compositeDirectory(
      [...channels.directories, { directory: catalogueDirectory(catalogue) }],
      (err) => logger.warn({ err }, 'a directory did not answer; carrying on without it'),
    );
    // The managers file and Graph, for whether anyone is above the one a message's case card goes to (the main
    // thread logs the file's troubles and the managers no platform knows). A file broken since the main thread read
    // it leaves those cards as without one, rather than the worker unstarted, until a card's question finds it
    // changed (or a minute on) and readable.
    const managers = config.managersFile
      ? LateManagersFile.open(config.managersFile, { logger, now: () => clock.now().getTime() })
      : undefined;
    // Told by the main thread to forget an erased person (`forget`): the file's wrapper passes it on to `directory`.
    aboveDirectory = managers ? withManagers(directory, managers) : directory;
    above = new ManagersAbove({
      directory: aboveDirectory,
      ...(managers ? { managers } : {}),
      asksGraph: asksGraphFor(config),
      now: () => clock.now().getTime(),
    });
    let kick = (): void => {};
    dispatcher = createOutboxDispatcher({
      config,
      logger,
      clock,
      store,
      writeStore: withOutboxKick(store, () => kick()),
      catalogue,
      calendar,
      gateways: channels.gateways,
      directory,
      above,
    });
    kick = () => dispatcher.kick();
    close = () => store.close();
  } catch (err) {
    post({ type: 'failed', message: describe(err) });
    return;
  }

  port.on(
    'message',
    outboxWorkerMessages({ dispatcher, close, directory: aboveDirectory, above, post, closePort: () => port.close() }),
  );
  post({ type: 'ready' });
}

if (parentPort) void run(parentPort, workerData as OutboxWorkerData);
