import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { incidentsCommand } from '../../src/cli/incidents/incidents-command.ts';
import { Catalog } from '../../src/core/catalog.ts';
import type { CoreDeps } from '../../src/core/core-deps.ts';
import { runDueEscalations } from '../../src/core/incidents/escalation-tick.ts';
import { saveReportFields } from '../../src/core/incidents/incident-report.ts';
import { scheduleForIncident } from '../../src/core/incidents/plan-escalations.ts';
import { resolveIncident } from '../../src/core/incidents/resolve-incident.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { openStore } from '../../src/store/sqlite-store.ts';
import { apiDownBound, at, TIME_ZONE } from '../core/incidents/incident-deps.ts';
import { repoRoot } from '../runbook/runbook-fixtures.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { tempDataDir } from '../support/temp-data-dir.ts';
import { runCaptured } from './inspect-cli-harness.ts';

describe('runbook-bot incidents', () => {
  let data: ReturnType<typeof tempDataDir>;
  let clock: FakeClock;

  const run = (argv: string[], env: Record<string, string> = {}) =>
    runCaptured(incidentsCommand, argv, {
      env: { DATA_DIR: path.dirname(data.file), TZ: TIME_ZONE, ...env },
      cwd: repoRoot,
      clock,
    });

  /** The bot's side: #1 resolved with a report, #2 open with an escalation sent. */
  async function record() {
    const bound = await apiDownBound();
    const store = openStore({ file: data.file, clock });
    const deps: CoreDeps = {
      store,
      clock,
      logger: pino({ level: 'silent' }),
      catalog: new Catalog([bound]),
      metrics: createMetrics({ processMetrics: false }),
      runnerFor: () => Promise.reject(new Error('unused')),
      membersOf: () => Promise.resolve([]),
      timeZone: TIME_ZONE,
    };
    const first = store.openIncident({ runbook: 'api-down', channel: 'C0ONE', openedBy: 'U0ANA' }).incident;
    store.appendTimeline({
      incidentId: first.id,
      actor: 'U0ANA',
      kind: 'opened',
      summary: 'incidente aberto',
    });
    scheduleForIncident(deps, first, bound);
    await clock.set(at(14, 2));
    store.appendTimeline({
      incidentId: first.id,
      actor: 'U0ANA',
      kind: 'section_run',
      summary: 'DIAGNÓSTICO RÁPIDO: 1/3 ok',
    });
    store.updateIncident(first.id, {
      symptoms: [
        { stepId: 'h', title: 'Verificar Health Check', verdict: 'esperado 200 OK, obtido HTTP 503' },
      ],
    });
    await clock.set(at(14, 7));
    store.appendTimeline({
      incidentId: first.id,
      actor: 'bot',
      kind: 'change_run',
      summary: 'PASSO 2: Restart do Serviço — ok em 2,3 s',
    });
    saveReportFields(deps, {
      incidentId: first.id,
      values: { 'Causa raiz': 'Redis parado' },
      actor: 'U0ANA',
    });
    await clock.set(at(14, 14, 32));
    resolveIncident(deps, { incidentId: first.id, actor: 'U0BRUNO' });

    const second = store.openIncident({
      runbook: 'api-down',
      channel: 'C0TWO',
      openedBy: 'U0CARLA',
    }).incident;
    scheduleForIncident(deps, second, bound);
    await clock.set(at(14, 30));
    runDueEscalations(deps);
    store.close();
  }

  beforeEach(() => {
    data = tempDataDir();
    clock = new FakeClock(at(14, 0));
  });
  afterEach(() => data.remove());

  it('list shows open incidents; --all adds resolved ones; --json', async () => {
    await record();
    const open = await run(['list']);
    expect(open.code).toBe(0);
    expect(open.stdout).toContain('#2');
    expect(open.stdout).not.toContain('#1 ');
    expect(open.stdout).toMatch(
      /#2\s+api-down\s+🔴 investigating\s+opened 2026-11-29 14:14:32 by @U0CARLA in C0TWO/,
    );

    const all = await run(['list', '--all']);
    expect(all.stdout.trim().split('\n')).toHaveLength(2);
    expect(all.stdout).toMatch(/#1\s+api-down\s+✅ resolved in 14 min 32 s/);

    const json = await run(['list', '--all', '--json']);
    const parsed = JSON.parse(json.stdout) as { id: number; status: string }[];
    expect(parsed.map((incident) => [incident.id, incident.status])).toEqual([
      [2, 'investigating'],
      [1, 'resolved'],
    ]);
  });

  it('show prints the card as text and the timeline', async () => {
    await record();
    const shown = await run(['show', '1']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatchSnapshot();
    expect(shown.stdout).toContain('API DOWN · incident #1 · ✅ resolved in 14 min 32 s');
    expect(shown.stdout).toContain('  ❌ Verificar Health Check — esperado 200 OK, obtido HTTP 503');
    expect(shown.stdout).toContain(
      '14:07:00 · runbook-bot · change_run · PASSO 2: Restart do Serviço — ok em 2,3 s',
    );
    expect(shown.stdout).toContain('  Causa raiz: Redis parado');

    const open = await run(['show', '#2']);
    expect(open.stdout).toContain('⏰ DevOps Lead — timer, sent at 14:30:00');
    expect(open.stdout).toContain('escalation · escalonamento: DevOps Lead (15 min sem resolução)');
  });

  it('export writes the Markdown report in the runbook template, to stdout or --out', async () => {
    await record();
    const printed = await run(['export', '1']);
    expect(printed.code).toBe(0);
    expect(printed.stdout.startsWith('# Incidente #1 — RUNBOOK: API DOWN\n')).toBe(true);
    expect(printed.stdout).toContain('- **Tempo de resolução**: 14 min 32 s');
    expect(printed.stdout).toContain('- **Causa raiz**: Redis parado');

    const out = path.join(data.dir, 'reports', 'incident-1.md');
    const written = await run(['export', '1', '--out', out]);
    expect(written.code).toBe(0);
    expect(written.stderr).toContain(out);
    expect(readFileSync(out, 'utf8')).toBe(printed.stdout);
  });

  it('an unknown id is a clear message and exit 1; bad usage exits 2', async () => {
    await record();
    const missing = await run(['show', '42']);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toContain('incident #42 not found');
    expect((await run(['export', '42'])).code).toBe(1);
    expect((await run(['show', 'abc'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run([])).code).toBe(2);
  });

  it('with no store yet: list says so, show fails clearly, nothing is created', async () => {
    const list = await run(['list']);
    expect(list).toMatchObject({ code: 0, stdout: 'No open incidents (use --all to see resolved ones).\n' });
    const show = await run(['show', '1']);
    expect(show.code).toBe(1);
    expect(show.stderr).toContain('no incident store at');
    expect(existsSync(data.file)).toBe(false);
  });
});
