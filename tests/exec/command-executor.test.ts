import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/ports.ts';
import type {
  CommandExecutor,
  CommandOutcome,
  ExecuteOptions,
} from '../../src/exec/process/execute-command.ts';
import { createRedactor } from '../../src/exec/redact/create-redactor.ts';
import { createStepRunner } from '../../src/exec/run-step.ts';
import { englishVerdict } from '../../src/render/common/describe-verdict.ts';
import { commandStep } from './make-step.ts';

const SECRET = 'db-pass-9876';

/** An executor that runs nothing: it records what it was asked and replies with a scripted result. */
function scriptedExecutor(reply: { output: string; outcome: Partial<CommandOutcome> }) {
  const calls: ExecuteOptions[] = [];
  const executor: CommandExecutor = async (options) => {
    calls.push(options);
    options.capture.push(reply.output);
    return { exitCode: 0, signal: null, timedOut: false, spawnError: null, ...reply.outcome };
  };
  return { executor, calls };
}

function runnerWith(executor: CommandExecutor) {
  return createStepRunner({
    clock: systemClock,
    redactor: createRedactor({ secrets: [SECRET] }),
    env: { PATH: '/usr/bin', HOME: '/home/bot', API_BASE: 'http://localhost:8080', UNLISTED: 'no' },
    envAllowlist: ['API_BASE'],
    executor,
  });
}

describe('the step runner with another executor', () => {
  it('hands the command, environment, stdin and timeout to the executor instead of a local shell', async () => {
    const { executor, calls } = scriptedExecutor({ output: 'all good\n', outcome: { exitCode: 0 } });
    const result = await runnerWith(executor).run(
      commandStep({ command: 'systemctl is-active api', stdin: 'yes\n', timeoutMs: 7000 }),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ command: 'systemctl is-active api', stdin: 'yes\n', timeoutMs: 7000 });
    expect(calls[0]?.env).toMatchObject({ PATH: '/usr/bin', API_BASE: 'http://localhost:8080' });
    expect(calls[0]?.env).not.toHaveProperty('UNLISTED');
    expect(result).toMatchObject({ status: 'pass', exitCode: 0, output: 'all good\n' });
  });

  it('reports a step whose executor lost track of it as interrupted, not as failed to start, redacted', async () => {
    const { executor } = scriptedExecutor({
      output: 'half done\n',
      outcome: { exitCode: null, interrupted: `the runner died while it ran (token ${SECRET})` },
    });
    const result = await runnerWith(executor).run(commandStep({ command: 'systemctl restart api' }));
    expect(result.status).toBe('error');
    expect(result.detail).toEqual({
      kind: 'interrupted',
      message: 'the runner died while it ran (token [redacted])',
    });
    expect(englishVerdict(result.detail)).toContain('interrupted, outcome unknown');
  });

  it('redacts and judges what the executor reports', async () => {
    const { executor } = scriptedExecutor({
      output: `connecting with ${SECRET}\nERROR: connection refused\n`,
      outcome: { exitCode: 2 },
    });
    const result = await runnerWith(executor).run(commandStep({ command: 'psql -c "select 1"' }));
    expect(result.output).not.toContain(SECRET);
    expect(result.status).toBe('fail');
    expect(result.detail).toMatchObject({ kind: 'exit_code', code: 2 });
    expect(englishVerdict(result.detail)).toContain('exit code 2');
    expect(englishVerdict(result.detail)).not.toContain(SECRET);
  });

  it('turns a timeout reported by the executor into a timed-out verdict', async () => {
    const { executor } = scriptedExecutor({ output: '', outcome: { exitCode: null, timedOut: true } });
    const result = await runnerWith(executor).run(commandStep({ command: 'sleep 99', timeoutMs: 3000 }));
    expect(result).toMatchObject({
      status: 'timeout',
      timedOut: true,
      detail: { kind: 'timeout', ms: 3000 },
    });
  });

  it('redacts a start failure reported by the executor', async () => {
    const { executor } = scriptedExecutor({
      output: '',
      outcome: { exitCode: null, spawnError: `ssh: could not log in with ${SECRET}` },
    });
    const result = await runnerWith(executor).run(commandStep({ command: 'uptime' }));
    expect(result.status).toBe('error');
    expect(result.detail).toMatchObject({ kind: 'spawn_error' });
    expect(englishVerdict(result.detail)).toContain('could not start');
    expect(englishVerdict(result.detail)).not.toContain(SECRET);
  });
});
