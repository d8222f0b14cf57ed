import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../../logger.js';

const LEVELS: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

/**
 * Bolt and the WebClient log through this adapter onto the app's pino logger (child `{ component: 'slack' }`),
 * so their lines carry the same format and level. Bolt's own `setLevel` calls are ignored: the app's level rules.
 */
export function slackLogger(logger: Logger): SlackLogger {
  const log = logger.child({ component: 'slack' });
  const one = (a: unknown): string => {
    if (typeof a === 'string') return a;
    if (a instanceof Error) return `${a.name}: ${a.message}`;
    try {
      return JSON.stringify(a);
    } catch {
      return String(a);
    }
  };
  const text = (args: unknown[]): string => args.map(one).join(' ');
  return {
    debug: (...args: unknown[]) => log.debug(text(args)),
    info: (...args: unknown[]) => log.info(text(args)),
    warn: (...args: unknown[]) => log.warn(text(args)),
    error: (...args: unknown[]) => log.error(text(args)),
    setLevel: () => undefined,
    getLevel: () => LEVELS[log.level] ?? LogLevel.INFO,
    setName: () => undefined,
  };
}
