import { userInfo } from 'node:os';
import path from 'node:path';
import { isActor } from '../../core/approvals/approval-input.ts';
import { shortFingerprint } from '../../core/approvals/change-fingerprint.ts';
import { findChangeTarget } from '../../core/approvals/change-groups.ts';
import { serviceOf } from '../../core/approvals/change-lock.ts';
import { type ChangeRefusedError, isChangeRefused } from '../../core/approvals/change-refused.ts';
import { type ExecuteApprovedResult, executeApproved } from '../../core/approvals/execute-change.ts';
import { recoverInterrupted } from '../../core/approvals/recover-interrupted.ts';
import { precheckChange, requestChange } from '../../core/approvals/request-change.ts';
import { DEFAULT_HEARTBEAT_MS } from '../../core/approvals/run-heartbeat.ts';
import { type BoundRunbook, Catalog } from '../../core/catalog.ts';
import { createCoreDeps } from '../../core/create-core-deps.ts';
import { UserError } from '../../core/errors.ts';
import type { PreparedRunner } from '../../core/prepare-runner.ts';
import type { Incident } from '../../store/records.ts';
import { openStore, storeFileName } from '../../store/sqlite-store.ts';
import type { Store } from '../../store/store.ts';
import type { CliDeps } from '../cli-deps.ts';

export const CLI_CHANNEL = 'cli';

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

type Executed = Extract<ExecuteApprovedResult, { kind: 'executed' }>;

/**
 * A change confirmed in the terminal goes through the same use cases as a Slack request: request
 * (circuit breaker, the per-service lock, the fingerprint of what the operator confirmed), approval
 * by `cli:<os user>`, then executeApproved (fingerprint checked again, the wait until healthy, the
 * post-resolution section, the incident's timeline and status). The runbook is read from disk again
 * after the confirmation: if it no longer matches what the operator saw, nothing runs.
 */
export async function runConfirmedChange(options: {
  deps: CliDeps;
  store: Store;
  /** Loads the runbook as it is on disk now. */
  load: () => Promise<BoundRunbook>;
  sectionId: string;
  /** Fingerprint of what the operator saw and confirmed. */
  fingerprint: string;
  /** The values the operator confirmed: stored with the approval, run with exactly these. */
  params?: Readonly<Record<string, string>>;
  prepare: (bound: BoundRunbook) => Promise<PreparedRunner>;
  actor: string;
}): Promise<Executed> {
  const { deps, store, actor, fingerprint } = options;
  const bound = await options.load();
  const section = findChangeTarget(bound.runbook, options.sectionId);
  if (!section) {
    throw new UserError(
      'conflict',
      `section "${options.sectionId}" is no longer in runbook ${bound.runbook.id} (it changed since you confirmed); nothing was run.`,
    );
  }
  const core = createCoreDeps({
    store,
    clock: deps.clock,
    catalog: new Catalog([bound]),
    prepare: options.prepare,
    timeZone: deps.env.TZ?.trim() || 'UTC',
    heartbeatMs: heartbeatSetting(deps.env),
  });
  try {
    // A change whose process died (no heartbeat) no longer holds its service's lock; live runs stay.
    recoverInterrupted(core);
    // Before an incident is opened for it: a refused change leaves nothing behind.
    precheckChange(core, bound);
    const incident = openIncidentFor(store, bound, actor);
    const requested = await requestChange(core, {
      incident,
      bound,
      section,
      requestedBy: actor,
      channel: CLI_CHANNEL,
      confirmedInTerminal: { fingerprint },
      params: options.params ?? null,
    });
    const result = await executeApproved(core, { approvalId: requested.approval.id, actor });
    if (result.kind === 'executed') return result;
    if (result.kind === 'aborted' && result.reason === 'locked')
      throw lockedError(serviceOf(bound), null, 'running');
    if (
      result.kind === 'aborted' &&
      (result.reason === 'runbook_changed' || result.reason === 'no_fingerprint')
    ) {
      throw changedError(section.title, fingerprint);
    }
    throw new UserError(
      'conflict',
      `${section.title} was not started (${result.kind === 'aborted' ? result.reason.replace('_', ' ') : 'not approved'}); nothing was run.`,
    );
  } catch (error) {
    if (isChangeRefused(error)) throw cliRefusal(error, section.title, fingerprint);
    throw error;
  }
}

/** CHANGE_HEARTBEAT_MS as the bot reads it (100 ms to 10 min); the default otherwise. */
function heartbeatSetting(env: NodeJS.ProcessEnv): number {
  const value = Number(env.CHANGE_HEARTBEAT_MS?.trim() || Number.NaN);
  return Number.isInteger(value) && value >= 100 && value <= 600_000 ? value : DEFAULT_HEARTBEAT_MS;
}

/** The terminal's wording of a refused request (the core's own message otherwise). */
function cliRefusal(error: ChangeRefusedError, title: string, fingerprint: string): UserError {
  const { refusal } = error;
  if (refusal.kind === 'locked') {
    return lockedError(
      refusal.service,
      refusal.holder?.requestedBy ?? null,
      refusal.holder?.state ?? 'running',
    );
  }
  if (refusal.kind === 'runbook_changed') return changedError(title, fingerprint);
  return error;
}

function changedError(title: string, fingerprint: string): UserError {
  return new UserError(
    'conflict',
    `"${title}" changed since you confirmed it (fingerprint ${shortFingerprint(fingerprint)}); nothing was run.`,
    'Run the command again to see and confirm the section as it is now.',
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
