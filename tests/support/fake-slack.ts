import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseBody, readRaw, str } from './fake-slack-body.ts';
import { FaultPlan } from './fake-slack-faults.ts';
import { type Answer, methods } from './fake-slack-methods.ts';
import { FakeSlackState } from './fake-slack-state.ts';
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
} from './fake-slack-types.ts';

export type * from './fake-slack-types.ts';

/** How many posts Slack accepts on one response_url. */
const responseUrlUses = 5;

export interface FakeSlack {
  /** Base for `clientOptions.slackApiUrl` / `new WebClient(token, {slackApiUrl})`: `http://127.0.0.1:PORT/api/`. */
  url: string;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  /** The expected bot token (`xoxb-fake` unless configured). */
  token: string | null;
  calls: RecordedCall[];
  /** Channel messages and thread replies, in posting order. */
  messages: FakeMessage[];
  ephemerals: FakeEphemeral[];
  /** Files created by files.getUploadURLExternal; `channel` is set once completed. */
  files: FakeFile[];
  views: FakeView[];
  /** Every post to a response_url served by the fake. */
  responses: ResponseUrlPost[];
  /** A fresh response_url on this server (any `/response/<id>` path works; each accepts 5 posts). */
  responseUrl(): string;
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

function send(
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

/** Starts a fake Slack Web API on 127.0.0.1 (random port) that answers like Slack. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const state = new FakeSlackState(options);
  const faults = new FaultPlan();
  const responseUses = new Map<string, number>();
  let responseSeq = 0;

  async function api(method: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { fields } = await parseBody(await readRaw(request), request.headers['content-type']);
    const token = tokenOf(request, fields);
    const call: RecordedCall = {
      method,
      args: fields,
      at: Date.now(),
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
    if (fault?.status === 429) {
      const retryAfter = String(fault.retryAfter ?? 1);
      return answer(429, { ok: false, error: 'ratelimited' }, { 'retry-after': retryAfter });
    }
    const handler = methods[method];
    if (!handler) return answer(200, { ok: false, error: 'unknown_method' });
    if (state.token !== null && method !== 'api.test') {
      if (!token) return answer(200, { ok: false, error: 'not_authed' });
      if (token !== state.token) return answer(200, { ok: false, error: 'invalid_auth' });
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
      at: Date.now(),
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
    const uses = (responseUses.get(url) ?? 0) + 1;
    responseUses.set(url, uses);
    const accepted = uses <= responseUrlUses;
    state.responses.push({ url, body: fields, at: Date.now(), accepted });
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
      send(response, 404, JSON.stringify({ ok: false, error: 'not_found' }));
    };
    route().catch((error: unknown) => {
      if (!response.headersSent) send(response, 400, JSON.stringify({ ok: false, error: String(error) }));
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  state.origin = `http://127.0.0.1:${port}`;

  return {
    url: `${state.origin}/api/`,
    origin: state.origin,
    token: state.token,
    calls: state.calls,
    messages: state.messages,
    ephemerals: state.ephemerals,
    files: state.files,
    views: state.views,
    responses: state.responses,
    responseUrl: () => {
      responseSeq += 1;
      return `${state.origin}/response/${responseSeq}`;
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
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = check();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`fake Slack: condition not met within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
