import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { diagnoseSection, findSection, sectionChangesHost } from '../../core/catalog.ts';
import { UserError } from '../../core/errors.ts';
import { findIncident } from '../../core/incidents/incident-of-message.ts';
import { runReadSection } from '../../core/incidents/run-read-section.ts';
import { assertMayRun } from '../../core/run-access.ts';
import type { Section } from '../../runbook/model.ts';
import { afterPendingAcks } from '../after-acks.ts';
import type { BotDeps } from '../bot-deps.ts';
import { chatReply, interactionReply, type Reply, withErrorBoundary } from '../reply.ts';

export interface ActionContext {
  deps: BotDeps;
  body: BlockAction;
  action: ButtonAction;
  user: string;
  channel: string;
  threadTs: string | null;
  reply: Reply;
}

export type ActionHandler = (context: ActionContext) => Promise<void>;

const idPattern = /^\d{1,9}$/;

function incidentIdOf(value: string | undefined): number | null {
  return value && idPattern.test(value) ? Number(value) : null;
}

/** Runs a read-only section for the incident a button belongs to, replies going to the clicker. */
async function runFromButton(
  context: ActionContext,
  found: IncidentRef,
  section: Section | undefined,
): Promise<void> {
  if (!section || section.steps.length === 0) throw new UserError('not_found', 'unknown section');
  if (sectionChangesHost(section)) {
    throw new UserError('forbidden', 'this section changes the host: request it with the command');
  }
  await assertMayRun(context.deps, found.bound, context.user);
  return runReadSection(context.deps, {
    bound: found.bound,
    section,
    channel: found.incident.channel,
    user: context.user,
    runId: context.action.action_ts,
    reply: chatReply(context.reply),
  });
}

type IncidentRef = NonNullable<ReturnType<typeof findIncident>>;

/** Card and thread buttons that only read: run the diagnosis again, run a suggested section. */
const readActions: Record<string, ActionHandler> = {
  diagnose: async (context) => {
    const found = findIncident(context.deps, { incidentId: incidentIdOf(context.action.value) });
    if (!found) throw new UserError('not_found', 'this incident no longer exists');
    await runFromButton(context, found, diagnoseSection(found.bound));
  },
  run_section: async (context) => {
    const found = findIncident(context.deps, { channel: context.channel, thread: context.threadTs });
    if (!found) throw new UserError('not_found', 'no open incident for this thread');
    await runFromButton(context, found, findSection(found.bound.runbook, context.action.value ?? ''));
  },
};

/**
 * The thread a clicked button sits in. A click in an ephemeral message comes without `message`
 * (Slack sends only the container), so the container's thread_ts is used then.
 */
function threadOfClick(body: BlockAction): string | null {
  const message = body.message as { ts?: string; thread_ts?: string } | undefined;
  if (message) return message.thread_ts ?? message.ts ?? null;
  const container = body.container as { thread_ts?: string; is_ephemeral?: boolean; message_ts?: string };
  return container?.thread_ts ?? (container?.is_ephemeral ? null : (container?.message_ts ?? null));
}

/**
 * Every button: ack at once, drop replays of the same click (same action_ts), then one handler.
 * Feature handlers (approvals, incidents) come in `extra`.
 */
export function registerBlockActions(
  app: App,
  deps: BotDeps,
  extra: Record<string, ActionHandler> = {},
): void {
  const all = { ...readActions, ...extra };
  for (const [actionId, handler] of Object.entries(all)) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      await afterPendingAcks();
      const user = body.user.id;
      const channel = body.channel?.id ?? body.container?.channel_id ?? '';
      const threadTs = threadOfClick(body);
      const logger = deps.logger.child({ action: actionId, user });
      const reply = interactionReply({
        respond: body.response_url ? respond : undefined,
        ephemeral: (message) => deps.gateway.ephemeral({ channel, user, threadTs, ...message }),
        logger,
      });
      let bound = deps.catalog.runbooks[0];
      let fresh = false;
      // Inside a boundary: a database that is down gets a clear reply (nothing claimed, nothing done).
      await withErrorBoundary({ logger, locale: bound?.binding.locale ?? 'en', reply }, async () => {
        fresh = deps.store.claimOnce(`action:${actionId}:${user}:${action.action_ts}`, 24 * 3_600_000);
        if (fresh) bound = findIncident(deps, { channel, thread: threadTs })?.bound ?? bound;
      });
      if (!fresh) return;
      const locale = bound?.binding.locale ?? 'en';
      await withErrorBoundary({ logger, locale, reply }, () =>
        handler({ deps, body, action, user, channel, threadTs, reply }),
      );
    });
  }
}
