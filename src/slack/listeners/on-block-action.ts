import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { diagnoseSection, findSection, sectionChangesHost } from '../../core/catalog.ts';
import { UserError } from '../../core/errors.ts';
import type { BotDeps } from '../bot-deps.ts';
import { type Reply, withErrorBoundary } from '../reply.ts';
import { runReadSection } from '../run-read-section.ts';
import { findIncident } from './find-incident.ts';

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

/** Card and thread buttons that only read: run the diagnosis again, run a suggested section. */
const readActions: Record<string, ActionHandler> = {
  diagnose: async ({ deps, action, user, reply, body }) => {
    const found = findIncident(deps, { incidentId: incidentIdOf(action.value) });
    if (!found) throw new UserError('not_found', 'this incident no longer exists');
    const section = diagnoseSection(found.bound);
    if (!section) throw new UserError('not_found', 'this runbook has no diagnose section');
    await runReadSection(deps, {
      bound: found.bound,
      section,
      channel: found.incident.channel,
      user,
      runId: body.actions[0]?.action_ts ?? String(deps.clock.now()),
      reply,
    });
  },
  run_section: async ({ deps, action, user, reply, channel, threadTs, body }) => {
    const found = findIncident(deps, { channel, threadTs });
    if (!found) throw new UserError('not_found', 'no open incident for this thread');
    const section = findSection(found.bound.runbook, action.value ?? '');
    if (!section || section.steps.length === 0) throw new UserError('not_found', 'unknown section');
    if (sectionChangesHost(section))
      throw new UserError('forbidden', 'this section changes the host: request it with the command');
    await runReadSection(deps, {
      bound: found.bound,
      section,
      channel: found.incident.channel,
      user,
      runId: body.actions[0]?.action_ts ?? String(deps.clock.now()),
      reply,
    });
  },
};

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
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action }) => {
      await ack();
      const user = body.user.id;
      const channel = body.channel?.id ?? body.container?.channel_id ?? '';
      const message = body.message as { ts?: string; thread_ts?: string } | undefined;
      const threadTs = message?.thread_ts ?? message?.ts ?? null;
      if (!deps.store.claimOnce(`action:${actionId}:${user}:${action.action_ts}`, 24 * 3_600_000)) return;
      const bound = findIncident(deps, { channel, threadTs })?.bound ?? deps.catalog.runbooks[0];
      const locale = bound?.binding.locale ?? 'en';
      const reply: Reply = async (text) => {
        await deps.gateway.ephemeral({ channel, user, threadTs, ...text });
      };
      await withErrorBoundary({ logger: deps.logger.child({ action: actionId, user }), locale, reply }, () =>
        handler({ deps, body, action, user, channel, threadTs, reply }),
      );
    });
  }
}
