import { createHmac } from 'node:crypto';

/** `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret (Slack's scheme). */
export function slackSignature(secret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedRequest {
  url: string;
  secret: string;
  /** Raw body exactly as sent, normally form-encoded. */
  body: string;
  /** Seconds since the epoch; default now. Pass an old one to test replay rejection. */
  timestamp?: number;
  /** Overrides the computed signature (to test rejection); `null` omits the header. */
  signature?: string | null;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface SignedResponse {
  status: number;
  text: string;
  /** Milliseconds from send to the complete response (the ack time). */
  ms: number;
  headers: Headers;
}

/** Posts a body to the bot the way Slack does, signed unless told otherwise. */
export async function sendSigned(request: SignedRequest): Promise<SignedResponse> {
  const timestamp = request.timestamp ?? Math.floor(Date.now() / 1000);
  const signature =
    request.signature === undefined
      ? slackSignature(request.secret, timestamp, request.body)
      : request.signature;
  const headers: Record<string, string> = {
    'content-type': request.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    ...(signature === null ? {} : { 'x-slack-signature': signature }),
    ...request.headers,
  };
  const started = performance.now();
  const response = await fetch(request.url, { method: 'POST', headers, body: request.body });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started, headers: response.headers };
}

export type SendOptions = Omit<SignedRequest, 'url' | 'secret' | 'body'>;

/** Form-encodes slash command fields and posts them signed. */
export function postSlashCommand(
  url: string,
  secret: string,
  fields: Record<string, string>,
  options: SendOptions = {},
): Promise<SignedResponse> {
  return sendSigned({ url, secret, body: new URLSearchParams(fields).toString(), ...options });
}

/** Posts an interactivity payload (button, modal) as the `payload` form field, signed. */
export function postInteraction(
  url: string,
  secret: string,
  payload: Record<string, unknown>,
  options: SendOptions = {},
): Promise<SignedResponse> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return sendSigned({ url, secret, body, ...options });
}

/** A Slack retry of the same delivery: same body, with `x-slack-retry-num` / `x-slack-retry-reason`. */
export function retryHeaders(retryNum = 1, reason = 'http_timeout'): Record<string, string> {
  return { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': reason };
}
