import { isRecord, str } from './emulator/body.ts';
import type { SlackEmulator } from './emulator/slack-emulator.ts';
import type { FakeView } from './emulator/types.ts';

/** A message as the page shows it (channel message, thread reply or ephemeral). */
export interface ViewMessage {
  ts: string;
  thread_ts?: string;
  text: string;
  blocks: unknown[];
  /** How many times chat.update changed it. */
  updates: number;
  /** A thread reply also sent to the channel. */
  broadcast: boolean;
  /** Only the current user sees it. */
  ephemeral: boolean;
  /** Where it came from: chat.postMessage, chat.postEphemeral, response_url, or the emulator itself. */
  source: 'message' | 'ephemeral' | 'response_url' | 'emulator';
}

export interface ViewFile {
  id: string;
  filename: string;
  title: string;
  size: number;
  thread_ts?: string;
  url: string;
  /** A PNG (a chart): the page shows it inline, with its description. */
  image?: { alt: string };
}

export interface OpenModal {
  id: string;
  view: Record<string, unknown>;
  /** block_id -> message, from the bot's `response_action: errors`. */
  errors: Record<string, string>;
}

/** What one person's page shows. */
export interface ChannelView {
  version: number;
  me: string;
  channel: { id: string; name: string };
  messages: ViewMessage[];
  ephemerals: ViewMessage[];
  modal: OpenModal | null;
  files: ViewFile[];
}

interface ResponseOwner {
  user: string;
  channel: string;
}

/**
 * What the page adds to the Slack emulator: who each response_url and trigger_id belongs to (so
 * ephemerals and modals show to that person only), which modals are closed, notes for one person.
 */
export class ChannelBook {
  private readonly responseOwners = new Map<string, ResponseOwner>();
  private readonly triggerOwners = new Map<string, string>();
  private readonly closedViews = new Set<string>();
  private readonly viewErrors = new Map<string, Record<string, string>>();
  private readonly responseTs = new Map<number, string>();
  private readonly notes: (ViewMessage & { user: string; channel: string })[] = [];
  private changes = 0;

  constructor(
    private readonly emulator: SlackEmulator,
    readonly channel: { id: string; name: string },
  ) {}

  ownResponseUrl(url: string, owner: ResponseOwner): void {
    this.responseOwners.set(url, owner);
  }

  ownTrigger(trigger: string, user: string): void {
    this.triggerOwners.set(trigger, user);
  }

  closeView(id: string): void {
    this.closedViews.add(id);
    this.viewErrors.delete(id);
    this.changes += 1;
  }

  setViewErrors(id: string, errors: Record<string, string>): void {
    this.viewErrors.set(id, errors);
    this.changes += 1;
  }

  /** A line only `user` sees, from the emulator (e.g. the bot refused a request). */
  note(user: string, text: string, threadTs?: string): void {
    this.notes.push({
      user,
      channel: this.channel.id,
      ts: this.emulator.state.nextTs(),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      text,
      blocks: [],
      updates: 0,
      broadcast: false,
      ephemeral: true,
      source: 'emulator',
    });
    this.changes += 1;
  }

  /** Something outside the emulator's records changed (scenario, modal closed): the page redraws. */
  touch(): void {
    this.changes += 1;
  }

  openViewFor(user: string): FakeView | undefined {
    const views = this.emulator.views.filter(
      (view) =>
        !this.closedViews.has(view.id) && view.trigger_id && this.triggerOwners.get(view.trigger_id) === user,
    );
    return views.at(-1);
  }

  findView(id: string): FakeView | undefined {
    return this.emulator.views.find((view) => view.id === id);
  }

  version(): number {
    return this.emulator.calls.length + this.emulator.responses.length + this.changes;
  }

  private responseMessages(user: string): ViewMessage[] {
    const shown: ViewMessage[] = [];
    this.emulator.responses.forEach((post, index) => {
      const owner = this.responseOwners.get(post.url);
      if (!post.accepted || !owner || owner.channel !== this.channel.id) return;
      const inChannel = post.body.response_type === 'in_channel';
      if (!inChannel && owner.user !== user) return;
      let ts = this.responseTs.get(index);
      if (!ts) {
        ts = this.emulator.state.nextTs();
        this.responseTs.set(index, ts);
      }
      shown.push({
        ts,
        text: str(post.body.text) ?? '',
        blocks: Array.isArray(post.body.blocks) ? post.body.blocks : [],
        updates: 0,
        broadcast: false,
        ephemeral: !inChannel,
        source: 'response_url',
      });
    });
    return shown;
  }

  view(user: string): ChannelView {
    const channel = this.channel.id;
    const messages: ViewMessage[] = this.emulator.messages
      .filter((message) => message.channel === channel)
      .map((message) => ({
        ts: message.ts,
        ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
        text: message.text,
        blocks: message.blocks,
        updates: message.updates,
        broadcast: message.reply_broadcast === true,
        ephemeral: false,
        source: 'message',
      }));
    const ephemerals: ViewMessage[] = [
      ...this.emulator.ephemerals
        .filter((message) => message.channel === channel && message.user === user)
        .map(
          (message): ViewMessage => ({
            ts: message.ts,
            ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
            text: message.text,
            blocks: message.blocks,
            updates: 0,
            broadcast: false,
            ephemeral: true,
            source: 'ephemeral',
          }),
        ),
      ...this.responseMessages(user),
      ...this.notes.filter((note) => note.user === user && note.channel === channel),
    ].sort((a, b) => Number(a.ts) - Number(b.ts));
    const open = this.openViewFor(user);
    const files = this.emulator.files
      .filter((file) => file.channel === channel)
      .map((file) => ({
        id: file.id,
        filename: file.filename,
        title: file.title ?? file.filename,
        size: file.content.length,
        ...(file.thread_ts ? { thread_ts: file.thread_ts } : {}),
        url: `/ui/files/${encodeURIComponent(file.id)}`,
        ...(isPng(file.content) ? { image: { alt: file.alt_text ?? file.title ?? file.filename } } : {}),
      }));
    return {
      version: this.version(),
      me: user,
      channel: this.channel,
      messages,
      ephemerals,
      modal: open
        ? {
            id: open.id,
            view: isRecord(open.view) ? open.view : {},
            errors: this.viewErrors.get(open.id) ?? {},
          }
        : null,
      files,
    };
  }
}

/** The 8-byte PNG signature. */
export function isPng(content: Buffer): boolean {
  return (
    content.length > 8 &&
    content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  );
}
