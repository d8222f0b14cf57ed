import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { FromOutboxWorker, OutboxWorkerData, ToOutboxWorker } from '../../src/outbox-thread.js';

/**
 * A stand-in for the outbox delivery worker, to test how the main thread drives and supervises one: answers
 * `run-once` with `sent` = the number of `start` messages this worker got (so a test sees whether a restarted
 * worker was started again), dies with exit code 3 on `kick`, refuses to start while a file `fail-boot` is in its
 * `DATA_DIR`, dies with exit code 4 instead of stopping while a file `die-on-stop` is there, never answers `stop`
 * (a batch that does not finish) while a file `hang-on-stop` is there, nor `close` while `hang-on-close` is, and
 * while a file `slow-boot` is there takes a second to start and then writes `booted` beside it.
 */
const port = parentPort;
const data = workerData as OutboxWorkerData;
if (port) {
  const post = (message: FromOutboxWorker) => port.postMessage(message);
  if (existsSync(path.join(data.config.dataDir, 'fail-boot'))) {
    post({ type: 'failed', message: 'the catalogue could not be read' });
  } else {
    let starts = 0;
    port.on('message', (message: ToOutboxWorker) => {
      if (message.type === 'start') starts += 1;
      if (message.type === 'kick') process.exit(3);
      if (message.type === 'run-once')
        post({ type: 'done', id: message.id, summary: { sent: starts, retried: 0, dead: 0 } });
      if (message.type === 'stop') {
        if (existsSync(path.join(data.config.dataDir, 'die-on-stop'))) process.exit(4);
        if (existsSync(path.join(data.config.dataDir, 'hang-on-stop'))) return;
        post({ type: 'done', id: message.id });
      }
      if (message.type === 'close') {
        if (existsSync(path.join(data.config.dataDir, 'hang-on-close'))) return;
        post({ type: 'done', id: message.id });
        port.close();
      }
    });
    if (existsSync(path.join(data.config.dataDir, 'slow-boot'))) {
      setTimeout(() => {
        writeFileSync(path.join(data.config.dataDir, 'booted'), '');
        post({ type: 'ready' });
      }, 1_000);
    } else {
      post({ type: 'ready' });
    }
  }
}
