import type { Clock } from '../core/ports.ts';
import type { ChannelBook } from './channel-view.ts';
import { demoUser } from './demo-workspace.ts';
import { isRecord, str } from './emulator/body.ts';
import { blockAction, slashCommand, viewSubmission } from './emulator/payloads.ts';
import { interactionBody, postSigned, slashCommandBody } from './emulator/signing.ts';
import type { SlackEmulator } from './emulator/slack-emulator.ts';

/** Where the bot listens and how to sign for it. */
export interface BotEndpoint {
  eventsUrl: string;
  signingSecret: string;
}

export interface ActionOutcome {
  /** HTTP status of the bot's answer (200 = acked). */
  status: number;
  ms: number;
}

export interface ClickInput {
  user: string;
  /** ts of the message (or ephemeral) holding the button. */
  messageTs: string;
  actionId: string;
  blockId?: string;
  value?: string;
  text?: string;
}

export interface SubmitOutcome extends ActionOutcome {
  /** True when the bot closed the modal (or cleared it). */
  closed: boolean;
  errors: Record<string, string>;
}

/**
 * Turns what a person does in the page into the SIGNED requests Slack would send to the bot: a slash
 * command (with a response_url served by the emulator), a button click (block_actions with a
 * trigger_id), a modal submission (view_submission).
 */
export class PersonActions {
  constructor(
    private readonly emulator: SlackEmulator,
    private readonly book: ChannelBook,
    private readonly bot: BotEndpoint,
    private readonly clock: Clock,
    private readonly teamId: string,
  ) {}

  private userRef(user: string) {
    return { id: user, username: (demoUser(user)?.name ?? user).toLowerCase() };
  }

  private trigger(user: string): string {
    // Issued by the emulator, so views.open takes it for 3 seconds only, as Slack does.
    const id = this.emulator.triggerId();
    this.book.ownTrigger(id, user);
    return id;
  }

  private async post(body: string): Promise<ActionOutcome & { text: string }> {
    const started = this.clock.now();
    const answer = await postSigned({
      url: this.bot.eventsUrl,
      secret: this.bot.signingSecret,
      body,
      timestamp: Math.floor(started / 1000),
    });
    return { status: answer.status, text: answer.text, ms: this.clock.now() - started };
  }

  /** `/apidown diagnose` typed in the composer. */
  async command(user: string, typed: string): Promise<ActionOutcome> {
    const match = /^\s*(\/[a-z0-9_-]+)\s*([\s\S]*)$/.exec(typed);
    if (!match?.[1]) {
      this.book.note(
        user,
        `Type a slash command, such as one of the hints under the box (got "${typed.slice(0, 80)}").`,
      );
      return { status: 0, ms: 0 };
    }
    const responseUrl = this.emulator.responseUrl();
    this.book.ownResponseUrl(responseUrl, { user, channel: this.book.channel.id });
    const fields = slashCommand({
      command: match[1],
      text: (match[2] ?? '').trim(),
      user_id: user,
      user_name: this.userRef(user).username,
      channel_id: this.book.channel.id,
      channel_name: this.book.channel.name,
      team_id: this.teamId,
      response_url: responseUrl,
      trigger_id: this.trigger(user),
    });
    const answer = await this.post(slashCommandBody(fields));
    this.noteAnswer(user, answer, `${match[1]} failed`);
    return { status: answer.status, ms: answer.ms };
  }

