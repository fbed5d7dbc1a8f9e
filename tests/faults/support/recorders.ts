import type { BoundRunbook } from '../../../src/core/catalog.ts';
import type { PreparedRunner } from '../../../src/core/prepare-runner.ts';
import type { StepResult } from '../../../src/exec/step-result.ts';
import type { BotDeps } from '../../../src/slack/bot-deps.ts';
import { createSlackChat } from '../../../src/slack/slack-chat.ts';
import type { SlackGateway } from '../../../src/slack/slack-gateway.ts';

/** Every command the bot asked to run; nothing is executed (each step "passes" at once). */
export function recordingRunner(deps: BotDeps): { commands: string[] } {
  const commands: string[] = [];
  const original = deps.runnerFor;
  deps.runnerFor = async (bound: BoundRunbook): Promise<PreparedRunner> => {
    const prepared = await original(bound);
    return {
      ...prepared,
      runner: {
        run: async (step): Promise<StepResult> => {
          commands.push(step.command);
          return {
            stepId: step.id,
            title: step.title,
            command: step.command,
            risk: step.risk,
            status: 'pass',
            exitCode: 0,
            timedOut: false,
            durationMs: 1,
            output: 'ok (healthy) 200 OK PONG',
            outputTruncated: false,
            droppedBytes: 0,
            expect: step.expect,
            detail: { kind: 'ok' },
          };
        },
      },
    };
  };
  return { commands };
}

export interface Sent {
  kind: 'post' | 'update' | 'ephemeral' | 'upload' | 'view';
  text: string;
}

/** A gateway that keeps what the bot sends in memory (no pacing, no network). */
export function memoryGateway(deps: BotDeps): { sent: Sent[] } {
  const sent: Sent[] = [];
  let ts = 1_764_424_800;
  const gateway: SlackGateway = {
    post: async (message) => {
      sent.push({ kind: 'post', text: `${message.text}\n${JSON.stringify(message.blocks ?? [])}` });
      ts += 1;
      return `${ts}.000100`;
    },
    update: async (message) => {
      sent.push({ kind: 'update', text: `${message.text}\n${JSON.stringify(message.blocks ?? [])}` });
    },
    ephemeral: async (message) => {
      sent.push({ kind: 'ephemeral', text: `${message.text}\n${JSON.stringify(message.blocks ?? [])}` });
    },
    upload: async (file) => {
      // an image (a chart) is searched as its title, alt text and raw bytes
      const content =
        typeof file.content === 'string'
          ? file.content
          : `${file.title}\n${file.altText ?? ''}\n${Buffer.from(file.content).toString('latin1')}`;
      sent.push({ kind: 'upload', text: content });
    },
    openView: async (_trigger, view) => {
      sent.push({ kind: 'view', text: JSON.stringify(view) });
    },
    usergroupMembers: async () => [],
    deliver: async (message) => {
      sent.push({ kind: 'post', text: `${message.text}\n${JSON.stringify(message.blocks ?? [])}` });
      ts += 1;
      return `${ts}.000100`;
    },
    updateOnce: async (message) => {
      sent.push({ kind: 'update', text: `${message.text}\n${JSON.stringify(message.blocks ?? [])}` });
    },
    findDelivered: async () => null,
  };
  deps.gateway = gateway;
  // The core flows post through the chat port, which was built on the original gateway.
  deps.chat = createSlackChat(gateway, { attemptTimeoutMs: 10_000 });
  return { sent };
}

/** Every command line of every runbook in the catalog: the only things the bot may run. */
export function allowedCommands(deps: BotDeps): Set<string> {
  return new Set(
    deps.catalog.runbooks.flatMap((bound) =>
      bound.runbook.sections.flatMap((section) =>
        section.steps.flatMap((step) => (step.kind === 'command' ? [step.command] : [])),
      ),
    ),
  );
}
