import {
  type AfterGroup,
  advanceProcedure,
  continueAfterGroup,
  type ProcedureProgress,
} from '../../core/approvals/continue-procedure.ts';
import type { BoundRunbook } from '../../core/catalog.ts';
import type { Locale } from '../../render/i18n/locale.ts';
import { t } from '../../render/i18n/messages.ts';
import { section as sectionBlock } from '../../render/slack/blocks.ts';
import { renderApprovalCard } from '../../render/slack/render-approval-card.ts';
import type { Section, Step } from '../../runbook/model.ts';
import type { Approval, Incident } from '../../store/records.ts';
import type { BotDeps } from '../bot-deps.ts';
import { ensureCard, openOrReuseIncident, refreshCard } from '../incident-thread.ts';
import { postSectionRun } from '../post-section-run.ts';

/**
 * `run <procedure>` where the procedure's changes are split by reads: the reads before the first
 * group run at once and are posted, then the card for the first group only. The next groups follow
 * one by one as each is approved and has run (continueProcedureFlow).
 */
export async function startProcedureFlow(
  deps: BotDeps,
  input: {
    bound: BoundRunbook;
    section: Section;
    channel: string;
    user: string;
    params?: Readonly<Record<string, string>> | null;
  },
): Promise<void> {
  const { bound, section, channel, user } = input;
  const { incident } = openOrReuseIncident(deps, bound, channel, user);
  const threadTs = await ensureCard(deps, bound, incident.id);
  const progress = await advanceProcedure(deps, {
    incident: deps.store.getIncident(incident.id) ?? incident,
    bound,
    section,
    stage: 0,
    requestedBy: user,
    channel,
    params: input.params ?? null,
  });
  await postProgress(deps, { bound, section, incident, threadTs, progress, user });
}

/**
 * After a group's approval reached its end (run, denied, expired, not started): the next reads and
 * the next group's card, or a thread message saying the procedure stopped and which steps did not
 * run. Does nothing for approvals that are not for a group.
 */
export async function continueProcedureFlow(deps: BotDeps, approval: Approval): Promise<void> {
  const current = deps.store.getApproval(approval.id) ?? approval;
  const after: AfterGroup = await continueAfterGroup(deps, current);
  if (after.kind === 'none') return;
  const bound = deps.catalog.byRunbookId(current.runbook);
  const incident = deps.store.getIncident(current.incidentId);
  if (!bound || !incident?.cardTs) return;
  const locale = bound.binding.locale;
  if (after.kind === 'stopped') {
    await postStopped(deps, {
      channel: incident.channel,
      threadTs: incident.cardTs,
      locale,
      section: after.section,
      reason: t(locale, `approval.state.${current.state}` as 'approval.state.denied'),
      notRun: after.notRun,
    });
    return;
  }
  await postProgress(deps, {
    bound,
    section: after.section,
    incident,
    threadTs: incident.cardTs,
    progress: after.progress,
    user: current.requestedBy,
  });
}

async function postProgress(
  deps: BotDeps,
  input: {
    bound: BoundRunbook;
    section: Section;
    incident: Incident;
    threadTs: string;
    progress: ProcedureProgress;
    user: string;
  },
): Promise<void> {
  const { bound, section, incident, threadTs, progress } = input;
  const locale = bound.binding.locale;
  const channel = incident.channel;
  if (progress.readRun) {
    await postSectionRun(deps, {
      bound,
      run: progress.readRun,
      channel,
      threadTs,
      requestedBy: input.user,
      incidentId: incident.id,
    });
  }
  if (progress.kind === 'done') {
    const text = t(locale, 'procedure.done', { section: section.title });
    await deps.gateway.post({ channel, threadTs, text, blocks: [sectionBlock(text)] });
    return;
  }
  if (progress.kind === 'refused') {
    await postStopped(deps, {
      channel,
      threadTs,
      locale,
      section,
      reason: progress.error.message,
      notRun: progress.notRun,
    });
    return;
  }
  const { request } = progress;
  const intro = t(locale, 'procedure.group', {
    group: progress.group,
    groups: progress.groups,
    section: section.title,
  });
  await deps.gateway.post({ channel, threadTs, text: intro, blocks: [sectionBlock(intro)] });
  const card = renderApprovalCard({ ...request, locale, now: deps.clock.now(), timeZone: deps.timeZone });
  const ts = await deps.gateway.post({ channel, threadTs, ...card });
  deps.store.setApprovalMessage(request.approval.id, channel, ts);
  await refreshCard(deps, bound, incident.id);
}

async function postStopped(
  deps: BotDeps,
  input: {
    channel: string;
    threadTs: string;
    locale: Locale;
    section: Section;
    reason: string;
    notRun: Step[];
  },
): Promise<void> {
  const steps = input.notRun.map((step) => step.title).join(', ');
  const text = t(input.locale, 'procedure.stopped', {
    section: input.section.title,
    reason: input.reason,
    steps,
  });
  await deps.gateway.post({
    channel: input.channel,
    threadTs: input.threadTs,
    text,
    blocks: [sectionBlock(text)],
  });
}
