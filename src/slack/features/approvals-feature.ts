import { isApprovalId } from '../../core/approvals/approval-input.ts';
import { findGroup, isStagedProcedure } from '../../core/approvals/change-groups.ts';
import { type ChangeRefusal, isChangeRefused } from '../../core/approvals/change-refused.ts';
import { type DecideApprovalResult, decideApproval } from '../../core/approvals/decide-approval.ts';
import { executeApproved } from '../../core/approvals/execute-change.ts';
import { expireDue } from '../../core/approvals/expire-approvals.ts';
import { requestChange } from '../../core/approvals/request-change.ts';
import { type BoundRunbook, findSection } from '../../core/catalog.ts';
import { UserError } from '../../core/errors.ts';
import type { Locale } from '../../render/i18n/locale.ts';
import { t } from '../../render/i18n/messages.ts';
import { actions, button, section } from '../../render/slack/blocks.ts';
import { renderApprovalCard } from '../../render/slack/render-approval-card.ts';
import { renderError } from '../../render/slack/render-error.ts';
import { renderEscalationPing } from '../../render/slack/render-escalation-ping.ts';
import type { Approval } from '../../store/records.ts';
import type { BotDeps } from '../bot-deps.ts';
import { ensureCard, openOrReuseIncident, refreshCard } from '../incident-thread.ts';
import { findIncident } from '../listeners/find-incident-of-action.ts';
import type { ActionHandler } from '../listeners/on-block-action.ts';
import type { ChangeRequest } from '../listeners/on-slash-command.ts';
import { sendOnce } from '../outbox.ts';
import { postSectionRun } from '../post-section-run.ts';
import type { Reply } from '../reply.ts';
import { queueApprovalCard, queueIncidentCard } from './approval-card.ts';
import { continueProcedureFlow, startProcedureFlow } from './procedure-flow.ts';

/** `/apidown restart`, the Request restart button, `run <change section>`, rollback: post an approval card. */
export async function requestChangeFlow(deps: BotDeps, input: ChangeRequest): Promise<void> {
  const { bound, channel, user, reply } = input;
  const locale = bound.binding.locale;
  const target = findSection(bound.runbook, input.sectionId);
  if (!target) throw new UserError('not_found', `unknown section ${input.sectionId}`);
  // Changes split by reads: one card per change group, in order (break-glass runs the whole section).
  if (!input.breakGlass && isStagedProcedure(target)) {
    await startProcedureFlow(deps, { bound, section: target, channel, user, params: input.params ?? null });
    return;
  }
  const { incident } = openOrReuseIncident(deps, bound, channel, user);
  const threadTs = await ensureCard(deps, bound, incident.id);
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
    });
  } catch (error) {
    if (isChangeRefused(error)) {
      await reply(refusalMessage(error.refusal, locale, error.message));
      return;
    }
    throw error;
  }
  const card = renderApprovalCard({ ...result, locale, now: deps.clock.now(), timeZone: deps.timeZone });
  let ts: string | null = null;
  try {
    ts = await deps.gateway.post({ channel, threadTs, ...card });
    deps.store.setApprovalMessage(result.approval.id, channel, ts);
    await refreshCard(deps, bound, incident.id);
  } catch (error) {
    // A break-glass change is approved already: it runs although Slack failed to show its card.
    if (!result.breakGlass) throw error;
    deps.logger.warn(
      { err: error, approvalId: result.approval.id },
      'break-glass card not posted; running it',
    );
  }
  if (result.breakGlass) {
    const ping = renderEscalationPing({
      roles: result.pingAudiences,
      afterMinutes: null,
      condition: `BREAK-GLASS — ${input.breakGlass ?? ''}`,
      checklist: [],
      rollbackAvailable: false,
      incidentId: incident.id,
      bindingFile: `${bound.runbook.id}.yml`,
      locale,
      timeZone: deps.timeZone,
    });
    await sendOnce(deps, {
      key: `break-glass:${result.approval.id}`,
      incidentId: incident.id,
      kind: 'break_glass',
      message: { channel, threadTs, broadcast: true, ...ping },
    });
    await runApproved(deps, { ...result.approval, messageTs: ts }, user, result.checks);
  }
}

