// `node --import tsx bench/measure-step-starts.ts [--steps 200] [--concurrency 8] [--runs 3]
//   [--executor path/to/module.ts | --step-host] [--json]`
//
// What starting and finishing local steps costs the bot's event loop (docs/BENCHMARKS.md, "Step
// starts"). Runs `--steps` command steps (`true`, `echo x`, a 10 KB output, in turn) through the real
// step runner (`createStepRunner`: environment, capture, executor, redaction, judging), `--concurrency`
// at a time, and reports per run:
// - the event-loop delay while they run (perf_hooks.monitorEventLoopDelay, 1 ms resolution): p50,
//   p99 and max, in ms: how long a slash command or alert arriving meanwhile could wait to be read;
// - CPU per step of the whole process (process.cpuUsage) and of the main thread alone
//   (/proc/self/task/<pid>/stat, 10 ms ticks): the work steps put on the thread that also acks;
// - wall time and steps per second.
// `--executor` loads `executeCommand` from another module (e.g. a copy of an older executor kept
// outside the repo) to compare two executors in the same conditions; `--step-host` runs the steps
// through the step host process (src/exec/step-host), as `serve` does. Check `uptime` first: other
// work on the machine moves these numbers; compare runs made one after the other. For a profile of
// the main thread add `--cpu-prof` before `--import` (node writes a .cpuprofile to the cwd).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { systemClock } from '../src/core/ports.ts';
import type { CommandExecutor } from '../src/exec/process/execute-command.ts';
import { createRedactor } from '../src/exec/redact/create-redactor.ts';
import { createStepRunner } from '../src/exec/run-step.ts';
import { createStepHost } from '../src/exec/step-host/step-host.ts';
import type { CommandStep } from '../src/runbook/model.ts';
import { percentile, round2 } from './stats.ts';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '8' },
    runs: { type: 'string', default: '3' },
    executor: { type: 'string' },
    'step-host': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`--${name} wants a positive whole number, got "${text}"\n`);
    process.exit(2);
  }
  return value;
}
const steps = positive('steps', values.steps);
const concurrency = positive('concurrency', values.concurrency);
const runs = positive('runs', values.runs);

let executor: CommandExecutor | undefined;
if (values.executor !== undefined) {
  const module = (await import(pathToFileURL(path.resolve(values.executor)).href)) as {
    executeCommand?: CommandExecutor;
  };
  if (typeof module.executeCommand !== 'function') {
    process.stderr.write(`${values.executor} exports no executeCommand\n`);
    process.exit(2);
  }
  executor = module.executeCommand;
}
const stepHost = values['step-host'] ? createStepHost() : null;
if (stepHost) {
  executor = stepHost.executor;
  stepHost.start();
}

const COMMANDS = ['true', 'echo x', `printf '%10240s\\n' x`];

function step(index: number): CommandStep {
  const command = COMMANDS[index % COMMANDS.length] ?? 'true';
  return {
    kind: 'command',
    id: `step-${index}`,
    title: command,
    command,
    cwd: null,
    expect: null,
    risk: 'read',
    riskReason: 'bench',
    riskRecognised: true,
    sectionId: 'bench',
    line: 1,
  };
}

const runner = createStepRunner({
  clock: systemClock,
  redactor: createRedactor({ secrets: ['bench-secret-value-1234'] }),
  env: process.env,
  envAllowlist: [],
  ...(executor ? { executor } : {}),
});

/** Main-thread CPU time in ms (utime + stime of the task whose id is the pid), null without /proc. */
function mainThreadCpuMs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after "(comm)": state is index 0, utime index 11, stime index 12 (clock ticks, 100 Hz).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

async function runSteps(count: number): Promise<number> {
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const result = await runner.run(step(index));
      if (result.status !== 'pass') failed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failed;
}

interface RunNumbers {
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  cpuPerStepMs: number;
  mainThreadCpuPerStepMs: number | null;
  wallMs: number;
  stepsPerSecond: number;
  failedSteps: number;
}

async function measureRun(): Promise<RunNumbers> {
  global.gc?.();
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const cpuBefore = process.cpuUsage();
  const mainBefore = mainThreadCpuMs();
  const started = performance.now();
  histogram.enable();
  const failedSteps = await runSteps(steps);
  histogram.disable();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const mainAfter = mainThreadCpuMs();
  const ms = (nanoseconds: number) => round2(nanoseconds / 1e6);
  return {
    loopDelayP50Ms: ms(histogram.percentile(50)),
    loopDelayP99Ms: ms(histogram.percentile(99)),
    loopDelayMaxMs: ms(histogram.max),
    cpuPerStepMs: round2((cpu.user + cpu.system) / 1000 / steps),
    mainThreadCpuPerStepMs:
      mainBefore === null || mainAfter === null ? null : round2((mainAfter - mainBefore) / steps),
    wallMs: Math.round(wallMs),
    stepsPerSecond: round2((steps / wallMs) * 1000),
    failedSteps,
  };
}

const log = (line: string) => process.stderr.write(`${line}\n`);
log(
  `${steps} steps, ${concurrency} at a time, ${runs} runs, executor ${stepHost ? 'the step host' : (values.executor ?? 'src/exec/process/execute-command.ts')}; load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`,
);
await runSteps(Math.min(steps, 24)); // warm-up: JIT, module loading, the first /proc scans
const results: RunNumbers[] = [];
for (let run = 0; run < runs; run++) {
  const numbers = await measureRun();
  results.push(numbers);
  log(
    `run ${run + 1}: loop delay p50 ${numbers.loopDelayP50Ms} p99 ${numbers.loopDelayP99Ms} max ${numbers.loopDelayMaxMs} ms; ` +
      `CPU/step ${numbers.cpuPerStepMs} ms (main thread ${numbers.mainThreadCpuPerStepMs ?? 'n/a'} ms); ` +
      `${numbers.wallMs} ms, ${numbers.stepsPerSecond} steps/s` +
      (numbers.failedSteps > 0 ? `; ${numbers.failedSteps} steps did not pass` : ''),
  );
}
const medianOf = (pick: (numbers: RunNumbers) => number | null) =>
  round2(
    percentile(
      results.map((numbers) => pick(numbers) ?? Number.NaN),
      50,
    ),
  );
const summary = {
  steps,
  concurrency,
  loadAverage: loadavg().map(round2),
  medianLoopDelayP99Ms: medianOf((numbers) => numbers.loopDelayP99Ms),
  medianLoopDelayMaxMs: medianOf((numbers) => numbers.loopDelayMaxMs),
  medianCpuPerStepMs: medianOf((numbers) => numbers.cpuPerStepMs),
  medianMainThreadCpuPerStepMs: medianOf((numbers) => numbers.mainThreadCpuPerStepMs),
  runs: results,
};
if (values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
else
  log(
    `median: loop delay p99 ${summary.medianLoopDelayP99Ms} ms, max ${summary.medianLoopDelayMaxMs} ms; ` +
      `CPU/step ${summary.medianCpuPerStepMs} ms, main thread ${summary.medianMainThreadCpuPerStepMs} ms; load average now ${summary.loadAverage.join(' ')}`,
  );
await stepHost?.close();
const failed = results.reduce((sum, numbers) => sum + numbers.failedSteps, 0);
if (failed > 0) process.exitCode = 1;
