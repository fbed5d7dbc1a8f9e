/**
 * The database did not answer (down, unreachable, too slow): nothing was written by the call that
 * threw. Thrown by the PostgreSQL store; the chat adapter tells the person so in plain words, and
 * the background ticks simply try again on their next turn.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(
    /** What failed, e.g. "PostgreSQL at db-1:5432/runbook_bot did not answer within 5 s". */
    readonly detail: string,
  ) {
    super(`the bot's database is not reachable: ${detail}`);
  }
}

export function isStoreUnavailable(error: unknown): error is StoreUnavailableError {
  return error instanceof StoreUnavailableError;
}
