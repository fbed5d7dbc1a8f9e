// `npm run bench` (-- --json | --write-doc): the DESIGN §9 budgets, measured against the fake Slack
// and the simulated host, with the bot as a child process (its own RSS, its own event loop).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { measureClassify } from './classify-bench.ts';
import { describeMachine, rssMb, stepHostPidOf } from './machine.ts';
import { measureDiagnoseAcks, measureHelpAcks } from './measure-ack.ts';
import { measureAlertStorm, stormSummary } from './measure-alerts.ts';
import { coldStartServers, compileBareBolt, measureColdStarts } from './measure-cold-start.ts';
import { measureDiagnose } from './measure-diagnose.ts';
import { measureMemory } from './measure-memory.ts';
import { measureSshTargets } from './measure-ssh-targets.ts';
import { readSectionRuns } from './read-store.ts';
import { printTable, writeDoc } from './report.ts';
import type { BenchResults } from './results.ts';
import { REPO, setUpWorld } from './setup.ts';
import { median, percentile, round1, round2, slope } from './stats.ts';

const args = new Set(process.argv.slice(2));
const json = args.has('--json');
const log = (line: string) => {
  if (!json) process.stderr.write(`${line}\n`);
  else process.stderr.write(`# ${line}\n`);
};

// `--postgres`: the store on a throwaway PostgreSQL vs SQLite (bench/postgres-bench.ts).
if (args.has('--postgres')) {
  const { runPostgresBench } = await import('./postgres-bench.ts');
  const results = await runPostgresBench(log);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  process.exit(0);
}

const BOT_BIN = path.join(REPO, 'bin/runbook-bot.js');
const CONCURRENCY = 50;
const ACK_ROUNDS = 10;
const DIAGNOSE_ACK_ROUNDS = 5;
const TOTAL_DIAGNOSES = 1000;
const COLD_START_RUNS = 7;

