import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../runbook/runbook-fixtures.ts';
import { runCliCaptured } from './inspect-cli-harness.ts';

const scratch = () => mkdtempSync(join(tmpdir(), 'runbook-inspect-'));

describe('runbook-bot inspect', () => {
  it('--json prints the DESIGN §3 model with the binding applied', async () => {
    const run = await runCliCaptured(['inspect', 'runbooks/api-down.md', '--json'], repoRoot);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.sections.find((s: { id: string }) => s.id === 'diagnostico-rapido').steps).toHaveLength(3);
    expect(run.stdout).toMatchSnapshot();
  });

  it('--no-binding shows the Markdown alone (prisma steps are undecided changes)', async () => {
    const run = await runCliCaptured(['inspect', 'runbooks/api-down.md', '--json', '--no-binding'], repoRoot);
    const steps = JSON.parse(run.stdout).sections[0].steps as { id: string; risk: string; stdin?: string }[];
    expect(steps.find((s) => s.id === 'testar-conexao-com-banco')).toMatchObject({ risk: 'change' });
    expect(steps.some((s) => s.stdin !== undefined)).toBe(false);
  });

  it('prints a readable tree by default', async () => {
    const run = await runCliCaptured(['inspect', 'runbooks/api-down.md'], repoRoot);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('runbooks/api-down.md + api-down.yml');
    expect(run.stdout).toContain('    ### PASSO 2: Restart do Serviço  [passo-2-restart-do-servico]');
    expect(run.stdout).toContain('CHANGE    restart-da-api: Restart da API');
    expect(run.stdout).toContain(
      'wait      aguardar-health-check: Aguardar health check (until healthy, at most 60 s)',
    );
    expect(run.stdout).toContain('expect "Up (healthy)" · in /opt/atendechat');
    expect(run.stdout).toContain('after 15 min -> notify DevOps Lead');
  });
});

describe('runbook-bot inspect on bad input: one paragraph, file and line, no stack trace', () => {
  it('a missing file -> exit 1', async () => {
    const run = await runCliCaptured(['inspect', 'runbooks/nope.md'], repoRoot);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'runbook-bot inspect: runbooks/nope.md:1: this runbook does not exist.\ncheck the path and try again\n',
    );
  });

  it('a binary file -> exit 1', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'bin.md'), Buffer.from([0x23, 0x20, 0x41, 0x0a, 0x00, 0xff, 0xfe]));
    const run = await runCliCaptured(['inspect', 'bin.md'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'runbook-bot inspect: bin.md:2: runbook is a binary file (NUL byte).\nthe runbook must be UTF-8 text\n',
    );
  });

  it('invalid UTF-8 -> exit 1 with the line', async () => {
    const dir = scratch();
    writeFileSync(
      join(dir, 'latin.md'),
      Buffer.concat([Buffer.from('# T\n\n'), Buffer.from([0xe7, 0xe3, 0x6f])]),
    );
    const run = await runCliCaptured(['inspect', 'latin.md'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('latin.md:3: runbook is not valid UTF-8.');
  });

  it('invalid YAML in the binding -> exit 1 naming the .yml and line', async () => {
    const dir = scratch();
    copyFileSync(join(repoRoot, 'runbooks/api-down.md'), join(dir, 'api-down.md'));
    writeFileSync(join(dir, 'api-down.yml'), 'command: /apidown\nsteps: [\n');
    const run = await runCliCaptured(['inspect', 'api-down.md'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^runbook-bot inspect: api-down\.yml:\d+: invalid YAML: .+\.\nfix the YAML syntax/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('a misspelled binding key -> exit 1 with the closest key', async () => {
    const dir = scratch();
    copyFileSync(join(repoRoot, 'runbooks/api-down.md'), join(dir, 'api-down.md'));
    writeFileSync(join(dir, 'api-down.yml'), 'command: /apidown\nworkdri: /opt\n');
    const run = await runCliCaptured(['inspect', 'api-down.md'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^runbook-bot inspect: api-down\.yml:2: unknown key "workdri"\.\ndid you mean "workdir"\?/,
    );
  });

  it('usage errors -> exit 2', async () => {
    expect((await runCliCaptured(['inspect'], repoRoot)).code).toBe(2);
    const run = await runCliCaptured(['inspect', 'a.md', '--yaml'], repoRoot);
    expect(run).toMatchObject({
      code: 2,
      stderr:
        'runbook-bot inspect: unknown option "--yaml".\nusage: runbook-bot inspect FILE.md [--json] [--no-binding]\n',
    });
  });

  it('the real binary: missing file and misspelled key, exit 1, no stack trace', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'x.md'), '# X\n\n## Check\n\n```bash\nuptime\n```\n');
    writeFileSync(join(dir, 'x.yml'), 'comand: /x\n');
    const bin = join(repoRoot, 'bin/runbook-bot.js');
    const missing = spawnSync(process.execPath, [bin, 'inspect', 'missing.md'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(
      'runbook-bot inspect: missing.md:1: this runbook does not exist.\ncheck the path and try again\n',
    );
    const typo = spawnSync(process.execPath, [bin, 'inspect', 'x.md'], { cwd: dir, encoding: 'utf8' });
    expect(typo.status).toBe(1);
    expect(typo.stderr).toContain('x.yml:1: unknown key "comand"');
    expect(typo.stderr).toContain('did you mean "command"?');
    expect(typo.stderr).not.toMatch(/\n\s+at /);
  });
});
