import { stat } from 'node:fs/promises';
import type { Clock } from '../core/ports.ts';
import type { CommandStep } from '../runbook/model.ts';
import { judgeStep } from './judge/judge-step.ts';
import { buildStepEnv, paramStepEnv } from './process/build-step-env.ts';
import { createOutputCapture } from './process/capture-output.ts';
import { type CommandExecutor, executeCommand } from './process/execute-command.ts';
import type { Redactor } from './redact/create-redactor.ts';
import { resultWithoutRun } from './result-without-run.ts';
import type { StepResult } from './step-result.ts';

export interface RunContext {
  /** Replaces the step's cwd (the CLI's `--workdir`, the binding's `workdir`). */
  workdir?: string | null;
  /** Parameter values by name (`pod-name`); a step gets those it uses as `RB_…` variables. */
  params?: Readonly<Record<string, string>>;
}

/** Runs one command step; injected into use cases so tests can fake it. */
export interface StepRunner {
  run(step: CommandStep, ctx?: RunContext): Promise<StepResult>;
}

export interface StepRunnerOptions {
  clock: Clock;
  /** Applied to all output before it leaves the runner. */
  redactor: Redactor;
  /** The bot's own environment, where PATH, HOME, LANG and the allowed names are read. */
  env: Readonly<Record<string, string | undefined>>;
  /** Names passed through besides PATH, HOME, LANG, LC_ALL (the binding's `env`). */
  envAllowlist?: readonly string[];
  /** Extra variables for every step (e.g. SANDBOX_STATE for the simulated host). */
  extraEnv?: Readonly<Record<string, string>>;
  /** Output kept: half from the start, half from the end. Default 128 KiB. */
  maxOutputBytes?: number;
  /** Default 20 s; a step's `timeoutMs` wins. */
  defaultTimeoutMs?: number;
  /** Between SIGTERM and SIGKILL on timeout. Default 1 s. */
  killGraceMs?: number;
  /** Output still read after the shell exits. Default 250 ms. */
  drainMs?: number;
  /** Where commands run. Default: `executeCommand`, a local bash. Its output is judged and redacted here. */
  executor?: CommandExecutor;
  /** The executor runs elsewhere (SSH) and checks the cwd there (`CommandOutcome.badCwd`): no local check. */
  remoteCwd?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 128 * 1024;

export function createStepRunner(options: StepRunnerOptions): StepRunner {
  const { clock, redactor } = options;
  const env = buildStepEnv({
    source: options.env,
    allowlist: options.envAllowlist ?? [],
    extra: options.extraEnv ?? {},
  });
  const maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const executor = options.executor ?? executeCommand;

  const run = async (step: CommandStep, ctx: RunContext = {}): Promise<StepResult> => {
    const startedAt = clock.now();
    if (step.skip) return resultWithoutRun(step, 'skipped', { kind: 'skipped', reason: redactor(step.skip) });
    const cwd = ctx.workdir ?? step.cwd ?? undefined;
    if (cwd !== undefined && !options.remoteCwd && !(await isDirectory(cwd))) {
      return resultWithoutRun(step, 'error', { kind: 'bad_cwd', cwd: redactor(cwd) });
    }
    if (step.paramsRefused) {
      return resultWithoutRun(step, 'error', { kind: 'skipped', reason: redactor(step.paramsRefused) });
    }
    const values = paramStepEnv(step.params ?? [], ctx.params);
    if (!values.ok) {
      return resultWithoutRun(step, 'error', { kind: 'missing_params', names: values.missing });
    }
    const timeoutMs = step.timeoutMs ?? options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    const capture = createOutputCapture({
      headBytes: Math.ceil(maxOutputBytes / 2),
      tailBytes: Math.floor(maxOutputBytes / 2),
    });
    const outcome = await executor({
      command: step.runs ?? step.command,
      cwd,
      env: { ...env, ...values.env },
      stdin: step.stdin,
      timeoutMs,
      clock,
      capture,
      killGraceMs: options.killGraceMs ?? 1000,
      drainMs: options.drainMs ?? 250,
    });
    const captured = capture.finish(redactor);
    const durationMs = clock.now() - startedAt;
    if (outcome.badCwd && cwd !== undefined) {
      return resultWithoutRun(step, 'error', { kind: 'bad_cwd', cwd: redactor(cwd) }, durationMs);
    }
    if (outcome.interrupted !== undefined) {
      const detail = { kind: 'interrupted', message: redactor(outcome.interrupted) } as const;
      return resultWithoutRun(step, 'error', detail, durationMs);
    }
    if (outcome.spawnError !== null) {
      const detail = { kind: 'spawn_error', message: redactor(outcome.spawnError) } as const;
      return resultWithoutRun(step, 'error', detail, durationMs);
    }
    const judged = judgeStep(step, {
      exitCode: outcome.exitCode,
      timedOut: outcome.timedOut,
      timeoutMs,
      output: captured.output,
    });
    return {
      stepId: step.id,
      title: step.title,
      command: step.command,
      risk: step.risk,
      status: judged.status,
      exitCode: outcome.exitCode,
      timedOut: outcome.timedOut,
      durationMs,
      output: captured.output,
      outputTruncated: captured.truncated,
      droppedBytes: captured.droppedBytes,
      expect: step.expect,
      detail: judged.detail,
    };
  };

  return { run };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
