// Starts the compiled bot as `npm run bench` does, runs N diagnoses of the light runbook, then has
// the bot write a heap snapshot (--heapsnapshot-signal) and prints where its memory is: RSS split
// into anonymous and file-backed pages, V8's heap spaces (from /metrics), and the analysis of the
// snapshot (bench/heap/analyze-heap-snapshot.ts).
//
//   npm run build && node --import tsx bench/heap/snapshot-after-diagnoses.ts [--diagnoses 1000] [--out DIR]
//   (BENCH_NODE_OPTIONS as for `npm run bench`)
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { diagnoseUntil } from '../load.ts';
import { rssMb } from '../machine.ts';
import { REPO, SIGNING_SECRET, setUpWorld } from '../setup.ts';
import { spawnServer } from '../spawn-server.ts';
import { sleep } from '../stats.ts';
import { trackChannels } from '../thread-tracker.ts';
import { formatSummary, readHeapGraph, summarise } from './analyze-heap-snapshot.ts';
import { memoryMap } from './memory-map.ts';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

/** The process_ and nodejs_ memory gauges of the bot's /metrics, in MB. */
async function memoryMetrics(url: string): Promise<string[]> {
  const body = await (await fetch(url)).text();
  return body
    .split('\n')
    .filter((line) =>
      /^runbook_bot_(process_resident|nodejs_heap_space_size_used|nodejs_heap_size|nodejs_external)/.test(
        line,
      ),
    )
    .map((line) => {
      const [key, value] = line.split(' ');
      return `${key} ${(Number(value) / 1024 / 1024).toFixed(1)} MB`;
    });
}

const LOST_AFTER_MS = 120_000;

/**
 * Like bench/measure-memory.ts (50 channels, one diagnose at a time per channel), but a diagnose
 * that does not finish is counted and skipped instead of failing the run: this tool is for looking
 * at the heap, also on a machine too busy for the bench's pace.
 */
async function runDiagnoses(url: string, pid: number, total: number) {
  const tracker = trackChannels(world.fake);
  const samples: { done: number; mb: number }[] = [];
  let sent = 0;
  let done = 0;
  let lost = 0;
  const worker = async (c: number) => {
    const channel = `CHEAP${c}`;
    while (sent < total) {
      sent += 1;
      const replies = tracker.replies(channel);
      try {
        await diagnoseUntil(
          { url, secret: SIGNING_SECRET, command: '/bench', channel, user: `UHEAP${c}` },
          world.fake,
          () => tracker.replies(channel) > replies,
          LOST_AFTER_MS,
        );
      } catch (error) {
        if (!/not done in/.test(String(error))) throw error;
        lost += 1;
      }
      done += 1;
      if (done % Math.max(1, Math.floor(total / 10)) === 0) samples.push({ done, mb: rssMb(pid) });
    }
  };
  await Promise.all(Array.from({ length: Number(option('--channels', '50')) }, (_, c) => worker(c)));
  return { samples, lost };
}

const diagnoses = Number(option('--diagnoses', '1000'));
const outDir = path.resolve(option('--out', path.join(tmpdir(), 'runbook-bot-heap')));
mkdirSync(outDir, { recursive: true });
const world = await setUpWorld();
try {
  const port = await world.freePort();
  const env = world.botEnv(port);
  env.LOG_LEVEL = option('--log-level', env.LOG_LEVEL ?? 'warn');
  env.NODE_OPTIONS =
    `${env.NODE_OPTIONS ?? ''} --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${outDir}`.trim();
  const bot = await spawnServer({
    args: [path.join(REPO, 'bin/runbook-bot.js'), 'serve'],
    env,
    cwd: world.root,
    readyUrl: `http://127.0.0.1:${port}/healthz`,
    readyStatus: 200,
  });
  try {
    const metricsUrl = `http://127.0.0.1:${port}/metrics`;
    process.stdout.write(`idle: ${JSON.stringify(memoryMap(bot.pid))}\n`);
    const memory = await runDiagnoses(`http://127.0.0.1:${port}/slack/events`, bot.pid, diagnoses);
    process.stdout.write(
      `rss samples: ${memory.samples.map((s) => s.mb.toFixed(1)).join(', ')}; ${memory.lost} diagnoses not finished within ${LOST_AFTER_MS / 1000} s (skipped)\n`,
    );
    process.stdout.write(`after ${diagnoses}: ${JSON.stringify(memoryMap(bot.pid))}\n`);
    for (const line of await memoryMetrics(metricsUrl)) process.stdout.write(`  ${line}\n`);
    const before = new Set(readdirSync(outDir));
    bot.child.kill('SIGUSR2');
    let file = '';
    for (;;) {
      await sleep(200);
      const fresh = readdirSync(outDir).find((name) => name.endsWith('.heapsnapshot') && !before.has(name));
      // The bot writes the snapshot on its main thread: once /healthz answers again, it is complete.
      if (
        fresh &&
        (await fetch(`http://127.0.0.1:${port}/healthz`)
          .then((r) => r.ok)
          .catch(() => false))
      ) {
        file = path.join(outDir, fresh);
        break;
      }
    }
    process.stdout.write(
      `snapshot ${file} (${(statSync(file).size / 1024 / 1024).toFixed(1)} MB); rss now ${rssMb(bot.pid).toFixed(1)} MB\n\n`,
    );
    process.stdout.write(formatSummary(summarise(readHeapGraph(file), 40), 40));
  } catch (error) {
    process.stderr.write(`bot output (last lines):\n${bot.tail()}\n`);
    const channel = /diagnose in (\S+) not done/.exec(String(error))?.[1];
    if (channel) {
      const calls = world.fake.calls.filter((call) => JSON.stringify(call.args).includes(`"${channel}"`));
      const methods = new Map<string, number>();
      for (const call of world.fake.calls) methods.set(call.method, (methods.get(call.method) ?? 0) + 1);
      process.stderr.write(`calls by method: ${JSON.stringify([...methods])}\n`);
      const responses = world.fake.responses.slice(-5);
      process.stderr.write(
        `${channel}: ${JSON.stringify(calls.slice(-6).map((c) => [c.method, c.ok, c.at]))}\n`,
      );
      process.stderr.write(`last responses: ${JSON.stringify(responses).slice(0, 1500)}\n`);
    }
    throw error;
  } finally {
    await bot.stop();
  }
} finally {
  await world.close();
}
process.exit(0);
