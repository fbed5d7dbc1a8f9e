// Bad input, change steps (refused, confirmed, --yes) and progress lines of `runbook-bot run`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/host.ts';
import type { CliDeps } from '../../src/cli/cli-deps.ts';
import { confirmChange } from '../../src/cli/run/confirm-change.ts';
import { systemClock } from '../../src/core/ports.ts';
import type { CommandStep } from '../../src/runbook/model.ts';
import { cliEnv, type RunJson, repoRoot, runInProcess, spawnBin } from './run-cli-harness.ts';

let redisDown: Sandbox;
let restartFixes: Sandbox;
let tempDir = '';

beforeAll(async () => {
  [redisDown, restartFixes] = await Promise.all([
    startSandbox({ scenario: 'redis-down', healthStartPeriodMs: 0 }),
    startSandbox({ scenario: 'restart-fixes-it', healthStartPeriodMs: 0 }),
  ]);
  tempDir = mkdtempSync(path.join(tmpdir(), 'rb-input-'));
});

afterAll(async () => {
  await Promise.all([redisDown.stop(), restartFixes.stop()]);
  rmSync(tempDir, { recursive: true, force: true });
});

/** A stdin that says it is a terminal, with the operator's answer already typed. */
function typedOnTerminal(answer: string): PassThrough & { isTTY?: boolean } {
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = true;
  stdin.end(answer);
  return stdin;
}

