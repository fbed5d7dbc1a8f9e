import { userInfo } from 'node:os';
import { isActor } from '../../core/approvals/approval-input.ts';
import { shortFingerprint } from '../../core/approvals/change-fingerprint.ts';
import { findChangeTarget } from '../../core/approvals/change-groups.ts';
import { serviceOf } from '../../core/approvals/change-lock.ts';
import { type ChangeRefusedError, isChangeRefused } from '../../core/approvals/change-refused.ts';
import { runHostConfirmedChange, TERMINAL_CHANNEL } from '../../core/approvals/confirmed-change.ts';
import type { ExecuteApprovedResult } from '../../core/approvals/execute-change.ts';
import { DEFAULT_HEARTBEAT_MS } from '../../core/approvals/run-heartbeat.ts';
import { type BoundRunbook, Catalog } from '../../core/catalog.ts';
import { createCoreDeps } from '../../core/create-core-deps.ts';
import { UserError } from '../../core/errors.ts';
import type { PreparedRunner } from '../../core/prepare-runner.ts';
import { openConfiguredStore, storeLocationFromEnv } from '../../store/open-configured-store.ts';
import type { Store } from '../../store/store.ts';
import type { CliDeps } from '../cli-deps.ts';

export const CLI_CHANNEL = TERMINAL_CHANNEL;

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

/** The bot's database (DATABASE_URL, else DATA_DIR, default ./data): the CLI shares its lock, breaker and timeline. */
export function openCliStore(deps: CliDeps): Store {
  return openConfiguredStore(storeLocationFromEnv(deps.env, deps.cwd), deps.clock);
}

type Executed = Extract<ExecuteApprovedResult, { kind: 'executed' }>;

/**
 * A change confirmed in the terminal: the core use case `runHostConfirmedChange`
 * (core/approvals/confirmed-change.ts: the same request, lock, breaker, fingerprint and
 * exactly-once run as a chat approval), with the runbook read from disk again after the
 * confirmation (if it no longer matches what the operator saw, nothing runs) and the terminal's
 * wording of a refusal.
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
  /** The binding target the change runs on (its lock and breaker); null: this host. */
  target?: string | null;
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
  const target = options.target ?? null;
  try {
    const { result } = await runHostConfirmedChange(core, {
      bound,
      section,
      requestedBy: actor,
      fingerprint,
      params: options.params ?? null,
      target,
    });
    if (result.kind === 'executed') return result;
    if (result.kind === 'aborted' && result.reason === 'locked')
      throw lockedError(serviceOf(bound, target), null, 'running');
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

function lockedError(service: string, holder: string | null, state: string): UserError {
  return new UserError(
    'conflict',
    `a change of ${service} is already ${state === 'pending' ? 'waiting for approval' : 'running'}${holder ? ` (requested by ${holder})` : ''}; nothing was run.`,
    'Wait for it to finish (see `runbook-bot incidents list`), or deny the pending request in Slack.',
  );
}
