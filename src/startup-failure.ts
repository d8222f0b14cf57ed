import { isAppError } from './models/errors.js';
import { SOCKET_OPEN_METHOD } from './bot/slack/slack-transport.js';

/** Why start-up failed, as the operator is shown it, and the exit code. */
export interface StartupFailure {
  /** One line (an AppError's own list of problems follows it, one a line). */
  message: string;
  /** 78 (EX_CONFIG) when the settings can fix it, 1 otherwise. */
  exitCode: number;
}

/** `sysexits.h`'s EX_CONFIG: what a changed setting fixes. */
export const EXIT_CONFIG = 78;

const field = (err: unknown, key: string): unknown =>
  typeof err === 'object' && err !== null ? (err as Record<string, unknown>)[key] : undefined;

/** The first line of an error's message, without its stack. */
function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return (message.split('\n')[0] ?? '').slice(0, 500);
}

/**
 * Turns a start-up failure into one clear line and an exit code, never a stack trace: configuration, catalogue
 * and store problems (`AppError`) as they list themselves; the port in use or not permitted, a `HOST` that does
 * not resolve or is no address of this machine, Slack refusing the bot token (auth.test) or, in Socket Mode, the app
 * token (apps.connections.open); anything else by its message.
 */
export function describeStartupFailure(err: unknown, where: { host: string; port: number }): StartupFailure {
  const fail = (message: string, exitCode = EXIT_CONFIG): StartupFailure => ({
    message: `Cannot start: ${message}`,
    exitCode,
  });
  if (isAppError(err)) return fail(err.message);
  const code = field(err, 'code');
  const host = JSON.stringify(where.host);
  switch (code) {
    case 'EADDRINUSE':
      return fail(`port ${where.port} is in use on ${host}; set PORT to another port.`);
    case 'EACCES':
      if (field(err, 'syscall') === 'listen') {
        return fail(`not allowed to listen on port ${where.port} (ports below 1024 need privileges); set PORT.`);
      }
      break;
    case 'EADDRNOTAVAIL':
      return fail(`HOST=${host} is not an address of this machine; set HOST to one of its addresses, or 0.0.0.0.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      if (field(err, 'hostname') === where.host) {
        return fail(`HOST=${host} does not resolve (${code}); set HOST to an address or name of this machine.`);
      }
      break;
    case 'slack_webapi_platform_error': {
      const reason = field(field(err, 'data'), 'error');
      // Socket Mode's connection (marked by the Slack transport) is opened with the app token, not the bot token.
      if (field(err, 'slackMethod') === SOCKET_OPEN_METHOD) {
        return fail(
          `Slack refused the app token at start (apps.connections.open: ${typeof reason === 'string' ? reason : 'error'}); check SLACK_APP_TOKEN (an xapp-… token with the connections:write scope).`,
        );
      }
      return fail(
        `Slack refused the bot token at start (auth.test: ${typeof reason === 'string' ? reason : 'error'}); check SLACK_BOT_TOKEN.`,
      );
    }
    case 'slack_webapi_request_error':
    case 'slack_webapi_http_error':
      return fail(`Slack could not be reached at start (auth.test: ${firstLine(err)}); try again later.`, 1);
  }
  const name = err instanceof Error && err.name !== 'Error' ? `${err.name}: ` : '';
  return fail(`${name}${firstLine(err)}${typeof code === 'string' ? ` (${code})` : ''}`, 1);
}
