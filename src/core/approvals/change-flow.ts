import type { RenderErrorInput } from '../../render/common/error-input.ts';
import type { Locale } from '../../render/i18n/locale.ts';
import type { Approval } from '../../store/records.ts';
import { type BoundRunbook, findSection } from '../catalog.ts';
import type { ChatContent } from '../chat/chat-content.ts';
import type { ChatDeps, ChatReply } from '../chat/chat-deps.ts';
import { UserError } from '../errors.ts';
import { findIncident } from '../incidents/incident-of-message.ts';
import {
  ensureCard,
  openOrReuseIncident,
  queueCardRefresh,
  refreshCard,
} from '../incidents/incident-thread.ts';
import { postSectionRun } from '../incidents/post-section-run.ts';
import { sendOnce } from '../outbox/outbox.ts';
import { changeTarget } from '../targets/resolve-targets.ts';
import { queueApprovalCard } from './approval-card.ts';
import { findGroup, isStagedProcedure } from './change-groups.ts';
import { type ChangeRefusal, isChangeRefused } from './change-refused.ts';
import { type DecideApprovalResult, decideApproval } from './decide-approval.ts';
import { executeApproved } from './execute-change.ts';
import { expireDue } from './expire-approvals.ts';
import { continueProcedureFlow, startProcedureFlow } from './procedure-flow.ts';
import { requestChange } from './request-change.ts';

/** A change asked for in a channel: the section, who asks, and where the answer goes. */
export interface ChangeRequest {
  bound: BoundRunbook;
  channel: string;
  user: string;
  reply: ChatReply;
  sectionId: string;
  /** The reason of a break-glass run (approved at once, the roles pinged); null for a normal request. */
  breakGlass: string | null;
  runId: string;
  /** Parameter values (checked against the binding's rules). */
  params?: Readonly<Record<string, string>>;
  /** Binding targets named (`restart api-2`): exactly one when the binding has targets. */
  targets?: readonly string[];
}

function errorContent(error: RenderErrorInput): ChatContent {
  return { kind: 'error', error };
}

/** `/apidown restart`, the Request restart button, `run <change section>`, rollback: post an approval card. */
export async function requestChangeFlow(deps: ChatDeps, input: ChangeRequest): Promise<void> {
  const { bound, channel, user, reply } = input;
  const locale = bound.binding.locale;
  const target = findSection(bound.runbook, input.sectionId);
  if (!target) throw new UserError('not_found', `unknown section ${input.sectionId}`);
  // A change names exactly one host when the binding has targets (refused here: nothing opened or run).
  const host = changeTarget(bound, input.targets ?? [], `"${target.title}"`);
  // Changes split by reads: one card per change group, in order (break-glass runs the whole section).
  if (!input.breakGlass && isStagedProcedure(target)) {
    await startProcedureFlow(deps, {
      bound,
      section: target,
      channel,
      user,
      params: input.params ?? null,
      target: host,
    });
    return;
  }
  const { incident } = openOrReuseIncident(deps, bound, channel, user);
  const thread = await ensureCard(deps, bound, incident.id);
  let result: Awaited<ReturnType<typeof requestChange>>;
  try {
    result = await requestChange(deps, {
      incident,
      bound,
      section: target,
      requestedBy: user,
      channel,
      breakGlass: input.breakGlass,
      params: input.params ?? null,
      target: host,
    });
  } catch (error) {
    if (isChangeRefused(error)) {
      await reply(errorContent(refusalError(error.refusal, locale, error.message)));
      return;
    }
    throw error;
  }
  let ref: string | null = null;
  try {
    ref = await deps.chat.post(
      { channel, thread },
      { kind: 'approval_card', card: { ...result, locale, now: deps.clock.now(), timeZone: deps.timeZone } },
    );
    deps.store.setApprovalMessage(result.approval.id, channel, ref);
    await refreshCard(deps, bound, incident.id);
  } catch (error) {
    // A break-glass change is approved already: it runs although the chat failed to show its card.
    if (!result.breakGlass) throw error;
    deps.logger.warn(
      { err: error, approvalId: result.approval.id },
      'break-glass card not posted; running it',
    );
  }
  if (result.breakGlass) {
    await sendOnce(deps, {
      key: `break-glass:${result.approval.id}`,
      incidentId: incident.id,
      kind: 'break_glass',
      to: { channel, thread, broadcast: true },
      content: {
        kind: 'escalation_ping',
        ping: {
          roles: result.pingAudiences,
          afterMinutes: null,
          condition: `BREAK-GLASS — ${input.breakGlass ?? ''}`,
          checklist: [],
          rollbackAvailable: false,
          incidentId: incident.id,
          bindingFile: `${bound.runbook.id}.yml`,
          locale,
          timeZone: deps.timeZone,
        },
      },
    });
    await runApproved(deps, { ...result.approval, messageTs: ref }, user, result.checks);
  }
}

