import type { Locale } from '../../render/i18n/locale.ts';
import { t } from '../../render/i18n/messages.ts';
import type { Section, Step } from '../../runbook/model.ts';
import type { Approval, Incident } from '../../store/records.ts';
import type { BoundRunbook } from '../catalog.ts';
import type { ChatDeps } from '../chat/chat-deps.ts';
import { ensureCard, openOrReuseIncident, refreshCard } from '../incidents/incident-thread.ts';
import { postSectionRun } from '../incidents/post-section-run.ts';
import {
  type AfterGroup,
  advanceProcedure,
  continueAfterGroup,
  type ProcedureProgress,
} from './continue-procedure.ts';

/**
 * `run <procedure>` where the procedure's changes are split by reads: the reads before the first
 * group run at once and are posted, then the card for the first group only. The next groups follow
 * one by one as each is approved and has run (continueProcedureFlow).
 */
export async function startProcedureFlow(
  deps: ChatDeps,
  input: {
    bound: BoundRunbook;
    section: Section;
    channel: string;
    user: string;
    params?: Readonly<Record<string, string>> | null;
    /** The binding target every stage runs on (one host for the whole procedure). */
    target?: string | null;
  },
): Promise<void> {
  const { bound, section, channel, user } = input;
  const { incident } = openOrReuseIncident(deps, bound, channel, user);
  const thread = await ensureCard(deps, bound, incident.id);
  const progress = await advanceProcedure(deps, {
    incident: deps.store.getIncident(incident.id) ?? incident,
    bound,
    section,
    stage: 0,
    requestedBy: user,
    channel,
    params: input.params ?? null,
    target: input.target ?? null,
  });
  await postProgress(deps, { bound, section, incident, thread, progress, user });
}

/**
 * After a group's approval reached its end (run, denied, expired, not started): the next reads and
 * the next group's card, or a thread message saying the procedure stopped and which steps did not
 * run. Does nothing for approvals that are not for a group.
 */
export async function continueProcedureFlow(deps: ChatDeps, approval: Approval): Promise<void> {
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
      thread: incident.cardTs,
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
    thread: incident.cardTs,
    progress: after.progress,
    user: current.requestedBy,
  });
}

async function postProgress(
  deps: ChatDeps,
  input: {
    bound: BoundRunbook;
    section: Section;
    incident: Incident;
    thread: string;
    progress: ProcedureProgress;
    user: string;
  },
): Promise<void> {
  const { bound, section, incident, thread, progress } = input;
  const locale = bound.binding.locale;
  const channel = incident.channel;
  if (progress.readRun) {
    await postSectionRun(deps, {
      bound,
      run: progress.readRun,
      channel,
      requestedBy: input.user,
      incidentId: incident.id,
    });
  }
  if (progress.kind === 'done') {
    await deps.chat.post(
      { channel, thread },
      { kind: 'procedure_done', locale, sectionTitle: section.title },
    );
    return;
  }
  if (progress.kind === 'refused') {
    await postStopped(deps, {
      channel,
      thread,
      locale,
      section,
      reason: progress.error.message,
      notRun: progress.notRun,
    });
    return;
  }
  const { request } = progress;
  await deps.chat.post(
    { channel, thread },
    {
      kind: 'procedure_group',
      locale,
      group: progress.group,
      groups: progress.groups,
      sectionTitle: section.title,
    },
  );
  const ref = await deps.chat.post(
    { channel, thread },
    { kind: 'approval_card', card: { ...request, locale, now: deps.clock.now(), timeZone: deps.timeZone } },
  );
  deps.store.setApprovalMessage(request.approval.id, channel, ref);
  await refreshCard(deps, bound, incident.id);
}

async function postStopped(
  deps: ChatDeps,
  input: {
    channel: string;
    thread: string;
    locale: Locale;
    section: Section;
    reason: string;
    notRun: Step[];
  },
): Promise<void> {
  await deps.chat.post(
    { channel: input.channel, thread: input.thread },
    {
      kind: 'procedure_stopped',
      locale: input.locale,
      sectionTitle: input.section.title,
      reason: input.reason,
      notRun: input.notRun.map((step) => step.title),
    },
  );
}
