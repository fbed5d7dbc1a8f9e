import { type ChatPostMessageArguments, LogLevel, WebClient } from '@slack/web-api';
import type { Clock } from '../core/ports.ts';
import { createChannelPacer } from './pace-per-channel.ts';

/** Message metadata type that carries an outbox key, so a message can be found after a lost answer. */
export const OUTBOX_EVENT = 'runbook_bot_outbox';

/**
 * Options of the bot's WebClient: every request gives up after `timeoutMs` (a Slack that never
 * answers holds nothing), and retries are bounded (the SDK default retries for ~30 minutes).
 */
export function webClientOptions(input: {
  slackApiUrl: string | null;
  timeoutMs: number;
  retries: number;
  onRetry?: () => void;
}) {
  return {
    ...(input.slackApiUrl ? { slackApiUrl: input.slackApiUrl } : {}),
    timeout: input.timeoutMs,
    retryConfig: {
      retries: input.retries,
      factor: 2,
      minTimeout: 500,
      maxTimeout: 8000,
      ...(input.onRetry ? { onFailedAttempt: input.onRetry } : {}),
    },
  };
}

// Block Kit objects are built by src/render/slack; the gateway passes them through as-is.
type Blocks = readonly object[];

export interface OutgoingMessage {
  channel: string;
  threadTs?: string | null;
  text: string;
  blocks?: Blocks;
  /** Also show a thread reply in the channel. */
  broadcast?: boolean;
}

/** Everything the bot sends to Slack, in one place (so it can be counted, paced and faked). */
export interface SlackGateway {
  post(message: OutgoingMessage): Promise<string>;
  update(message: { channel: string; ts: string; text: string; blocks?: Blocks }): Promise<void>;
  ephemeral(message: {
    channel: string;
    user: string;
    threadTs?: string | null;
    text: string;
    blocks?: Blocks;
  }): Promise<void>;
  upload(file: {
    channel: string;
    threadTs: string;
    filename: string;
    title: string;
    /** Text, or an image's bytes (sent as a file, with `altText`). */
    content: string | Uint8Array;
    altText?: string;
  }): Promise<void>;
  openView(triggerId: string, view: object): Promise<void>;
  /**
   * Outbox delivery: ONE attempt (no retry, no sleeping on Retry-After: a 429 throws at once with
   * `retryAfter`), bounded by the timeout, tagged with `key` in the message metadata. The outbox
   * decides about retries, so it knows whether a failed call may have posted.
   */
  deliver(message: OutgoingMessage, key: string): Promise<string>;
  /** One attempt of chat.update (best-effort outbox work such as card refreshes). */
  updateOnce(message: { channel: string; ts: string; text: string; blocks?: Blocks }): Promise<void>;
  /** The ts of a recent message `deliver` posted with `key` (`since`: when it was queued), or null; throws when Slack cannot tell. */
  findDelivered(query: {
    channel: string;
    threadTs?: string | null;
    key: string;
    since: number;
  }): Promise<string | null>;
  /** Members of a user group (cached for `groupTtlMs`). */
  usergroupMembers(groupId: string): Promise<string[]>;
}

export interface SlackGatewayOptions {
  client: WebClient;
  clock: Clock;
  /** Told about every failed call after the client's own retries (metrics). */
  onError?: (method: string, code: string) => void;
  groupTtlMs?: number;
  messageIntervalMs?: number;
  /** Per-request timeout of single attempts (outbox); also how long one post may hold its channel. */
  timeoutMs?: number;
  /** The client for single attempts; by default one built from `client`'s token and URL. */
  onceClient?: WebClient;
}

