import type { ChatPostMessageArguments, WebClient } from '@slack/web-api';
import type { Clock } from '../core/ports.ts';
import { createChannelPacer } from './pace-per-channel.ts';

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
    content: string;
  }): Promise<void>;
  openView(triggerId: string, view: object): Promise<void>;
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
}

export function createSlackGateway({
  client,
  clock,
  groupTtlMs = 60_000,
  messageIntervalMs = 1000,
  onError,
}: SlackGatewayOptions): SlackGateway {
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
  const pace = createChannelPacer(clock, messageIntervalMs);
  const groupCache = new Map<string, { members: string[]; at: number }>();

  return {
    post: (message) =>
      pace(message.channel, async () => {
        // The SDK's argument type is a union over thread/broadcast shapes; ours is one of them.
        const args = {
          channel: message.channel,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks } : {}),
          ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
          ...(message.threadTs && message.broadcast ? { reply_broadcast: true } : {}),
          unfurl_links: false,
          unfurl_media: false,
        } as unknown as ChatPostMessageArguments;
        const result = await tracked('chat.postMessage', () => client.chat.postMessage(args));
        return String(result.ts);
      }),
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
          ...(message.blocks ? { blocks: message.blocks as never } : {}),
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
          content: file.content,
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
