import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/ports.ts';
import { openStore, storeFileName } from '../../src/store/sqlite-store.ts';
import { cliEnv, runInProcess } from './run-cli-harness.ts';

/** `runbook-bot run … --param name=value` for a read section and for a change confirmed with --yes. */
describe('runbook-bot run with --param', () => {
  let root: string;
  let runbooks: string;
  let markers: string;
  let dataDir: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'runbook-bot-run-params-'));
    runbooks = join(root, 'runbooks');
    markers = join(root, 'markers');
    dataDir = join(root, 'data');
    mkdirSync(runbooks);
    mkdirSync(markers);
    writeFileSync(
      join(runbooks, 'svc.md'),
      `# Services

## Check a service

\`\`\`bash
echo "status of <service>"
\`\`\`

## Restart a service

\`\`\`bash
echo "ran for <service>" >> ${markers}/restarted-<service>
\`\`\`
`,
    );
    writeFileSync(
      join(runbooks, 'svc.yml'),
      'command: /svc\nparams:\n  service: { pattern: "[a-z][a-z0-9-]{0,40}" }\n',
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const run = (args: string[]) =>
    runInProcess(['run', 'svc', ...args, '--runbooks', runbooks], {
      env: cliEnv({ DATA_DIR: dataDir, TZ: 'UTC' }),
    });

  it('runs a read section with the value', async () => {
    const result = await run(['check-a-service', '--param', 'service=payments-api', '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { steps: { output: string; status: string }[] };
    expect(json.steps[0]?.output).toContain('status of payments-api');
  });

  it('runs a change section confirmed with --yes with the value, once, and records it with the approval', async () => {
    const result = await run(['restart-a-service', '--param', 'service=checkout', '--yes']);
    expect(result.stderr + result.stdout).not.toMatch(/not supported/);
    expect(result.code).toBe(0);
    expect(readdirSync(markers)).toEqual(['restarted-checkout']);
    expect(readFileSync(join(markers, 'restarted-checkout'), 'utf8')).toBe('ran for checkout\n');
    const store = openStore({ file: join(dataDir, storeFileName), clock: systemClock });
    try {
      const approvals = store.listApprovalsIn(['succeeded']);
      expect(approvals.map((approval) => approval.params)).toEqual([{ service: 'checkout' }]);
      const timeline = store.listTimeline(approvals[0]?.incidentId ?? -1);
      expect(timeline.find((entry) => entry.kind === 'change_run')?.summary).toContain('service=checkout');
    } finally {
      store.close();
    }
  });

  it('without a terminal, a missing value is a usage error (exit 2) naming the --param to give; nothing runs', async () => {
    const result = await run(['restart-a-service', '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--param service=');
    expect(existsSync(join(markers, 'restarted-'))).toBe(false);
    expect(readdirSync(markers)).toEqual(['restarted-checkout']);
    const read = await run(['check-a-service']);
    expect(read.code).toBe(2);
    expect(read.stderr).toContain('--param service=');
  });

  it('a refused value on a change section runs nothing (exit 2, the rule named)', async () => {
    const result = await run(['restart-a-service', '--param', 'service=a;reboot', '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('service must match');
    expect(readdirSync(markers)).toEqual(['restarted-checkout']);
  });
});
