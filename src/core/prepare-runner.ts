import type { CommandExecutor } from '../exec/process/execute-command.ts';
import { createEnvRedactor, type Redactor } from '../exec/redact/create-redactor.ts';
import { createStepRunner, type StepRunner } from '../exec/run-step.ts';
import type { ConnectResult } from '../exec/targets/ssh-connection.ts';
import { type ChangeTarget, digestEnv } from './approvals/change-fingerprint.ts';
import type { BoundRunbook } from './catalog.ts';
import type { Clock } from './ports.ts';

export interface PreparedRunner {
  runner: StepRunner;
  redactor: Redactor;
  /** Where the steps run: the override, else the binding's workdir (null: each step's own cwd). */
  workdir: string | null;
  /** Digest of the values of the env names steps receive (computed on first use): part of an approval's fingerprint. */
  envDigest?: () => string;
  /** The binding target it runs on (`api-2`); unset: this host, the binding has no targets. */
  targetName?: string;
  /** Where it runs, as the change fingerprint records it (set for a target). */
  target?: ChangeTarget;
  /** Connects to an SSH target ahead of the steps (an unreachable host is told apart from a failing check). */
  connect?: () => Promise<ConnectResult>;
}

/**
 * A step runner for one runbook: secrets learnt from the bot's environment and the workdir's .env*
 * files (so every output is redacted), and an environment with only PATH, HOME, LANG and the names
 * the binding (`env:`) or the operator (`passEnv`) allow.
 */
export async function prepareRunner(options: {
  bound: BoundRunbook;
  env: Readonly<Record<string, string | undefined>>;
  clock: Clock;
  passEnv?: readonly string[];
  workdir?: string | null;
  defaultTimeoutMs?: number;
  /** A redactor shared with the rest of the process (logs, Slack); by default one of its own. */
  redactor?: Redactor;
  /** Where the commands run; by default a local bash (`executeCommand`). */
  executor?: CommandExecutor;
  /** Extra variables for every step (a local target's `env`: DOCKER_HOST, KUBECONFIG). */
  extraEnv?: Readonly<Record<string, string>>;
}): Promise<PreparedRunner> {
  const workdir = options.workdir ?? options.bound.binding.workdir ?? null;
  const redactor =
    options.redactor ??
    (await createEnvRedactor({ env: options.env, dirs: [secretsDirOf(options.bound, options.workdir)] }));
  const envAllowlist = [...options.bound.binding.env, ...(options.passEnv ?? [])];
  const runner = createStepRunner({
    clock: options.clock,
    redactor,
    env: options.env,
    envAllowlist,
    ...(options.defaultTimeoutMs ? { defaultTimeoutMs: options.defaultTimeoutMs } : {}),
    ...(options.executor ? { executor: options.executor } : {}),
    ...(options.extraEnv ? { extraEnv: options.extraEnv } : {}),
  });
  let digest: string | undefined;
  const envDigest = () => {
    digest ??= digestEnv(envAllowlist, options.env);
    return digest;
  };
  return { runner, redactor, workdir, envDigest };
}

/**
 * Where a runbook's `.env*` files are looked for: the override, else the binding's workdir, else
 * the first `cd` of the runbook.
 */
export function secretsDirOf(bound: BoundRunbook, workdirOverride?: string | null): string | null {
  const workdir = workdirOverride ?? bound.binding.workdir ?? null;
  if (workdir) return workdir;
  const firstCwd = bound.runbook.sections
    .flatMap((section) => section.steps)
    .find((step) => step.kind === 'command' && step.cwd !== null);
  return firstCwd?.kind === 'command' ? firstCwd.cwd : null;
}
