// The alert storm alone (issue 18's budget), for working on it without the whole `npm run bench`:
//   node --import tsx bench/run-alert-storm.ts [--runs 3] [--posts 1000] [--seconds 60]
//        [--no-build] [--loop-delay] [--cpu-prof DIR] [--slowest N] [--bot-bin BIN …] [--strace-sync FILE] [--json]
// Same world (bench/setup.ts) and same measurement (bench/measure-alerts.ts) as `npm run bench`.
// --loop-delay preloads bench/probes/loop-delay-probe.mjs into the bot (event-loop delay and GC
// pauses during the storm); --cpu-prof writes the bot's V8 CPU profile into DIR.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measureAlertStorm, stormSummary } from './measure-alerts.ts';
import { REPO, SERVICE_NODE_OPTIONS, setUpWorld } from './setup.ts';
import { round1 } from './stats.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1' },
    posts: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '60' },
    'no-build': { type: 'boolean', default: false },
    'loop-delay': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    slowest: { type: 'string', default: '0' },
    'bot-bin': { type: 'string', multiple: true },
    'strace-sync': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

const log = (line: string) => process.stderr.write(`${line}\n`);
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

if (!values['no-build']) {
  log('building the compiled bot (npm run build)…');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
}

const probeDir = mkdtempSync(path.join(tmpdir(), 'runbook-bot-storm-'));
const results = [];
const world = await setUpWorld();
try {
  for (let run = 1; run <= Number(values.runs); run++) {
    const loadBefore = load();
    // Several --bot-bin: runs alternate between them (an A/B under the same machine load).
    const bins = values['bot-bin'] ?? [path.join(REPO, 'bin/runbook-bot.js')];
    const botBin = path.resolve(bins[(run - 1) % bins.length] ?? '');
    const nodeOptions = [process.env.BENCH_NODE_OPTIONS ?? SERVICE_NODE_OPTIONS];
    const extraEnv: Record<string, string> = {};
    const nodeArgs: string[] = [];
    const probeOut = path.join(probeDir, `loop-delay-${run}.json`);
    if (values['loop-delay']) {
      nodeOptions.push(`--import=${path.join(REPO, 'bench/probes/loop-delay-probe.mjs')}`);
      extraEnv.LOOP_DELAY_OUT = probeOut;
    }
    if (values['cpu-prof']) {
      const dir = path.resolve(values['cpu-prof']);
      mkdirSync(dir, { recursive: true });
      nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
    }
    extraEnv.NODE_OPTIONS = nodeOptions.join(' ');
    const traced: { tracer: ChildProcess | null } = { tracer: null };
    const storm = await measureAlertStorm(world, {
      botBin,
      posts: Number(values.posts),
      durationMs: Number(values.seconds) * 1000,
      extraEnv,
      nodeArgs,
      onStormStart: (pid: number) => {
        if (values['loop-delay']) process.kill(pid, 'SIGUSR2');
        const traceFile = values['strace-sync'];
        if (traceFile)
          traced.tracer = spawn(
            'strace',
            [
              '-f',
              '-tt',
              '-T',
              '-e',
              'trace=fsync,fdatasync',
              '-o',
              `${traceFile}.${run}`,
              '-p',
              String(pid),
            ],
            { stdio: 'ignore' },
          );
      },
    });
    traced.tracer?.kill('SIGINT');
    const loopDelay = values['loop-delay'] ? JSON.parse(readFileSync(probeOut, 'utf8')) : null;
    const result = {
      run,
      botBin,
      loadBefore,
      loadAfter: load(),
      ...stormSummary(storm),
      ...(loopDelay ? { bot: loopDelay } : {}),
    };
    results.push(result);
    const slowest = Number(values.slowest);
    if (slowest > 0) {
      const rows = storm.botSamplesMs
        .map((ms, index) => ({
          index,
          bot: round1(ms),
          bare: round1(storm.bareSamplesMs[index] ?? Number.NaN),
        }))
        .sort((a, b) => b.bot - a.bot)
        .slice(0, slowest);
      log(
        `  slowest bot posts (index: bot/bare ms): ${rows.map((row) => `${row.index}: ${row.bot}/${row.bare}`).join(', ')}`,
      );
      const bareRows = storm.bareSamplesMs
        .map((ms, index) => ({
          index,
          bare: round1(ms),
          bot: round1(storm.botSamplesMs[index] ?? Number.NaN),
        }))
        .sort((a, b) => b.bare - a.bare)
        .slice(0, slowest);
      log(
        `  slowest bare posts (index: bare/bot ms): ${bareRows.map((row) => `${row.index}: ${row.bare}/${row.bot}`).join(', ')}`,
      );
    }
    log(
      `run ${run} (${botBin}): p99 bot ${result.botP99Ms} ms vs bare ${result.bareP99Ms} ms = ${result.p99RatioVsBare}× (p50 ${result.botP50Ms} vs ${result.bareP50Ms}); ${result.incidents} incident(s), ${result.diagnoses} diagnosis(es), ${result.non200} non-200; load ${loadBefore} → ${result.loadAfter}${loopDelay ? `; bot loop delay ${JSON.stringify(loopDelay)}` : ''}`,
    );
  }
} finally {
  await world.close();
  rmSync(probeDir, { recursive: true, force: true });
}
if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
process.exit(0);
