import { sendCommand } from './load.ts';
import { readSectionRuns, type SectionRunRow } from './read-store.ts';
import type { BenchWorld } from './setup.ts';
import { SIGNING_SECRET } from './setup.ts';
import { sleep, until } from './stats.ts';

export interface DiagnoseResult {
  /** SectionRun durationMs minus its slowest step (inside the bot). */
  innerOverheadMs: number[];
  /** Slash sent -> verdicts in the thread, minus the slowest step; card already posted. */
  e2eOverheadMs: number[];
  /** Same, for the first diagnose of a channel (card post + 1 msg/s pacing before the verdicts). */
  e2eFirstOverheadMs: number[];
  /** Web API calls per diagnose (upload POST and auth.test excluded). */
  callsPerDiagnose: number[];
  slowestCheckMs: number[];
}

/** Waits until the fake Slack has recorded nothing new for `quietMs` (bounded). */
async function settle(world: BenchWorld, quietMs = 300, maxMs = 30_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  let count = -1;
  while (count !== world.fake.calls.length + world.fake.responses.length && Date.now() < deadline) {
    count = world.fake.calls.length + world.fake.responses.length;
    await sleep(quietMs);
  }
}

/**
 * The real runbook (api-down.md) against the simulated host, one diagnose at a time so its Slack
 * calls can be counted: per channel a first diagnose (posts the card) and a repeat (updates it).
 */
export async function measureDiagnose(
  world: BenchWorld,
  url: string,
  options: {
    channels: number;
    /** Where the section runs are read from; default the SQLite file in DATA_DIR. */
    readRuns?: () => SectionRunRow[];
  },
): Promise<DiagnoseResult> {
  const readRuns = options.readRuns ?? (() => readSectionRuns(world.dataDir));
  const result: DiagnoseResult = {
    innerOverheadMs: [],
    e2eOverheadMs: [],
    e2eFirstOverheadMs: [],
    callsPerDiagnose: [],
    slowestCheckMs: [],
  };
  for (let c = 0; c < options.channels; c++) {
    const channel = `CDIAG${c}`;
    for (const first of [true, false]) {
      await settle(world);
      await sleep(1100); // leave the channel's 1 msg/s pacing window
      const callsBefore = world.fake.calls.length;
      const repliesBefore = world.fake.messages.filter((m) => m.channel === channel && m.thread_ts).length;
      const runsBefore = readRuns().length;
      const started = performance.now();
      await sendCommand({
        url,
        secret: SIGNING_SECRET,
        command: '/apidown',
        text: 'diagnose',
        channel,
        responseUrl: world.fake.responseUrl(),
      });
      let arrived = 0;
      await until(
        () => {
          const count = world.fake.messages.filter((m) => m.channel === channel && m.thread_ts).length;
          if (count > repliesBefore && arrived === 0) arrived = performance.now();
          return arrived > 0;
        },
        60_000,
        'api-down verdicts',
        2,
      );
      await settle(world);
      const run = readRuns()
        .slice(runsBefore)
        .find((row) => row.channel === channel);
      if (!run) throw new Error('no section_run recorded for the diagnose');
      const e2e = arrived - started - run.maxStepMs;
      (first ? result.e2eFirstOverheadMs : result.e2eOverheadMs).push(e2e);
      result.innerOverheadMs.push(run.durationMs - run.maxStepMs);
      result.slowestCheckMs.push(run.maxStepMs);
      result.callsPerDiagnose.push(
        world.fake.calls
          .slice(callsBefore)
          .filter((call) => call.method !== 'upload' && call.method !== 'auth.test').length,
      );
    }
  }
  return result;
}
