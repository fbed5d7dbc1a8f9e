import type { CommandExecutor } from '../../exec/process/execute-command.ts';
import { createEnvRedactor, type Redactor } from '../../exec/redact/create-redactor.ts';
import { compileSecrets, MIN_SECRET_LENGTH, redactText } from '../../exec/redact/redact.ts';
import { createStepRunner } from '../../exec/run-step.ts';
import { readRemoteSecrets } from '../../exec/targets/remote-secrets.ts';
import type { SshPool } from '../../exec/targets/ssh-connection.ts';
import { createSshExecutor } from '../../exec/targets/ssh-executor.ts';
import { sshTargetOf } from '../../exec/targets/ssh-target.ts';
import type { TargetSpec } from '../../runbook/binding/target-schema.ts';
import { digestEnv } from '../approvals/change-fingerprint.ts';
import type { BoundRunbook } from '../catalog.ts';
import type { Clock } from '../ports.ts';
import { type PreparedRunner, prepareRunner } from '../prepare-runner.ts';
import { checkTargetName } from './resolve-targets.ts';

export interface TargetRunnerOptions {
  bound: BoundRunbook;
  /** A name of `bound.binding.targets`. */
  target: string;
  env: Readonly<Record<string, string | undefined>>;
  clock: Clock;
  /** Where SSH targets' connections live (one per process, closed at exit). */
  pool: SshPool;
  passEnv?: readonly string[];
  defaultTimeoutMs?: number;
  /** The process's redactor (the bot's environment); a target's own secrets are added to it here. */
  redactor?: Redactor;
  /** Where a local target's steps run (the step host); default a bash started by this process. */
  localExecutor?: CommandExecutor;
  /** Told every secret learnt from a target, so the process's other outputs (logs, chat) redact it too. */
  learnSecrets?: (secrets: readonly string[]) => void;
}

/**
 * The runner of a runbook on one of its targets. An SSH target: steps run there through the SSH
 * executor (its workdir, its `.env*` secrets read over the same connection and re-read before
 * each section, the binding's `env` names and the target's `env` exported there; not this host's
 * PATH or HOME). A local target: this host with the target's extra variables and workdir.
 */
export async function prepareTargetRunner(options: TargetRunnerOptions): Promise<PreparedRunner> {
  const { bound, target } = options;
  checkTargetName(bound, target);
  const spec = bound.binding.targets[target] as TargetSpec;
  const ssh = sshTargetOf(target, spec);
  const where = { name: target, ...spec };
  if (ssh === null) {
    const prepared = await prepareRunner({
      bound,
      env: options.env,
      clock: options.clock,
      workdir: spec.workdir ?? null,
      extraEnv: spec.env ?? {},
      ...(options.localExecutor ? { executor: options.localExecutor } : {}),
      ...(options.passEnv ? { passEnv: options.passEnv } : {}),
      ...(options.defaultTimeoutMs ? { defaultTimeoutMs: options.defaultTimeoutMs } : {}),
    });
    return {
      ...prepared,
      targetName: target,
      target: {
        kind: 'local',
        name: target,
        workdir: spec.workdir ?? null,
        ...(spec.env ? { env: spec.env } : {}),
      },
    };
  }

  const connection = options.pool.connectionFor(ssh);
  const base = options.redactor ?? (await createEnvRedactor({ env: options.env, dirs: [] }));
  const redactor = withRemoteSecrets(base, options.clock, async () => {
    const secrets = await readRemoteSecrets(connection, ssh.workdir ?? bound.binding.workdir);
    (options.learnSecrets ?? options.redactor?.learnSecrets)?.(secrets);
    return secrets;
  });
  void redactor.refresh();
  const executor = createSshExecutor(connection);
  const envAllowlist = [...bound.binding.env, ...(options.passEnv ?? [])];
  // Only the allowed names travel; PATH, HOME and LANG are the target's own.
  const forwarded = Object.fromEntries(envAllowlist.map((name) => [name, options.env[name]]));
  const runner = createStepRunner({
    clock: options.clock,
    redactor,
    env: forwarded,
    envAllowlist,
    extraEnv: spec.env ?? {},
    // No output is redacted before the target's secrets are known (their reading overlaps the step).
    executor: async (execute) => {
      redactor.stepStarted();
      const outcome = await executor(execute);
      await redactor.ready();
      return outcome;
    },
    remoteCwd: true,
    ...(options.defaultTimeoutMs ? { defaultTimeoutMs: options.defaultTimeoutMs } : {}),
  });
  let digest: string | undefined;
  return {
    runner,
    redactor,
    workdir: ssh.workdir ?? bound.binding.workdir ?? null,
    envDigest: () => {
      digest ??= digestEnv(envAllowlist, options.env);
      return digest;
    },
    targetName: target,
    target: { kind: 'ssh', ...where },
    connect: () => connection.open(),
  };
}

/** A reading of a target's `.env*` this recent, with no step run since, serves the next section too. */
export const FRESH_READING_MS = 30_000;

type RemoteSecretsRedactor = Redactor & {
  refresh(): Promise<boolean>;
  ready(): Promise<void>;
  stepStarted(): void;
};

/**
 * A redactor that knows `base`'s secrets and what `learn` finds. `refresh` starts `learn` again
 * without waiting for it (values learnt before are kept), so reading a target's `.env*` overlaps
 * its steps instead of delaying them. A refresh is served by the last reading instead when that
 * reading is under way, or began less than FRESH_READING_MS ago with no step started since: the
 * reading made when the runner was prepared (which also opens the connection) is then the
 * section's own, one session instead of two. `ready()` resolves once the last learning ended,
 * and the executor waits for it before any output is redacted.
 */
export function withRemoteSecrets(
  base: Redactor,
  clock: Pick<Clock, 'now'>,
  learn: () => Promise<string[]>,
): RemoteSecretsRedactor {
  const learnt = new Set<string>();
  let secrets: readonly string[] = base.secrets;
  let known = compileSecrets([...secrets]);
  let learning: Promise<void> = Promise.resolve();
  let underWay = false;
  let readingStartedAt = Number.NEGATIVE_INFINITY;
  let stepSinceReading = true;
  const rebuild = () => {
    secrets = [...new Set([...base.secrets, ...learnt])].filter(
      (secret) => secret.length >= MIN_SECRET_LENGTH,
    );
    known = compileSecrets([...secrets]);
  };
  const redact = (text: string): string => redactText(text, known);
  return Object.defineProperties(redact, {
    secrets: { get: () => secrets, enumerable: true },
    refresh: {
      value: async (): Promise<boolean> => {
        const fresh = !stepSinceReading && clock.now() - readingStartedAt < FRESH_READING_MS;
        if (underWay || fresh) return false;
        underWay = true;
        stepSinceReading = false;
        readingStartedAt = clock.now();
        // `learn` is called now, before any await: the target's first reading opens its connection.
        const found = learn().catch(() => []);
        learning = (async () => {
          try {
            await base.refresh?.();
            for (const secret of await found) learnt.add(secret);
            rebuild();
          } finally {
            underWay = false;
          }
        })();
        return false;
      },
    },
    ready: { value: () => learning },
    stepStarted: {
      value: () => {
        stepSinceReading = true;
      },
    },
  }) as RemoteSecretsRedactor;
}