/** The bot runs as in production: compiled JavaScript (NODE_ENV=production), so build it first. */
function buildBot(): void {
  log('building the compiled bot (npm run build)…');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function main(): Promise<BenchResults> {
  buildBot();
  const benchStarted = performance.now();
  const world = await setUpWorld();
  try {
    const { startBot, startBare } = coldStartServers(world, {
      botBin: BOT_BIN,
      bareBolt: compileBareBolt(REPO),
    });
    log(`cold start: ${COLD_START_RUNS} spawns each of the bot and a bare Bolt app, interleaved…`);
    const coldStart = await measureColdStarts(
      { bot: startBot, bare: async () => startBare(await world.freePort()) },
      COLD_START_RUNS,
    );
    log(
      `  bot ${coldStart.botMs.map(round1).join(', ')} ms; bare ${coldStart.bareMs.map(round1).join(', ')} ms; ratio of medians ${round2(coldStart.ratio)}`,
    );
    const bot = await startBot();
    const rssIdle = rssMb(bot.pid);

    const barePort = await world.freePort();
    const bare = await startBare(barePort);
    try {
      log(`ack: ${ACK_ROUNDS} rounds × ${CONCURRENCY} concurrent help/status, bot vs bare Bolt…`);
      const acks = await measureHelpAcks(
        world,
        { bot: bot.url, bare: `http://127.0.0.1:${barePort}/slack/events` },
        { rounds: ACK_ROUNDS, concurrency: CONCURRENCY },
      );
      const bareRss = rssMb(bare.pid);
      log(
        `  bot p50/p99 ${round1(acks.bot.p50)}/${round1(acks.bot.p99)} ms, bare ${round1(acks.bare.p50)}/${round1(acks.bare.p99)} ms`,
      );
      log(`ack: ${DIAGNOSE_ACK_ROUNDS} rounds × ${CONCURRENCY} concurrent diagnose (50 channels)…`);
      const diagnoseAcks = await measureDiagnoseAcks(world, bot.url, {
        rounds: DIAGNOSE_ACK_ROUNDS,
        concurrency: CONCURRENCY,
      });
      log(`  diagnose ack p50/p99 ${round1(diagnoseAcks.p50)}/${round1(diagnoseAcks.p99)} ms`);
      log('diagnose overhead and Slack calls: api-down.md on the simulated host…');
      const diagnose = await measureDiagnose(world, bot.url, { channels: 3 });

      log(
        `  overhead ${diagnose.innerOverheadMs.map(round1).join(', ')}; e2e ${diagnose.e2eOverheadMs.map(round1).join(', ')}; first ${diagnose.e2eFirstOverheadMs.map(round1).join(', ')}; calls ${diagnose.callsPerDiagnose.join(', ')}`,
      );
      log(`memory: ${TOTAL_DIAGNOSES} diagnoses over 50 channels…`);
      const runsBefore = readSectionRuns(world.dataDir).length;
      const memory = await measureMemory(world, bot, { total: TOTAL_DIAGNOSES, channels: 50, every: 100 });
      log(
        `  rss ${memory.samples.map((sample) => round1(sample.mb)).join(', ')} MB; ${memory.retries} resends`,
      );
      // Local steps run in the step host, a process of the bot's own: its memory is reported too.
      const hostPid = stepHostPidOf(bot.pid);
      const stepHostRss = hostPid === undefined ? null : rssMb(hostPid);
      log(`  step host rss ${stepHostRss === null ? 'none running' : `${round1(stepHostRss)} MB`}`);
      const loadRuns = readSectionRuns(world.dataDir)
        .slice(runsBefore)
        .map((row) => row.durationMs - row.maxStepMs);

      log('ssh targets: diagnose over 10 real sshd hosts, then a second section on one…');
      const sshTargets = await measureSshTargets(10);
      log(
        `  fleet ${round1(sshTargets.fleetMs)} ms, slowest alone ${round1(sshTargets.slowestHostMs)} ms; ${sshTargets.handshakesForTwoSections} handshake(s) for two sections`,
      );
      log('alert storm: 1,000 Alertmanager posts in a minute, bot vs a bare node:http handler…');
      const storm = await measureAlertStorm(world, { botBin: BOT_BIN, posts: 1000, durationMs: 60_000 });
      log(
        `  p99 bot ${round1(storm.botP99Ms)} ms, bare ${round1(storm.bareP99Ms)} ms; ${storm.incidents} incident(s), ${storm.diagnoses} diagnosis(es)`,
      );
      const gaps = postGaps(world.fake.calls);
      const points = memory.samples.map((sample) => ({ x: sample.done / 100, y: sample.mb }));
      const secondHalf = points.slice(Math.floor(points.length / 2) - 1);
      const calls = diagnose.callsPerDiagnose;
      return {
        ackP50Ms: round1(acks.bot.p50),
        ackP99Ms: round1(acks.bot.p99),
        ackDiagnoseP50Ms: round1(diagnoseAcks.p50),
        ackDiagnoseP99Ms: round1(diagnoseAcks.p99),
        bareBoltAckP50Ms: round1(acks.bare.p50),
        bareBoltAckP99Ms: round1(acks.bare.p99),
        ackRatioVsBareBolt: round2(acks.bot.p99 / acks.bare.p99),
        diagnoseOverheadMs: round1(median(diagnose.innerOverheadMs)),
        diagnoseOverheadMaxMs: round1(Math.max(...diagnose.innerOverheadMs)),
        diagnoseOverheadE2eMs: round1(median(diagnose.e2eOverheadMs)),
        diagnoseOverheadE2eFirstMs: round1(median(diagnose.e2eFirstOverheadMs)),
        diagnoseOverheadUnderLoadP50Ms: round1(percentile(loadRuns, 50)),
        diagnoseOverheadUnderLoadP99Ms: round1(percentile(loadRuns, 99)),
        slackCallsPerDiagnose: Math.max(...calls),
        slackCallsPerDiagnoseFirst: Math.max(...calls.filter((_, i) => i % 2 === 0)),
        slackCallsPerDiagnoseRepeat: Math.max(...calls.filter((_, i) => i % 2 === 1)),
        minPostGapPerChannelMs: gaps,
        classifyPerStepMs: round2(measureClassify(path.join(REPO, 'runbooks/api-down.md')).perStepMs),
        rssMbBefore: round1(memory.rssBeforeMb),
        bareBoltRssMb: round1(bareRss),
        rssMbIdle: round1(rssIdle),
        rssMbAfter1000: round1(memory.samples.at(-1)?.mb ?? Number.NaN),
        stepHostRssMbAfter1000: stepHostRss === null ? null : round1(stepHostRss),
        rssSlopeMbPer100: round2(slope(points)),
        rssSlopeSecondHalfMbPer100: round2(slope(secondHalf)),
        rssSamples: memory.samples.map((sample) => ({ done: sample.done, mb: round1(sample.mb) })),
        diagnosesPerSecond: round1(TOTAL_DIAGNOSES / (memory.durationMs / 1000)),
        coldStartMs: round1(coldStart.botMedianMs),
        coldStartRunsMs: coldStart.botMs.map(round1),
        bareBoltColdStartMs: round1(coldStart.bareMedianMs),
        bareBoltColdStartRunsMs: coldStart.bareMs.map(round1),
        coldStartRatioVsBareBolt: round2(coldStart.ratio),
        benchSeconds: round1((performance.now() - benchStarted) / 1000),
        machine: describeMachine(),
        sshTargets,
        alertStorm: {
          posts: storm.posts,
          seconds: round1(storm.durationMs / 1000),
          ...stormSummary(storm),
        },
      };
    } finally {
      await bare.stop();
      await bot.stop();
    }
  } finally {
    await world.close();
  }
}

/** Smallest gap between two chat.postMessage calls to the same channel (ms). */
function postGaps(calls: readonly { method: string; args: Record<string, unknown>; at: number }[]): number {
  const last = new Map<string, number>();
  let smallest = Number.POSITIVE_INFINITY;
  for (const call of calls) {
    if (call.method !== 'chat.postMessage') continue;
    const channel = String(call.args.channel);
    const previous = last.get(channel);
    if (previous !== undefined) smallest = Math.min(smallest, call.at - previous);
    last.set(channel, call.at);
  }
  return Number.isFinite(smallest) ? smallest : -1;
}

const results = await main();
if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else printTable(results);
if (args.has('--write-doc')) {
  const file = writeDoc(results);
  log(`wrote ${file}`);
}
process.exit(0);
