import { recordedParams } from '../exec/recorded-params.ts';
import type { SectionRun, StepResult } from '../exec/step-result.ts';
import { englishVerdict } from '../render/common/describe-verdict.ts';
import type { Section } from '../runbook/model.ts';
import type { Incident, Symptom } from '../store/records.ts';
import { type BoundRunbook, diagnoseSection } from './catalog.ts';
import type { CoreDeps } from './core-deps.ts';
import { runBoundSection } from './run-bound-section.ts';

const FAILED = new Set(['fail', 'error', 'timeout']);

export interface SectionRunOutcome {
  run: SectionRun;
  /** The incident after the run (symptoms updated when the diagnose section ran). */
  incident: Incident;
}

/** Failed checks as symptoms: "Verificar Health Check — expected 200 OK, got HTTP 503". */
export function symptomsOf(results: readonly StepResult[]): Symptom[] {
  return results
    .filter((result) => FAILED.has(result.status))
    .map((result) => ({
      stepId: result.stepId,
      title: result.title,
      verdict: englishVerdict(result.detail),
      detail: result.detail,
    }));
}

/**
 * Runs a section of the incident's runbook on the host and records it: metrics, a timeline entry
 * (before anything reports it) and, for the diagnose section, the incident's symptoms. Change steps
 * run only with `approved` (the approval flow decides that, never this function); the actor must be
 * allowed by the binding's `operators`, and `sensitive` steps run only for operators and approvers.
 */
export async function runSectionForIncident(
  deps: CoreDeps,
  input: {
    incident: Incident;
    bound: BoundRunbook;
    section: Section;
    actor: string;
    approved?: boolean;
    /** Parameter values by name; recorded (redacted when secret-looking) in the timeline. */
    params?: Readonly<Record<string, string>>;
    /** The binding target it runs on (`api-2`): recorded in the timeline, so the report names the host. */
    target?: string | null;
    /** Id of the fleet run this host's run belongs to (recorded: the card's hosts line groups by it). */
    fleet?: string;
    /** False: leave the incident's symptoms alone (a fleet run merges its hosts' symptoms itself). */
    updateSymptoms?: boolean;
  },
): Promise<SectionRunOutcome> {
  const { incident, bound, section, actor } = input;
  const run = await runBoundSection(deps, bound, section, {
    approved: input.approved === true,
    actor,
    ...(input.params ? { params: input.params } : {}),
    ...(input.target ? { target: input.target } : {}),
  });
  const failed = run.steps.filter((step) => FAILED.has(step.status)).length;
  deps.store.appendTimeline({
    incidentId: incident.id,
    actor,
    kind: 'section_run',
    summary: `${section.title}${input.target ? ` on ${input.target}` : ''}: ${run.steps.length - failed}/${run.steps.length} ok`,
    data: {
      sectionId: section.id,
      ...(input.target ? { target: input.target } : {}),
      ...(input.fleet ? { fleet: input.fleet } : {}),
      approved: input.approved === true,
      ...(input.params && Object.keys(input.params).length > 0
        ? { params: recordedParams(input.params) }
        : {}),
      durationMs: run.durationMs,
      steps: run.steps.map((step) => ({
        id: step.stepId,
        command: step.command,
        status: step.status,
        verdict: englishVerdict(step.detail),
        durationMs: step.durationMs,
        // The error lines a log check quoted: the evidence the report's root cause is suggested from.
        ...(step.detail.kind === 'log_summary' ? { samples: step.detail.samples.slice(-3) } : {}),
      })),
      suggestions: run.suggestions.map(({ sectionId, title, evidence }) => ({ sectionId, title, evidence })),
    },
  });
  let updated = incident;
  if (input.updateSymptoms !== false && diagnoseSection(bound)?.id === section.id) {
    updated = deps.store.updateIncident(incident.id, { symptoms: symptomsOf(run.steps) }) ?? incident;
  }
  return { run, incident: updated };
}
