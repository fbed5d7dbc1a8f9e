// What a section costs a host over SSH, against a real sshd on 127.0.0.1: one handshake for the
// connection's life, one reading of the host's `.env` per section (the first one made by the
// process that opens the connection), and its secrets absent from every output.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { BoundRunbook } from '../../src/core/catalog.ts';
import { findSection } from '../../src/core/catalog.ts';
import { loadCatalog } from '../../src/core/load-catalog.ts';
import { systemClock } from '../../src/core/ports.ts';
import type { PreparedRunner } from '../../src/core/prepare-runner.ts';
import { prepareTargetRunner } from '../../src/core/targets/prepare-target-runner.ts';
import { runOnTargets } from '../../src/core/targets/run-on-targets.ts';
import { createSshPool, type SshPool } from '../../src/exec/targets/ssh-connection.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { type SshHost, type SshLab, startSshLab } from '../support/ssh-hosts.ts';

const RUNBOOK = `# Reuse

## Diagnose

### Show the app config
\`\`\`bash
cat app.conf
\`\`\`

### Check the API health
\`\`\`bash
cat health.txt
\`\`\`

Expected: \`healthy\`
`;

let lab: SshLab;
let host: SshHost;
let dir = '';
let bound: BoundRunbook;
const pools: SshPool[] = [];

/** Puts `secret` in the host's .env and in a file a step prints. */
function setSecret(secret: string): void {
  writeFileSync(join(host.workdir, '.env'), `DB_PASSWORD=${secret}\n`, { mode: 0o600 });
  writeFileSync(join(host.workdir, 'app.conf'), `name=api-1\nconnect pass ${secret}\n`);
}

const sessions = () => (host.log().match(/Starting session: /g) ?? []).length;
const disconnects = () => (host.log().match(/Disconnected from user /g) ?? []).length;

/** Runs Diagnose on api-1 with this pool (one runner per pool, as the bot keeps them). */
function runner(pool: SshPool) {
  let prepared: Promise<PreparedRunner> | null = null;
  const deps = {
    clock: systemClock,
    metrics: createMetrics({ processMetrics: false }),
    runnerFor: (b: BoundRunbook, target?: string | null) => {
      prepared ??= prepareTargetRunner({ bound: b, target: target ?? '', env: {}, clock: systemClock, pool });
      return prepared;
    },
  };
  return async () => {
    const section = findSection(bound.runbook, 'diagnose');
    if (!section) throw new Error('no Diagnose section');
    const [run] = await runOnTargets(deps, bound, section, ['api-1'], { approved: false, actor: 'cli:test' });
    if (!run?.run) throw new Error(`api-1 unreachable: ${run?.reachable === false ? run.reason : ''}`);
    return run.run.steps;
  };
}

beforeAll(async () => {
  lab = await startSshLab(1);
  host = lab.hosts[0] as SshHost;
  dir = mkdtempSync(join(tmpdir(), 'rb-reuse-'));
  mkdirSync(join(dir, 'runbooks'));
  writeFileSync(join(dir, 'runbooks', 'reuse.md'), RUNBOOK);
  writeFileSync(
    join(dir, 'runbooks', 'reuse.yml'),
    stringify({ command: '/reuse', locale: 'en', targets: { 'api-1': lab.targetSpec(host) } }),
  );
  writeFileSync(join(host.workdir, 'health.txt'), 'healthy\n');
  const { catalog } = await loadCatalog(join(dir, 'runbooks'));
  const loaded = catalog.byRunbookId('reuse');
  if (!loaded) throw new Error('runbook did not load');
  bound = loaded;
}, 60_000);

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.closeAll()));
  await lab?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('one SSH connection per host (real sshd)', { timeout: 120_000 }, () => {
  it('opens with the first .env reading, reads it again each section, never shows its secrets', async () => {
    const first = 'first-secret-Q9x7w2kLp4mZ';
    const rotated = 'rotated-secret-T3v8n1Hq6Rb';
    setSecret(first);
    const pool = createSshPool({ clock: systemClock });
    pools.push(pool);
    const diagnose = runner(pool);
    const handshakes = host.handshakes();
    const before = sessions();

    const one = await diagnose();
    expect(one.map((step) => step.status)).toEqual(['pass', 'pass']);
    expect(one[0]?.output).toContain('name=api-1');
    expect(JSON.stringify(one)).not.toContain(first);
    // Two steps and one reading of the .env, on one connection.
    expect(sessions() - before).toBe(3);

    setSecret(rotated);
    const two = await diagnose();
    expect(two[0]?.output).toContain('name=api-1');
    expect(JSON.stringify(two)).not.toContain(rotated);
    expect(sessions() - before).toBe(6);
    expect(host.handshakes() - handshakes).toBe(1);
  });

  it('opens the connection again when its master ended after its idle time', async () => {
    setSecret('idle-secret-M5c2Zr8Wq1Ke');
    const pool = createSshPool({ clock: systemClock, persistSeconds: 1 });
    pools.push(pool);
    const diagnose = runner(pool);
    const handshakes = host.handshakes();
    const gone = disconnects();

    expect((await diagnose()).map((step) => step.status)).toEqual(['pass', 'pass']);
    for (let waited = 0; disconnects() === gone && waited < 30_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(disconnects()).toBeGreaterThan(gone);

    const again = await diagnose();
    expect(again.map((step) => step.status)).toEqual(['pass', 'pass']);
    expect(JSON.stringify(again)).not.toContain('idle-secret-M5c2Zr8Wq1Ke');
    expect(host.handshakes() - handshakes).toBe(2);
  });
});