function refusalMessage(r: ChangeRefusal, locale: Locale, message: string) {
  switch (r.kind) {
    case 'locked':
      return renderError({ kind: 'locked', params: { service: r.service }, locale });
    case 'circuit_open':
      return renderError({
        kind: 'circuit_open',
        params: { service: r.service, count: r.count, limit: r.limit },
        locale,
      });
    case 'not_approver':
      return renderError({
        kind: 'not_approver',
        params: { approvers: r.approvers },
        locale,
      });
    case 'incident_resolved':
      return renderError({ kind: 'incident_resolved', params: { incidentId: r.incidentId }, locale });
    default:
      return renderError({
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
      });
  }
}

/**
 * Runs an approved change exactly once (only the winner of approved -> running runs it) and
 * reports. The state moved first; the run starts right away and never waits for Slack: the card
 * updates go through the outbox (a 429, 5xx or hang on chat.update is retried later), and the run's
 * reports are posted after the run, their failures logged.
 */
export async function runApproved(
  deps: BotDeps,
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
    await queueIncidentCard(deps, result.approval, `change:${result.approval.id}`);
    await continueProcedureFlow(deps, result.approval);
    return;
  }
  await queueApprovalCard(deps, result.approval, { checks, outcome: result.outcome });
  const bound = deps.catalog.byRunbookId(approval.runbook);
  const incident = result.incident ?? deps.store.getIncident(approval.incidentId);
  if (bound && incident?.cardTs) {
    for (const run of [result.changeRun, result.verifyRun]) {
      if (!run) continue;
      await postSectionRun(deps, {
        bound,
        run,
        channel: incident.channel,
        threadTs: incident.cardTs,
        requestedBy: actor,
        incidentId: incident.id,
      }).catch((error: unknown) =>
        deps.logger.warn({ err: error, approvalId: approval.id }, 'could not post the change report'),
      );
    }
  }
  await queueIncidentCard(deps, result.approval, `change:${result.approval.id}`);
  // A group of a procedure: the reads after it and the next group's card, or where it stopped.
  await continueProcedureFlow(deps, result.approval);
}

type DecideChecks = Extract<DecideApprovalResult, { kind: 'approved' }>['checks'];

async function decide(
  deps: BotDeps,
  input: {
    approvalId: string;
    user: string;
    decision: 'approve' | 'deny';
    confirmRecovered?: boolean;
    channel: string;
    threadTs: string | null;
    reply: Reply;
  },
): Promise<void> {
  const found = findIncident(deps, { channel: input.channel, threadTs: input.threadTs });
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
      await input.reply(refusedMessage(deps, result, locale));
      // This click may be what expired it (before the tick did): the card loses its buttons now.
      if (result.code === 'expired' && result.approval?.state === 'expired') {
        await queueApprovalCard(deps, result.approval);
        await queueIncidentCard(deps, result.approval, `decided:${result.approval.id}`);
      }
      return;
    case 'needs_confirmation':
      await input.reply({
        text: t(locale, 'notice.recoveredText'),
        blocks: [
          section(t(locale, 'notice.recoveredBody')),
          actions([
            button({
              actionId: 'approve_confirmed',
              text: t(locale, 'button.approve_anyway'),
              value: result.approval.id,
              style: 'danger',
            }),
          ]),
        ],
      });
      return;
    case 'denied':
    case 'runbook_changed':
      // runbook_changed: nothing ran; the card says the runbook changed and offers a new request.
      await queueApprovalCard(deps, result.approval);
      await queueIncidentCard(deps, result.approval, `decided:${result.approval.id}`);
      await continueProcedureFlow(deps, result.approval);
      return;
    case 'approved':
      await runApproved(deps, result.approval, input.user, result.checks);
      return;
  }
}

