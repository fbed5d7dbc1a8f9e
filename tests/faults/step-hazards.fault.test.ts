import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FaultWorld,
  slackClient,
  startFaultWorld,
  startInProcessBot,
  textOf,
} from './support/fault-bot.ts';

/**
 * Steps that misbehave, through the bot (signed slash command -> thread verdict):
 * - hangs: guard = the step timeout + process-group kill (run-step / kill-process-group). Without it
 *   the verdict never arrives (waitFor fails) and `sleep 1017` processes stay behind.
 * - floods 50 MB: guard = the output cap (head + tail) and the file upload of cut output
 *   (post-section-run). Without the cap the uploaded file would be 50 MB; without the upload, no file.
 * - missing program: guard = the "command not found" verdict (judge-step `not_found`).
 */
describe('fault: a step hangs, floods, or its program is missing', () => {
  let world: FaultWorld;
  let bot: Awaited<ReturnType<typeof startInProcessBot>>;
  let client: ReturnType<typeof slackClient>;

  beforeAll(async () => {
    world = await startFaultWorld({ scenario: 'healthy' });
    bot = await startInProcessBot(world);
    client = slackClient(world, () => bot.eventsUrl);
  });
  afterAll(async () => {
    await bot?.close();
    await world?.close();
  });

  async function verdictOf(sub: string, channel: string) {
    const ack = await client.slash(sub, { channel, command: '/hazards' });
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(3000);
    const card = await world.fake.waitFor(() => world.fake.channelMessages(channel)[0], 20_000);
    return world.fake.waitFor(() => world.fake.threadReplies(channel, card.ts)[0], 20_000);
  }

  it('kills a hanging step at its timeout (whole process group) and says so', async () => {
    const reply = await verdictOf('hang', 'C0HANG');
    expect(textOf(reply)).toMatch(/tim(ed|e) ?out|timeout/i);
    // Nothing of the step is left running.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(ps.split('\n').filter((line) => line.startsWith('sleep 1017'))).toEqual([]);
  });

  it('cuts a 50 MB output to head and tail in the thread and uploads it (capped) as a file', async () => {
    const reply = await verdictOf('flood', 'C0FLOOD');
    expect(textOf(reply)).toMatch(/truncat|cut|omitted|dropped/i);
    const file = await world.fake.waitFor(
      () => world.fake.files.find((f) => f.channel === 'C0FLOOD'),
      20_000,
    );
    const content = file.content.toString('utf8');
    expect(content).toContain('flood line 0123456789');
    expect(file.content.length).toBeLessThan(1_000_000);
  });

  it('says "command not found" for a program that is not installed', async () => {
    const reply = await verdictOf('missing', 'C0MISSING');
    expect(textOf(reply)).toMatch(/command not found|not found|não encontrado/i);
    expect(textOf(reply)).toContain('runbook-bot-missing-program-xyz');
  });
});
