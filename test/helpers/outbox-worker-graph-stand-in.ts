import { parentPort } from 'node:worker_threads';
import type { FromOutboxWorker, ToOutboxWorker } from '../../src/outbox-thread.js';

/**
 * A stand-in for the outbox delivery worker whose Teams directory met Microsoft Graph's refusal: once ready it sends
 * the main thread that news (`graph-refused`, a 403), and it answers the main thread's `graph-answered` with its own
 * (as the real worker's Graph answering would), so a test sees both directions of the threads' Graph news.
 */
const port = parentPort;
if (port) {
  const post = (message: FromOutboxWorker) => port.postMessage(message);
  port.on('message', (message: ToOutboxWorker) => {
    if (message.type === 'graph-answered') post({ type: 'graph-answered' });
    if (message.type === 'stop' || message.type === 'close') post({ type: 'done', id: message.id });
    if (message.type === 'close') port.close();
  });
  post({ type: 'ready' });
  post({
    type: 'graph-refused',
    trouble: {
      reason: 'graph 403',
      denied: true,
      name: 'GraphRefusal',
      message: 'Microsoft Graph answered 403 for a user’s manager',
    },
  });
}
