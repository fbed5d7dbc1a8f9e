import { paramsLine, recordedParams } from '../../exec/recorded-params.ts';
import type { SectionRun, StepResult } from '../../exec/step-result.ts';
import { describeVerdict } from '../../render/common/describe-verdict.ts';
import type { Locale } from '../../render/i18n/locale.ts';
import type { Section } from '../../runbook/model.ts';
import { resolveParams, sectionParams } from '../../runbook/params/resolve-params.ts';
import type { Approval, Incident } from '../../store/records.ts';
import { type BoundRunbook, verifySection } from '../catalog.ts';
import type { CoreDeps } from '../core-deps.ts';
import { runSectionForIncident } from '../run-section-for-incident.ts';
import { isApprovalId } from './approval-input.ts';
import { checkFingerprint, staleReason, staleSummary } from './change-fingerprint.ts';
import { findChangeTarget, findGroup, hasLaterGroup } from './change-groups.ts';
import { holdChangeLock, RUN_LOCK_TTL_MS, releaseChangeLock, targetOfApproval } from './change-lock.ts';
import { heartbeatMsOf, runOwnerOf, startHeartbeat } from './run-heartbeat.ts';
import { stopAwaitingApproval } from './settle-incident.ts';

export interface ExecuteApprovedInput {
  approvalId: string;
  /** Who set it off (the approver's user id, `cli:<os user>`, or `bot`): the timeline's actor. */
  actor: string;
}

/** The card's outcome line: exactly `ApprovalCardInput['outcome']` of render-approval-card. */
export interface ChangeOutcome {
  /** Time the change steps took. */
  changeMs: number;
  /** Time until healthy again (the wait step); null when it never became healthy or did not run. */
  healthyAfterMs: number | null;
  /** How long the wait polled before giving up. */
  waitedMs?: number;
  /** The post-resolution section's result; null when it did not run. */
  verify: { passed: number; total: number } | null;
}

export type ExecuteApprovedResult =
  /** This call ran the change (exactly one caller per approval gets this). */
  | {
      kind: 'executed';
      /** Final state: succeeded or failed. */
      approval: Approval;
      changeRun: SectionRun;
      /** The post-resolution section, run by itself when the change and the wait passed. */
      verifyRun: SectionRun | null;
      /** Change steps passed, healthy within the wait, verification passed. */
      healthy: boolean;
      outcome: ChangeOutcome;
      /** Why it failed, in one line (null when it succeeded). For break-glass runs `approval.reason` keeps the break-glass reason. */
      failure: string | null;
      /** The incident after the run (status monitoring or mitigating) — for the incident card. */
      incident: Incident | null;
    }
  /** Another call runs (or ran) it, or it is not approved: do nothing, the winner reports. */
  | { kind: 'not_winner'; approval: Approval | null }
  /**
   * Won, but could not start: nothing ran on the host. The approval is now failed. `runbook_changed`:
   * the section is not what was approved (the approval's reason says so); `no_fingerprint`: an
   * approval from before fingerprints.
   */
  | { kind: 'aborted'; approval: Approval; reason: AbortReason };

export type AbortReason =
  | 'locked'
  | 'runbook_missing'
  | 'incident_resolved'
  | 'runbook_changed'
  | 'no_fingerprint';

const FAILED = new Set(['fail', 'error', 'timeout']);

/**
 * Runs an approved change exactly once: the approved -> running transition picks one winner among
 * double clicks, retries and bot processes; the winner holds the service lock, runs the section with
 * approval (the wait step polls until healthy), then the post-resolution section by itself, and
 * records the end state, the timeline and the incident status.
 */
