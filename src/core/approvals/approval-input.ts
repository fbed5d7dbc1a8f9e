/** Validation of the values that reach the approval use cases from clicks, commands and the CLI. */

const APPROVAL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/**
 * `cli:<os user>` for the terminal, or a chat user id as the chat adapter received it from its
 * platform (Slack `U0123ABCD`): an opaque token, never starting with the terminal's `cli:`.
 */
const TERMINAL_ACTOR = /^cli:[A-Za-z0-9._-]{1,64}$/;
const CHAT_USER = /^(?!cli:)[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;
const CHANNEL = /^[A-Za-z0-9:_-]{1,80}$/;
export const MAX_REASON_CHARS = 500;

/** Approval ids are the store's lower-case uuids; anything else (a forged button value) is unknown. */
export function isApprovalId(value: unknown): value is string {
  return typeof value === 'string' && APPROVAL_ID.test(value);
}

export function isActor(value: unknown): value is string {
  return typeof value === 'string' && (TERMINAL_ACTOR.test(value) || CHAT_USER.test(value));
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
