import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TeamsRefs } from '../../src/bot/teams/teams-refs.js';
import { BusinessCalendar } from '../../src/models/business-calendar.js';
import type { OutboxMessage } from '../../src/models/case-store.js';
import { SqliteCaseStore } from '../../src/models/sqlite/sqlite-case-store.js';
import { systemClock } from '../../src/services/clock.js';
import { createRegisterCase } from '../../src/services/lifecycle/register-case.js';
import { type LocalPlatform, type PlatformCall, startLocalPlatform } from '../helpers/local-platform.js';
import { people } from '../helpers/people.js';
import { shippedCatalogue, wifiInput } from '../helpers/services.js';
import { type BotProcess, startBotProcess } from '../helpers/bot-process.js';
import { freePort } from '../helpers/teams-playground.js';
import { tempDirs } from '../helpers/temp-dir.js';

/** The ARTS Support channel of config/catalogue.yaml, where Anna's Wi-Fi case is posted. */
const ARTS_CHANNEL = '19:arts-support@thread.tacv2';

const dirs = tempDirs('hardening-kill-');
let platform: LocalPlatform | undefined;
/** The test's own connection to the bot's database (it leaves checkpoints to the bot), for seeding and reading. */
let store: SqliteCaseStore | undefined;
const bots: ChildProcess[] = [];

afterEach(async () => {
  for (const bot of bots.splice(0)) {
    if (bot.exitCode === null && bot.signalCode === null) {
      bot.kill('SIGKILL');
      await new Promise((resolve) => bot.once('exit', resolve));
    }
  }
  await platform?.close();
  platform = undefined;
  await store?.close();
  store = undefined;
});
afterAll(async () => {
  await dirs.cleanup();
});

/** The case card post to the ARTS channel (a new channel conversation). */
const artsCardPost = (call: PlatformCall) =>
  call.method === 'POST' &&
  /\/v3\/conversations\/?$/.test(call.path) &&
  (call.body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id === ARTS_CHANNEL;

/** The bot as `npm start` runs it (tsx), in its own process; see `startBotProcess`. */
async function startBot(dataDir: string, port: number): Promise<BotProcess> {
  const started = await startBotProcess(['--import', 'tsx', 'src/main.ts'], dataDir, port);
  bots.push(started.bot);
  return started;
}

describe('a bot process killed while a card post is in flight', () => {
  it('is sent again by the restarted process once its lease ran out, and only what got no answer', async () => {
    const dataDir = await dirs.make();
    platform = await startLocalPlatform();
    // The case change is stored before the bot starts, as a registration leaves it: the case with its outbox rows
    // (the channel card among them), and the tenant's service URL (the local platform) the bot would have seen.
    const seed = new SqliteCaseStore({ dataDir, checkpoints: 'elsewhere' });
    store = seed;
    await seed.init();
    const catalogue = shippedCatalogue();
    const calendar = BusinessCalendar.fromConfig(catalogue.catalogue.calendar, 'Europe/Copenhagen');
    await new TeamsRefs(seed).saveServiceUrl(undefined, platform.teamsServiceUrl, new Date());
    const register = createRegisterCase({ store: seed, catalogue, calendar, clock: systemClock, defaultLocale: 'en' });
    const c = await register(wifiInput(people.anna), people.anna);
    const outboxOf = (caseId: string) => seed.listOutbox({ caseId });
    const card = (await outboxOf(c.id)).find((m) => m.kind === 'post_card');
    expect(card?.state).toBe('pending');

    // First process: Teams takes the card post and never answers; the process is killed while it waits.
    platform.hold(artsCardPost);
    const port = await freePort();
    const first = await startBot(dataDir, port);
    await platform.waitFor(artsCardPost, 'the card post of the first process', 30_000);
    first.bot.kill('SIGKILL');
    await new Promise((resolve) => first.bot.once('exit', resolve));
    const inFlight = (await outboxOf(c.id)).find((m) => m.id === card?.id);
    expect(inFlight).toMatchObject({ state: 'pending' });
    expect(inFlight?.leaseOwner).toBeDefined();
    expect(platform.held.filter(artsCardPost)).toHaveLength(1);

    // Second process: Teams answers again. The dead process's lease runs out (30 s) and the card goes out once.
    platform.hold(null);
    const second = await startBot(dataDir, port);
    const deadline = Date.now() + 60_000;
    let sent: OutboxMessage | undefined;
    while (Date.now() < deadline) {
      sent = (await outboxOf(c.id)).find((m) => m.id === card?.id && m.state === 'sent');
      if (sent) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(sent, second.output()).toBeDefined();
    expect(sent?.result).toMatchObject({ posted: [{ platform: 'teams', channelId: ARTS_CHANNEL }] });
    // One more dispatch round sends nothing more: two posts in all, the unanswered one and the delivered one.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(platform.calls.filter(artsCardPost)).toHaveLength(2);
    expect(platform.held.filter(artsCardPost)).toHaveLength(1);

    // The restarted process still stops cleanly.
    second.bot.kill('SIGTERM');
    const code = await new Promise((resolve) => second.bot.once('exit', (exitCode) => resolve(exitCode)));
    expect(code).toBe(0);
  }, 180_000);
});
