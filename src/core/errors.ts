/**
 * Errors a user may read (wrong input, unknown section, refused approval). Anything else is an
 * internal error: the user sees "internal error, ref <id>" and the log has the detail.
 */
export type UserErrorCode =
  | 'usage'
  | 'not_found'
  | 'invalid_runbook'
  | 'invalid_binding'
  | 'invalid_config'
  | 'forbidden'
  | 'conflict'
  | 'expired'
  | 'rate_limited';

export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly code: UserErrorCode,
    message: string,
    /** A one-line fix hint shown under the message. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