export async function executeApproved(
  deps: CoreDeps,
  input: ExecuteApprovedInput,
): Promise<ExecuteApprovedResult> {
  const { store } = deps;
  if (!isApprovalId(input.approvalId)) return { kind: 'not_winner', approval: null };
  // Stale before it starts: failed without ever reaching `running` (the circuit breaker counts those).
  const approved = store.getApproval(input.approvalId);
  if (approved?.state !== 'approved') return { kind: 'not_winner', approval: approved };
  const staleBound = deps.catalog.byRunbookId(approved.runbook);
  const early = staleBound ? await checkFingerprint(deps, approved, staleBound) : null;
  if (early && !early.ok) {
    const failed = store.transitionApproval(approved.id, ['approved'], 'failed', {
      reason: staleReason(early.code),
    });
    if (!failed) return { kind: 'not_winner', approval: store.getApproval(approved.id) };
    return notStarted(deps, failed, input.actor, early.code, {
      summary: staleSummary(early),
      data: { expected: early.expected, actual: early.actual },
    });
  }
  const running = store.transitionApproval(input.approvalId, ['approved'], 'running', {
    runOwner: runOwnerOf(deps),
    heartbeatEveryMs: heartbeatMsOf(deps),
  });
  if (!running) return { kind: 'not_winner', approval: store.getApproval(input.approvalId) };

  // Nothing ran: the approval fails with the reason.
  const abort = (reason: AbortReason, detail: NotStartedDetail = {}) => {
    const stale = reason === 'runbook_changed' || reason === 'no_fingerprint';
    const failed =
      store.transitionApproval(
        running.id,
        ['running'],
        'failed',
        stale
          ? { reason: staleReason(reason) }
          : keepBreakGlass(running, `not started: ${reason.replace('_', ' ')}`),
      ) ?? running;
    return notStarted(deps, failed, input.actor, reason, detail);
  };

  const bound = deps.catalog.byRunbookId(running.runbook);
  const section = bound ? findChangeTarget(bound.runbook, running.sectionId) : undefined;
  if (!bound || !section) return abort('runbook_missing');
  const incident = store.getIncident(running.incidentId);
  if (!incident || incident.status === 'resolved') return abort('incident_resolved');
  if (!holdChangeLock(store, running.service, running.id, RUN_LOCK_TTL_MS)) return abort('locked');
  // Renews the lock and says "alive" while it runs: long changes keep the lock, no process takes it for interrupted.
  const stopHeartbeat = startHeartbeat(deps, running);
  try {
    // Right before anything runs: the section must still be exactly what was approved.
    const seen = await checkFingerprint(deps, running, bound);
    if (!seen.ok) {
      return abort(seen.code, {
        summary: staleSummary(seen),
        data: { expected: seen.expected, actual: seen.actual },
      });
    }
    const mitigating = store.updateIncident(incident.id, { status: 'mitigating' }) ?? incident;
    // Exactly the values stored with the approval (the fingerprint just matched them).
    const params = running.params ?? {};
    // The host the approval is for (its `service` names it): the change and its verification run there.
    const target = targetOfApproval(bound, running);
    const change = await runSectionForIncident(deps, {
      incident: mitigating,
      bound,
      section,
      actor: input.actor,
      approved: true,
      target,
      ...(Object.keys(params).length > 0 ? { params } : {}),
    });
    const changeOk = stepsOf(change.run, 'change').every((step) => step.status === 'pass');
    const waits = stepsOf(change.run, 'wait');
    const waitOk = waits.every((step) => step.status === 'pass' || step.status === 'info');
    const verify = verifySection(bound);
    let verifyRun: SectionRun | null = null;
    // A group with more groups after it: the verification waits for the procedure's end.
    const more = hasLaterGroup(bound.runbook, section.id);
    const procedureId = findGroup(bound.runbook, section.id)?.section.id ?? section.id;
    if (changeOk && waitOk && verify && verify.id !== procedureId && !more) {
      verifyRun = (
        await runSectionForIncident(deps, {
          incident: change.incident,
          bound,
          section: verify,
          actor: input.actor,
          target,
          ...verifyParams(bound, verify, params),
        })
      ).run;
    }
    const verifyOk = verifyRun === null || verifyRun.steps.every((step) => !FAILED.has(step.status));
    const healthy = changeOk && waitOk && verifyOk;
    const outcome = outcomeOf(change.run, verifyRun);
    const failure = healthy ? null : failureOf(change.run, verifyRun, changeOk, waitOk, bound.binding.locale);

    const final =
      store.transitionApproval(
        running.id,
        ['running'],
        healthy ? 'succeeded' : 'failed',
        healthy ? {} : keepBreakGlass(running, failure ?? 'failed'),
      ) ??
      store.getApproval(running.id) ??
      running;
    store.appendTimeline({
      incidentId: incident.id,
      actor: input.actor,
      kind: 'change_run',
      summary: `${running.breakGlass ? 'BREAK-GLASS ' : ''}${section.title}${target ? ` on ${target}` : ''}${Object.keys(params).length > 0 ? ` (${paramsLine(params)})` : ''}: ${healthy ? 'succeeded, healthy again' : `failed — ${failure}`}`,
      data: {
        approvalId: running.id,
        sectionId: section.id,
        ...(target ? { target } : {}),
        ...(Object.keys(params).length > 0 ? { params: recordedParams(params) } : {}),
        state: final.state,
        breakGlass: running.breakGlass,
        healthy,
        outcome: { ...outcome },
        verifySectionId: verifyRun?.section ?? null,
      },
    });
    const after = store.updateIncident(incident.id, { status: healthy ? 'monitoring' : 'mitigating' });
    return {
      kind: 'executed',
      approval: final,
      changeRun: change.run,
      verifyRun,
      healthy,
      outcome,
      failure,
      incident: after,
    };
  } catch (error) {
    store.transitionApproval(
      running.id,
      ['running'],
      'failed',
      keepBreakGlass(running, 'internal error while running the change'),
    );
    throw error;
  } finally {
    stopHeartbeat();
    releaseChangeLock(store, running.service, running.id);
  }
}

/**
 * The post-resolution section runs with the change's values it uses (same names, same binding
 * rules), when they pass those rules there; else with none (a step needing one then fails, unrun).
 */
