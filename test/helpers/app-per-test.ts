import { afterAll, afterEach } from 'vitest';
import { type HardenedApp, type HardenedAppOptions, startHardenedApp } from './hardening-app.js';
import { loopbackOnly } from './loopback-only.js';
import { recordConnector, startTeamsApp, type TeamsApp } from './teams-app.js';
import { tempDirs } from './temp-dir.js';

/** What a test gives `startHardenedApp` besides the data directory, from that directory (a store kept in it …). */
export type AppOptionsIn = (dataDir: string) => Omit<HardenedAppOptions, 'dataDir'>;

/**
 * The hooks of a test file whose tests boot an app: outbound HTTP may reach only the loopback (`loopbackOnly`); the
 * app last given to `stopAfterTest` is stopped after each test; the directories of `dirs` are removed after the file.
 */
function stoppedAfterEachTest<A extends { stop(): Promise<void> }>(prefix: string) {
  const dirs = tempDirs(prefix);
  let running: A | undefined;
  loopbackOnly();
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  afterAll(async () => {
    await dirs.cleanup();
  });
  return {
    /** New temporary directories (named `prefix`…), removed after the file. */
    dirs,
    /** Stops `app` after the test; `app`. */
    stopAfterTest(app: A): A {
      running = app;
      return app;
    },
  };
}

/**
 * For a test file that boots the whole app (`startHardenedApp`) in its tests: outbound HTTP may reach only the
 * loopback (`loopbackOnly`); `start` boots the app in a new temporary data directory (named `prefix`…), or in
 * `dataDir` (one of `dirs`, for an app started again on the data of one stopped before), with the options `options`
 * gives for it; the app started last is stopped after each test, the directories are removed after the file.
 */
export function appPerTest(prefix: string) {
  const apps = stoppedAfterEachTest<HardenedApp>(prefix);
  return {
    dirs: apps.dirs,
    async start(options: AppOptionsIn = () => ({}), dataDir?: string): Promise<HardenedApp> {
      const dir = dataDir ?? (await apps.dirs.make());
      return apps.stopAfterTest(await startHardenedApp({ dataDir: dir, ...options(dir) }));
    },
  };
}

/**
 * What a test gives `startTeamsApp`; the data directory is a new one unless given. `record: false` leaves the
 * connector's sends to the test to fake (no `recordConnector`).
 */
export type TeamsAppOptions = Omit<Parameters<typeof startTeamsApp>[0], 'dataDir'> & {
  dataDir?: string;
  record?: boolean;
};

/**
 * For a test file that boots the Teams app (`startTeamsApp`) in its tests: outbound HTTP may reach only the loopback
 * (`loopbackOnly`); `start` boots the app with `options`, in a new temporary data directory (named `prefix`…) unless
 * they name one of `dirs`, its connector's sends recorded (`recordConnector`) unless they say `record: false`; the app
 * started last (or given to `stopAfterTest`) is stopped after each test, the directories are removed after the file.
 */
export function teamsAppPerTest(prefix: string) {
  const apps = stoppedAfterEachTest<TeamsApp>(prefix);
  return {
    ...apps,
    async start({ record = true, ...options }: TeamsAppOptions): Promise<TeamsApp> {
      const app = apps.stopAfterTest(
        await startTeamsApp({ ...options, dataDir: options.dataDir ?? (await apps.dirs.make()) }),
      );
      if (record) recordConnector(app.calls);
      return app;
    },
  };
}