export function createSlackGateway({
  client,
  clock,
  groupTtlMs = 60_000,
  messageIntervalMs = 1000,
  timeoutMs = 10_000,
  onError,
  onceClient,
}: SlackGatewayOptions): SlackGateway {
  const once =
    onceClient ??
    new WebClient(client.token, {
      slackApiUrl: client.slackApiUrl,
      timeout: timeoutMs,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: LogLevel.ERROR,
    });
  const tracked = async <T>(method: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      const data = (error as { data?: { error?: unknown }; code?: unknown }).data;
      const code =
        typeof data?.error === 'string' ? data.error : String((error as { code?: unknown }).code ?? 'error');
      onError?.(method, code);
      throw error;
    }
  };
  // A post that hangs releases its channel after one timeout (plus a margin): the next one goes on.
  const pace = createChannelPacer(clock, messageIntervalMs, timeoutMs + 1000);
  const postArgs = (message: OutgoingMessage, key?: string) =>
    // The SDK's argument type is a union over thread/broadcast shapes; ours is one of them.
    ({
      channel: message.channel,
      text: message.text,
      // No `blocks: []`: Slack documents an empty array only for chat.update (invalid_blocks here).
      ...(message.blocks?.length ? { blocks: message.blocks } : {}),
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      ...(message.threadTs && message.broadcast ? { reply_broadcast: true } : {}),
      ...(key ? { metadata: { event_type: OUTBOX_EVENT, event_payload: { key } } } : {}),
      unfurl_links: false,
      unfurl_media: false,
    }) as unknown as ChatPostMessageArguments;
  const groupCache = new Map<string, { members: string[]; at: number }>();

  return {
    post: (message) =>
      pace(message.channel, async () => {
        const result = await tracked('chat.postMessage', () => client.chat.postMessage(postArgs(message)));
        return String(result.ts);
      }),
    deliver: (message, key) =>
      pace(message.channel, async () => {
        const result = await tracked('chat.postMessage', () => once.chat.postMessage(postArgs(message, key)));
        return String(result.ts);
      }),
    updateOnce: async (message) => {
      await tracked('chat.update', () =>
        once.chat.update({
          channel: message.channel,
          ts: message.ts,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks as never } : {}),
        }),
      );
    },
    findDelivered: async ({ channel, threadTs, key }) => {
      // The newest messages (a retry comes minutes after the attempt it checks), with metadata.
      const query = { channel, include_all_metadata: true, limit: 100 };
      const result = threadTs
        ? await tracked('conversations.replies', () => once.conversations.replies({ ...query, ts: threadTs }))
        : await tracked('conversations.history', () => once.conversations.history(query));
      const found = (result.messages ?? []).find((message) => {
        const metadata = message.metadata as
          | { event_type?: string; event_payload?: { key?: unknown } }
          | undefined;
        return metadata?.event_type === OUTBOX_EVENT && metadata.event_payload?.key === key;
      });
      return found?.ts ?? null;
    },
    update: async (message) => {
      await tracked('chat.update', () =>
        client.chat.update({
          channel: message.channel,
          ts: message.ts,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks as never } : {}),
        }),
      );
    },
    ephemeral: async (message) => {
      await tracked('chat.postEphemeral', () =>
        client.chat.postEphemeral({
          channel: message.channel,
          user: message.user,
          text: message.text,
          ...(message.blocks?.length ? { blocks: message.blocks as never } : {}),
          ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
        }),
      );
    },
    upload: async (file) => {
      await tracked('files.uploadV2', () =>
        client.files.uploadV2({
          channel_id: file.channel,
          thread_ts: file.threadTs,
          filename: file.filename,
          title: file.title,
          ...(typeof file.content === 'string'
            ? { content: file.content }
            : { file: Buffer.from(file.content) }),
          ...(file.altText ? { alt_text: file.altText } : {}),
        }),
      );
    },
    openView: async (triggerId, view) => {
      await tracked('views.open', () => client.views.open({ trigger_id: triggerId, view: view as never }));
    },
    usergroupMembers: async (groupId) => {
      const cached = groupCache.get(groupId);
      if (cached && clock.now() - cached.at < groupTtlMs) return cached.members;
      const result = await tracked('usergroups.users.list', () =>
        client.usergroups.users.list({ usergroup: groupId }),
      );
      const members = result.users ?? [];
      groupCache.set(groupId, { members, at: clock.now() });
      return members;
    },
  };
}
