import { paramsLine, recordedParams } from '../../exec/recorded-params.ts';
import type { StepResult } from '../../exec/step-result.ts';
import type { Section, Step } from '../../runbook/model.ts';
import { resolveParams } from '../../runbook/params/resolve-params.ts';
import type { Approval, Incident } from '../../store/records.ts';
import { type BoundRunbook, sectionChangesHost } from '../catalog.ts';
import type { CoreDeps } from '../core-deps.ts';
import { assertMayRun, isTerminalActor } from '../run-access.ts';
import { cleanReason, isActor, isChannel } from './approval-input.ts';
import { type ApproverAudience, approverAudience, canApprove } from './approvers.ts';
import { changeFingerprint, shortFingerprint } from './change-fingerprint.ts';
import { findChangeTarget } from './change-groups.ts';
import {
  CIRCUIT_WINDOW_MS,
  findPendingChange,
  holdChangeLock,
  RUN_LOCK_TTL_MS,
  releaseChangeLock,
  serviceOf,
} from './change-lock.ts';
import { ChangeRefusedError } from './change-refused.ts';
import { checksData, runFreshChecks } from './run-checks.ts';

export interface RequestChangeInput {
  incident: Incident;
  bound: BoundRunbook;
  /** A section of `bound.runbook` with at least one change step. */
  section: Section;
  /** Slack user id, or `cli:<os user>`. */
  requestedBy: string;
  /** Where the approval card goes (the incident's channel). */
  channel: string;
  /** Break-glass reason: an approver runs it without a second person. Null/absent: normal request. */
  breakGlass?: string | null;
  /**
   * The terminal (`runbook-bot run`): the operator at the host typed the confirmation after seeing
   * the steps whose fingerprint is `fingerprint`. Only for `cli:` requesters. The request is created
   * already approved by them; refused (nothing recorded) when the section no longer matches.
   */
  confirmedInTerminal?: { fingerprint: string } | null;
  /**
   * Parameter values by name (Slack text or modal, `--param`). Checked again here against the
   * binding's rules, defaults filled in; a refused or missing value refuses the request (nothing
   * recorded). The values are stored with the approval, bound by its fingerprint, and run with.
   */
  params?: Readonly<Record<string, string>> | null;
  /**
   * The binding target (`api-2`) the change runs on. Required, and exactly one, when the binding
   * has `targets`; its lock, circuit breaker, checks and fingerprint are that host's.
   */
  target?: string | null;
}

/** The reason an approval confirmed in the terminal carries (timeline and record). */
export const TERMINAL_CONFIRMATION = 'confirmed in terminal';

/** A role the break-glass path pings at once, with its Slack audience from the binding (empty = unmapped). */
export interface PingRole {
  name: string;
  users: string[];
  usergroups: string[];
}

/**
 * Everything the approval card needs besides locale, now and timeZone: spread it into
 * `renderApprovalCard({ ...result, locale, now, timeZone })`.
 */
export interface RequestChangeResult {
  approval: Approval;
  sectionTitle: string;
  /** The section's steps in order (command and wait steps), as the card lists them. */
  steps: Step[];
  /** Fresh, read-only run of the health checks. */
  checks: StepResult[];
  approvers: ApproverAudience;
  allowSelfApproval: boolean;
  expiresAt: number;
  /** Break-glass: already approved by the requester; call executeApproved now. */
  breakGlass: boolean;
  /** Break-glass only: every role of the runbook's escalation rules, to ping at once. Else empty. */
  pingRoles: string[];
  /** `pingRoles` with their Slack audiences from the binding's `roles`. */
  pingAudiences: PingRole[];
  incident: Incident;
  /** What the approval is bound to (see change-fingerprint.ts); the card shows its first 8 digits. */
  fingerprint: string;
  /** The values it runs with (defaults filled in): the card shows them, secret-looking ones hidden. */
  params: Record<string, string>;
}

