// Ack latency of two to four builds of the bot, interleaved, so a busy machine slows both alike: for a
// change that trades CPU for memory (V8 flags, caches), whether the acks stayed where they were.
// Each repetition starts A, B, … (the next one in reverse order) in a fresh world (fake Slack, sandbox, data dir),
// each next to a bare Bolt app, and runs the bench's help/status and diagnose ack rounds
// (bench/measure-ack.ts).
//
//   node --import tsx bench/heap/compare-acks.ts --a DIR_A --b DIR_B [--c DIR_C] [--d DIR_D] [--repeat 3] [--rounds 10]
//   (DIR_*: a checkout with its compiled build, e.g. `git worktree add /tmp/base HEAD && npm run build`
//    there; `--a-node-options '…'` / `--b-node-options '…'` replace the service's NODE_OPTIONS)
import os from 'node:os';
import path from 'node:path';
import { rssMb } from '../machine.ts';
import { measureDiagnoseAcks, measureHelpAcks } from '../measure-ack.ts';
import { compileBareBolt } from '../measure-cold-start.ts';
import { REPO, SERVICE_NODE_OPTIONS, setUpWorld } from '../setup.ts';
import { spawnServer } from '../spawn-server.ts';
import { median, round1, round2 } from '../stats.ts';

function option(name: string, fallback?: string): string {
  const index = process.argv.indexOf(name);
  const value = index > 0 ? process.argv[index + 1] : fallback;
  if (value === undefined) throw new Error(`compare-acks: ${name} is required`);
  return value;
}

const variants = ['a', 'b', 'c', 'd']
  .filter((name) => name === 'a' || name === 'b' || process.argv.includes(`--${name}`))
  .map((name) => ({
    name,
    bin: path.join(path.resolve(option(`--${name}`)), 'bin/runbook-bot.js'),
    nodeOptions: option(`--${name}-node-options`, SERVICE_NODE_OPTIONS),
  }));
const repeat = Number(option('--repeat', '3'));
const rounds = Number(option('--rounds', '10'));
const CONCURRENCY = 50;
const bareBolt = compileBareBolt(REPO);

type Row = Record<string, number | string>;

async function measureOnce(variant: (typeof variants)[number]): Promise<Row> {
  const world = await setUpWorld();
  try {
    const port = await world.freePort();
    const bot = await spawnServer({
      args: [variant.bin, 'serve'],
      env: { ...world.botEnv(port), NODE_OPTIONS: variant.nodeOptions },
      cwd: world.root,
      readyUrl: `http://127.0.0.1:${port}/healthz`,
      readyStatus: 200,
    });
    const barePort = await world.freePort();
    const bare = await spawnServer({
      args: [bareBolt],
      env: { ...world.botEnv(barePort), NODE_ENV: 'production' },
      cwd: REPO,
      readyUrl: `http://127.0.0.1:${barePort}/`,
      readyStatus: 404,
    });
    try {
      const url = `http://127.0.0.1:${port}/slack/events`;
      const loadBefore = round2(os.loadavg()[0] ?? Number.NaN);
      const help = await measureHelpAcks(
        world,
        { bot: url, bare: `http://127.0.0.1:${barePort}/slack/events` },
        { rounds, concurrency: CONCURRENCY },
      );
      const diagnose = await measureDiagnoseAcks(world, url, {
        rounds: Math.ceil(rounds / 2),
        concurrency: CONCURRENCY,
      });
      return {
        variant: variant.name,
        load1: loadBefore,
        helpP99: round1(help.bot.p99),
        bareP99: round1(help.bare.p99),
        ratio: round2(help.bot.p99 / help.bare.p99),
        diagP50: round1(diagnose.p50),
        diagP99: round1(diagnose.p99),
        rssMb: round1(rssMb(bot.pid)),
      };
    } finally {
      await bare.stop();
      await bot.stop();
    }
  } finally {
    await world.close();
  }
}

const rows: Row[] = [];
for (let rep = 0; rep < repeat; rep++) {
  for (const variant of rep % 2 === 0 ? variants : [...variants].reverse()) {
    const row = await measureOnce(variant);
    rows.push(row);
    process.stderr.write(`${JSON.stringify(row)}\n`);
  }
}
for (const variant of variants) {
  const mine = rows.filter((row) => row.variant === variant.name);
  const med = (key: string) => round1(median(mine.map((row) => Number(row[key]))));
  process.stdout.write(
    `${variant.name} (${variant.bin}, NODE_OPTIONS=${variant.nodeOptions}): median help p99 ${med('helpP99')} ms vs bare ${med('bareP99')} (ratio ${med('ratio')}); diagnose p50 ${med('diagP50')} / p99 ${med('diagP99')} ms; rss after acks ${med('rssMb')} MB\n`,
  );
}
process.exit(0);
