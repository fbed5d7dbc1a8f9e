import { describe, expect, it } from 'vitest';
import { fixturesDir, repoRoot } from '../runbook/runbook-fixtures.ts';
import { runCliCaptured } from './inspect-cli-harness.ts';

describe('runbook-bot lint', () => {
  it('the repository runbooks are clean (default folder runbooks/)', async () => {
    const run = await runCliCaptured(['lint'], repoRoot);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    // notes (what is left out on purpose) may be listed; no error or warning
    expect(run.stdout).not.toMatch(/: (error|warning): /);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(
      /^1 runbook checked: 0 errors, 0 warnings(, \d+ notes?)?$/,
    );
  });

  it('reports every problem of a broken folder at once, with file:line and a hint; exit 1', async () => {
    const run = await runCliCaptured(['lint', 'lint-broken'], fixturesDir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatchSnapshot();
    const heads = run.stdout.split('\n').filter((line) => /^\S+:\d+: /.test(line));
    expect(heads).toEqual([
      expect.stringMatching(/^lint-broken\/bad-yaml\.yml:4: error: invalid YAML/),
      expect.stringMatching(/^lint-broken\/bad-yaml\.yml:5: error: invalid YAML/),
      'lint-broken/db-slow.md:7: warning: step "check-2" counts as a change only because nothing recognised it (unrecognised: frobnicate)',
      'lint-broken/db-slow.md:12: warning: role "SRE Lead" has no Slack mapping, so nobody will be notified',
      'lint-broken/db-slow.yml:3: error: subcommand "check": "chek" is not a section of db-slow.md',
      'lint-broken/nothing.md:1: warning: the runbook has no command steps',
      'lint-broken/orphan.yml:1: warning: binding with no runbook: orphan.md not found',
      'lint-broken/typo.yml:3: error: unknown key "subcomands"',
    ]);
    expect(run.stdout).toContain('  hint: did you mean "subcommands"?');
    expect(run.stdout.trim().split('\n').at(-1)).toBe('4 runbooks checked: 4 errors, 4 warnings');
  });

  it('warnings only -> exit 0', async () => {
    const run = await runCliCaptured(['lint', '.'], `${fixturesDir}`);
    expect(run.stdout).toContain('empty.md:1: warning: the runbook has no headings');
    expect(run.code).toBe(0);
  });

  it('a missing folder -> exit 1 with a clear message', async () => {
    const run = await runCliCaptured(['lint', 'nowhere'], repoRoot);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'runbook-bot lint: cannot read the runbook folder nowhere: no such directory.\npass the folder that holds your *.md runbooks\n',
    );
  });
});
