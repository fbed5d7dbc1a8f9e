import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/host.ts';
import type { DriftReport } from '../../src/core/drift/drift-report.ts';
import { cliEnv, fixture, runInProcess } from './run-cli-harness.ts';

let sandbox: Sandbox;
let links: Server;
let fixtureDir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: 'healthy', healthStartPeriodMs: 0 });
  // A real web server for the runbook's links: one page exists, the other is gone.
  links = createServer((req, res) => {
    res.writeHead(req.url === '/dashboard' ? 200 : 404);
    res.end();
  });
  await new Promise<void>((resolve) => links.listen(0, '127.0.0.1', resolve));
  const port = (links.address() as AddressInfo).port;
  fixtureDir = mkdtempSync(join(tmpdir(), 'runbook-bot-drift-'));
  const markdown = readFileSync(fixture('drift/stale-api.md'), 'utf8')
    .replace('(http://localhost:8080/api/v1/health)', `(http://127.0.0.1:${port}/dashboard)`)
    .replace('(http://localhost:8080/old-dashboard)', `(http://127.0.0.1:${port}/old-dashboard)`);
  writeFileSync(join(fixtureDir, 'stale-api.md'), markdown);
  copyFileSync(fixture('drift/stale-api.yml'), join(fixtureDir, 'stale-api.yml'));
}, 60_000);

afterAll(async () => {
  await sandbox?.stop();
  await new Promise((resolve) => links?.close(resolve));
  if (fixtureDir) rmSync(fixtureDir, { recursive: true, force: true });
});

const env = () =>
  cliEnv({ RUNBOOK_BOT_DEBUG: '1', PATH: `${sandbox.env.PATH}`, SANDBOX_STATE: sandbox.env.SANDBOX_STATE });

describe('runbook-bot drift against the simulated host', () => {
  it('finds nothing in the seed runbook on a healthy host, and restarts nothing', async () => {
    const pid = await sandbox.apiPid();
    const result = await runInProcess(['drift', 'api-down', '--workdir', sandbox.dir, '--json'], {
      env: env(),
    });
    const report = JSON.parse(result.stdout) as DriftReport;
    expect(report.findings).toEqual([]);
    expect(result.code).toBe(0);
    // every read-only step ran, sensitive ones included (the terminal is the operator)
    expect(report.checked).toBeGreaterThanOrEqual(20);
    expect(report.leftOut).toEqual({ changes: 2, waits: 1 });
    expect(await sandbox.restartCount()).toBe(0);
    expect(await sandbox.apiPid()).toBe(pid);
    // no secret of the host in what drift printed
    for (const secret of sandbox.secrets) expect(result.stdout + result.stderr).not.toContain(secret);
  }, 120_000);

  it('finds each kind of staleness, with the step, what was expected and what came back', async () => {
    const result = await runInProcess(
      ['drift', join(fixtureDir, 'stale-api.md'), '--workdir', sandbox.dir, '--links', '--json'],
      { env: env() },
    );
    expect(result.stderr).not.toContain('runbook-bot drift:');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as DriftReport;
    const found = report.findings.map((finding) => `${finding.kind} ${finding.subject}`);
    expect(found).toHaveLength(8);
    expect(found).toEqual(
      expect.arrayContaining([
        'expectation-failed worker-container-renamed-to-api-since',
        'expectation-failed health-answer',
        'program-missing process-manager-replaced-by-compose',
        'command-not-found queue-inside-the-container-tool-removed-from-the-image',
        'section-without-runnable-steps rotate-logs',
        'role-unmapped DB on-call',
        expect.stringMatching(/^link-unreachable http:\/\/127\.0\.0\.1:\d+\/old-dashboard$/),
        'link-unreachable ./troubleshooting.md',
      ]),
    );
    const worker = report.findings.find(
      (finding) => finding.subject === 'worker-container-renamed-to-api-since',
    );
    expect(worker).toMatchObject({
      expected: 'Up (healthy)',
      command: 'docker compose -f compose.prod.yml ps worker',
    });
    expect(worker?.got).toContain('no such service: worker');
    const health = report.findings.find((finding) => finding.subject === 'health-answer');
    expect(health?.got).toContain('"status":"ok"');
    expect(report.unchecked.map((step) => step.stepId)).toEqual([
      'the-old-logrotate-check-now-handled-by-docker',
    ]);
    // the restart in the runbook was not run
    expect(report.leftOut.changes).toBe(1);
    expect(await sandbox.restartCount()).toBe(0);
  }, 120_000);

  it('prints a table by default and a Markdown report with --markdown', async () => {
    const table = await runInProcess(['drift', join(fixtureDir, 'stale-api.md'), '--workdir', sandbox.dir], {
      env: env(),
    });
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/^6 findings in stale-api \(local\)/);
    expect(table.stdout).toMatch(
      /program missing\s+process-manager-replaced-by-compose:\d+\s+atendectl installed/,
    );
    const markdown = await runInProcess(
      ['drift', join(fixtureDir, 'stale-api.md'), '--workdir', sandbox.dir, '--markdown'],
      { env: env() },
    );
    expect(markdown.stdout).toContain('# Drift report: stale-api');
    expect(markdown.stdout).toContain('| role unmapped | `DB on-call` |');
    expect(await sandbox.restartCount()).toBe(0);
  }, 120_000);

  it('refuses an unknown target and runs nothing', async () => {
    const result = await runInProcess(['drift', 'api-down', '--target', 'api-9', '--workdir', sandbox.dir], {
      env: env(),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"api-9"');
    expect(result.stderr).toContain('nothing was run');
    expect(result.stdout).toBe('');
  });
});
