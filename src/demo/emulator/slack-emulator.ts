import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../core/ports.ts';
import { parseBody, readRaw, str } from './body.ts';
import { FaultPlan } from './faults.ts';
import { type Answer, methods } from './methods.ts';
import { FakeSlackState } from './state.ts';
import type {
  FailRateOptions,
  FakeEphemeral,
  FakeFile,
  FakeMessage,
  FakeSlackOptions,
  FakeView,
  Fault,
  RecordedCall,
  ResponseUrlPost,
} from './types.ts';
import { messageBlockProblems } from './validate-blocks.ts';

/** How many posts Slack accepts on one response_url. */
const responseUrlUses = 5;
/** How long a response_url works. */
const responseUrlTtlMs = 30 * 60_000;

/** An extra HTTP route on the emulator's server; resolves true when it answered the request. */
export type ExtraRoute = (
  path: string,
  request: IncomingMessage,
  response: ServerResponse,
) => Promise<boolean>;

export interface SlackEmulatorOptions extends FakeSlackOptions {
  clock: Clock;
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Tried before the Slack routes (the playground's page and /ui/* API). */
  routes?: ExtraRoute;
}

export interface SlackEmulator {
  /** Base for `clientOptions.slackApiUrl` / `SLACK_API_URL`: `http://127.0.0.1:PORT/api/`. */
  url: string;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  port: number;
  /** The expected bot token (`xoxb-fake` unless configured). */
  token: string | null;
  /** Everything the workspace holds (messages, views, files…), mutated by the Web API methods. */
  state: FakeSlackState;
  calls: RecordedCall[];
  /** Channel messages and thread replies, in posting order. */
  messages: FakeMessage[];
  ephemerals: FakeEphemeral[];
  /** Files created by files.getUploadURLExternal; `channel` is set once completed. */
  files: FakeFile[];
  views: FakeView[];
  /** Every post to a response_url served by the emulator. */
  responses: ResponseUrlPost[];
  /**
   * A fresh response_url on this server: 5 posts within 30 minutes (then `used_url` /
   * `expired_url`, HTTP 404). Other `/response/<id>` paths are served too, without the time limit.
   */
  responseUrl(): string;
  /** A fresh trigger_id, as in a slash command or click: views.open takes it for 3 seconds. */
  triggerId(): string;
  /** Every call with a token answers `code` (e.g. `invalid_auth`) until `null`: a rejected bot token. */
  setTokenError(code: string | null): void;
  /** The channel's members (chat.postEphemeral to others: user_not_in_channel); `null`: everyone. */
  setChannelMembers(channel: string, users: string[] | null): void;
  failNext(fault: Fault, times?: number): void;
  failRate(options: FailRateOptions): void;
  /** Drops queued faults and the failure rate. */
  clearFaults(): void;
  setUserGroup(id: string, users: string[]): void;
  /** `member: false` -> not_in_channel; `exists: false` -> channel_not_found. */
  setChannel(id: string, state: { member?: boolean; exists?: boolean }): void;
  callsTo(method: string): RecordedCall[];
  /** Top-level messages of a channel. */
  channelMessages(channel: string): FakeMessage[];
  /** Replies in the thread under `threadTs`. */
  threadReplies(channel: string, threadTs: string): FakeMessage[];
  /** Polls (every 10 ms) until `check` returns a truthy value, which it resolves with. */
  waitFor<T>(check: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

export function send(
  response: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(body);
}

function tokenOf(request: IncomingMessage, fields: Record<string, unknown>): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length);
  return str(fields.token) ?? null;
}

/** Starts a Slack Web API emulator on 127.0.0.1 that answers like Slack (tests and the playground). */
export async function startSlackEmulator(options: SlackEmulatorOptions): Promise<SlackEmulator> {
  const { clock } = options;
  const state = new FakeSlackState(options);
  state.now = () => clock.now();
  const faults = new FaultPlan();
  const responseUses = new Map<string, number>();
  let responseSeq = 0;
  let triggerSeq = 0;

  async function api(method: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { fields } = await parseBody(await readRaw(request), request.headers['content-type']);
    const token = tokenOf(request, fields);
    const call: RecordedCall = {
      method,
      args: fields,
      at: clock.now(),
      token,
      status: 200,
      ok: true,
      injected: false,
    };
    state.calls.push(call);
    const answer = (status: number, body: Answer, headers?: Record<string, string>) => {
      call.status = status;
      call.ok = status === 200 && body.ok;
      const error = str(body.error);
      if (error) call.error = error;
      send(response, status, JSON.stringify(body), headers);
    };

    const fault = faults.take(method);
    if (fault) call.injected = true;
    if (fault && 'error' in fault) return answer(200, { ok: false, error: fault.error });
    if (fault && 'status' in fault && fault.status === 429) {
      const retryAfter = String(fault.retryAfter ?? 1);
      return answer(429, { ok: false, error: 'ratelimited' }, { 'retry-after': retryAfter });
    }
    const handler = methods[method];
    if (!handler) return answer(200, { ok: false, error: 'unknown_method' });
    if (state.token !== null && method !== 'api.test') {
      if (!token) return answer(200, { ok: false, error: 'not_authed' });
      if (token !== state.token) return answer(200, { ok: false, error: 'invalid_auth' });
    }
    if (state.tokenError && method !== 'api.test') return answer(200, { ok: false, error: state.tokenError });
    if (fault && 'hang' in fault) {
      // No answer ever (the connection stays open until the client gives up or the fake stops).
      if (fault.applied) handler(state, fields);
      call.status = 0;
      call.ok = false;
      call.error = 'hang';
      return;
    }
    if (fault) {
      // 5xx: optionally do the work first, as when Slack posted but the response was lost.
      if ('applied' in fault && fault.applied) handler(state, fields);
      call.status = fault.status;
      call.ok = false;
      call.error = 'http_5xx';
      response.writeHead(fault.status, { 'content-type': 'text/plain' });
      response.end('Internal Server Error');
      return;
    }
    answer(200, handler(state, fields));
  }

  async function upload(fileId: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readRaw(request);
    const type = request.headers['content-type'];
    const bytes = type?.startsWith('multipart/form-data')
      ? ((await parseBody(raw, type)).file ?? Buffer.alloc(0))
      : raw;
    const file = state.files.find((candidate) => candidate.id === fileId);
    state.calls.push({
      method: 'upload',
      args: { file_id: fileId, bytes: bytes.length },
      at: clock.now(),
      token: tokenOf(request, {}),
      status: file ? 200 : 404,
      ok: Boolean(file),
      injected: false,
    });
    if (!file) return send(response, 404, 'file not found', { 'content-type': 'text/plain' });
    file.content = bytes;
    send(response, 200, `OK - ${bytes.length}`, { 'content-type': 'text/plain' });
  }

  async function respond(path: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { fields } = await parseBody(await readRaw(request), request.headers['content-type']);
    const url = `${state.origin}${path}`;
    const issued = state.responseUrlsIssued.get(url);
    if (issued !== undefined && clock.now() - issued > responseUrlTtlMs) {
      state.responses.push({ url, body: fields, at: clock.now(), accepted: false });
      return send(response, 404, JSON.stringify({ ok: false, error: 'expired_url' }));
    }
    const uses = (responseUses.get(url) ?? 0) + 1;
    responseUses.set(url, uses);
    const accepted = uses <= responseUrlUses;
    // `blocks: []` only makes sense when replacing the original message.
    const replacing = fields.replace_original === true || fields.replace_original === 'true';
    const blockErrors = messageBlockProblems(fields.blocks, { allowEmpty: replacing });
    if (accepted && blockErrors.length > 0) {
      state.responses.push({ url, body: fields, at: clock.now(), accepted: false });
      return send(response, 400, JSON.stringify({ ok: false, error: 'invalid_blocks', errors: blockErrors }));
    }
    state.responses.push({ url, body: fields, at: clock.now(), accepted });
    if (!accepted) return send(response, 404, JSON.stringify({ ok: false, error: 'used_url' }));
    send(response, 200, JSON.stringify({ ok: true }));
  }

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const route = async () => {
      if (path.startsWith('/api/')) return api(path.slice('/api/'.length), request, response);
      if (path.startsWith('/upload/') && request.method === 'POST') {
        return upload(path.slice('/upload/'.length), request, response);
      }
      if (path.startsWith('/response/') && request.method === 'POST') return respond(path, request, response);
      if (options.routes && (await options.routes(path, request, response))) return;
      send(response, 404, JSON.stringify({ ok: false, error: 'not_found' }));
    };
    route().catch((error: unknown) => {
      if (!response.headersSent) send(response, 400, JSON.stringify({ ok: false, error: String(error) }));
      else response.end();
    });
  });
  // Keep idle connections longer than the bot's HTTP clients do (Node's default 5 s raced their
  // reuse of a socket on a busy machine: "other side closed", and a response_url post was lost).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  state.origin = `http://127.0.0.1:${port}`;

  return {
    url: `${state.origin}/api/`,
    origin: state.origin,
    port,
    token: state.token,
    state,
    calls: state.calls,
    messages: state.messages,
    ephemerals: state.ephemerals,
    files: state.files,
    views: state.views,
    responses: state.responses,
    responseUrl: () => {
      responseSeq += 1;
      const url = `${state.origin}/response/${responseSeq}`;
      state.responseUrlsIssued.set(url, clock.now());
      return url;
    },
    triggerId: () => {
      triggerSeq += 1;
      const id = `${triggerSeq}.${clock.now()}.${triggerSeq.toString(16).padStart(8, '0')}`;
      state.triggers.set(id, clock.now());
      return id;
    },
    setTokenError: (code) => {
      state.tokenError = code;
    },
    setChannelMembers: (channel, users) => {
      if (users === null) state.channelMembers.delete(channel);
      else state.channelMembers.set(channel, new Set(users));
    },
    failNext: (fault, times) => faults.failNext(fault, times),
    failRate: (rate) => faults.failRate(rate),
    clearFaults: () => faults.clear(),
    setUserGroup: (id, users) => {
      state.userGroups.set(id, [...users]);
    },
    setChannel: (id, { member, exists }) => {
      if (member === false) state.notInChannels.add(id);
      if (member === true) state.notInChannels.delete(id);
      if (exists === false) state.missingChannels.add(id);
      if (exists === true) state.missingChannels.delete(id);
    },
    callsTo: (method) => state.calls.filter((call) => call.method === method),
    channelMessages: (channel) => state.messages.filter((m) => m.channel === channel && !m.thread_ts),
    threadReplies: (channel, threadTs) =>
      state.messages.filter((m) => m.channel === channel && m.thread_ts === threadTs),
    waitFor: async (check, timeoutMs = 5_000) => {
      const deadline = clock.now() + timeoutMs;
      for (;;) {
        const value = check();
        if (value) return value;
        if (clock.now() > deadline)
          throw new Error(`Slack emulator: condition not met within ${timeoutMs} ms`);
        await clock.sleep(10);
      }
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
