// `node --import tsx bench/ack-rounds.ts [--rounds 5] [--help-acks] [--bin <runbook-bot.js>] [--cpu-prof <dir>]`:
// only the ack rounds of `npm run bench` (bench/measure-ack.ts), against the compiled bot as the
// bench starts it, for a quick before/after while working on the ack path. It does not build:
// run `npm run build` first (or pass `--bin` of another checkout's build, e.g. a bisect worktree).
import os from 'node:os';
import path from 'node:path';
import { measureDiagnoseAcks, measureHelpAcks } from './measure-ack.ts';
import { REPO, setUpWorld } from './setup.ts';
import { spawnServer } from './spawn-server.ts';
import { round1 } from './stats.ts';

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
};
const rounds = Number(option('--rounds') ?? 5);
const botBin = path.resolve(option('--bin') ?? path.join(REPO, 'bin/runbook-bot.js'));
const cpuProfDir = option('--cpu-prof');
const CONCURRENCY = 50;

const world = await setUpWorld();
try {
  const port = await world.freePort();
  const profile = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [];
  const bot = await spawnServer({
    args: [...profile, botBin, 'serve'],
    env: world.botEnv(port),
    cwd: world.root,
    readyUrl: `http://127.0.0.1:${port}/healthz`,
    readyStatus: 200,
  });
  const url = `http://127.0.0.1:${port}/slack/events`;
  const load = () => os.loadavg().map(round1).join(' ');
  try {
    process.stderr.write(`bot ${botBin}; load average ${load()}\n`);
    const result: Record<string, unknown> = {};
    if (argv.includes('--help-acks')) {
      // The bare Bolt baseline is measured by `npm run bench`; here the bot against itself suffices.
      const help = await measureHelpAcks(
        world,
        { bot: url, bare: url },
        { rounds, concurrency: CONCURRENCY },
      );
      result.helpAckP50Ms = round1(help.bot.p50);
      result.helpAckP99Ms = round1(help.bot.p99);
    }
    const diagnose = await measureDiagnoseAcks(world, url, { rounds, concurrency: CONCURRENCY });
    result.ackDiagnoseP50Ms = round1(diagnose.p50);
    result.ackDiagnoseP99Ms = round1(diagnose.p99);
    result.ackDiagnoseMaxMs = round1(diagnose.max);
    result.samples = diagnose.samples;
    result.loadAverageAfter = load();
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await bot.stop();
  }
} finally {
  await world.close();
}
process.exit(0);
