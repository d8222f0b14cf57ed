import { describe, expect, it } from 'vitest';
import { draft } from '../src/services/outbox/deliveries.js';
import { appPerTest } from './helpers/app-per-test.js';
import type { HardenedApp } from './helpers/hardening-app.js';

describe('startApp outbox wake-up', () => {
  let h: HardenedApp | undefined;
  const apps = appPerTest('incident-bot-');

  it('delivers a message written through the services at once, not at the next poll a minute later', async () => {
    h = await apps.start(() => ({ dispatchIntervalMs: 60_000 }));
    const app = h;
    // (The hardening app's Slack mock opens the DM as D<user>.)
    // Let the dispatcher's first run (at start) find the outbox empty; from then on it polls once a minute.
    await new Promise((r) => setTimeout(r, 200));
    await app.app.services.store.enqueueOutbox([
      draft('kick:1', {
        kind: 'send_person',
        person: { id: 'slack:U0ANNA', name: 'Anna' },
        view: { kind: 'message', locale: 'en', text: 'Your case is being handled' },
      }),
    ]);
    await expect
      .poll(
        () => app.slackCalls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'DU0ANNA').length,
        {
          timeout: 5_000,
        },
      )
      .toBe(1);
    // The post is seen before its row is marked delivered (the worker acknowledges after Slack answers): wait for it.
    await expect.poll(async () => (await app.app.services.store.outboxStats()).pending, { timeout: 5_000 }).toBe(0);
  }, 30_000);
});
