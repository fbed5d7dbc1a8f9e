import { createHmac } from 'node:crypto';

/** `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret (Slack's scheme). */
export function slackSignature(secret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedPost {
  url: string;
  secret: string;
  /** Raw body exactly as sent, normally form-encoded. */
  body: string;
  /** Seconds since the epoch (the caller's clock). */
  timestamp: number;
  /** Overrides the computed signature (to test rejection); `null` omits the header. */
  signature?: string | null;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Posts a body to the bot the way Slack does: `x-slack-request-timestamp` and `x-slack-signature`. */
export async function postSigned(
  request: SignedPost,
): Promise<{ status: number; text: string; headers: Headers }> {
  const signature =
    request.signature === undefined
      ? slackSignature(request.secret, request.timestamp, request.body)
      : request.signature;
  const headers: Record<string, string> = {
    'content-type': request.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(request.timestamp),
    ...(signature === null ? {} : { 'x-slack-signature': signature }),
    ...request.headers,
  };
  const response = await fetch(request.url, { method: 'POST', headers, body: request.body });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

/** The form body of a slash command delivery. */
export function slashCommandBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** The form body of an interactivity delivery: the JSON payload in the `payload` field. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
