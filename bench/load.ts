import { threadId } from 'node:worker_threads';
import { postSlashCommand } from '../tests/support/signed-request.ts';
import { slashCommand } from '../tests/support/slack-payloads.ts';

let seq = 0;

/** One slash command delivery, signed; resolves with its ack time (HTTP response time) in ms. */
export async function sendCommand(input: {
  url: string;
  secret: string;
  command: string;
  text: string;
  channel: string;
  user?: string;
  responseUrl: string;
}): Promise<number> {
  seq += 1;
  const send = () =>
    postSlashCommand(
      input.url,
      input.secret,
      slashCommand({
        command: input.command,
        text: input.text,
        channel_id: input.channel,
        user_id: input.user ?? 'UBENCH1',
        response_url: input.responseUrl,
        // The thread id keeps ids unique when the ack rounds send from a worker (bench/ack-sender.ts).
        trigger_id: `bench-${process.pid}-${threadId}-${seq}`,
      }),
    );
  // On a busy machine a kept-alive socket can be closed by the server just as it is reused
  // (ECONNRESET before any answer): send again on a new one, as Slack retries a delivery.
  const response = await (async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        if (!isConnectionReset(error) || attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  })();
  if (response.status !== 200) throw new Error(`ack answered ${response.status}: ${response.text}`);
  return response.ms;
}

function isConnectionReset(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  return cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET' || cause?.code === 'EPIPE';
}

/** `concurrency` commands at once; returns their ack times. */
export function sendRound(
  concurrency: number,
  make: (index: number) => Parameters<typeof sendCommand>[0],
): Promise<number[]> {
  return Promise.all(Array.from({ length: concurrency }, (_, index) => sendCommand(make(index))));
}

/**
 * Sends `diagnose` and waits until `done()`; when the bot answers that the previous run of the
 * channel is still finishing ("already running": its lock is released just after the card update),
 * sends it again (bounded).
 */
export async function diagnoseUntil(
  input: Omit<Parameters<typeof sendCommand>[0], 'responseUrl' | 'text'>,
  fake: { responseUrl(): string; responses: readonly { url: string; body: Record<string, unknown> }[] },
  done: () => boolean,
  timeoutMs = 300_000,
): Promise<{ ackMs: number; retries: number }> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; attempt < 50; attempt++) {
    const responseUrl = fake.responseUrl();
    const ackMs = await sendCommand({ ...input, text: 'diagnose', responseUrl });
    for (;;) {
      if (done()) return { ackMs, retries: attempt };
      if (Date.now() > deadline)
        throw new Error(`bench: diagnose in ${input.channel} not done in ${timeoutMs} ms`);
      const refused = fake.responses.some(
        (post) => post.url === responseUrl && JSON.stringify(post.body).includes('already running'),
      );
      if (refused) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`bench: diagnose in ${input.channel} refused 50 times`);
}
