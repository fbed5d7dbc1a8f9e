// The memory budget alone (issue 16: RSS ≤ 150 MB after 1,000 diagnoses, acks unchanged), for quick
// loops: the parts of `npm run bench` that bear on it, in the same order and with the same helpers
// (bench/setup.ts, measure-ack.ts, measure-memory.ts), without the cold starts, SSH fleet and alert
// storm. Prints RSS idle and after the diagnoses, the bot's V8 heap and external memory (from its
// /metrics) and its anonymous / file-backed split, the help/status acks against a bare Bolt app and
// the diagnose acks, and the load average before and after.
//
//   npm run build && node --import tsx bench/heap/memory-budget.ts [--diagnoses 1000] [--ack-rounds 10]
//     [--no-acks] [--json] [--bot-bin BIN]   (BENCH_NODE_OPTIONS replaces the service's NODE_OPTIONS;
//     --bot-bin: another build's bin/runbook-bot.js, e.g. an older commit's, built)
import os from 'node:os';
import path from 'node:path';
import { rssMb } from '../machine.ts';
import { measureDiagnoseAcks, measureHelpAcks } from '../measure-ack.ts';
import { compileBareBolt } from '../measure-cold-start.ts';
import { measureMemory } from '../measure-memory.ts';
import { REPO, setUpWorld } from '../setup.ts';
import { spawnServer } from '../spawn-server.ts';
import { round1, round2, slope } from '../stats.ts';
import { largestMappings, memoryMap } from './memory-map.ts';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const diagnoses = Number(option('--diagnoses', '1000'));
const ackRounds = Number(option('--ack-rounds', '10'));
const withAcks = !process.argv.includes('--no-acks');
const json = process.argv.includes('--json');
const CONCURRENCY = 50;
const log = (line: string) => process.stderr.write(`${json ? '# ' : ''}${line}\n`);
const load = () => os.loadavg().map(round2);

/** The V8 heap and external-memory gauges of the bot's /metrics (prom-client defaults), in MB. */
async function heapMetrics(url: string): Promise<Record<string, number>> {
  const body = await (await fetch(url)).text();
  const out: Record<string, number> = {};
  for (const line of body.split('\n')) {
    const match =
      /^runbook_bot_nodejs_(heap_size_total|heap_size_used|external_memory)_bytes (\S+)$/.exec(line) ??
      /^runbook_bot_nodejs_heap_space_size_(used|available)_bytes\{space="(new|old|code|large_object)"\} (\S+)$/.exec(
        line,
      );
    if (!match) continue;
    const key = match.length === 3 ? (match[1] as string) : `${match[2]}_${match[1]}`;
    out[key] = round1(Number(match.at(-1)) / 1024 / 1024);
  }
  return out;
}

const world = await setUpWorld();
try {
  const loadBefore = load();
  const port = await world.freePort();
  const bot = await spawnServer({
    args: [path.resolve(option('--bot-bin', path.join(REPO, 'bin/runbook-bot.js'))), 'serve'],
    env: world.botEnv(port),
    cwd: world.root,
    readyUrl: `http://127.0.0.1:${port}/healthz`,
    readyStatus: 200,
  });
  const botUrl = `http://127.0.0.1:${port}/slack/events`;
  const metricsUrl = `http://127.0.0.1:${port}/metrics`;
  try {
    const idle = { ...memoryMap(bot.pid), ...(await heapMetrics(metricsUrl)) };
    log(`idle: ${JSON.stringify(idle)}`);
    let acks: Record<string, number> | null = null;
    if (withAcks) {
      const barePort = await world.freePort();
      const bare = await spawnServer({
        args: [compileBareBolt(REPO)],
        env: { ...world.botEnv(barePort), NODE_ENV: 'production' },
        cwd: REPO,
        readyUrl: `http://127.0.0.1:${barePort}/`,
        readyStatus: 404,
      });
      try {
        log(`ack: ${ackRounds} rounds × ${CONCURRENCY} help/status, bot vs bare Bolt…`);
        const help = await measureHelpAcks(
          world,
          { bot: botUrl, bare: `http://127.0.0.1:${barePort}/slack/events` },
          { rounds: ackRounds, concurrency: CONCURRENCY },
        );
        log(`ack: ${Math.ceil(ackRounds / 2)} rounds × ${CONCURRENCY} diagnose…`);
        const diagnose = await measureDiagnoseAcks(world, botUrl, {
          rounds: Math.ceil(ackRounds / 2),
          concurrency: CONCURRENCY,
        });
        acks = {
          helpP50Ms: round1(help.bot.p50),
          helpP99Ms: round1(help.bot.p99),
          bareP50Ms: round1(help.bare.p50),
          bareP99Ms: round1(help.bare.p99),
          ratioP99: round2(help.bot.p99 / help.bare.p99),
          diagnoseP50Ms: round1(diagnose.p50),
          diagnoseP99Ms: round1(diagnose.p99),
          bareRssMb: round1(rssMb(bare.pid)),
        };
        log(`acks: ${JSON.stringify(acks)}`);
      } finally {
        await bare.stop();
      }
    }
    log(`memory: ${diagnoses} diagnoses over 50 channels…`);
    const memory = await measureMemory(
      world,
      { url: botUrl, pid: bot.pid },
      {
        total: diagnoses,
        channels: 50,
        every: Math.max(1, Math.round(diagnoses / 10)),
      },
    );
    const after = { ...memoryMap(bot.pid), ...(await heapMetrics(metricsUrl)) };
    const points = memory.samples.map((sample) => ({ x: sample.done / 100, y: sample.mb }));
    const result = {
      diagnoses,
      nodeOptions: world.botEnv(0).NODE_OPTIONS,
      loadBefore,
      loadAfter: load(),
      idle,
      rssBeforeDiagnosesMb: round1(memory.rssBeforeMb),
      samplesMb: memory.samples.map((sample) => round1(sample.mb)),
      slopeMbPer100: round2(slope(points)),
      after,
      largestMappingsAfter: largestMappings(bot.pid, 10),
      diagnosesPerSecond: round1(diagnoses / (memory.durationMs / 1000)),
      retries: memory.retries,
      acks,
    };
    if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      log(`rss samples: ${result.samplesMb.join(', ')} MB (slope ${result.slopeMbPer100} MB/100)`);
      log(`after: ${JSON.stringify(after)}`);
      for (const mapping of result.largestMappingsAfter)
        log(`  ${mapping.rssMb} MB resident of ${mapping.sizeMb} MB: ${mapping.what} ×${mapping.count}`);
      log(`load average before ${loadBefore.join(' ')}, after ${result.loadAfter.join(' ')}`);
    }
  } catch (error) {
    process.stderr.write(`bot output (last lines):\n${bot.tail()}\n`);
    throw error;
  } finally {
    await bot.stop();
  }
} finally {
  await world.close();
}
process.exit(0);