  /** A button in a message, a thread reply or an ephemeral. */
  async click(input: ClickInput): Promise<ActionOutcome> {
    const message = this.emulator.messages.find(
      (candidate) => candidate.channel === this.book.channel.id && candidate.ts === input.messageTs,
    );
    const ephemeral = !message;
    const threadTs = message?.thread_ts;
    const responseUrl = this.emulator.responseUrl();
    this.book.ownResponseUrl(responseUrl, { user: input.user, channel: this.book.channel.id });
    const payload = blockAction({
      action_id: input.actionId,
      ...(input.value !== undefined ? { value: input.value } : {}),
      ...(input.blockId ? { block_id: input.blockId } : {}),
      ...(input.text ? { text: input.text } : {}),
      user: this.userRef(input.user),
      channel: this.book.channel.id,
      team_id: this.teamId,
      message_ts: input.messageTs,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      container: {
        type: 'message',
        message_ts: input.messageTs,
        channel_id: this.book.channel.id,
        is_ephemeral: ephemeral,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      },
      ...(message
        ? {
            message: {
              type: 'message',
              user: message.user,
              ts: message.ts,
              ...(threadTs ? { thread_ts: threadTs } : {}),
              text: message.text,
              blocks: message.blocks,
            },
          }
        : {}),
      response_url: responseUrl,
      trigger_id: this.trigger(input.user),
      action_ts: `${(this.clock.now() / 1000).toFixed(6)}`,
    });
    const answer = await this.post(interactionBody(payload));
    this.noteAnswer(input.user, answer, `button ${input.actionId} failed`, threadTs);
    return { status: answer.status, ms: answer.ms };
  }

  /** The modal's submit button: `values[block_id][action_id]` as typed. */
  async submit(
    user: string,
    viewId: string,
    values: Record<string, Record<string, string>>,
  ): Promise<SubmitOutcome> {
    const open = this.book.findView(viewId);
    if (!open) return { status: 404, ms: 0, closed: true, errors: {} };
    const view = open.view;
    const payload = viewSubmission({
      callback_id: str(view.callback_id) ?? '',
      private_metadata: str(view.private_metadata) ?? '',
      values,
      user: this.userRef(user),
      view_id: viewId,
      team_id: this.teamId,
      trigger_id: this.trigger(user),
    });
    // Slack sends the view as it is, with the typed values in state.
    const sentView = isRecord(payload.view) ? payload.view : {};
    payload.view = { ...view, ...sentView, blocks: Array.isArray(view.blocks) ? view.blocks : [] };
    const answer = await this.post(interactionBody(payload));
    const response = parseJson(answer.text);
    const action = str(response?.response_action);
    if (answer.status === 200 && action === 'errors' && isRecord(response?.errors)) {
      const errors: Record<string, string> = {};
      for (const [block, message] of Object.entries(response.errors)) errors[block] = str(message) ?? '';
      this.book.setViewErrors(viewId, errors);
      return { status: answer.status, ms: answer.ms, closed: false, errors };
    }
    if (answer.status !== 200) {
      this.noteAnswer(user, answer, 'the modal submission failed');
      return { status: answer.status, ms: answer.ms, closed: false, errors: {} };
    }
    if (action === 'update' && isRecord(response?.view)) {
      open.view = { ...response.view, id: viewId };
      this.book.touch();
      return { status: answer.status, ms: answer.ms, closed: false, errors: {} };
    }
    this.book.closeView(viewId);
    return { status: answer.status, ms: answer.ms, closed: true, errors: {} };
  }

  /** The modal's cancel button (Slack sends view_closed only when asked; this bot does not ask). */
  close(viewId: string): void {
    this.book.closeView(viewId);
  }

  private noteAnswer(user: string, answer: { status: number; text: string }, what: string, thread?: string) {
    if (answer.status !== 200) {
      this.book.note(
        user,
        `⚠️ ${what}: the bot answered HTTP ${answer.status} ${answer.text.slice(0, 200)}`,
        thread,
      );
      return;
    }
    // A bot may answer a command in its ack (text or JSON message): Slack shows it to the caller.
    const body = answer.text.trim();
    if (!body) return;
    const parsed = parseJson(body);
    const text = parsed ? str(parsed.text) : body;
    if (text) this.book.note(user, text, thread);
  }
}

function parseJson(text: string): Record<string, unknown> | null {
  if (!text.trim().startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}