function verifyParams(
  bound: BoundRunbook,
  verify: Section,
  values: Readonly<Record<string, string>>,
): { params?: Record<string, string> } {
  const names = sectionParams(verify);
  if (names.length === 0) return {};
  const given = Object.fromEntries(Object.entries(values).filter(([name]) => names.includes(name)));
  const resolved = resolveParams(verify, bound.binding.params, given);
  return resolved.refused.length === 0 ? { params: resolved.values } : {};
}

interface NotStartedDetail {
  summary?: string;
  data?: Record<string, unknown>;
}

/**
 * An `approved` change that will not run (found not started by recovery): failed with `reason`,
 * its lock freed, the timeline says why. Null when another process moved it first.
 */
export function failUnstarted(
  deps: CoreDeps,
  approval: Approval,
  code: string,
  reason: string,
  data: Record<string, unknown> = {},
): Approval | null {
  const { store } = deps;
  const failed = store.transitionApproval(approval.id, ['approved'], 'failed', { reason });
  if (!failed) return null;
  releaseChangeLock(store, failed.service, failed.id);
  store.appendTimeline({
    incidentId: failed.incidentId,
    actor: 'bot',
    kind: 'change_run',
    summary: `Change not run: ${reason}`,
    data: { approvalId: failed.id, sectionId: failed.sectionId, state: 'failed', reason: code, ...data },
  });
  deps.logger.warn({ approvalId: failed.id, reason: code }, 'approved change found not started: failed');
  stopAwaitingApproval(store, failed.incidentId);
  return failed;
}

/** After an approval failed before anything ran: frees its lock, says so in the timeline. */
function notStarted(
  deps: CoreDeps,
  failed: Approval,
  actor: string,
  reason: AbortReason,
  detail: NotStartedDetail,
): Extract<ExecuteApprovedResult, { kind: 'aborted' }> {
  const { store } = deps;
  releaseChangeLock(store, failed.service, failed.id);
  store.appendTimeline({
    incidentId: failed.incidentId,
    actor,
    kind: 'change_run',
    summary: detail.summary ?? `Change not started: ${reason.replace('_', ' ')}`,
    data: { approvalId: failed.id, sectionId: failed.sectionId, state: 'failed', reason, ...detail.data },
  });
  if (reason === 'runbook_changed' || reason === 'no_fingerprint') {
    deps.logger.warn(
      { approvalId: failed.id, expected: detail.data?.expected, actual: detail.data?.actual, reason },
      'change not started: the section is not what was approved',
    );
  }
  stopAwaitingApproval(store, failed.incidentId);
  return { kind: 'aborted', approval: failed, reason };
}

/** A break-glass approval keeps its reason (the card shows it); others carry the failure summary. */
function keepBreakGlass(approval: Approval, reason: string): { reason?: string } {
  return approval.breakGlass ? {} : { reason };
}

function stepsOf(run: SectionRun, risk: StepResult['risk']): StepResult[] {
  return run.steps.filter((step) => step.risk === risk);
}

function outcomeOf(run: SectionRun, verifyRun: SectionRun | null): ChangeOutcome {
  const changeMs = stepsOf(run, 'change').reduce((sum, step) => sum + step.durationMs, 0);
  const waits = stepsOf(run, 'wait');
  const healthyWait = waits.find((step) => step.detail?.kind === 'healthy_after');
  const failedWait = waits.find((step) => step.status === 'fail' || step.status === 'timeout');
  const outcome: ChangeOutcome = {
    changeMs,
    healthyAfterMs: healthyWait ? healthyWait.durationMs : null,
    verify: verifyRun
      ? {
          passed: verifyRun.steps.filter((step) => !FAILED.has(step.status)).length,
          total: verifyRun.steps.length,
        }
      : null,
  };
  if (!healthyWait && failedWait) outcome.waitedMs = failedWait.durationMs;
  return outcome;
}

function failureOf(
  run: SectionRun,
  verifyRun: SectionRun | null,
  changeOk: boolean,
  waitOk: boolean,
  locale: Locale,
): string {
  if (!changeOk) {
    const step = stepsOf(run, 'change').find((candidate) => candidate.status !== 'pass');
    return step ? `${step.title}: ${describeVerdict(step, locale)}` : 'change step failed';
  }
  if (!waitOk) {
    const step = stepsOf(run, 'wait').find(
      (candidate) => candidate.status !== 'pass' && candidate.status !== 'info',
    );
    return step ? `${step.title}: ${describeVerdict(step, locale)}` : 'not healthy';
  }
  const failed = verifyRun?.steps.filter((step) => FAILED.has(step.status)) ?? [];
  const first = failed[0] ? ` — ${failed[0].title}: ${describeVerdict(failed[0], locale)}` : '';
  return `${verifyRun?.sectionTitle ?? 'verification'}: ${verifyRun ? verifyRun.steps.length - failed.length : 0}/${verifyRun?.steps.length ?? 0} ok${first}`;
}