/**
 * Asks for a change (a section with change steps) to be approved: posts nothing, runs nothing that
 * changes the host. Refuses with ChangeRefusedError (a UserError) when the section changes nothing,
 * the incident is resolved, another change of the service is pending or running, or the circuit
 * breaker is open. Break-glass: only an approver; the approval is created already approved by the
 * requester, and the escalation roles are returned to be pinged. Confirmed in the terminal: created
 * already approved by the `cli:` requester, when the section is still what they confirmed.
 * Every request stores the fingerprint of what it shows; decideApproval and executeApproved
 * compare it with the section as it is then.
 */
export async function requestChange(deps: CoreDeps, input: RequestChangeInput): Promise<RequestChangeResult> {
  const { bound, section, incident } = input;
  const { store, clock } = deps;
  validate(input);
  // The binding's operators (unset: anyone in the allowed channels) may request a change at all.
  await assertMayRun(deps, bound, input.requestedBy);
  const breakGlassReason =
    input.breakGlass === undefined || input.breakGlass === null ? null : cleanReason(input.breakGlass);
  if (input.breakGlass !== undefined && input.breakGlass !== null && breakGlassReason === null) {
    throw new ChangeRefusedError(
      { kind: 'invalid', field: 'breakGlass' },
      'Break-glass needs a reason.',
      'Add the reason in quotes after --break-glass.',
    );
  }
  if (!sectionChangesHost(section)) {
    throw new ChangeRefusedError(
      { kind: 'no_change_steps', sectionId: section.id, sectionTitle: section.title },
      `"${section.title}" has no step that changes the host: nothing to approve.`,
    );
  }
  const current = store.getIncident(incident.id);
  if (!current || current.status === 'resolved') {
    throw new ChangeRefusedError(
      { kind: 'incident_resolved', incidentId: incident.id },
      `Incident #${incident.id} is resolved.`,
    );
  }
  if (breakGlassReason !== null && !(await canApprove(deps, bound.binding, input.requestedBy))) {
    throw new ChangeRefusedError(
      { kind: 'not_approver', approvers: approverAudience(bound.binding) },
      'Only an approver may use break-glass.',
    );
  }

  const terminal = input.confirmedInTerminal ?? null;
  if (terminal !== null && (!isTerminalActor(input.requestedBy) || breakGlassReason !== null)) {
    throw new ChangeRefusedError(
      { kind: 'invalid', field: 'confirmedInTerminal' },
      'Only the terminal confirms its own change (and never with break-glass).',
    );
  }

  const params = checkedParams(section, bound, input.params ?? {});
  const target = input.target ?? null;
  checkChangeTarget(bound, target);
  const service = precheckChange(deps, bound, target);

  const fingerprint = await changeFingerprint(deps, bound, section, params, target);
  if (terminal !== null && terminal.fingerprint !== fingerprint) {
    throw new ChangeRefusedError(
      { kind: 'runbook_changed', sectionId: section.id, expected: terminal.fingerprint, actual: fingerprint },
      `${section.title} changed since it was confirmed (${shortFingerprint(terminal.fingerprint)} -> ${shortFingerprint(fingerprint)}); nothing was run.`,
      'Run the command again to see and confirm the section as it is now.',
    );
  }
  // The terminal shows no checks: the operator is at the host.
  const checks = terminal !== null ? [] : await runFreshChecks(deps, bound, input.requestedBy, target);

  const now = clock.now();
  const expiresAt = now + (terminal !== null ? RUN_LOCK_TTL_MS : bound.binding.approvers.expiresAfter);
  let approval = store.createApproval({
    incidentId: incident.id,
    runbook: bound.runbook.id,
    sectionId: section.id,
    service,
    requestedBy: input.requestedBy,
    expiresAt,
    channel: input.channel,
    breakGlass: breakGlassReason !== null,
    reason: breakGlassReason ?? (terminal !== null ? TERMINAL_CONFIRMATION : null),
    fingerprint,
    params,
  });
  const lockTtl = breakGlassReason !== null || terminal !== null ? RUN_LOCK_TTL_MS : expiresAt - now;
  if (!holdChangeLock(store, service, approval.id, lockTtl)) {
    // Lost the race to another request: this one never existed for anybody but the audit trail.
    store.transitionApproval(approval.id, ['pending'], 'denied', {
      decidedBy: 'bot',
      reason: 'superseded: another change of this service is pending or running',
    });
    throw lockedError(service, findPendingChange(store, service, now, approval.id));
  }

  if (breakGlassReason !== null) {
    const approved = store.transitionApproval(approval.id, ['pending'], 'approved', {
      decidedBy: input.requestedBy,
      reason: breakGlassReason,
    });
    if (!approved) throw new Error(`break-glass approval ${approval.id} could not be approved`);
    approval = approved;
    deps.metrics.approvalDecided(bound.runbook.id, 'break_glass');
  }
  if (terminal !== null) {
    const approved = store.transitionApproval(approval.id, ['pending'], 'approved', {
      decidedBy: input.requestedBy,
      reason: TERMINAL_CONFIRMATION,
    });
    if (!approved) {
      releaseChangeLock(store, service, approval.id);
      throw new Error(`approval ${approval.id} could not be approved`);
    }
    approval = approved;
    deps.metrics.approvalDecided(bound.runbook.id, 'approved');
  }

  const breakGlass = breakGlassReason !== null;
  const withValues = Object.keys(params).length > 0 ? ` (${paramsLine(params)})` : '';
  store.appendTimeline({
    incidentId: incident.id,
    actor: input.requestedBy,
    kind: 'approval_requested',
    summary: breakGlass
      ? `BREAK-GLASS: ${section.title}${withValues} run by ${input.requestedBy} without a second approver — ${breakGlassReason}`
      : terminal !== null
        ? `${section.title}${withValues} requested by ${input.requestedBy} in the terminal`
        : `${section.title}${withValues} requested by ${input.requestedBy}, awaiting approval`,
    data: {
      approvalId: approval.id,
      sectionId: section.id,
      service,
      expiresAt,
      breakGlass,
      reason: breakGlassReason,
      fingerprint,
      commands: section.steps.flatMap((step) => (step.kind === 'command' ? [step.command] : [])),
      ...(Object.keys(params).length > 0 ? { params: recordedParams(params) } : {}),
      checks: checksData(checks),
      ...(terminal !== null ? { via: 'cli' } : {}),
    },
  });
  if (terminal !== null) {
    // The same entry an approver's click leaves (decide-approval), with how it was confirmed.
    store.appendTimeline({
      incidentId: incident.id,
      actor: input.requestedBy,
      kind: 'approval_decided',
      summary: `Approved by ${input.requestedBy} (${TERMINAL_CONFIRMATION})`,
      data: {
        approvalId: approval.id,
        decision: 'approved',
        sectionId: section.id,
        fingerprint,
        confirmRecovered: false,
        checks: [],
        via: 'cli',
      },
    });
  }
  const updated =
    store.updateIncident(incident.id, {
      status: breakGlass || terminal !== null ? 'mitigating' : 'awaiting_approval',
    }) ?? current;

  const pingAudiences = breakGlass ? escalationRoles(bound) : [];
  return {
    approval,
    // The card says which host it is for.
    sectionTitle: target ? `${section.title} — ${target}` : section.title,
    steps: section.steps,
    checks,
    approvers: approverAudience(bound.binding),
    allowSelfApproval: bound.binding.approvers.allowSelfApproval,
    expiresAt,
    breakGlass,
    pingRoles: pingAudiences.map((role) => role.name),
    pingAudiences,
    incident: updated,
    fingerprint,
    params,
  };
}

