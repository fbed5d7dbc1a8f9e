import { userInfo } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { isActor } from '../../core/approvals/approval-input.ts';
import {
  findPendingChange,
  holdChangeLock,
  RUN_LOCK_TTL_MS,
  releaseChangeLock,
  serviceOf,
} from '../../core/approvals/change-lock.ts';
import { type ExecuteApprovedResult, executeApproved } from '../../core/approvals/execute-change.ts';
import { assertCircuitClosed } from '../../core/approvals/request-change.ts';
import { type BoundRunbook, Catalog } from '../../core/catalog.ts';
import type { CoreDeps } from '../../core/core-deps.ts';
import { UserError } from '../../core/errors.ts';
import type { PreparedRunner } from '../../core/prepare-runner.ts';
import { createMetrics } from '../../observability/metrics.ts';
import type { Section } from '../../runbook/model.ts';
import type { Incident } from '../../store/records.ts';
import { openStore, storeFileName } from '../../store/sqlite-store.ts';
import type { Store } from '../../store/store.ts';
import type { CliDeps } from '../cli-deps.ts';

export const CLI_CHANNEL = 'cli';
export const CLI_REASON = 'confirmed in terminal';

/** `cli:<os user>`: who confirmed the change in this terminal, as the timeline records it. */
export function cliActor(env: NodeJS.ProcessEnv): string {
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    name = env.USER ?? env.LOGNAME;
  }
  const actor = `cli:${(name ?? 'unknown').replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64)}`;
  return isActor(actor) ? actor : 'cli:unknown';
}

/** The bot's database (DATA_DIR, default ./data): the CLI shares its lock, breaker and timeline. */
export function openCliStore(deps: CliDeps): Store {
  const dataDir = path.resolve(deps.cwd, deps.env.DATA_DIR?.trim() || './data');
  return openStore({ file: path.join(dataDir, storeFileName), clock: deps.clock });
}

/**
 * A change confirmed in the terminal, run the way an approved Slack request runs: an approval record
 * approved by `cli:<os user>`, the per-service lock and circuit breaker shared with the bot, the wait
 * until healthy, the post-resolution section, the incident's timeline and status.
 */
export async function runConfirmedChange(options: {
  deps: CliDeps;
  store: Store;
  bound: BoundRunbook;
  section: Section;
  prepared: PreparedRunner;
  actor: string;
}): Promise<Extract<ExecuteApprovedResult, { kind: 'executed' }>> {
  const { deps, store, bound, section, prepared, actor } = options;
  const core: CoreDeps = {
    store,
    clock: deps.clock,
    logger: pino({ level: 'silent' }),
    catalog: new Catalog([bound]),
    metrics: createMetrics(),
    runnerFor: async () => prepared,
    membersOf: async () => [],
    timeZone: deps.env.TZ?.trim() || 'UTC',
  };
  const service = serviceOf(bound);
  const limit = bound.binding.approvers.maxPerHour;
  assertCircuitClosed({ store, clock: deps.clock }, service, limit);
  const pending = findPendingChange(store, service, deps.clock.now());
  if (pending) throw lockedError(service, pending.requestedBy, pending.state);

  const incident = openIncidentFor(store, bound, actor);
  const now = deps.clock.now();
  const created = store.createApproval({
    incidentId: incident.id,
    runbook: bound.runbook.id,
    sectionId: section.id,
    service,
    requestedBy: actor,
    expiresAt: now + RUN_LOCK_TTL_MS,
    channel: CLI_CHANNEL,
    breakGlass: false,
    reason: CLI_REASON,
  });
  if (!holdChangeLock(store, service, created.id, RUN_LOCK_TTL_MS)) {
    store.transitionApproval(created.id, ['pending'], 'denied', {
      decidedBy: 'bot',
      reason: 'superseded: another change of this service is pending or running',
    });
    const holder = findPendingChange(store, service, now, created.id);
    throw lockedError(service, holder?.requestedBy ?? null, holder?.state ?? 'running');
  }
  const approved = store.transitionApproval(created.id, ['pending'], 'approved', {
    decidedBy: actor,
    reason: CLI_REASON,
  });
  if (!approved) {
    releaseChangeLock(store, service, created.id);
    throw new Error(`approval ${created.id} could not be approved`);
  }
  store.appendTimeline({
    incidentId: incident.id,
    actor,
    kind: 'approval_decided',
    summary: `${section.title} approved by ${actor} (${CLI_REASON})`,
    data: {
      approvalId: approved.id,
      decision: 'approved',
      sectionId: section.id,
      via: 'cli',
      commands: section.steps.flatMap((step) => (step.kind === 'command' ? [step.command] : [])),
    },
  });

  const result = await executeApproved(core, { approvalId: approved.id, actor });
  if (result.kind === 'executed') return result;
  if (result.kind === 'aborted' && result.reason === 'locked') {
    throw lockedError(service, null, 'running');
  }
  throw new UserError(
    'conflict',
    `${section.title} was not started (${result.kind === 'aborted' ? result.reason.replace('_', ' ') : 'not approved'}); nothing was run.`,
  );
}

/** The runbook's open incident (any channel), else a new one in channel `cli`. */
function openIncidentFor(store: Store, bound: BoundRunbook, actor: string): Incident {
  const open = store
    .listIncidents({ status: 'open', limit: 1000 })
    .find((incident) => incident.runbook === bound.runbook.id);
  if (open) return open;
  const { incident, created } = store.openIncident({
    runbook: bound.runbook.id,
    channel: CLI_CHANNEL,
    openedBy: actor,
  });
  if (created) {
    store.appendTimeline({
      incidentId: incident.id,
      actor,
      kind: 'opened',
      summary: 'incident opened from the terminal',
      data: {},
    });
  }
  return incident;
}

function lockedError(service: string, holder: string | null, state: string): UserError {
  return new UserError(
    'conflict',
    `a change of ${service} is already ${state === 'pending' ? 'waiting for approval' : 'running'}${holder ? ` (requested by ${holder})` : ''}; nothing was run.`,
    'Wait for it to finish (see `runbook-bot incidents list`), or deny the pending request in Slack.',
  );
}
