import { diagnoseUntil } from './load.ts';
import { rssMb } from './machine.ts';
import type { BenchWorld } from './setup.ts';
import { SIGNING_SECRET } from './setup.ts';
import { trackChannels } from './thread-tracker.ts';

export interface MemoryResult {
  rssBeforeMb: number;
  /** RSS after every `every` diagnoses: [{ done, mb }]. */
  samples: { done: number; mb: number }[];
  durationMs: number;
  /** Commands sent again because the channel's previous run was still releasing its lock. */
  retries: number;
}

/**
 * `total` diagnoses of the light runbook, spread over `channels` channels (one at a time per
 * channel: a diagnose already running for an incident is refused, and Slack paces 1 msg/s per
 * channel), sampling the bot's RSS every `every` completed diagnoses.
 */
export async function measureMemory(
  world: BenchWorld,
  bot: { url: string; pid: number },
  options: { total: number; channels: number; every: number },
): Promise<MemoryResult> {
  const tracker = trackChannels(world.fake);
  const perChannel = Math.ceil(options.total / options.channels);
  const samples: { done: number; mb: number }[] = [];
  const rssBeforeMb = rssMb(bot.pid);
  const started = performance.now();
  let done = 0;
  let sent = 0;
  let retries = 0;
  const worker = async (c: number) => {
    const channel = `CRSS${c}`;
    for (let i = 0; i < perChannel && sent < options.total; i++) {
      sent += 1;
      const result = await diagnoseUntil(
        { url: bot.url, secret: SIGNING_SECRET, command: '/bench', channel, user: `URSS${c}` },
        world.fake,
        () => tracker.replies(channel) >= i + 1 && tracker.updates(channel) >= i,
      );
      retries += result.retries;
      done += 1;
      if (done % options.every === 0) samples.push({ done, mb: rssMb(bot.pid) });
    }
  };
  await Promise.all(Array.from({ length: options.channels }, (_, c) => worker(c)));
  return { rssBeforeMb, samples, durationMs: performance.now() - started, retries };
}
