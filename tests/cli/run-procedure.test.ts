// Issue 14 item 9 in the terminal: `runbook-bot run staged procedure --yes` confirms every change
// group; each runs once, in order, with the reads between them.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/ports.ts';
import { openStore, storeFileName } from '../../src/store/sqlite-store.ts';
import { tempDataDir } from '../support/temp-data-dir.ts';
import { cliEnv, runInProcess } from './run-cli-harness.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/procedure/', import.meta.url));

describe('runbook-bot run on a procedure with three change groups', () => {
  let temp: ReturnType<typeof tempDataDir>;
  let runbooksDir: string;
  let workdir: string;
  let dataDir: string;

  beforeAll(() => {
    temp = tempDataDir('runbook-bot-cli-procedure-');
    runbooksDir = path.join(temp.dir, 'runbooks');
    workdir = path.join(temp.dir, 'work');
    dataDir = path.join(temp.dir, 'data');
    mkdirSync(runbooksDir, { recursive: true });
    mkdirSync(workdir, { recursive: true });
    copyFileSync(path.join(FIXTURE, 'staged.md'), path.join(runbooksDir, 'staged.md'));
    copyFileSync(path.join(FIXTURE, 'staged.yml'), path.join(runbooksDir, 'staged.yml'));
  });
  afterAll(() => temp?.remove());

  const run = (extra: string[]) =>
    runInProcess(['run', 'staged', 'procedure', '--workdir', workdir, '--runbooks', runbooksDir, ...extra], {
      env: cliEnv({ DATA_DIR: dataDir, TZ: 'UTC' }),
    });

  it('refuses without a terminal and without --yes: nothing runs', async () => {
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('refused without a terminal');
    expect(() => readFileSync(path.join(workdir, 'restart.marker'))).toThrow();
  });

  it('--yes: the three groups run once each, in order, with the reads between', async () => {
    const result = await run(['--yes']);
    expect(result.stderr).not.toContain('did not run');
    expect(result.code).toBe(0);
    for (const [name, line] of [
      ['restart', 'restarted'],
      ['rollback', 'rolled-back'],
      ['delete', 'deleted'],
    ]) {
      expect(readFileSync(path.join(workdir, `${name}.marker`), 'utf8')).toBe(`${line}\n`);
    }
    const groups = result.stderr.match(/Step group \d of 3: [^\n]+/g);
    expect(groups).toEqual([
      'Step group 1 of 3: Procedure — Restart the service',
      'Step group 2 of 3: Procedure — Roll back the release',
      'Step group 3 of 3: Procedure — Delete the stale cache',
    ]);
    // The read after the restart ran after it (it reads the restart's marker and passed).
    expect(result.stdout).toContain('Check the restart left its marker');
    const store = openStore({ file: path.join(dataDir, storeFileName), clock: systemClock });
    try {
      const approvals = store
        .listApprovalsIn(['succeeded', 'failed', 'denied', 'pending', 'approved', 'running', 'expired'])
        .sort((a, b) => a.requestedAt - b.requestedAt);
      expect(approvals.map((approval) => [approval.sectionId, approval.state])).toEqual([
        ['procedure@restart-the-service', 'succeeded'],
        ['procedure@roll-back-the-release', 'succeeded'],
        ['procedure@delete-the-stale-cache', 'succeeded'],
      ]);
    } finally {
      store.close();
    }
  });
});
