import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { processesMentioning } from './no-orphans.ts';

const START = path.resolve('sandbox/start.ts');

describe('npm run sandbox -- <scenario>', () => {
  it('prints how to point the CLI at it, stays up, and stops its api on SIGTERM', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-start-'));
    const child = spawn(process.execPath, ['--import', 'tsx', START, 'db-down', '--dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await expect.poll(() => out, { timeout: 20_000, interval: 100 }).toContain('Ctrl-C stops it.');
      expect(out).toContain(`SANDBOX_STATE=${path.join(dir, '.sandbox-state.json')}`);
      expect(out).toContain(`npx runbook-bot run api-down diagnose --workdir ${dir}`);
      expect(processesMentioning(path.join(dir, '.sandbox-state.json'))).toHaveLength(1);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(processesMentioning(path.join(dir, '.sandbox-state.json'))).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown scenario with the list, exit 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', START, 'nope'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('unknown scenario "nope"');
    expect(err).toContain('restart-fixes-it');
  });
});
