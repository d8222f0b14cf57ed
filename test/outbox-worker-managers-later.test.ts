import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TeamsRefs } from '../src/bot/teams/teams-refs.js';
import { loadConfig } from '../src/config/env.js';
import { createStore } from '../src/create-store.js';
import { createLogger } from '../src/logger.js';
import type { CaseStore } from '../src/models/case-store.js';
import { OutboxThread } from '../src/outbox-thread.js';
import { draft } from '../src/services/outbox/deliveries.js';
import { buildNewCase } from './helpers/case-builder.js';
import { type LocalPlatform, startLocalPlatform } from './helpers/local-platform.js';
import { loopbackOnly } from './helpers/loopback-only.js';
import { cardJson } from './helpers/teams-app.js';
import { tempDirs } from './helpers/temp-dir.js';

/**
 * The delivery worker reads MANAGERS_FILE itself. When the file cannot be read as the worker starts (broken or gone
 * since the main thread read it), the worker goes without it, and takes it up again once it is readable: a later
 * case card it delivers to the central dispatch's supervisor (nobody above her in the catalogue) offers "Manager"
 * when the fixed file names her manager — without restarting the worker.
 */

const dirs = tempDirs('outbox-worker-managers-later-');
loopbackOnly();
afterAll(async () => {
  await dirs.cleanup();
});

/** The central dispatch's supervisor in config/catalogue.yaml, and her manager in the managers file. */
const LONE = { id: 'teams:aad-lone', userId: '29:lone', name: 'Lone Bech Hansen', email: 'lone.bech@au.dk' };
const HELLE = {
  id: 'teams:aad-helle',
  userId: '29:helle',
  name: 'Helle Vestergaard',
  email: 'helle.vestergaard@au.dk',
};
const WITH_HELLE = 'email;manager\nlone.bech@au.dk;helle.vestergaard@au.dk\n';

/** Whether a card offers the escalation to the manager (the Escalate menu's choice). */
function offersManager(card: string): boolean {
  return card.includes('"manager:supervisor"');
}

describe('outbox worker with a MANAGERS_FILE that could not be read at its start', () => {
  let platform: LocalPlatform | undefined;
  let thread: OutboxThread | undefined;
  let store: CaseStore | undefined;
  afterEach(async () => {
    await thread?.close();
    await store?.close();
    await platform?.close();
    thread = store = platform = undefined;
  });

  it.each([
    ['gone', null],
    ['broken', 'email;manager\nlone.bech@au.dk;not an address\n'],
  ])(
    'offers "Manager" on a later card once the %s file is fixed',
    async (_, broken) => {
      platform = await startLocalPlatform();
      const dataDir = await dirs.make();
      const file = path.join(dataDir, 'managers.csv');
      if (broken !== null) await writeFile(file, broken);
      const config = loadConfig({ DATA_DIR: dataDir, MANAGERS_FILE: file, LOG_LEVEL: 'silent' });
      store = await createStore(config);
      await store.init();
      // Lone and Helle have written to the bot (Helle can be reached; Lone has a personal chat).
      const refs = new TeamsRefs(store);
      for (const p of [LONE, HELLE]) {
        const reference = {
          channelId: 'msteams',
          serviceUrl: platform.teamsServiceUrl,
          conversation: { id: `a:personal-${p.userId}` },
          user: { id: p.userId },
        };
        await refs.savePerson(p.id, { userId: p.userId, name: p.name, email: p.email, reference }, new Date());
      }
      thread = await OutboxThread.start({
        config,
        overrides: { teamsServiceUrl: platform.teamsServiceUrl },
        logger: createLogger('silent'),
      });

      /** A ping to Lone with the card of a new case of the central dispatch; the card as the worker rendered it. */
      const cardToLone = async (): Promise<string> => {
        const c = await store!.createCase(
          buildNewCase({ categoryId: 'vpn', groupId: 'it-support', ownerGroupId: 'it-support', locale: 'en' }),
          [
            draft(`ping-lone:${Math.random()}`, {
              kind: 'send_person',
              person: { id: LONE.id, name: LONE.name, email: LONE.email },
              view: { kind: 'message', locale: 'en', text: 'Urgent case' },
              caseCardFor: { caseId: '' },
            }),
          ],
        );
        await thread!.runOnce();
        const sent = await platform!.waitFor(
          (x) =>
            x.method === 'POST' &&
            x.path.includes(`/a:personal-${LONE.userId}/activities`) &&
            cardJson(x.body).includes(c.number),
          `the ping with ${c.number}`,
        );
        return cardJson(sent.body);
      };

      // No file the worker could read: no manager above Lone, so her card leaves "Manager" out.
      const before = await cardToLone();
      expect(before).toContain('escalate_group');
      expect(offersManager(before)).toBe(false);

      // The file is fixed (the main thread would read it at its next question): the worker's next card follows it.
      await writeFile(file, WITH_HELLE);
      expect(offersManager(await cardToLone())).toBe(true);
    },
    60_000,
  );
});
