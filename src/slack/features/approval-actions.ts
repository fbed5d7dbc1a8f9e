import { isApprovalId } from '../../core/approvals/approval-input.ts';
import { decideChange, requestChangeFlow } from '../../core/approvals/change-flow.ts';
import { UserError } from '../../core/errors.ts';
import { findIncident } from '../../core/incidents/incident-of-message.ts';
import type { ActionContext, ActionHandler } from '../listeners/on-block-action.ts';
import { chatReply } from '../reply.ts';

function decide(
  context: ActionContext,
  decision: 'approve' | 'deny',
  confirmRecovered = false,
): Promise<void> {
  const { deps, action, user, channel, threadTs, reply } = context;
  return decideChange(deps, {
    approvalId: action.value ?? '',
    user,
    decision,
    ...(confirmRecovered ? { confirmRecovered: true } : {}),
    channel,
    thread: threadTs,
    reply: chatReply(reply),
  });
}

/** A change asked for again from a button: the incident's channel, the clicker as requester. */
function requestFromButton(
  context: ActionContext,
  found: NonNullable<ReturnType<typeof findIncident>>,
  sectionId: string,
  params?: Readonly<Record<string, string>> | null,
): Promise<void> {
  const { deps, user, reply } = context;
  return requestChangeFlow(deps, {
    bound: found.bound,
    channel: found.incident.channel,
    user,
    reply: chatReply(reply),
    sectionId,
    breakGlass: null,
    runId: `${user}:${deps.clock.now()}`,
    ...(params && Object.keys(params).length > 0 ? { params } : {}),
  });
}

function incidentOfButton(context: ActionContext) {
  const value = context.action.value ?? '';
  const found = findIncident(context.deps, { incidentId: /^\d{1,9}$/.test(value) ? Number(value) : null });
  if (!found) throw new UserError('not_found', 'this incident no longer exists');
  return found;
}

/** Buttons of the approval flow (the use cases are in core/approvals/change-flow.ts). */
export const approvalActions: Record<string, ActionHandler> = {
  approve: (context) => decide(context, 'approve'),
  approve_confirmed: (context) => decide(context, 'approve', true),
  deny: (context) => decide(context, 'deny'),
  request_restart: async (context) => {
    const found = incidentOfButton(context);
    const restart = found.bound.binding.subcommands.restart;
    if (!restart) throw new UserError('not_found', 'this runbook has no restart subcommand');
    await requestFromButton(context, found, restart);
  },
  /** On a card whose runbook changed: a new request of the same section, shown as it is now. */
  request_again: async (context) => {
    const { deps, action } = context;
    const previous = isApprovalId(action.value) ? deps.store.getApproval(action.value) : null;
    const found = previous ? findIncident(deps, { incidentId: previous.incidentId }) : null;
    if (!previous || !found) throw new UserError('not_found', 'this request no longer exists');
    // The same values, checked again against the binding's rules as they are now.
    await requestFromButton(context, found, previous.sectionId, previous.params);
  },
  rollback: async (context) => {
    const found = incidentOfButton(context);
    const rollback = found.bound.binding.rollback;
    if (!rollback) throw new UserError('not_found', 'no rollback section is configured in the binding');
    await requestFromButton(context, found, rollback);
  },
};
