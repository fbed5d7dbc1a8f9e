import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeFingerprint, RUNBOOK_CHANGED_REASON } from '../../../src/core/approvals/change-fingerprint.ts';
import { isChangeRefused } from '../../../src/core/approvals/change-refused.ts';
import { decideApproval } from '../../../src/core/approvals/decide-approval.ts';
import { executeApproved } from '../../../src/core/approvals/execute-change.ts';
import { recoverUnstarted } from '../../../src/core/approvals/recover-interrupted.ts';
import { requestChange } from '../../../src/core/approvals/request-change.ts';
import { type BoundRunbook, Catalog, findSection } from '../../../src/core/catalog.ts';
import type { CoreDeps } from '../../../src/core/core-deps.ts';
import { loadCatalog } from '../../../src/core/load-catalog.ts';
import { createRedactor } from '../../../src/exec/redact/create-redactor.ts';
import type { RunContext } from '../../../src/exec/run-step.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { renderApprovalCard } from '../../../src/render/slack/render-approval-card.ts';
import type { CommandStep } from '../../../src/runbook/model.ts';
import { redactingStore } from '../../../src/store/redacting-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { openTempStore } from '../../support/temp-data-dir.ts';
import { passingRunner } from './approval-harness.ts';

/**
 * A change that takes values (issue 15): the values are stored with the approval (unredacted: they
 * run), bound by the fingerprint with the binding's rules for them, shown redacted, and run with —
 * by the approver's click and by recovery of an approval whose process stopped before running it.
 */
const RUNBOOK = `# Services

## Restart a service

\`\`\`bash
deploy-tool restart <service> --token <api-token>
\`\`\`
`;
const BINDING = `command: /svc
approvers: { users: [U2] }
params:
  service: { pattern: "[a-z][a-z0-9-]{0,40}" }
`;
const SECTION = 'restart-a-service';
const TOKEN = 'Zq8vR2mK7pX4sT9w';
const SECOND = 1000;

