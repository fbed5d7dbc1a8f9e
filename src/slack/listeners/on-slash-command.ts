import type { App, SlashCommand } from '@slack/bolt';
import { type BoundRunbook, findSection, sectionChangesHost } from '../../core/catalog.ts';
import { UserError } from '../../core/errors.ts';
import { runReadSection } from '../../core/incidents/run-read-section.ts';
import { parseCommandText } from '../../core/parse-command-text.ts';
import { assertMayRun } from '../../core/run-access.ts';
import { renderError } from '../../render/slack/render-error.ts';
import { afterPendingAcks } from '../after-acks.ts';
import type { BotDeps } from '../bot-deps.ts';
import { gateSectionParams } from '../features/params-modal.ts';
import { chatReply, type Reply, replyViaResponseUrl, withErrorBoundary } from '../reply.ts';
import { replyHelp } from './reply-help.ts';
import { replyStatus } from './reply-status.ts';

/** Handlers for the intents issues 5 and 6 add (approvals, impact, resolve); absent ones are refused. */
export interface IntentHandlers {
  requestChange?: (deps: BotDeps, input: ChangeRequest) => Promise<void>;
  impactMany?: (deps: BotDeps, input: IntentInput) => Promise<void>;
  resolve?: (deps: BotDeps, input: IntentInput & { triggerId: string }) => Promise<void>;
}

export interface IntentInput {
  bound: BoundRunbook;
  channel: string;
  user: string;
  reply: Reply;
}

export interface ChangeRequest extends IntentInput {
  sectionId: string;
  breakGlass: string | null;
  runId: string;
  /** Parameter values (checked against the binding's rules). */
  params?: Readonly<Record<string, string>>;
  /** Binding targets named in the command (`restart api-2`): a change needs exactly one when the binding has targets. */
  targets?: readonly string[];
}

/** One slash command per binding: ack at once, then parse the text (fixed grammar) and do one thing. */
export function registerSlashCommands(app: App, deps: BotDeps, handlers: IntentHandlers): void {
  for (const bound of deps.catalog.runbooks) {
    app.command(bound.binding.command, async ({ command, ack, respond }) => {
      await ack();
      await afterPendingAcks();
      await handleSlashCommand(deps, handlers, bound, command, replyViaResponseUrl(respond));
    });
  }
}

export async function handleSlashCommand(
  deps: BotDeps,
  handlers: IntentHandlers,
  bound: BoundRunbook,
  command: SlashCommand,
  reply: Reply,
): Promise<void> {
  const locale = bound.binding.locale;
  const logger = deps.logger.child({ command: bound.binding.command, user: command.user_id });
  await withErrorBoundary({ logger, locale, reply }, async () => {
    // Slack may deliver the same command twice (retries); the trigger id is unique per invocation.
    // Inside the boundary: a database that is down gets a clear reply, and nothing was claimed.
    if (!deps.store.claimOnce(`command:${command.trigger_id}`, 24 * 3_600_000)) return;
    const allowed = bound.binding.channels;
    if (allowed.length > 0 && !allowed.includes(command.channel_id)) {
      await reply(
        renderError({
          kind: 'channel_not_allowed',
          params: { commandName: bound.binding.command, channels: allowed },
          locale,
        }),
      );
      return;
    }
    const intent = parseCommandText(command.text ?? '', bound);
    deps.metrics.commandReceived(
      bound.runbook.id,
      intent.kind === 'section' ? intent.subcommand : intent.kind,
    );
    const base: IntentInput = { bound, channel: command.channel_id, user: command.user_id, reply };
    switch (intent.kind) {
      case 'invalid': {
        const error = renderError({
          kind: 'unknown_subcommand',
          params: {
            commandName: bound.binding.command,
            given: intent.unknownWord ?? `${(command.text ?? '').slice(0, 60)} (${intent.message})`,
            suggestion: intent.suggestion,
          },
          locale,
        });
        // A word the binding does not map: say so, then what can be typed (the help message).
        if (intent.unknownWord !== undefined) await replyHelp(deps, base, error);
        else await reply(error);
        return;
      }
      case 'help':
        await replyHelp(deps, base);
        return;
      case 'status':
        await replyStatus(deps, base);
        return;
      case 'impact':
        if (!handlers.impactMany) throw new UserError('conflict', 'impact is not available in this bot');
        await handlers.impactMany(deps, base);
        return;
      case 'resolve':
        if (!handlers.resolve) throw new UserError('conflict', 'resolve is not available in this bot');
        await handlers.resolve(deps, { ...base, triggerId: command.trigger_id });
        return;
      case 'section': {
        const section = findSection(bound.runbook, intent.sectionId);
        if (!section) throw new UserError('not_found', `unknown section ${intent.sectionId}`);
        // Before anything happens (no incident opened, nothing run): the binding's operators.
        await assertMayRun(deps, bound, command.user_id);
        const params = await gateSectionParams(deps, {
          bound,
          section,
          channel: command.channel_id,
          given: intent.params ?? {},
          breakGlass: intent.breakGlass,
          triggerId: command.trigger_id,
          reply,
        });
        if (params === null) return;
        const withParams = {
          ...(Object.keys(params).length > 0 ? { params } : {}),
          ...(intent.targets ? { targets: intent.targets } : {}),
        };
        if (sectionChangesHost(section) || intent.breakGlass) {
          if (!handlers.requestChange)
            throw new UserError('conflict', 'changes are not available in this bot');
          await handlers.requestChange(deps, {
            ...base,
            sectionId: section.id,
            breakGlass: intent.breakGlass,
            runId: command.trigger_id,
            ...withParams,
          });
          return;
        }
        await runReadSection(deps, {
          ...base,
          reply: chatReply(reply),
          section,
          runId: command.trigger_id,
          ...withParams,
        });
        return;
      }
    }
  });
}
