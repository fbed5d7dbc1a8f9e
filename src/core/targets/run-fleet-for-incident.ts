import { mapConcurrent } from '../../exec/map-concurrent.ts';
import type { TargetRun } from '../../exec/targets/target-run.ts';
import type { CardNotice } from '../../render/common/card-notice.ts';
import type { Section } from '../../runbook/model.ts';
import type { Incident, TimelineEntry } from '../../store/records.ts';
import { type BoundRunbook, diagnoseSection } from '../catalog.ts';
import type { CoreDeps } from '../core-deps.ts';
import { runSectionForIncident, symptomsOf } from '../run-section-for-incident.ts';
import { DEFAULT_TARGET_CONCURRENCY } from './run-on-targets.ts';

/**
 * A section that only reads, run for an incident on several targets at once (bounded). Each host's
 * run is recorded in the timeline with its target and the fleet run's id; a host that cannot be
 * connected is recorded as unreachable (nothing ran there). For the diagnose section the incident's
 * symptoms become every host's failed checks, each named with its host.
 */
export async function runFleetForIncident(
  deps: CoreDeps,
  input: {
    incident: Incident;
    bound: BoundRunbook;
    section: Section;
    actor: string;
    targets: readonly string[];
    /** Id of this fleet run (the slash command's trigger id). */
    fleet: string;
    params?: Readonly<Record<string, string>>;
    concurrency?: number;
  },
): Promise<{ runs: TargetRun[]; incident: Incident }> {
  const { bound, section, incident } = input;
  const runs = await mapConcurrent(
    input.targets,
    input.concurrency ?? DEFAULT_TARGET_CONCURRENCY,
    async (target): Promise<TargetRun> => {
      const prepared = await deps.runnerFor(bound, target);
      const connected = prepared.connect ? await prepared.connect() : { ok: true as const };
      if (!connected.ok) {
        const reason = prepared.redactor(connected.reason);
        deps.store.appendTimeline({
          incidentId: incident.id,
          actor: input.actor,
          kind: 'section_run',
          summary: `${section.title} on ${target}: unreachable (${reason})`,
          data: { sectionId: section.id, target, fleet: input.fleet, unreachable: reason, steps: [] },
        });
        return { target, reachable: false, reason, run: null };
      }
      const outcome = await runSectionForIncident(deps, {
        incident,
        bound,
        section,
        actor: input.actor,
        target,
        fleet: input.fleet,
        updateSymptoms: false,
        ...(input.params ? { params: input.params } : {}),
      });
      return { target, reachable: true, run: outcome.run };
    },
  );
  let updated = deps.store.getIncident(incident.id) ?? incident;
  if (diagnoseSection(bound)?.id === section.id) {
    const symptoms = runs.flatMap((entry) =>
      entry.run === null
        ? [{ stepId: 'unreachable', title: entry.target, verdict: `unreachable: ${entry.reason}` }]
        : symptomsOf(entry.run.steps).map((symptom) => ({
            ...symptom,
            title: `${entry.target}: ${symptom.title}`,
          })),
    );
    updated = deps.store.updateIncident(incident.id, { symptoms }) ?? updated;
  }
  return { runs, incident: updated };
}

const FAILED = new Set(['fail', 'error', 'timeout']);

/** `✅ api-1 · ❌ api-2 unhealthy · ⚠️ api-3 unreachable`: one mark per host of a fleet run. */
export function fleetLine(
  hosts: readonly { target: string; state: 'healthy' | 'unhealthy' | 'unreachable' }[],
): string {
  const mark = { healthy: '✅', unhealthy: '❌', unreachable: '⚠️' } as const;
  return hosts
    .map((host) => `${mark[host.state]} ${host.target}${host.state === 'healthy' ? '' : ` ${host.state}`}`)
    .join(' · ');
}

/** The card's line for the latest fleet run in the timeline (none when no section ran on targets). */
export function fleetNotices(timeline: readonly TimelineEntry[]): CardNotice[] {
  const runs = timeline.filter(
    (entry) => entry.kind === 'section_run' && typeof entry.data.fleet === 'string',
  );
  const last = runs.at(-1);
  if (!last) return [];
  const hosts = runs
    .filter((entry) => entry.data.fleet === last.data.fleet)
    .map((entry) => {
      const steps = Array.isArray(entry.data.steps) ? (entry.data.steps as { status?: string }[]) : [];
      const state =
        typeof entry.data.unreachable === 'string'
          ? ('unreachable' as const)
          : steps.some((step) => FAILED.has(String(step.status)))
            ? ('unhealthy' as const)
            : ('healthy' as const);
      return { target: String(entry.data.target), state };
    })
    .sort((a, b) => a.target.localeCompare(b.target));
  return [{ icon: 'hosts', text: fleetLine(hosts) }];
}
