import type { Section } from '../../runbook/model.ts';
import type { Incident } from '../../store/records.ts';
import { type BoundRunbook, diagnoseSection } from '../catalog.ts';
import { postIncidentCharts } from '../charts/post-incident-charts.ts';
import type { ChatDeps, ChatReply } from '../chat/chat-deps.ts';
import { sendOnce } from '../outbox/outbox.ts';
import { runSectionForIncident } from '../run-section-for-incident.ts';
import { readTargets } from '../targets/resolve-targets.ts';
import { runFleetForIncident } from '../targets/run-fleet-for-incident.ts';
import { cardNowOrLater, openOrReuseIncident, queueCardRefresh } from './incident-thread.ts';
import { postSectionRun } from './post-section-run.ts';

const RUN_LOCK_MS = 10 * 60_000;

/**
 * Runs a section that only reads (diagnose, deps, verify…) for the channel's incident: opens the
 * incident if needed, runs the checks, then posts the card (first time, symptoms included) and the
 * verdicts in its thread. A run of the same section already going for this incident is not started
 * twice. At most 4 chat calls: card post or update, thread post, and a file upload when output
 * was cut. Every message goes through the outbox (the card, the verdicts, the card refresh), so a
 * Slack that fails or hangs delays them and loses none.
 */
export async function runReadSection(
  deps: ChatDeps,
  input: {
    bound: BoundRunbook;
    section: Section;
    channel: string;
    user: string;
    runId: string;
    reply: ChatReply;
    /** Parameter values (checked against the binding's rules by the caller). */
    params?: Readonly<Record<string, string>>;
    /** Targets named in the command (`diagnose api-2`); none: the binding's default targets. */
    targets?: readonly string[];
  },
): Promise<void> {
  const { bound, section, channel, user } = input;
  const locale = bound.binding.locale;
  // Refused before an incident is opened: an unknown target name changes nothing.
  const targets = readTargets(bound, input.targets ?? []);
  const { incident } = openOrReuseIncident(deps, bound, channel, user);
  const lock = `run:${incident.id}:${section.id}`;
  if (!deps.store.acquireLock(lock, input.runId, RUN_LOCK_MS)) {
    const started = deps.store
      .listTimeline(incident.id)
      .filter((entry) => entry.kind === 'command' && entry.data.sectionId === section.id)
      .at(-1);
    await input.reply({
      kind: 'error',
      error: {
        kind: 'already_running',
        params: { sectionTitle: section.title, startedBy: started?.actor ?? 'bot' },
        locale,
      },
    });
    return;
  }
  try {
    deps.store.appendTimeline({
      incidentId: incident.id,
      actor: user,
      kind: 'command',
      summary: `${bound.binding.command} ${section.id}`,
      data: { sectionId: section.id },
    });
    await input.reply({ kind: 'running', locale, sectionTitle: section.title });
    const hadCard = incident.cardTs !== null;
    if (targets !== null) {
      await runOnFleet(deps, { ...input, incident, targets, hadCard });
      return;
    }
    const outcome = await runSectionForIncident(deps, {
      incident,
      bound,
      section,
      actor: user,
      ...(input.params ? { params: input.params } : {}),
    });
    // A card Slack does not take now is posted by the outbox, and the verdicts after it.
    const thread = await cardNowOrLater(deps, bound, incident.id);
    await postSectionRun(deps, {
      bound,
      run: outcome.run,
      channel,
      requestedBy: user,
      incidentId: incident.id,
      key: input.runId,
    });
    if (thread && section.id === diagnoseSection(bound)?.id)
      await postIncidentCharts(deps, { bound, channel, thread, incidentId: incident.id });
    if (hadCard)
      await queueCardRefresh(
        deps,
        { incidentId: incident.id, runbook: incident.runbook },
        `run:${input.runId}`,
      );
  } finally {
    deps.store.releaseLock(lock, input.runId);
  }
}

/**
 * The section on each target at once; then the card (with its line per host: ✅ api-1 · ❌ api-2
 * unhealthy · ⚠️ api-3 unreachable) and, in the thread, each host's verdicts (titled with the host)
 * or why it could not be reached.
 */
async function runOnFleet(
  deps: ChatDeps,
  input: {
    bound: BoundRunbook;
    section: Section;
    channel: string;
    user: string;
    runId: string;
    params?: Readonly<Record<string, string>>;
    incident: Incident;
    targets: readonly string[];
    hadCard: boolean;
  },
): Promise<void> {
  const { bound, section, channel, user, incident } = input;
  const { runs } = await runFleetForIncident(deps, {
    incident,
    bound,
    section,
    actor: user,
    targets: input.targets,
    fleet: input.runId,
    ...(input.params ? { params: input.params } : {}),
  });
  await cardNowOrLater(deps, bound, incident.id);
  if (input.hadCard)
    await queueCardRefresh(
      deps,
      { incidentId: incident.id, runbook: incident.runbook },
      `run:${input.runId}`,
    );
  for (const entry of runs) {
    if (entry.run === null) {
      await sendOnce(deps, {
        key: `unreachable:${incident.id}:${input.runId}:${entry.target}`,
        incidentId: incident.id,
        kind: 'fleet_unreachable',
        to: { channel },
        inCardThread: true,
        content: {
          kind: 'notice',
          notice: { icon: 'page_refused', text: `${entry.target} unreachable: ${entry.reason}` },
        },
      });
      continue;
    }
    await postSectionRun(deps, {
      bound,
      run: { ...entry.run, sectionTitle: `${entry.run.sectionTitle} — ${entry.target}` },
      channel,
      requestedBy: user,
      incidentId: incident.id,
      key: `${input.runId}:${entry.target}`,
    });
  }
}
