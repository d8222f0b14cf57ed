import { afterAll, afterEach } from 'vitest';
import { type HardenedApp, type HardenedAppOptions, startHardenedApp } from './hardening-app.js';
import { loopbackOnly } from './loopback-only.js';
import { tempDirs } from './temp-dir.js';

/** What a test gives `startHardenedApp` besides the data directory, from that directory (a store kept in it …). */
export type AppOptionsIn = (dataDir: string) => Omit<HardenedAppOptions, 'dataDir'>;

/**
 * For a test file that boots the whole app (`startHardenedApp`) in its tests: outbound HTTP may reach only the
 * loopback (`loopbackOnly`); `start` boots the app in a new temporary data directory (named `prefix`…), with the
 * options `options` gives for it; the app started last is stopped after each test, the directories are removed after
 * the file.
 */
export function appPerTest(prefix: string): { start(options?: AppOptionsIn): Promise<HardenedApp> } {
  const dirs = tempDirs(prefix);
  let running: HardenedApp | undefined;
  loopbackOnly();
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  afterAll(async () => {
    await dirs.cleanup();
  });
  return {
    async start(options = () => ({})) {
      const dataDir = await dirs.make();
      running = await startHardenedApp({ dataDir, ...options(dataDir) });
      return running;
    },
  };
}
