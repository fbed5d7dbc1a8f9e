import { interactionBody, postSigned, slashCommandBody } from '../../src/demo/emulator/signing.ts';

export { slackSignature } from '../../src/demo/emulator/signing.ts';

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
  const started = performance.now();
  const answer = await postSigned({ ...request, timestamp });
  return { ...answer, ms: performance.now() - started };
}

export type SendOptions = Omit<SignedRequest, 'url' | 'secret' | 'body'>;

/** Form-encodes slash command fields and posts them signed. */
export function postSlashCommand(
  url: string,
  secret: string,
  fields: Record<string, string>,
  options: SendOptions = {},
): Promise<SignedResponse> {
  return sendSigned({ url, secret, body: slashCommandBody(fields), ...options });
}

/** Posts an interactivity payload (button, modal) as the `payload` form field, signed. */
export function postInteraction(
  url: string,
  secret: string,
  payload: Record<string, unknown>,
  options: SendOptions = {},
): Promise<SignedResponse> {
  return sendSigned({ url, secret, body: interactionBody(payload), ...options });
}

/** A Slack retry of the same delivery: same body, with `x-slack-retry-num` / `x-slack-retry-reason`. */
export function retryHeaders(retryNum = 1, reason = 'http_timeout'): Record<string, string> {
  return { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': reason };
}