/** The values checked against the binding's rules, defaults filled in; refused when any is wrong or missing. */
function checkedParams(
  section: Section,
  bound: BoundRunbook,
  given: Readonly<Record<string, string>>,
): Record<string, string> {
  const resolved = resolveParams(section, bound.binding.params, given);
  if (resolved.refused.length > 0) {
    throw new ChangeRefusedError(
      { kind: 'invalid', field: 'params' },
      `Nothing was requested: ${resolved.refused.map((entry) => entry.message).join('; ')}.`,
    );
  }
  if (resolved.missing.length > 0) {
    throw new ChangeRefusedError(
      { kind: 'invalid', field: 'params' },
      `Nothing was requested: ${section.title} needs values for ${resolved.missing.join(', ')}.`,
      `Give them as ${resolved.missing.map((name) => `${name}=…`).join(' ')}.`,
    );
  }
  return resolved.values;
}

function validate(input: RequestChangeInput): void {
  const invalid = (field: string, message: string) =>
    new ChangeRefusedError({ kind: 'invalid', field }, message);
  if (!isActor(input.requestedBy)) throw invalid('requestedBy', 'Unknown requester.');
  if (!isChannel(input.channel)) throw invalid('channel', 'Unknown channel.');
  if (input.incident.runbook !== input.bound.runbook.id) {
    throw invalid('incident', `Incident #${input.incident.id} belongs to runbook ${input.incident.runbook}.`);
  }
  if (findChangeTarget(input.bound.runbook, input.section.id) !== input.section) {
    throw invalid('section', `Unknown section "${input.section.id}" in runbook ${input.bound.runbook.id}.`);
  }
}

