import type { ChatContent, ChatForm } from './chat-content.ts';

/**
 * Where a message goes: a channel, and optionally the thread it answers (the opaque reference of
 * the thread's first message, as `post` returned it).
 */
export interface ChatDestination {
  channel: string;
  thread?: string | null;
  /** A thread reply also shown in the channel. */
  broadcast?: boolean;
}

/** A posted message: its channel and the platform's opaque reference to it (Slack: the `ts`). */
export interface MessageRef {
  channel: string;
  ref: string;
}

/** A text file shown in a thread (the full output of a run, the incident report). */
export interface ChatFile {
  filename: string;
  title: string;
  /** Text, or the bytes of an image (a chart PNG). */
  content: string | Uint8Array;
  /** What an image shows, for screen readers (a chart's latest value and trend). */
  altText?: string;
}

/** Why one attempt to send a queued message failed, as far as the next attempt cares. */
export type DeliveryFailure =
  /** Throttled: nothing was posted; try again after `retryAfterMs`. */
  | { kind: 'rate_limited'; code: string; retryAfterMs: number }
  /** No answer (timeout, 5xx, connection lost): it may have been posted; check before posting again. */
  | { kind: 'uncertain'; code: string }
  /** The message a reply or update pointed at is gone (card deleted). */
  | { kind: 'card_gone'; code: string }
  /**
   * The bot cannot post in that channel (not a member, archived, deleted, restricted).
   * `notMember`: inviting the bot would fix it.
   */
  | { kind: 'channel_unusable'; code: string; notMember?: boolean }
  /** The platform refused it for another reason; nothing was posted. */
  | { kind: 'refused'; code: string };

/**
 * The chat port: everything the use cases send to a chat platform, with chat-neutral content and
 * opaque message references. `slack/slack-chat.ts` implements it on the Slack Web API (rendering
 * with `render/slack/`); another platform implements it on its own API (docs/ARCHITECTURE.md,
 * "Adding a chat platform"). Every implementation the bot uses is wrapped by the redactor.
 */
export interface ChatPort {
  /** Posts a message; returns its reference. Retries inside (the platform client's policy). */
  post(to: ChatDestination, content: ChatContent): Promise<string>;
  /** Replaces a posted message (a card redrawn). */
  update(message: MessageRef, content: ChatContent): Promise<void>;
  /** A message only `user` sees. */
  ephemeral(
    to: { channel: string; user: string; thread?: string | null },
    content: ChatContent,
  ): Promise<void>;
  /** A text file in a thread. */
  upload(to: { channel: string; thread: string }, file: ChatFile): Promise<void>;
  /** Opens a form for the person whose action carried `trigger`. */
  openForm(trigger: string, form: ChatForm): Promise<void>;
  /** Members of a user group (the platform may cache them briefly). */
  groupMembers(groupId: string): Promise<string[]>;

  /**
   * Outbox delivery: ONE attempt, bounded by `attemptTimeoutMs`, tagged with `key` so
   * `findDelivered` can find it after a lost answer. The outbox decides about retries.
   */
  deliver(to: ChatDestination, content: ChatContent, key: string): Promise<string>;
  /** One attempt of `update` (best-effort outbox work such as card refreshes). */
  updateOnce(message: MessageRef, content: ChatContent): Promise<void>;
  /** The reference of a recent message `deliver` posted with `key` (`since`: when it was queued), or null; throws when the platform cannot tell. */
  findDelivered(query: {
    channel: string;
    thread?: string | null;
    key: string;
    since: number;
  }): Promise<string | null>;
  /** What a failed call means for the next attempt. */
  classifyFailure(error: unknown): DeliveryFailure;
  /** True for a failure code (as `classifyFailure` gave it) that means the bot cannot use the channel. */
  isChannelProblem(code: string): boolean;
  /** Upper bound of one `deliver` / `updateOnce` attempt (the outbox's lease outlives it). */
  readonly attemptTimeoutMs: number;
}