function refusalError(r: ChangeRefusal, locale: Locale, message: string): RenderErrorInput {
  switch (r.kind) {
    case 'locked':
      return { kind: 'locked', params: { service: r.service }, locale };
    case 'circuit_open':
      return { kind: 'circuit_open', params: { service: r.service, count: r.count, limit: r.limit }, locale };
    case 'not_approver':
      return { kind: 'not_approver', params: { approvers: r.approvers }, locale };
    case 'incident_resolved':
      return { kind: 'incident_resolved', params: { incidentId: r.incidentId }, locale };
    default:
      return {
        kind: 'user_error',
        params: {
          message:
            r.kind === 'no_change_steps'
              ? `${r.sectionTitle}: nothing to approve (no change step)`
              : r.kind === 'runbook_changed'
                ? `${r.sectionId}: the runbook changed; nothing was run`
                : // A refused or missing value: the rule it breaks (never the value itself).
                  r.field === 'params'
                  ? message
                  : `invalid ${r.field}`,
        },
        locale,
      };
  }
}

/**
 * Runs an approved change exactly once (only the winner of approved -> running runs it) and
 * reports. The state moved first; the run starts right away and never waits for the chat: the card
 * updates go through the outbox (a throttled, failed or hanging update is retried later), and the
 * run's reports are posted after the run, their failures logged.
 */
export async function runApproved(
  deps: ChatDeps,
  approval: Approval,
  actor: string,
  checks: DecideChecks,
): Promise<void> {
  const approved = deps.store.getApproval(approval.id);
  if (approved) void queueApprovalCard(deps, approved, { checks });
  const result = await executeApproved(deps, { approvalId: approval.id, actor });
  if (result.kind === 'not_winner') return;
  if (result.kind === 'aborted') {
    await queueApprovalCard(deps, result.approval, { checks });
    await queueCardRefresh(deps, result.approval, `change:${result.approval.id}`);
    await continueProcedureFlow(deps, result.approval);
    return;
  }
  await queueApprovalCard(deps, result.approval, { checks, outcome: result.outcome });
  const bound = deps.catalog.byRunbookId(approval.runbook);
  const incident = result.incident ?? deps.store.getIncident(approval.incidentId);
  if (bound && incident) {
    for (const run of [result.changeRun, result.verifyRun]) {
      if (!run) continue;
      await postSectionRun(deps, {
        bound,
        run,
        channel: incident.channel,
        requestedBy: actor,
        incidentId: incident.id,
        key: `${approval.id}:${run.section}`,
      }).catch((error: unknown) =>
        deps.logger.warn({ err: error, approvalId: approval.id }, 'could not post the change report'),
      );
    }
  }
  await queueCardRefresh(deps, result.approval, `change:${result.approval.id}`);
  // A group of a procedure: the reads after it and the next group's card, or where it stopped.
  await continueProcedureFlow(deps, result.approval);
}

