import { describe, expect, it } from 'vitest';
import { AppError } from '../src/models/errors.js';
import { describeStartupFailure } from '../src/startup-failure.js';

const WHERE = { host: 'bot.internal', port: 3978 };
const errno = (code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${code} happened\n    at somewhere (file.js:1:1)`), { code, ...extra });

describe('describeStartupFailure', () => {
  it('shows an AppError as it lists itself, exit 78', () => {
    const err = new AppError('STORE.CORRUPT', 'the data file is not a database');
    expect(describeStartupFailure(err, WHERE)).toEqual({
      message: 'Cannot start: the data file is not a database',
      exitCode: 78,
    });
  });

  it('names the setting to change when the address cannot be listened on, exit 78', () => {
    expect(describeStartupFailure(errno('EADDRINUSE', { syscall: 'listen' }), WHERE)).toEqual({
      message: 'Cannot start: port 3978 is in use on "bot.internal"; set PORT to another port.',
      exitCode: 78,
    });
    expect(
      describeStartupFailure(errno('ENOTFOUND', { syscall: 'getaddrinfo', hostname: 'bot.internal' }), WHERE),
    ).toEqual({
      message:
        'Cannot start: HOST="bot.internal" does not resolve (ENOTFOUND); set HOST to an address or name of this machine.',
      exitCode: 78,
    });
    expect(describeStartupFailure(errno('EADDRNOTAVAIL', { syscall: 'listen' }), WHERE).message).toContain(
      'HOST="bot.internal" is not an address of this machine',
    );
    expect(describeStartupFailure(errno('EACCES', { syscall: 'listen' }), WHERE).message).toContain(
      'not allowed to listen on port 3978',
    );
  });

  it('says Slack refused the bot token when auth.test answers an error, exit 78', () => {
    const err = Object.assign(new Error('An API error occurred: invalid_auth'), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'invalid_auth' },
    });
    expect(describeStartupFailure(err, WHERE)).toEqual({
      message: 'Cannot start: Slack refused the bot token at start (auth.test: invalid_auth); check SLACK_BOT_TOKEN.',
      exitCode: 78,
    });
  });

  it('says Slack refused the app token when Socket Mode cannot open its connection, exit 78', () => {
    const err = Object.assign(new Error('An API error occurred: invalid_auth'), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'invalid_auth' },
      slackMethod: 'apps.connections.open',
    });
    expect(describeStartupFailure(err, WHERE)).toEqual({
      message:
        'Cannot start: Slack refused the app token at start (apps.connections.open: invalid_auth); check SLACK_APP_TOKEN (an xapp-… token with the connections:write scope).',
      exitCode: 78,
    });
  });

  it('says Slack could not be reached, exit 1 (trying again later may work)', () => {
    const err = Object.assign(new Error('A request error occurred: getaddrinfo ENOTFOUND slack.com'), {
      code: 'slack_webapi_request_error',
    });
    expect(describeStartupFailure(err, WHERE)).toEqual({
      message:
        'Cannot start: Slack could not be reached at start (auth.test: A request error occurred: getaddrinfo ENOTFOUND slack.com); try again later.',
      exitCode: 1,
    });
  });

  it('shows anything else by the first line of its message, never its stack, exit 1', () => {
    const failure = describeStartupFailure(errno('ENOTFOUND', { hostname: 'db.example.org' }), WHERE);
    expect(failure).toEqual({ message: 'Cannot start: ENOTFOUND happened (ENOTFOUND)', exitCode: 1 });
    const typed = describeStartupFailure(new TypeError('x is not a function'), WHERE);
    expect(typed).toEqual({ message: 'Cannot start: TypeError: x is not a function', exitCode: 1 });
    expect(describeStartupFailure('a string', WHERE).message).toBe('Cannot start: a string');
  });
});
