import { type AckCommand, startAckSender } from './ack-sender.ts';
import type { BenchWorld } from './setup.ts';
import { SIGNING_SECRET } from './setup.ts';
import { percentile, until } from './stats.ts';
import { trackChannels } from './thread-tracker.ts';

export interface AckResult {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

const summarize = (values: number[]): AckResult => ({
  p50: percentile(values, 50),
  p99: percentile(values, 99),
  max: Math.max(...values),
  samples: values.length,
});

/**
 * Pure ack path: `concurrency` signed `/apidown help` at once, `rounds` times (after one warm-up
 * round each), alternating bot and bare Bolt rounds so drift hits both alike. Between rounds the
 * bot's follow-up work (the ephemeral help on response_url) is let finish. Sent and timed from a
 * worker thread (bench/ack-sender.ts), so the fake Slack's work in this thread never delays the
 * stopwatch.
 */
export async function measureHelpAcks(
  world: BenchWorld,
  urls: { bot: string; bare: string },
  options: { rounds: number; concurrency: number },
): Promise<{ bot: AckResult; bare: AckResult }> {
  const bot: number[] = [];
  const bare: number[] = [];
  const sender = startAckSender();
  const round = async (url: string, into: number[] | null) => {
    const before = world.fake.responses.length;
    const times = await sender.round(
      commands(options.concurrency, (index) => ({
        url,
        secret: SIGNING_SECRET,
        command: '/apidown',
        text: index % 2 === 0 ? 'help' : 'status',
        channel: 'CACKHELP',
        user: `UACK${index}`,
        responseUrl: world.fake.responseUrl(),
      })),
    );
    into?.push(...times);
    if (url === urls.bot) {
      await until(
        () => world.fake.responses.length >= before + options.concurrency,
        20_000,
        'help replies of an ack round',
      );
    }
  };
  try {
    await round(urls.bot, null);
    await round(urls.bare, null);
    for (let i = 0; i < options.rounds; i++) {
      await round(urls.bare, bare);
      await round(urls.bot, bot);
    }
  } finally {
    await sender.close();
  }
  return { bot: summarize(bot), bare: summarize(bare) };
}

/**
 * Ack while the work runs: `concurrency` `/bench diagnose` at once, one per channel, so every one
 * really starts a diagnosis (3 checks) right after its ack; each round waits for its verdicts.
 * Timed from the sender thread like the help rounds.
 */
export async function measureDiagnoseAcks(
  world: BenchWorld,
  url: string,
  options: { rounds: number; concurrency: number },
): Promise<AckResult> {
  const tracker = trackChannels(world.fake);
  const channels = Array.from({ length: options.concurrency }, (_, i) => `CACKDIAG${i}`);
  const times: number[] = [];
  const sender = startAckSender();
  try {
    for (let r = 0; r <= options.rounds; r++) {
      const got = await sender.round(
        commands(options.concurrency, (index) => ({
          url,
          secret: SIGNING_SECRET,
          command: '/bench',
          text: 'diagnose',
          channel: channels[index] ?? 'CACKDIAG',
          user: `UDIAG${index}`,
          responseUrl: world.fake.responseUrl(),
        })),
      );
      if (r > 0) times.push(...got); // round 0 is the warm-up
      await until(
        () => channels.every((channel) => tracker.replies(channel) >= r + 1 && tracker.updates(channel) >= r),
        60_000,
        `verdicts of diagnose ack round ${r}`,
      );
      // The run lock is released right after the card update: let it go before the next round.
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  } finally {
    await sender.close();
  }
  return summarize(times);
}

/** One round's commands, made here (the fake's response URLs live in this thread). */
function commands(count: number, make: (index: number) => AckCommand): AckCommand[] {
  return Array.from({ length: count }, (_, index) => make(index));
}
