import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliDeps } from '../../src/cli/cli-deps.ts';
import { runCli } from '../../src/cli/main.ts';
import { systemClock } from '../../src/core/ports.ts';

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += String(chunk)));
  stderr.on('data', (chunk) => (err += String(chunk)));
  const deps = {
    stdout,
    stderr,
    stdin: new PassThrough(),
    // Nothing real: no tokens, no data dir, runbooks somewhere that does not exist.
    env: { RUNBOOKS_DIR: '/nonexistent-runbooks', DATA_DIR: '/nonexistent-data' },
    cwd: '/nonexistent-cwd',
    clock: systemClock,
  } as unknown as CliDeps;
  const code = await runCli(argv, deps);
  return { code, stdout: out, stderr: err };
}

async function commandNames(): Promise<string[]> {
  const { stdout } = await cli(['--help']);
  return [...stdout.matchAll(/^ {2}runbook-bot (\w+)/gm)].map((match) => match[1]!);
}

describe('--help', () => {
  it('lists every command and says how to get a command’s help', async () => {
    const result = await cli(['--help']);
    expect(result.code).toBe(0);
    expect(await commandNames()).toEqual(
      expect.arrayContaining(['inspect', 'run', 'doctor', 'serve', 'manifest', 'incidents', 'lint', 'demo']),
    );
    expect(result.stdout).toContain('COMMAND --help');
  });

  it('prints every command’s usage and exits 0, starting nothing', async () => {
    for (const name of await commandNames()) {
      for (const flag of ['--help', '-h']) {
        const result = await cli([name, flag]);
        expect({ name, flag, code: result.code, stderr: result.stderr }).toEqual({
          name,
          flag,
          code: 0,
          stderr: '',
        });
        expect(result.stdout, name).toMatch(new RegExp(`^usage: runbook-bot ${name}\\b`));
      }
      const viaHelp = await cli(['help', name]);
      expect(viaHelp.code, `help ${name}`).toBe(0);
      expect(viaHelp.stdout).toMatch(new RegExp(`^usage: runbook-bot ${name}\\b`));
    }
  });

  it('works after other arguments too, and explains run’s options', async () => {
    const result = await cli(['run', 'api-down', 'diagnose', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--workdir DIR');
    expect(result.stdout).toContain('--yes');
    expect((await cli(['incidents', 'show', '-h'])).code).toBe(0);
  });

  it('leaves words after -- to the command', async () => {
    const result = await cli(['run', '--', '--help']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
  });
});
