/**
 * Outbox keys of alerts this process has already stored (or found stored): a repeat of one is a
 * duplicate without asking the database. The outbox stays the truth — a key not remembered here
 * (another process stored it, or this process forgot it) is still deduplicated by the store's
 * unique key, and outbox rows are never deleted, so a remembered key is never wrong.
 * Bounded: past `capacity` keys, the oldest remembered is forgotten.
 */
export interface KnownAlertKeys {
  has(key: string): boolean;
  add(key: string): void;
  readonly size: number;
}

/** Alertmanager repeats a firing group every `repeat_interval`; a storm is hundreds of alerts. */
export const DEFAULT_KNOWN_ALERT_KEYS = 5000;

export function knownAlertKeys(capacity = DEFAULT_KNOWN_ALERT_KEYS): KnownAlertKeys {
  const keys = new Set<string>();
  return {
    has: (key) => keys.has(key),
    add: (key) => {
      if (keys.has(key)) return;
      keys.add(key);
      if (keys.size > capacity) {
        const oldest = keys.values().next().value;
        if (oldest !== undefined) keys.delete(oldest);
      }
    },
    get size() {
      return keys.size;
    },
  };
}
