import type { Escalation, Incident } from '../../store/records.ts';
import type { BoundRunbook } from '../catalog.ts';
import type { CoreDeps } from '../core-deps.ts';

const MINUTE = 60_000;

/** A runbook escalation rule with the binding's overrides applied: what the bot actually does. */
export interface PlannedRule {
  /** Index in the runbook's escalation list (the store's `ruleIndex`). */
  index: number;
  /** Minutes without resolution before the ping; fractional for short demo timings (`after: 5s`). */
  afterMinutes: number | null;
  /** The same delay in milliseconds; null for a rule without a timer. */
  afterMs: number | null;
  /** The manual trigger phrase ("Se o problema afetar múltiplos usuários"), or null. */
  condition: string | null;
  notify: string[];
  checklist: string[];
  /** 'timer' when the rule has a delay, else 'manual' (a person pulls the trigger). */
  trigger: Escalation['trigger'];
  /** A binding `escalation:` entry changed this rule. */
  overridden: boolean;
}

function roleKey(roles: readonly string[]): string {
  return [...new Set(roles.map((role) => role.trim().toLowerCase()))].sort().join('\u0000');
}

/**
 * The runbook's rules with the binding's `escalation:` overrides applied to the rule that notifies
 * the same roles (order and case of the names do not matter). Other rules stay as written.
 */
export function planEscalations(bound: BoundRunbook): PlannedRule[] {
  const overrides = bound.binding.escalation;
  return bound.runbook.escalation.map((rule, index) => {
    const override = overrides.find((entry) => roleKey(entry.notify) === roleKey(rule.notify));
    let afterMs = rule.afterMinutes === null ? null : Math.round(rule.afterMinutes * MINUTE);
    if (override?.after !== undefined) afterMs = override.after;
    const condition = override?.condition ?? rule.condition;
    return {
      index,
      afterMinutes: afterMs === null ? null : afterMs / MINUTE,
      afterMs,
      condition,
      notify: [...rule.notify],
      checklist: [...rule.checklist],
      trigger: afterMs === null ? 'manual' : 'timer',
      overridden: override !== undefined,
    };
  });
}

/** Binding overrides that match no runbook rule (a typo in a role name): lint material. */
export function unmatchedOverrides(bound: BoundRunbook): string[][] {
  const keys = new Set(bound.runbook.escalation.map((rule) => roleKey(rule.notify)));
  return bound.binding.escalation.filter((entry) => !keys.has(roleKey(entry.notify))).map((e) => e.notify);
}

/** The rule "many users affected" pulls: the first rule with a condition phrase. */
export function manualRule(bound: BoundRunbook): PlannedRule | undefined {
  return planEscalations(bound).find((rule) => rule.condition !== null);
}

/**
 * Schedules the incident's timed escalations (due = opened + delay). Idempotent: call it when the
 * incident opens, and again on start for safety; a rule already scheduled keeps its first due time.
 * Returns every escalation of the incident; nothing is scheduled for a resolved incident.
 */
export function scheduleForIncident(deps: CoreDeps, incident: Incident, bound: BoundRunbook): Escalation[] {
  if (incident.status === 'resolved') return deps.store.listEscalations(incident.id);
  const timed = planEscalations(bound).flatMap((rule) =>
    rule.afterMs === null
      ? []
      : [
          {
            ruleIndex: rule.index,
            roles: rule.notify,
            trigger: 'timer' as const,
            dueAt: incident.openedAt + rule.afterMs,
          },
        ],
  );
  if (timed.length === 0) return deps.store.listEscalations(incident.id);
  return deps.store.scheduleEscalations(incident.id, timed);
}
