/**
 * One error base for the whole app. Codes are namespaced (`CASE.CONFLICT`); transports map codes to friendly,
 * localised replies in one place and never branch on message text. Expected outcomes are returned as
 * `Result`s; `AppError` is thrown only where the caller cannot go on (a conflict, a bad config, a bug).
 */
export type ErrorCode =
  | 'CASE.NOT_FOUND'
  | 'CASE.CONFLICT'
  | 'CASE.ALREADY_CLAIMED'
  | 'CASE.INVALID_TRANSITION'
  | 'CASE.SOLUTION_REQUIRED'
  | 'CASE.FORBIDDEN'
  | 'CASE.REOPEN_WINDOW_PASSED'
  | 'CASE.INVALID_INPUT'
  | 'CASE.NOT_A_MEMBER'
  | 'GROUP.NOT_FOUND'
  | 'CATEGORY.NOT_FOUND'
  /**
   * A directory the answer depends on did not answer (Microsoft Graph down or too slow for a manager look-up):
   * nothing was done, and the same request may succeed in a moment. Not the store's `STORE.UNAVAILABLE`.
   */
  | 'DIRECTORY.UNAVAILABLE'
  | 'STORE.UNAVAILABLE'
  | 'STORE.CORRUPT'
  | 'CONFIG.INVALID'
  | 'CATALOGUE.INVALID'
  | 'INPUT.INVALID'
  | 'RATE.LIMITED'
  | 'INTERNAL';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export function isAppError(err: unknown, code?: ErrorCode): err is AppError {
  return err instanceof AppError && (code === undefined || err.code === code);
}

/** The outcome of an operation whose failure is an expected answer, not a bug. */
export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <E>(error: E): Result<never, E> => ({ ok: false, error });