describe.concurrent('bad input: a clear message, nothing runs', () => {
  it('unknown runbook -> the valid runbooks, exit 2', async () => {
    const run = await runInProcess(['run', 'api-dwon', 'diagnose'], { env: cliEnv(redisDown.env) });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('unknown runbook "api-dwon"');
    expect(run.stderr).toContain('Valid runbooks: api-down.');
    expect(run.stderr).toContain('did you mean: runbook-bot run api-down');
  });

  it('unknown section -> the valid subcommands and sections, exit 2', async () => {
    const run = await runInProcess(['run', 'api-down', 'diagnos', '--workdir', redisDown.dir], {
      env: cliEnv(redisDown.env),
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('unknown subcommand or section "diagnos" in runbook api-down.');
    expect(run.stderr).toContain('Subcommands: diagnose, deps, restart, resources, verify');
    expect(run.stderr).toMatch(/Sections: .*diagnostico-rapido.*problema-erro-de-conexao-com-redis/);
    expect(run.stderr).toContain('did you mean runbook-bot run api-down diagnose');
  });

  it('--workdir that does not exist -> exit 2, no step runs', async () => {
    const run = await runInProcess(['run', 'api-down', 'diagnose', '--workdir', '/nope', '--json'], {
      env: cliEnv(redisDown.env),
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'runbook-bot run: --workdir /nope does not exist or is not a directory; nothing was run.\n',
    );
  });

  it('missing arguments and unknown options -> usage, exit 2', async () => {
    const [missing, unknown] = await Promise.all([
      runInProcess(['run', 'api-down'], { env: cliEnv() }),
      runInProcess(['run', 'api-down', 'diagnose', '--jsn'], { env: cliEnv() }),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('expected a runbook and a subcommand or section id.');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--jsn'");
  });

  it('the real binary: unknown section, exit 2', async () => {
    const run = await spawnBin(['run', 'api-down', 'nope'], cliEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Subcommands: diagnose, deps, restart, resources, verify');
  });
});

describe('change steps', () => {
  it('restart without a terminal and without --yes: refused, nothing runs', async () => {
    const run = await runInProcess(['run', 'api-down', 'restart', '--workdir', restartFixes.dir], {
      env: cliEnv(restartFixes.env),
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      '"restart" changes the host (docker compose -f compose.prod.yml restart api); refused without a terminal to confirm.',
    );
    expect(run.stderr).toContain('add --yes');
    expect(await restartFixes.restartCount()).toBe(0);
  });

  it('on a terminal, a wrong answer cancels: nothing runs, exit 1', async () => {
    const run = await runInProcess(['run', 'api-down', 'restart', '--workdir', restartFixes.dir], {
      env: cliEnv(restartFixes.env),
      stdin: typedOnTerminal('yes\n'),
    });
    expect(run.stderr).toContain(
      'This section changes the host:\n  docker compose -f compose.prod.yml restart api\n',
    );
    expect(run.stderr).toContain('Type "api-down" to run them, anything else to cancel: ');
    expect(run.stderr).toContain('Cancelled: nothing that changes the host was run.');
    expect(run.code).toBe(1);
    expect(await restartFixes.restartCount()).toBe(0);
  });

  it('the typed confirmation accepts exactly the runbook id', async () => {
    const step = { command: 'docker compose -f compose.prod.yml restart api' } as CommandStep;
    const ask = async (answer: string) => {
      const stderr = new PassThrough();
      const deps: CliDeps = {
        stdout: new PassThrough(),
        stderr,
        stdin: typedOnTerminal(answer),
        env: {},
        cwd: repoRoot,
        clock: systemClock,
      };
      return confirmChange({ deps, runbookId: 'api-down', steps: [step] });
    };
    expect(await ask('api-down\n')).toBe(true);
    expect(await ask('  api-down  \n')).toBe(true);
    expect(await ask('y\n')).toBe(false);
    expect(await ask('API-DOWN\n')).toBe(false);
    expect(await ask('')).toBe(false);
  });

  it('restart --yes on restart-fixes-it: one restart, healthy again, exit 0', async () => {
    const run = await runInProcess(
      ['run', 'api-down', 'restart', '--yes', '--workdir', restartFixes.dir, '--json'],
      {
        env: cliEnv(restartFixes.env),
      },
    );
    const json = JSON.parse(run.stdout) as RunJson;
    expect(json.steps.map((step) => [step.id, step.status])).toEqual([
      ['restart-da-api', 'pass'],
      ['aguardar-health-check', 'pass'],
      ['verificar-status', 'pass'],
    ]);
    expect(json.steps[1]!.verdict).toMatch(/^healthy after \d+ s$/);
    expect(json.steps[1]!.detail).toMatchObject({ kind: 'healthy_after', seconds: expect.any(Number) });
    expect(json.steps[1]!.verdict).toBe(`healthy after ${json.steps[1]!.detail.seconds} s`);
    expect(json.steps[2]!.verdict).toMatch(/api: Up .*\(healthy\)/);
    expect(run.code).toBe(0);
    expect(await restartFixes.restartCount()).toBe(1);
  });
});

describe('progress', () => {
  it('one line per step on stderr, each as it finishes', async () => {
    const runbook = path.join(tempDir, 'fast-slow.md');
    writeFileSync(
      runbook,
      '# Fast and slow\n\n## Checks\n\n### Slow check\n```bash\nsleep 1.2 && echo slow\n```\n\n### Fast check\n```bash\nsleep 0.1 && echo fast\n```\n',
    );
    const run = await runInProcess(['run', runbook, 'checks'], { env: cliEnv() });
    expect(run.code).toBe(0);
    const lines = run.stderrWrites.flatMap((write) =>
      write.text
        .split('\n')
        .filter(Boolean)
        .map((text) => ({ text, at: write.at })),
    );
    expect(lines.map((line) => line.text)).toEqual([
      expect.stringMatching(/^✅ Fast check · [\d.]+ m?s — ok$/),
      expect.stringMatching(/^✅ Slow check · 1\.\d s — ok$/),
    ]);
    // The fast check is reported while the slow one still runs.
    expect(lines[1]!.at - lines[0]!.at).toBeGreaterThan(700);
    // The report comes after, on stdout, in document order.
    expect(run.stdout.indexOf('Slow check')).toBeLessThan(run.stdout.indexOf('Fast check'));
  });

  it('redis-down diagnose: a progress line for each of the three checks', async () => {
    const run = await runInProcess(['run', 'api-down', 'diagnose', '--workdir', redisDown.dir], {
      env: cliEnv(redisDown.env),
    });
    const lines = run.stderr.trim().split('\n').sort();
    expect(lines).toHaveLength(3);
    expect(lines).toEqual([
      expect.stringMatching(/^ℹ️ 3\. Verificar Logs da API · .* — 50 linhas, \d+ com erro$/),
      expect.stringMatching(
        /^❌ 1\. Verificar Status dos Containers · .* — esperado Up \(healthy\), obtido Up 12 minutes \(unhealthy\)$/,
      ),
      expect.stringMatching(/^❌ 2\. Verificar Health Check · .* — esperado 200 OK, obtido HTTP 503$/),
    ]);
  });
});
