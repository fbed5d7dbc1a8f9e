import type { Section } from '../../runbook/model.ts';
import type { Incident } from '../../store/records.ts';
import type { BoundRunbook } from '../catalog.ts';
import type { CoreDeps } from '../core-deps.ts';
import { type ExecuteApprovedResult, executeApproved } from './execute-change.ts';
import { recoverInterrupted } from './recover-interrupted.ts';
import { precheckChange, type RequestChangeResult, requestChange } from './request-change.ts';

/** Where a change confirmed outside a chat is recorded when its runbook has no open incident. */
export const TERMINAL_CHANNEL = 'cli';

export interface ConfirmedChangeInput {
  bound: BoundRunbook;
  /** A section (or change group) of `bound.runbook` with change steps. */
  section: Section;
  /** `cli:<os user>`: who confirmed it, at the host. */
  requestedBy: string;
  /** Fingerprint of what the person saw and confirmed; nothing runs when the section no longer matches. */
  fingerprint: string;
  /** The values they confirmed: stored with the approval, run with exactly these. */
  params?: Readonly<Record<string, string>> | null;
  /** The binding target the change runs on (its lock and breaker); null: this host. */
  target?: string | null;
}

/**
 * A change confirmed by the person at the host (`runbook-bot run`): the same sequence as a chat
 * request and approval, in one call. A change whose process died no longer holds the service's
 * lock; the circuit breaker and the lock are checked before an incident is opened (a refused
 * change leaves nothing behind); the runbook's open incident is reused (any channel), else one is
 * opened; `requestChange` records it approved by the requester when the fingerprint still
 * matches, and `executeApproved` runs it exactly once. Refusals are `ChangeRefusedError`s.
 */
export async function runHostConfirmedChange(
  deps: CoreDeps,
  input: ConfirmedChangeInput,
): Promise<{ request: RequestChangeResult; result: ExecuteApprovedResult }> {
  const { bound, section, requestedBy } = input;
  const target = input.target ?? null;
  recoverInterrupted(deps);
  precheckChange(deps, bound, target);
  const incident = openIncidentOfRunbook(deps, bound, requestedBy);
  const request = await requestChange(deps, {
    incident,
    bound,
    section,
    requestedBy,
    channel: TERMINAL_CHANNEL,
    confirmedInTerminal: { fingerprint: input.fingerprint },
    params: input.params ?? null,
    target,
  });
  const result = await executeApproved(deps, { approvalId: request.approval.id, actor: requestedBy });
  return { request, result };
}

/** The runbook's open incident (any channel), else a new one in the terminal's channel. */
function openIncidentOfRunbook(deps: Pick<CoreDeps, 'store'>, bound: BoundRunbook, actor: string): Incident {
  const { store } = deps;
  const open = store
    .listIncidents({ status: 'open', limit: 1000 })
    .find((incident) => incident.runbook === bound.runbook.id);
  if (open) return open;
  const { incident, created } = store.openIncident({
    runbook: bound.runbook.id,
    channel: TERMINAL_CHANNEL,
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
