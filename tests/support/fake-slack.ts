// The fake Slack used by tests is the playground's Slack emulator (src/demo/emulator/), on the real clock.
import { systemClock } from '../../src/core/ports.ts';
import { type SlackEmulator, startSlackEmulator } from '../../src/demo/emulator/slack-emulator.ts';
import type { FakeSlackOptions } from '../../src/demo/emulator/types.ts';

export type * from '../../src/demo/emulator/types.ts';

export type FakeSlack = SlackEmulator;

/** Starts a fake Slack Web API on 127.0.0.1 (random port) that answers like Slack. */
export function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  return startSlackEmulator({ ...options, clock: systemClock });
}
