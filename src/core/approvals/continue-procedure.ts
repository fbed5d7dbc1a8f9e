import type { SectionRun } from '../../exec/step-result.ts';
import type { Section, Step } from '../../runbook/model.ts';
import { sectionParams } from '../../runbook/params/resolve-params.ts';
import type { Approval, Incident } from '../../store/records.ts';
import type { BoundRunbook } from '../catalog.ts';
import type { CoreDeps } from '../core-deps.ts';
import { runSectionForIncident } from '../run-section-for-incident.ts';
import { findGroup, procedureStages, stepsNotRun } from './change-groups.ts';
import { targetOfApproval } from './change-lock.ts';
import { type ChangeRefusedError, isChangeRefused } from './change-refused.ts';
import { type RequestChangeResult, requestChange } from './request-change.ts';

export interface AdvanceProcedureInput {
  incident: Incident;
  bound: BoundRunbook;
  /** A staged procedure (isStagedProcedure). */
  section: Section;
  /** The stage to run: its reads at once, then the request for its group. 0 to start. */
  stage: number;
  requestedBy: string;
  channel: string;
  params?: Readonly<Record<string, string>> | null;
  /** The binding target the whole procedure runs on (its reads and every group). */
  target?: string | null;
}

export type ProcedureProgress =
  /** The reads ran (null: none) and the next group's approval was requested. */
  | {
      kind: 'awaiting';
      readRun: SectionRun | null;
      request: RequestChangeResult;
      group: number;
      groups: number;
    }
  /** The reads after the last group ran: the procedure is over. */
  | { kind: 'done'; readRun: SectionRun | null }
  /** The reads ran, the next group's request was refused (lock, breaker…): the procedure stops there. */
  | { kind: 'refused'; readRun: SectionRun | null; error: ChangeRefusedError; notRun: Step[] };

/**
 * One stage of a procedure whose changes are split by reads: runs the reads before the stage's
 * group (never a change), then requests an approval for that group only. Nothing else runs until
 * that approval is decided; `continueAfterGroup` takes it from there.
 */
export async function advanceProcedure(
  deps: CoreDeps,
  input: AdvanceProcedureInput,
): Promise<ProcedureProgress> {
  const { bound, section } = input;
  const stages = procedureStages(section);
  const stage = stages[input.stage];
  if (!stage) throw new Error(`stage ${input.stage} is not in ${section.id}`);
  let incident = input.incident;
  let readRun: SectionRun | null = null;
  if (stage.reads) {
    const outcome = await runSectionForIncident(deps, {
      incident,
      bound,
      section: stage.reads,
      actor: input.requestedBy,
      ...paramsFor(stage.reads, input.params),
      target: input.target ?? null,
    });
    readRun = outcome.run;
    incident = outcome.incident;
  }
  if (!stage.group) return { kind: 'done', readRun };
  try {
    const request = await requestChange(deps, {
      incident,
      bound,
      section: stage.group,
      requestedBy: input.requestedBy,
      channel: input.channel,
      params: paramsFor(stage.group, input.params).params ?? null,
      target: input.target ?? null,
    });
    const groups = stages.filter((candidate) => candidate.group !== null).length;
    return { kind: 'awaiting', readRun, request, group: input.stage + 1, groups };
  } catch (error) {
    if (!isChangeRefused(error)) throw error;
    const notRun = stepsNotRun(bound.runbook, stage.group.id, true);
    recordStopped(deps, incident.id, section, notRun, error.message);
    return { kind: 'refused', readRun, error, notRun };
  }
}

export type AfterGroup =
  /** The approval is not for a group of a staged procedure: nothing to continue. */
  | { kind: 'none' }
  /** The group succeeded: the next stage ran (see ProcedureProgress). */
  | { kind: 'continued'; section: Section; progress: ProcedureProgress }
  /** Denied, expired or failed: the procedure stops; these steps never ran. */
  | { kind: 'stopped'; section: Section; notRun: Step[] };

/**
 * After a group's approval reached its end state: when it succeeded, the reads after it run and
 * the next group's approval is requested (by the same requester, in the same channel, with the
 * same values); otherwise the procedure stops and the timeline says which steps did not run. Works
 * from the stored approval alone (its section id is the group id), so it continues after a restart.
 */
export async function continueAfterGroup(deps: CoreDeps, approval: Approval): Promise<AfterGroup> {
  const bound = deps.catalog.byRunbookId(approval.runbook);
  const found = bound ? findGroup(bound.runbook, approval.sectionId) : undefined;
  if (!bound || !found) return { kind: 'none' };
  if (approval.state === 'succeeded') {
    const incident = deps.store.getIncident(approval.incidentId);
    if (!incident || incident.status === 'resolved') {
      const notRun = stepsNotRun(bound.runbook, approval.sectionId, false);
      recordStopped(deps, approval.incidentId, found.section, notRun, 'the incident is resolved');
      return { kind: 'stopped', section: found.section, notRun };
    }
    const progress = await advanceProcedure(deps, {
      incident,
      bound,
      section: found.section,
      stage: found.index + 1,
      requestedBy: approval.requestedBy,
      channel: approval.channel,
      params: approval.params ?? null,
      // The same host as the group just run (its approval's service names it).
      target: targetOfApproval(bound, approval),
    });
    return { kind: 'continued', section: found.section, progress };
  }
  if (!['denied', 'expired', 'failed'].includes(approval.state)) return { kind: 'none' };
  // A failed group may have run some of its steps: its run report says which; the rest never ran.
  const notRun = stepsNotRun(bound.runbook, approval.sectionId, approval.state !== 'failed');
  recordStopped(deps, approval.incidentId, found.section, notRun, approval.state);
  return { kind: 'stopped', section: found.section, notRun };
}

function recordStopped(
  deps: CoreDeps,
  incidentId: number,
  section: Section,
  notRun: Step[],
  why: string,
): void {
  if (!deps.store.getIncident(incidentId)) return;
  deps.store.appendTimeline({
    incidentId,
    actor: 'bot',
    kind: 'note',
    summary: `${section.title} stopped (${why}); not run: ${notRun.map((step) => step.title).join(', ') || 'nothing'}`,
    data: { sectionId: section.id, reason: why, notRun: notRun.map((step) => step.id) },
  });
}

/** The values a part of the procedure uses, by name. */
function paramsFor(
  part: Section,
  values: Readonly<Record<string, string>> | null | undefined,
): { params?: Record<string, string> } {
  const names = sectionParams(part);
  if (!values || names.length === 0) return {};
  return { params: Object.fromEntries(Object.entries(values).filter(([name]) => names.includes(name))) };
}
