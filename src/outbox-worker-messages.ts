import type { GraphTroubleSink } from './bot/teams/graph-trouble.js';
import type { FromOutboxWorker, ToOutboxWorker } from './outbox-thread.js';
import type { DispatchSummary } from './services/outbox/dispatcher.js';
import type { Directory } from './services/ports/directory.js';

/**
 * The delivery worker's Teams directory's `GraphTroubleSink`: Microsoft Graph's refusals and answers go to the main
 * thread (`post`), whose log takes them with its own (`GraphTroubleLog.fromWorker`), so a cause both threads meet is
 * one line; an answer also ends this thread's cards' hiding of "Manager" for Graph's refusal at once (`above`).
 */
export function graphTroubleToMain(
  post: (message: FromOutboxWorker) => void,
  above: () => { graphAnswered(): void } | undefined,
): GraphTroubleSink {
  return {
    refused: (trouble) => post({ type: 'graph-refused', trouble }),
    answered: () => {
      above()?.graphAnswered();
      post({ type: 'graph-answered' });
    },
  };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The delivery worker's parts its messages from the main thread act on (`outboxWorkerMessages`). */
export interface OutboxWorkerParts {
  dispatcher: {
    start(intervalMs: number): void;
    kick(): void;
    runOnce(): Promise<DispatchSummary>;
    stop(): Promise<void>;
  };
  /** Closes the worker's store connection. */
  close: () => Promise<void>;
  /** The worker's directories (the warned Graph managers of its Teams directory among them). */
  directory: Pick<Directory, 'forget'>;
  /** Whether anyone is above a person, for the cards the worker renders (`ManagersAbove`). */
  above: { forget(personIds: readonly string[]): void; graphAnswered(): void };
  post: (message: FromOutboxWorker) => void;
  /** Closes the worker's port (after `close`: the worker ends). */
  closePort: () => void;
}

/**
 * What the delivery worker does with each message of the main thread (`ToOutboxWorker`): start, kick, run once, stop
 * and close its dispatcher, and `forget` a person a privacy erase removed (`admin erase`): what its directories and
 * its `ManagersAbove` keep in memory about her, as the main thread's are told; and that Microsoft Graph answered a
 * manager look-up there (`graph-answered`), so its cards stop hiding "Manager" for Graph's refusal.
 */
export function outboxWorkerMessages(parts: OutboxWorkerParts): (message: ToOutboxWorker) => void {
  const { dispatcher, post } = parts;
  return (message) => {
    switch (message.type) {
      case 'start':
        dispatcher.start(message.intervalMs);
        return;
      case 'kick':
        dispatcher.kick();
        return;
      case 'forget':
        parts.directory.forget?.(message.personIds, message.email);
        parts.above.forget(message.personIds);
        return;
      case 'graph-answered':
        parts.above.graphAnswered();
        return;
      case 'run-once':
        dispatcher.runOnce().then(
          (summary) => post({ type: 'done', id: message.id, summary }),
          (err: unknown) => post({ type: 'done', id: message.id, error: describe(err) }),
        );
        return;
      case 'stop':
      case 'close': {
        const closing = message.type === 'close';
        dispatcher
          .stop()
          .then(() => (closing ? parts.close() : undefined))
          .then(
            () => post({ type: 'done', id: message.id }),
            (err: unknown) => post({ type: 'done', id: message.id, error: describe(err) }),
          )
          .finally(() => {
            if (closing) parts.closePort();
          });
        return;
      }
    }
  };
}
