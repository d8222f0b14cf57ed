import type { Logger } from './logger.js';

/** How long a graceful shutdown may take in all before the process exits anyway (code 1). */
export const SHUTDOWN_DEADLINE_MS = 30_000;

export interface ShutdownOptions {
  /** Stops the app (the HTTP server, transports, timers, outbox and store, each bounded on its own). */
  stop: () => Promise<void>;
  logger: Logger;
  /** Default `SHUTDOWN_DEADLINE_MS`. */
  deadlineMs?: number;
  /** Where the signals come from (the process). */
  signals: Pick<NodeJS.EventEmitter, 'on'>;
  /** Ends the process (`process.exit`). */
  exit: (code: number) => void;
}

/**
 * Shuts down gracefully on SIGTERM or SIGINT: `stop`, then exit 0 (1 if it failed). One deadline over the whole:
 * past it the process exits with 1, whatever is still waiting. A second signal — an operator pressing Ctrl-C
 * again, an orchestrator out of patience — exits at once with 1.
 */
export function exitGracefullyOnSignals(opts: ShutdownOptions): void {
  const { logger, exit } = opts;
  const deadlineMs = opts.deadlineMs ?? SHUTDOWN_DEADLINE_MS;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal while shutting down: exiting now');
      exit(1);
      return;
    }
    stopping = true;
    logger.info({ signal, deadlineMs }, 'shutting down: draining requests and the outbox');
    const deadline = setTimeout(() => {
      logger.error({ deadlineMs }, `shutdown did not finish within ${deadlineMs} ms: exiting`);
      exit(1);
    }, deadlineMs);
    opts.stop().then(
      () => {
        clearTimeout(deadline);
        logger.info('stopped');
        exit(0);
      },
      (err: unknown) => {
        clearTimeout(deadline);
        logger.error({ err }, 'shutdown failed');
        exit(1);
      },
    );
  };
  opts.signals.on('SIGTERM', () => shutdown('SIGTERM'));
  opts.signals.on('SIGINT', () => shutdown('SIGINT'));
}