function refusedMessage(
  deps: BotDeps,
  result: Extract<DecideApprovalResult, { kind: 'refused' }>,
  locale: Locale,
) {
  switch (result.code) {
    case 'not_approver':
      return renderError({
        kind: 'not_approver',
        params: { approvers: result.approvers ?? { users: [], usergroups: [] } },
        locale,
      });
    case 'self_approval':
      return renderError({ kind: 'self_approval', params: {}, locale });
    case 'expired': {
      const bound = result.approval ? deps.catalog.byRunbookId(result.approval.runbook) : undefined;
      return renderError({
        kind: 'approval_expired',
        params: {
          expiredAt: result.approval?.expiresAt ?? deps.clock.now(),
          timeZone: deps.timeZone,
          commandName: bound?.binding.command ?? '/runbook',
          subcommand: subcommandOf(bound, result.approval?.sectionId),
        },
        locale,
      });
    }
    case 'already_decided':
      return renderError({
        kind: 'approval_decided',
        params: { state: result.approval?.state ?? 'approved' },
        locale,
      });
    default:
      return renderError({ kind: 'approval_not_found', params: {}, locale });
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

const approveAction: ActionHandler = ({ deps, action, user, channel, threadTs, reply }) =>
  decide(deps, { approvalId: action.value ?? '', user, decision: 'approve', channel, threadTs, reply });

/** Buttons of the approval flow. */
export const approvalActions: Record<string, ActionHandler> = {
  approve: approveAction,
  approve_confirmed: ({ deps, action, user, channel, threadTs, reply }) =>
    decide(deps, {
      approvalId: action.value ?? '',
      user,
      decision: 'approve',
      confirmRecovered: true,
      channel,
      threadTs,
      reply,
    }),
  deny: ({ deps, action, user, channel, threadTs, reply }) =>
    decide(deps, { approvalId: action.value ?? '', user, decision: 'deny', channel, threadTs, reply }),
  request_restart: async ({ deps, action, user, reply }) => {
    const found = findIncident(deps, {
      incidentId: /^\d{1,9}$/.test(action.value ?? '') ? Number(action.value) : null,
    });
    if (!found) throw new UserError('not_found', 'this incident no longer exists');
    const restart = found.bound.binding.subcommands.restart;
    if (!restart) throw new UserError('not_found', 'this runbook has no restart subcommand');
    await requestChangeFlow(deps, {
      bound: found.bound,
      channel: found.incident.channel,
      user,
      reply,
      sectionId: restart,
      breakGlass: null,
      runId: `${user}:${deps.clock.now()}`,
    });
  },
  /** On a card whose runbook changed: a new request of the same section, shown as it is now. */
  request_again: async ({ deps, action, user, reply }) => {
    const previous = isApprovalId(action.value) ? deps.store.getApproval(action.value) : null;
    const found = previous ? findIncident(deps, { incidentId: previous.incidentId }) : null;
    if (!previous || !found) throw new UserError('not_found', 'this request no longer exists');
    await requestChangeFlow(deps, {
      bound: found.bound,
      channel: found.incident.channel,
      user,
      reply,
      sectionId: previous.sectionId,
      breakGlass: null,
      runId: `${user}:${deps.clock.now()}`,
      // The same values, checked again against the binding's rules as they are now.
      ...(previous.params && Object.keys(previous.params).length > 0 ? { params: previous.params } : {}),
    });
  },
  rollback: async ({ deps, action, user, reply }) => {
    const found = findIncident(deps, {
      incidentId: /^\d{1,9}$/.test(action.value ?? '') ? Number(action.value) : null,
    });
    if (!found) throw new UserError('not_found', 'this incident no longer exists');
    const rollback = found.bound.binding.rollback;
    if (!rollback) throw new UserError('not_found', 'no rollback section is configured in the binding');
    await requestChangeFlow(deps, {
      bound: found.bound,
      channel: found.incident.channel,
      user,
      reply,
      sectionId: rollback,
      breakGlass: null,
      runId: `${user}:${deps.clock.now()}`,
    });
  },
};

/** Tick: pending approvals past their expiry turn "expired" and lose their buttons. */
export async function expireApprovals(deps: BotDeps): Promise<void> {
  for (const approval of expireDue(deps)) {
    await queueApprovalCard(deps, approval);
    await queueIncidentCard(deps, approval, `decided:${approval.id}`);
    await continueProcedureFlow(deps, approval);
  }
}