describe('approvals carry parameter values', () => {
  let dir: string;
  let clock: FakeClock;
  let runner: ReturnType<typeof passingRunner> & { seen: RunContext['params'][] };
  let bound: BoundRunbook;
  let deps: CoreDeps;
  let raw: Store;
  let dispose: () => void;
  let file: string;

  const load = async (binding = BINDING): Promise<BoundRunbook> => {
    writeFileSync(join(dir, 'svc.md'), RUNBOOK);
    writeFileSync(join(dir, 'svc.yml'), binding);
    const found = (await loadCatalog(dir)).catalog.byRunbookId('svc');
    if (!found) throw new Error('svc not loaded');
    return found;
  };
  const section = (target = bound) => {
    const found = findSection(target.runbook, SECTION);
    if (!found) throw new Error('no section');
    return found;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runbook-bot-param-approval-'));
    clock = new FakeClock();
    const base = passingRunner();
    runner = Object.assign(base, { seen: [] as RunContext['params'][] });
    const fake = {
      run: (step: CommandStep, ctx?: RunContext) => {
        runner.seen.push(ctx?.params);
        return base.run(step);
      },
    };
    bound = await load();
    const temp = openTempStore(clock);
    raw = temp.store;
    dispose = temp.dispose;
    file = temp.file;
    deps = {
      // As the bot opens it: every shown copy redacted, the values to run stored as given.
      // The redactor knows the token too (say it is in a .env file): the stored value still runs.
      store: redactingStore(raw, createRedactor({ secrets: [TOKEN] })),
      clock,
      logger: pino({ level: 'silent' }),
      catalog: new Catalog([bound]),
      metrics: createMetrics({ processMetrics: false }),
      runnerFor: async () => ({ runner: fake, redactor: createRedactor({ secrets: [] }), workdir: null }),
      membersOf: async () => [],
      timeZone: 'UTC',
    };
  });
  afterEach(() => {
    dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const incident = () => raw.openIncident({ runbook: 'svc', channel: 'C0INC', openedBy: 'U1' }).incident;
  const request = (params: Record<string, string>) =>
    requestChange(deps, {
      incident: incident(),
      bound,
      section: section(),
      requestedBy: 'U1',
      channel: 'C0INC',
      params,
    });
  const approve = async (id: string) => {
    const decided = await decideApproval(deps, { approvalId: id, userId: 'U2', decision: 'approve' });
    expect(decided.kind).toBe('approved');
  };
  const changeRuns = () => runner.ran.filter((id) => id === SECTION).length;

  it('the fingerprint changes when a value changes, and when the binding changes a rule for one', async () => {
    const a = await changeFingerprint(deps, bound, section(), { service: 'api', 'api-token': TOKEN });
    const same = await changeFingerprint(deps, bound, section(), { 'api-token': TOKEN, service: 'api' });
    const other = await changeFingerprint(deps, bound, section(), { service: 'web', 'api-token': TOKEN });
    const otherToken = await changeFingerprint(deps, bound, section(), { service: 'api', 'api-token': 'x' });
    expect(same).toBe(a);
    expect(other).not.toBe(a);
    expect(otherToken).not.toBe(a);
    const stricter = await load(BINDING.replace('{0,40}', '{0,10}'));
    expect(
      await changeFingerprint(deps, stricter, section(stricter), { service: 'api', 'api-token': TOKEN }),
    ).not.toBe(a);
  });

  it('stores the values unredacted, shows them redacted (card, timeline) and runs the steps with them once', async () => {
    const requested = await request({ service: 'payments-api', 'api-token': TOKEN });
    expect(raw.getApproval(requested.approval.id)?.params).toEqual({
      service: 'payments-api',
      'api-token': TOKEN,
    });

    const card = JSON.stringify(
      renderApprovalCard({ ...requested, locale: 'en', now: clock.now(), timeZone: 'UTC' }).blocks,
    );
    expect(card).toContain('payments-api');
    expect(card).toContain(`set, ${TOKEN.length} chars`);
    expect(card).not.toContain(TOKEN);

    await approve(requested.approval.id);
    const result = await executeApproved(deps, { approvalId: requested.approval.id, actor: 'U2' });
    expect(result).toMatchObject({ kind: 'executed', approval: { state: 'succeeded' } });
    expect(changeRuns()).toBe(1);
    expect(runner.seen).toEqual([{ service: 'payments-api', 'api-token': TOKEN }]);
    // A second call (double click, retry) runs nothing.
    expect((await executeApproved(deps, { approvalId: requested.approval.id, actor: 'U2' })).kind).toBe(
      'not_winner',
    );
    expect(changeRuns()).toBe(1);

    const timeline = JSON.stringify(raw.listTimeline(requested.approval.incidentId));
    expect(timeline).toContain('payments-api');
    expect(timeline).not.toContain(TOKEN);
    const ran = raw.listTimeline(requested.approval.incidentId).find((entry) => entry.kind === 'change_run');
    expect(ran?.data.params).toEqual({ service: 'payments-api', 'api-token': `set, ${TOKEN.length} chars` });
  });

  it('a value that differs from the approved one at execution runs nothing', async () => {
    const requested = await request({ service: 'api', 'api-token': TOKEN });
    await approve(requested.approval.id);
    // Tampered with in the database between the approval and the run (the store has no API for it).
    const db = new Database(file);
    db.prepare('UPDATE approvals SET params = ? WHERE id = ?').run(
      JSON.stringify({ service: 'other', 'api-token': TOKEN }),
      requested.approval.id,
    );
    db.close();
    const result = await executeApproved(deps, { approvalId: requested.approval.id, actor: 'U2' });
    expect(result).toMatchObject({ kind: 'aborted', reason: 'runbook_changed' });
    expect(raw.getApproval(requested.approval.id)).toMatchObject({
      state: 'failed',
      reason: RUNBOOK_CHANGED_REASON,
    });
    expect(changeRuns()).toBe(0);
  });

  it('refuses a value that breaks a rule, or a missing one: nothing recorded', async () => {
    const attempts: Record<string, string>[] = [
      { service: 'api;reboot', 'api-token': TOKEN },
      { service: 'api' },
    ];
    for (const params of attempts) {
      const error = await request(params).catch((caught: unknown) => caught);
      expect(isChangeRefused(error)).toBe(true);
      expect((error as Error).message).toMatch(/service must match|needs values for api-token/);
    }
    expect(raw.listApprovalsIn(['pending', 'approved', 'denied'])).toEqual([]);
  });

  it('recovery of an approved change that never started runs it with the stored values', async () => {
    const requested = await request({ service: 'checkout', 'api-token': TOKEN });
    await approve(requested.approval.id); // ...and the process stops before running it
    await clock.advance(60 * SECOND);
    const found = await recoverUnstarted(deps);
    expect(found).toMatchObject([{ kind: 'run', approval: { id: requested.approval.id } }]);
    const result = await executeApproved(deps, { approvalId: requested.approval.id, actor: 'bot' });
    expect(result).toMatchObject({ kind: 'executed', approval: { state: 'succeeded' } });
    expect(runner.seen).toEqual([{ service: 'checkout', 'api-token': TOKEN }]);
    expect(changeRuns()).toBe(1);
  });
});