type DecideChecks = Extract<DecideApprovalResult, { kind: 'approved' }>['checks'];

/** An approver's click on Approve / Deny (or Approve anyway): decide, then run or redraw. */
export async function decideChange(
  deps: ChatDeps,
  input: {
    approvalId: string;
    user: string;
    decision: 'approve' | 'deny';
    confirmRecovered?: boolean;
    channel: string;
    thread: string | null;
    reply: ChatReply;
  },
): Promise<void> {
  const found = findIncident(deps, { channel: input.channel, thread: input.thread });
  const locale = found?.bound.binding.locale ?? 'en';
  const result = await decideApproval(deps, {
    approvalId: input.approvalId,
    userId: input.user,
    decision: input.decision,
    ...(input.confirmRecovered ? { confirmRecovered: true } : {}),
    ...(found ? { incidentId: found.incident.id } : {}),
  });
  switch (result.kind) {
    case 'refused':
      await input.reply(errorContent(refusedError(deps, result, locale)));
      // This click may be what expired it (before the tick did): the card loses its buttons now.
      if (result.code === 'expired' && result.approval?.state === 'expired') {
        await queueApprovalCard(deps, result.approval);
        await queueCardRefresh(deps, result.approval, `decided:${result.approval.id}`);
      }
      return;
    case 'needs_confirmation':
      await input.reply({ kind: 'confirm_recovered', locale, approvalId: result.approval.id });
      return;
    case 'denied':
    case 'runbook_changed':
      // runbook_changed: nothing ran; the card says the runbook changed and offers a new request.
      await queueApprovalCard(deps, result.approval);
      await queueCardRefresh(deps, result.approval, `decided:${result.approval.id}`);
      await continueProcedureFlow(deps, result.approval);
      return;
    case 'approved':
      await runApproved(deps, result.approval, input.user, result.checks);
      return;
  }
}

function refusedError(
  deps: ChatDeps,
  result: Extract<DecideApprovalResult, { kind: 'refused' }>,
  locale: Locale,
): RenderErrorInput {
  switch (result.code) {
    case 'not_approver':
      return {
        kind: 'not_approver',
        params: { approvers: result.approvers ?? { users: [], usergroups: [] } },
        locale,
      };
    case 'self_approval':
      return { kind: 'self_approval', params: {}, locale };
    case 'expired': {
      const bound = result.approval ? deps.catalog.byRunbookId(result.approval.runbook) : undefined;
      return {
        kind: 'approval_expired',
        params: {
          expiredAt: result.approval?.expiresAt ?? deps.clock.now(),
          timeZone: deps.timeZone,
          commandName: bound?.binding.command ?? '/runbook',
          subcommand: subcommandOf(bound, result.approval?.sectionId),
        },
        locale,
      };
    }
    case 'already_decided':
      return { kind: 'approval_decided', params: { state: result.approval?.state ?? 'approved' }, locale };
    default:
      return { kind: 'approval_not_found', params: {}, locale };
  }
}

/** What to type to ask again: the binding's subcommand for the section, else `run <section>`. */
function subcommandOf(bound: BoundRunbook | undefined, sectionId: string | undefined): string {
  if (!bound || !sectionId) return 'restart';
  // A group of a procedure is asked for again by running its procedure.
  const target = findGroup(bound.runbook, sectionId)?.section.id ?? sectionId;
  const named = Object.entries(bound.binding.subcommands).find(([, id]) => id === target);
  return named ? named[0] : `run ${target}`;
}

/** Tick: pending approvals past their expiry turn "expired" and lose their buttons. */
export async function expireApprovals(deps: ChatDeps): Promise<void> {
  for (const approval of expireDue(deps)) {
    await queueApprovalCard(deps, approval);
    await queueCardRefresh(deps, approval, `decided:${approval.id}`);
    await continueProcedureFlow(deps, approval);
  }
}
