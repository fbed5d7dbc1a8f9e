import type { AlertRule } from '../../runbook/binding/binding-schema.ts';
import type { Store } from '../../store/store.ts';
import type { Catalog } from '../catalog.ts';
import type { Logger } from '../ports.ts';
import type { ReceivedAlert } from './alertmanager-payload.ts';
import type { KnownAlertKeys } from './known-alert-keys.ts';

/** Outbox kind of an accepted alert: the work (open the incident, run the section) happens off the request. */
export const ALERT_KIND = 'alert';

/** What the outbox keeps for one alert and one matching rule. */
export interface AlertWork {
  runbook: string;
  ruleIndex: number;
  /** The rule's `run` (subcommand or section id) when the alert arrived. */
  run: string;
  channel: string;
  alert: ReceivedAlert;
  receivedAt: number;
}

export interface AcceptedAlerts {
  /** New alert × rule pairs queued. */
  queued: number[];
  /** Seen before (same fingerprint, start and status): nothing new. */
  duplicates: number;
  /** Alerts no rule of any binding matches. */
  unmatched: number;
}

/** Every label of the rule's `match` equals the alert's. */
export function ruleMatches(
  rule: Pick<AlertRule, 'match'>,
  labels: Readonly<Record<string, string>>,
): boolean {
  return Object.entries(rule.match).every(([name, value]) => labels[name] === value);
}

/**
 * Queues each alert for each runbook whose binding has a matching rule (its first match). The
 * outbox key — status, fingerprint and start time — is the deduplication: the same alert again,
 * from a retry, a repeat notification or another bot process on the same database, is enqueued
 * once. Nothing runs here: the caller answers the HTTP request and the outbox does the work.
 * With `known`, a key this process stored already is a duplicate without a database write.
 */
export function acceptAlerts(
  deps: {
    store: Store;
    catalog: Catalog;
    logger: Logger;
    now: number;
    /** Keys this process stored already: their repeats skip the database (the store stays the truth). */
    known?: KnownAlertKeys;
  },
  alerts: readonly ReceivedAlert[],
): AcceptedAlerts {
  const result: AcceptedAlerts = { queued: [], duplicates: 0, unmatched: 0 };
  for (const alert of alerts) {
    let matched = false;
    for (const bound of deps.catalog.runbooks) {
      const ruleIndex = bound.binding.alerts.findIndex((rule) => ruleMatches(rule, alert.labels));
      const rule = bound.binding.alerts[ruleIndex];
      if (!rule) continue;
      matched = true;
      const key = `alert:${bound.runbook.id}:${alert.status}:${alert.fingerprint}:${alert.startsAt}`;
      if (deps.known?.has(key)) {
        result.duplicates++;
        continue;
      }
      const work: AlertWork = {
        runbook: bound.runbook.id,
        ruleIndex,
        run: rule.run,
        channel: rule.channel,
        alert,
        receivedAt: deps.now,
      };
      const { id, created } = deps.store.enqueueMessage({
        key,
        incidentId: null,
        kind: ALERT_KIND,
        payload: work,
      });
      deps.known?.add(key);
      if (created) result.queued.push(id);
      else result.duplicates++;
    }
    if (!matched) result.unmatched++;
  }
  return result;
}
