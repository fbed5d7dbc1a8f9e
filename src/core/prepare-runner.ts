import { collectSecrets } from '../exec/collect-secrets.ts';
import { createRedactor, type Redactor } from '../exec/create-redactor.ts';
import { createStepRunner, type StepRunner } from '../exec/run-step.ts';
import type { BoundRunbook } from './catalog.ts';
import type { Clock } from './ports.ts';

export interface PreparedRunner {
  runner: StepRunner;
  redactor: Redactor;
  /** Where the steps run: the override, else the binding's workdir (null: each step's own cwd). */
  workdir: string | null;
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
}): Promise<PreparedRunner> {
  const workdir = options.workdir ?? options.bound.binding.workdir ?? null;
  const firstCwd = options.bound.runbook.sections
    .flatMap((section) => section.steps)
    .find((step) => step.kind === 'command' && step.cwd !== null);
  const secretsDir = workdir ?? (firstCwd?.kind === 'command' ? firstCwd.cwd : null);
  const secrets = await collectSecrets({ env: options.env, workdir: secretsDir });
  const redactor = createRedactor({ secrets });
  const runner = createStepRunner({
    clock: options.clock,
    redactor,
    env: options.env,
    envAllowlist: [...options.bound.binding.env, ...(options.passEnv ?? [])],
    ...(options.defaultTimeoutMs ? { defaultTimeoutMs: options.defaultTimeoutMs } : {}),
  });
  return { runner, redactor, workdir };
}