/**
 * The refusals a request can meet before anything is recorded: the circuit breaker and a change of
 * the service already pending or running. Cheap, so a refused request runs nothing (the lock taken
 * by requestChange is the atomic check). Returns the service. Callers may run it first to avoid
 * opening an incident for a request that would be refused.
 */
/** A change names exactly one target of the binding when it has targets, and none when it has none. */
export function checkChangeTarget(bound: BoundRunbook, target: string | null): void {
  const names = Object.keys(bound.binding.targets);
  if (target === null && names.length === 0) return;
  if (target !== null && Object.hasOwn(bound.binding.targets, target)) return;
  throw new ChangeRefusedError(
    { kind: 'invalid', field: 'target' },
    target === null
      ? `A change runs on exactly one target: name one (${names.join(', ')}).`
      : names.length === 0
        ? `Runbook ${bound.runbook.id} has no targets: its changes run on the bot's host.`
        : `Unknown target "${target.slice(0, 60)}" (targets: ${names.join(', ')}).`,
    names[0] ? `e.g. restart ${names[0]}` : undefined,
  );
}

export function precheckChange(
  deps: Pick<CoreDeps, 'store' | 'clock'>,
  bound: BoundRunbook,
  /** A change on a binding target: that host's lock and breaker. */
  target?: string | null,
): string {
  const service = serviceOf(bound, target);
  assertCircuitClosed(deps, service, bound.binding.approvers.maxPerHour);
  const pending = findPendingChange(deps.store, service, deps.clock.now());
  if (pending) throw lockedError(service, pending);
  return service;
}

/** Refuses when the service already had `limit` change runs in the last hour (shared by Slack and CLI). */
export function assertCircuitClosed(
  deps: Pick<CoreDeps, 'store' | 'clock'>,
  service: string,
  limit: number,
): void {
  const count = deps.store.countChangeRuns(service, deps.clock.now() - CIRCUIT_WINDOW_MS);
  if (count >= limit) {
    throw new ChangeRefusedError(
      { kind: 'circuit_open', service, count, limit, windowMs: CIRCUIT_WINDOW_MS },
      `circuit breaker open: ${service} was changed ${count} time${count === 1 ? '' : 's'} in the last hour (limit ${limit}, binding approvers.maxPerHour); nothing was run.`,
      'Look for the root cause; a restart loop will not fix it.',
    );
  }
}

function lockedError(service: string, holder: Approval | null): ChangeRefusedError {
  const by = holder ? `, requested by ${holder.requestedBy}` : '';
  return new ChangeRefusedError(
    {
      kind: 'locked',
      service,
      holder: holder
        ? {
            id: holder.id,
            requestedBy: holder.requestedBy,
            requestedAt: holder.requestedAt,
            state: holder.state,
          }
        : null,
    },
    `A change of ${service} is already pending or running${by}.`,
  );
}

/** Every role named by the runbook's escalation rules and the binding's overrides, once each. */
function escalationRoles(bound: BoundRunbook): PingRole[] {
  const names = [
    ...bound.runbook.escalation.flatMap((rule) => rule.notify),
    ...bound.binding.escalation.flatMap((rule) => rule.notify),
  ];
  return [...new Set(names)].map((name) => {
    const audience = bound.binding.roles[name];
    return { name, users: [...(audience?.users ?? [])], usergroups: [...(audience?.usergroups ?? [])] };
  });
}
