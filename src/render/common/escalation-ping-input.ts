import type { Locale } from '../i18n/locale.ts';

/*
 * What an escalation ping says, as data: built by core (core/incidents/build-escalation-ping.ts),
 * stored in the outbox and rendered by a chat renderer (render/slack/render-escalation-ping.ts).
 * Chat-neutral, so core does not depend on a chat platform's renderer.
 */

export interface EscalationRole {
  /** The runbook's role name ("DevOps Lead"). */
  name: string;
  /** From the binding's `roles`; both empty = unmapped. */
  users: readonly string[];
  usergroups: readonly string[];
}

export interface EscalationPingInput {
  roles: readonly EscalationRole[];
  /** Timed rule: minutes without resolution. */
  afterMinutes: number | null;
  /**
   * Timed rule: the exact delay. When set, the headline shows it with formatDuration ("8 s",
   * "15 min", "1 h 30 min") instead of fractional minutes ("0,13 min") for demo timings.
   */
  afterMs?: number | null;
  /** Manual rule: the runbook's condition phrase. */
  condition: string | null;
  checklist: readonly string[];
  /** The binding defines a rollback section: offer the `rollback` button. */
  rollbackAvailable: boolean;
  /** Value of the `rollback` button. */
  incidentId: number;
  /** The binding file named in the unmapped-role hint ("runbooks/api-down.yml"). */
  bindingFile: string;
  locale: Locale;
  timeZone: string;
  dueAt?: number;
  /** Sent after its due time because the bot was down. */
  sentLate?: boolean;
}
