import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';

/**
 * For tests that boot the real app: outbound HTTP may only reach this machine's loopback (the app's own server);
 * every Teams/Slack call must be answered by a nock interceptor, which are cleared after each test.
 */
export function loopbackOnly(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
}
