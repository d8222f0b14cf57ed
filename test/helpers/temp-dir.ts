import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Creates temporary directories and removes all of them at once; make one per test file and call `cleanup()`
 * in `afterAll`/`afterEach`.
 */
export function tempDirs(prefix = 'incident-bot-') {
  const made: string[] = [];
  return {
    /** A new empty directory under the OS temp dir. */
    async make(): Promise<string> {
      const dir = await mkdtemp(path.join(tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    async cleanup(): Promise<void> {
      await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}
