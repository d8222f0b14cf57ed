import { describe, expect, it } from 'vitest';
import { withReplyRetries } from '../../src/bot/reply-retry.js';
import { DeliveryError } from '../../src/services/ports/chat-gateway.js';

/** A send that fails with `failures` in turn (each a DeliveryError or a thrown value), then answers 'sent'. */
function flaky(failures: DeliveryError[]) {
  const calls: number[] = [];
  const send = async () => {
    calls.push(calls.length);
    const next = failures[calls.length - 1];
    if (next) throw next;
    return 'sent';
  };
  return { send, calls };
}

const asIs = (err: unknown) => err as DeliveryError;

describe('withReplyRetries', () => {
  it('sends again after the back-off when the failure is passing, and waits a short Retry-After instead', async () => {
    const slept: number[] = [];
    const { send, calls } = flaky([new DeliveryError('503'), new DeliveryError('429', { retryAfterMs: 1200 })]);
    await expect(withReplyRetries(send, asIs, { sleep: async (ms) => void slept.push(ms) })).resolves.toBe('sent');
    expect(calls).toHaveLength(3);
    expect(slept).toEqual([250, 1200]);
  });

  it('gives up with the platform error when it is permanent, after the last back-off, or when Retry-After is long', async () => {
    const sleep = async () => undefined;
    const gone = new DeliveryError('403', { permanent: true });
    const once = flaky([gone]);
    await expect(withReplyRetries(once.send, asIs, { sleep })).rejects.toBe(gone);
    expect(once.calls).toHaveLength(1);

    const down = new DeliveryError('503');
    const always = flaky([down, down, down, down]);
    await expect(withReplyRetries(always.send, asIs, { sleep, backoffMs: [1, 1] })).rejects.toBe(down);
    expect(always.calls).toHaveLength(3);

    const later = new DeliveryError('429', { retryAfterMs: 30_000 });
    const throttled = flaky([later]);
    await expect(withReplyRetries(throttled.send, asIs, { sleep })).rejects.toBe(later);
    expect(throttled.calls).toHaveLength(1);
  });
});
