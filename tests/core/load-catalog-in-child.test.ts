import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { loadCatalog, loadCatalogParts } from '../../src/core/load-catalog.ts';
import { loadCatalogInChild } from '../../src/core/load-catalog-in-child.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A runbook folder: the seed runbook, the parser's fixtures (warnings, notes), a binding with errors. */
function folderWithProblems(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'catalog-ahead-'));
  dirs.push(dir);
  cpSync(path.join(REPO, 'runbooks'), dir, { recursive: true });
  cpSync(path.join(REPO, 'tests/fixtures/runbooks'), dir, { recursive: true });
  writeFileSync(path.join(dir, 'broken.md'), '# Broken\n\n## Check\n\n```bash\nuptime\n```\n');
  writeFileSync(path.join(dir, 'broken.yml'), 'command: not-a-slash-command\nsubcommands: [1, 2\n');
  // A placeholder that RUNBOOK_PASS_ENV turns into a passed variable instead of a parameter.
  writeFileSync(
    path.join(dir, 'passed.md'),
    '# Passed\n\n## Check\n\n```bash\ncurl -s "$API_URL/health"\n```\n',
  );
  return dir;
}

describe('loading the catalog in a child process (serve)', () => {
  it('gives exactly what loading in the bot’s process gives: runbooks, bindings, passed variables, problems', async () => {
    const dir = folderWithProblems();
    const passEnv = ['API_URL'];
    const here = await loadCatalogParts(dir, passEnv);
    const ahead = await loadCatalogInChild({ dir, passEnv }, process.env).take();
    expect(ahead).toEqual({ parts: here });
    // the folder really holds runbooks, problems of every kind and a passed variable, so the
    // comparison means something
    expect(here.bound.map((bound) => bound.runbook.id)).toEqual(
      expect.arrayContaining(['api-down', 'english', 'evil', 'passed']),
    );
    expect(here.problems.some((problem) => problem.level === 'error')).toBe(true);
    expect(here.problems.some((problem) => problem.level === 'warning')).toBe(true);
    const withoutPassing = await loadCatalogParts(dir);
    const passedOf = (parts: typeof here) =>
      JSON.stringify(parts.bound.find((bound) => bound.runbook.id === 'passed')?.runbook);
    expect(passedOf(here)).not.toBe(passedOf(withoutPassing));
  }, 60_000);

  it('serve uses the child’s catalog when it is for the configured folder and names', async () => {
    const dir = folderWithProblems();
    const loaded = await loadCatalog(
      dir,
      ['API_URL'],
      loadCatalogInChild({ dir, passEnv: ['API_URL'] }, process.env),
    );
    expect(loaded.parsedAhead).toEqual({ used: true, waitedMs: expect.any(Number) });
    const direct = await loadCatalog(dir, ['API_URL']);
    expect(loaded.catalog.runbooks).toEqual(direct.catalog.runbooks);
    expect(loaded.problems).toEqual(direct.problems);
  }, 60_000);

  it('a folder that cannot be read: the child says why, and serve gets the usual error', async () => {
    const missing = path.join(tmpdir(), 'catalog-ahead-missing', 'nowhere');
    const ahead = loadCatalogInChild({ dir: missing, passEnv: [] }, process.env);
    expect(await ahead.take()).toEqual({ unused: expect.stringContaining(missing) });
    const error = await loadCatalog(missing, [], ahead).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain('cannot read the runbook folder');
  }, 60_000);

  it('another folder or other passed names than configured: loaded in the bot’s process instead', async () => {
    const configured = folderWithProblems();
    const other = mkdtempSync(path.join(tmpdir(), 'catalog-ahead-other-'));
    dirs.push(other);
    const elsewhere = await loadCatalog(
      configured,
      [],
      loadCatalogInChild({ dir: other, passEnv: [] }, process.env),
    );
    expect(elsewhere.parsedAhead).toEqual({ used: false, why: expect.stringContaining(configured) });
    expect(elsewhere.catalog.runbooks.map((bound) => bound.runbook.id)).toEqual(
      expect.arrayContaining(['api-down', 'english']),
    );
    const otherNames = await loadCatalog(
      configured,
      ['API_URL'],
      loadCatalogInChild({ dir: configured, passEnv: [] }, process.env),
    );
    expect(otherNames.parsedAhead).toEqual({ used: false, why: expect.stringContaining('RUNBOOK_PASS_ENV') });
    expect(otherNames.catalog.runbooks).toEqual(
      (await loadCatalog(configured, ['API_URL'])).catalog.runbooks,
    );
  }, 60_000);
});
