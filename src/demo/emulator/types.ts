/** Shapes the fake Slack records and exposes to tests. */

export interface RecordedCall {
  /** Web API method (`chat.postMessage`), or `upload` for a POST of bytes to an upload URL. */
  method: string;
  /** Form or JSON body; `blocks`, `attachments`, `view`, `files`, `metadata` parsed from JSON strings. */
  args: Record<string, unknown>;
  /** Clock time (ms since the epoch) when the request arrived. */
  at: number;
  /** Bearer token or `token` field, null when absent. */
  token: string | null;
  /** HTTP status the fake answered (200, 429, 5xx). */
  status: number;
  /** The `ok` of the answer (false for ok:false, 429 and 5xx). */
  ok: boolean;
  /** Slack error code for ok:false (`not_in_channel`), `ratelimited` for 429, `http_5xx` for 5xx. */
  error?: string;
  /** True when the answer came from failNext/failRate. */
  injected: boolean;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  /** Set on thread replies: the parent's ts. */
  thread_ts?: string;
  text: string;
  blocks: unknown[];
  attachments: unknown[];
  /** The bot user id (every message in the fake is the bot's). */
  user: string;
  reply_broadcast?: boolean;
  /** The `metadata` the poster attached (`{ event_type, event_payload }`). */
  metadata?: unknown;
  /** How many times chat.update changed it. */
  updates: number;
}

export interface FakeEphemeral {
  channel: string;
  user: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks: unknown[];
}

export interface FakeFile {
  id: string;
  filename: string;
  title?: string;
  content: Buffer;
  /** Null until files.completeUploadExternal attaches it. */
  channel: string | null;
  /** An image's description (files.getUploadURLExternal `alt_text`). */
  alt_text?: string;
  thread_ts?: string;
  initial_comment?: string;
}

export interface FakeView {
  id: string;
  trigger_id?: string;
  view: Record<string, unknown>;
  hash: string;
  updates: number;
}

export interface ResponseUrlPost {
  /** The response_url posted to. */
  url: string;
  body: Record<string, unknown>;
  at: number;
  /** False after the 5th post to the same URL. */
  accepted: boolean;
}

export type Fault =
  | { method?: string; status: 429; retryAfter?: number }
  | {
      method?: string;
      status: 500 | 502 | 503 | 504;
      /** Do the method's effect, then answer 5xx (the response is lost, the message exists). */
      applied?: boolean;
    }
  | { method?: string; error: string }
  /** Never answers (the client's timeout ends the call); `applied`: the method's effect happens first. */
  | { method?: string; hang: true; applied?: boolean };

export interface FailRateOptions {
  /** Share of matching calls that fail, 0..1. `ratio: 0` turns it off. */
  ratio: number;
  /** Faults to pick from (uniformly). Default: 429 with Retry-After 1, and 500. */
  kinds?: Fault[];
  /** Seed of the deterministic random sequence. Default 1. */
  seed?: number;
  /** Only these methods fail. Default: every Web API method except auth.test. */
  methods?: string[];
}

export interface FakeUser {
  id: string;
  name: string;
  real_name: string;
  tz: string;
}

export interface FakeSlackOptions {
  /** The bot token the fake accepts; others get invalid_auth. `null` accepts any. Default `xoxb-fake`. */
  token?: string | null;
  teamId?: string;
  botUserId?: string;
  botId?: string;
  /** Channels whose posts answer not_in_channel. */
  notInChannels?: string[];
  /** Channels that answer channel_not_found (ids not shaped like C…/G…/D… do too). */
  missingChannels?: string[];
  /** Channel names for conversations.info. */
  channelNames?: Record<string, string>;
  users?: Record<string, Partial<FakeUser>>;
  userGroups?: Record<string, string[]>;
  /** Seconds of the first message ts. Default 1764424800 (2025-11-29T14:00:00Z). */
  firstTs?: number;
  /** Replies to a thread_ts the fake never posted answer thread_not_found. Default true. */
  strictThreads?: boolean;
  /**
   * Channel -> its members. chat.postEphemeral to someone not in the list answers
   * user_not_in_channel (as Slack does for people who read a public channel without joining it).
   * Channels not listed here have everyone as a member.
   */
  channelMembers?: Record<string, string[]>;
  /**
   * Every call made with a token answers this error (`invalid_auth`, `token_revoked`…), auth.test
   * included, until `setTokenError(null)`: a bad or revoked bot token.
   */
  tokenError?: string | null;
}
