/** Validation of the values that reach the approval use cases from clicks, commands and the CLI. */

const APPROVAL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A Slack user id, or `cli:<os user>` for the terminal. */
const ACTOR = /^(?:[UW][A-Z0-9]{1,20}|cli:[A-Za-z0-9._-]{1,64})$/;
const CHANNEL = /^[A-Za-z0-9:_-]{1,80}$/;
export const MAX_REASON_CHARS = 500;

/** Approval ids are the store's lower-case uuids; anything else (a forged button value) is unknown. */
export function isApprovalId(value: unknown): value is string {
  return typeof value === 'string' && APPROVAL_ID.test(value);
}

export function isActor(value: unknown): value is string {
  return typeof value === 'string' && ACTOR.test(value);
}

export function isChannel(value: unknown): value is string {
  return typeof value === 'string' && CHANNEL.test(value);
}

/** Trimmed, one line, capped; null when empty or not a string. */
export function cleanReason(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.replace(/\s+/g, ' ').trim();
  return text.length === 0 ? null : text.slice(0, MAX_REASON_CHARS);
}

/** A forged value as it may be stored for the audit trail: printable, short. */
export function auditValue(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strip control characters on purpose
  return text.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 100);
}
