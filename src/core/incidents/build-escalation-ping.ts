import path from 'node:path';
import type { EscalationPingInput } from '../../render/common/escalation-ping-input.ts';
import type { Escalation, Incident } from '../../store/records.ts';
import { type BoundRunbook, findSection } from '../catalog.ts';
import type { CoreDeps } from '../core-deps.ts';
import { type PlannedRule, planEscalations } from './plan-escalations.ts';
import { type RoleAudience, rolesToAudience } from './resolve-roles.ts';

/** A ping sent more than this after its due time says so ("due at 14:15; the bot was down"). */
export const LATE_AFTER_MS = 60_000;

/** One escalation that fired: everything the Slack side needs to mention the right people. */
export interface EscalationPing {
  /** The escalation as fired (`firedAt` = now). */
  escalation: Escalation;
  incident: Incident;
  bound: BoundRunbook;
  rule: PlannedRule;
  roles: RoleAudience[];
  checklist: string[];
  /** The binding names a rollback section that exists: offer the rollback button. */
  rollbackAvailable: boolean;
  dueAt: number;
  /** Sent more than 60 s after it was due (the bot was down): the message says when it was due. */
  sentLate: boolean;
  /** Idempotency key for the Slack outbox: `escalation:<id>`. */
  outboxKey: string;
  /** Exactly what renderEscalationPing takes. */
  message: EscalationPingInput;
}

/** `runbooks/api-down.yml`: the binding file the unmapped-role hint names. */
export function bindingFileOf(bound: BoundRunbook): string {
  const folder = path.basename(path.dirname(bound.runbook.file));
  return folder ? `${folder}/${bound.runbook.id}.yml` : `${bound.runbook.id}.yml`;
}

export function rollbackAvailable(bound: BoundRunbook): boolean {
  const id = bound.binding.rollback;
  return id !== undefined && findSection(bound.runbook, id) !== undefined;
}

/** The planned rule of an escalation; a stand-in built from the stored row if the runbook changed since. */
export function ruleOf(bound: BoundRunbook, escalation: Escalation, incident: Incident): PlannedRule {
  const planned = planEscalations(bound).find((rule) => rule.index === escalation.ruleIndex);
  if (planned) return planned;
  const afterMs = escalation.trigger === 'timer' ? Math.max(0, escalation.dueAt - incident.openedAt) : null;
  return {
    index: escalation.ruleIndex,
    afterMinutes: afterMs === null ? null : afterMs / 60_000,
    afterMs,
    condition: null,
    notify: [...escalation.roles],
    checklist: [],
    trigger: escalation.trigger,
    overridden: false,
  };
}

/** Minutes as people read them in the ping: whole minutes, or two decimals for demo timings. */
function displayMinutes(minutes: number): number {
  return Number.isInteger(minutes) ? minutes : Math.round(minutes * 100) / 100;
}

export function buildEscalationPing(
  deps: Pick<CoreDeps, 'timeZone'>,
  input: {
    escalation: Escalation;
    incident: Incident;
    bound: BoundRunbook;
    now: number;
    /** Pulled by a person: worded with the rule's condition even if the rule also has a timer. */
    manual?: boolean;
  },
): EscalationPing {
  const { incident, bound, now } = input;
  const escalation = { ...input.escalation, firedAt: input.escalation.firedAt ?? now };
  const rule = ruleOf(bound, escalation, incident);
  const roles = rolesToAudience(bound.binding, escalation.roles.length > 0 ? escalation.roles : rule.notify);
  const sentLate = !input.manual && now - escalation.dueAt > LATE_AFTER_MS;
  const rollback = rollbackAvailable(bound);
  const timed = !input.manual && escalation.trigger === 'timer' && rule.afterMinutes !== null;
  return {
    escalation,
    incident,
    bound,
    rule,
    roles,
    checklist: rule.checklist,
    rollbackAvailable: rollback,
    dueAt: escalation.dueAt,
    sentLate,
    outboxKey: `escalation:${escalation.id}`,
    message: {
      roles: roles.map(({ name, users, usergroups }) => ({ name, users, usergroups })),
      afterMinutes: timed && rule.afterMinutes !== null ? displayMinutes(rule.afterMinutes) : null,
      afterMs: timed ? rule.afterMs : null,
      condition: timed ? null : (rule.condition ?? null),
      checklist: rule.checklist,
      rollbackAvailable: rollback,
      incidentId: incident.id,
      bindingFile: bindingFileOf(bound),
      locale: bound.binding.locale,
      timeZone: deps.timeZone,
      dueAt: escalation.dueAt,
      sentLate,
    },
  };
}
