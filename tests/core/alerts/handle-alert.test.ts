import { afterEach, describe, expect, it } from 'vitest';
import type { AlertWork } from '../../../src/core/alerts/accept-alerts.ts';
import { acceptAlerts } from '../../../src/core/alerts/accept-alerts.ts';
import type { ReceivedAlert } from '../../../src/core/alerts/alertmanager-payload.ts';
import { parseAlertmanagerPayload } from '../../../src/core/alerts/alertmanager-payload.ts';
import { type AlertChat, handleAlert } from '../../../src/core/alerts/handle-alert.ts';
import type { CoreDeps } from '../../../src/core/core-deps.ts';
import { apiDownWith, type TestWorld, testWorld } from '../incidents/incident-deps.ts';

const CHANNEL = 'C0ALERTS';

function alert(overrides: Partial<ReceivedAlert> = {}): ReceivedAlert {
  return {
    status: 'firing',
    name: 'ApiDown',
    labels: { alertname: 'ApiDown', job: 'api', instance: 'api-1:3000' },
    annotations: { summary: 'The API answers 503' },
    startsAt: '2026-11-29T17:00:00Z',
    endsAt: null,
    generatorURL: 'http://prometheus:9090/graph?g0.expr=up',
    fingerprint: 'f00dfeed00000001',
    ...overrides,
  };
}

/** The chat side as a recorder: what the use case asked it to do. */
function recordingChat(deps: CoreDeps) {
  const calls = { runs: [] as string[], news: [] as string[], refreshes: 0 };
  const chat: AlertChat = {
    openIncident: (bound, channel, actor) => {
      const opened = deps.store.openIncident({ runbook: bound.runbook.id, channel, openedBy: actor });
      return opened;
    },
    runSection: async ({ section }) => {
      calls.runs.push(section.id);
    },
    postAlertNews: async ({ news, text }) => {
      calls.news.push(`${news}: ${text}`);
    },
    refreshCard: async () => {
      calls.refreshes++;
    },
  };
  return { chat, calls };
}

/** Runs every queued alert as the outbox would (in order). */
async function drain(deps: CoreDeps, chat: AlertChat) {
  for (const message of deps.store.pendingMessages(10_000)) {
    if (message.kind !== 'alert' || !deps.store.claimMessage(message.id, 60_000)) continue;
    await handleAlert(deps, chat, message.key, message.payload as AlertWork);
    deps.store.markDelivered(message.id, null);
  }
}

describe('alerts in', () => {
  let world: TestWorld;
  afterEach(() => world?.dispose());

  it('parses the Alertmanager v4 payload and says what is wrong with a bad one', () => {
    const ok = parseAlertmanagerPayload(
      JSON.stringify({
        version: '4',
        groupKey: '{}:{alertname="ApiDown"}',
        status: 'firing',
        receiver: 'runbook-bot',
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'ApiDown' },
            annotations: {},
            startsAt: '2026-11-29T17:00:00Z',
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: 'http://prom/graph',
            fingerprint: 'abc',
          },
        ],
      }),
    );
    expect(ok).toMatchObject({ ok: true, alerts: [{ name: 'ApiDown', endsAt: null, fingerprint: 'abc' }] });
    expect(parseAlertmanagerPayload('{"alerts": [')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^malformed JSON/),
    });
    expect(parseAlertmanagerPayload('{"alerts":[{"status":"burning","labels":{}}]}')).toMatchObject({
      ok: false,
      message: expect.stringContaining('alerts.0.status'),
    });
  });

  it("reads Grafana's webhook contact point payload (its extra fields ignored)", () => {
    const grafana = parseAlertmanagerPayload(
      JSON.stringify({
        receiver: 'runbook-bot',
        status: 'firing',
        orgId: 1,
        alerts: [
          {
            status: 'firing',
            labels: { alertname: 'ApiDown', grafana_folder: 'api' },
            annotations: { summary: 'API down' },
            startsAt: '2026-11-29T17:00:00Z',
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: 'https://grafana.example/alerting/grafana/abc/view',
            fingerprint: 'c6eadffa33fcdf37',
            silenceURL: 'https://grafana.example/alerting/silence/new',
            dashboardURL: '',
            panelURL: '',
            values: { B: 0, C: 1 },
            valueString: '[ var=B value=0 ]',
          },
        ],
        groupLabels: { alertname: 'ApiDown' },
        commonLabels: { alertname: 'ApiDown' },
        commonAnnotations: {},
        externalURL: 'https://grafana.example/',
        version: '1',
        groupKey: '{}:{alertname="ApiDown"}',
        truncatedAlerts: 0,
        title: '[FIRING:1] ApiDown',
        state: 'alerting',
        message: 'API down',
      }),
    );
    expect(grafana).toMatchObject({
      ok: true,
      alerts: [
        {
          name: 'ApiDown',
          fingerprint: 'c6eadffa33fcdf37',
          generatorURL: 'https://grafana.example/alerting/grafana/abc/view',
        },
      ],
    });
  });

  it('queues an alert once per fingerprint and start, across two bot processes', async () => {
    const bound = await apiDownWith({
      alerts: [{ match: { alertname: 'ApiDown' }, run: 'diagnose', channel: CHANNEL }],
    });
    world = testWorld(bound);
    const other = world.secondProcess();
    const now = world.clock.now();
    const first = acceptAlerts({ ...world.deps, now }, [alert()]);
    const again = acceptAlerts({ ...other, now }, [
      alert(),
      alert({ labels: { alertname: 'DiskFull' }, fingerprint: 'x' }),
    ]);
    expect(first).toMatchObject({ queued: [expect.any(Number)], duplicates: 0, unmatched: 0 });
    expect(again).toMatchObject({ queued: [], duplicates: 1, unmatched: 1 });
    const restarted = acceptAlerts({ ...world.deps, now }, [alert({ startsAt: '2026-11-29T18:00:00Z' })]);
    expect(restarted.queued).toHaveLength(1);
  });

  it('a storm for one rule and channel opens one incident and runs the section once', async () => {
    const bound = await apiDownWith({
      alerts: [{ match: { alertname: 'ApiDown' }, run: 'diagnose', channel: CHANNEL }],
    });
    world = testWorld(bound);
    const storm = Array.from({ length: 300 }, (_, i) =>
      alert({ fingerprint: `fp-${i % 40}`, labels: { alertname: 'ApiDown', instance: `api-${i % 40}` } }),
    );
    acceptAlerts({ ...world.deps, now: world.clock.now() }, storm);
    const { chat, calls } = recordingChat(world.deps);
    await drain(world.deps, chat);
    expect(world.deps.store.listIncidents({ limit: 10 })).toHaveLength(1);
    expect(calls.runs).toEqual([bound.binding.subcommands.diagnose]);
    const incident = world.deps.store.listIncidents({ limit: 1 })[0];
    const alerts = world.deps.store.listTimeline(incident?.id ?? 0).filter((entry) => entry.kind === 'alert');
    expect(alerts).toHaveLength(40);
    expect(alerts.filter((entry) => entry.data.opened === true)).toHaveLength(1);
    expect(alerts[0]?.data).toMatchObject({
      name: 'ApiDown',
      summary: 'The API answers 503',
      generatorURL: 'http://prometheus:9090/graph?g0.expr=up',
    });
  });

  it('resolved: a timeline entry and a thread message; the incident stays open', async () => {
    const bound = await apiDownWith({
      alerts: [{ match: { alertname: 'ApiDown' }, run: 'diagnose', channel: CHANNEL }],
    });
    world = testWorld(bound);
    const now = world.clock.now();
    acceptAlerts({ ...world.deps, now }, [alert()]);
    acceptAlerts({ ...world.deps, now }, [alert({ status: 'resolved', endsAt: '2026-11-29T17:10:00Z' })]);
    const { chat, calls } = recordingChat(world.deps);
    await drain(world.deps, chat);
    const [incident] = world.deps.store.listIncidents({ limit: 10 });
    expect(incident?.status).not.toBe('resolved');
    const kinds = world.deps.store
      .listTimeline(incident?.id ?? 0)
      .map((entry) => `${entry.kind}:${entry.data.status ?? ''}`);
    expect(kinds).toEqual(expect.arrayContaining(['alert:firing', 'alert:resolved']));
    expect(calls.news).toEqual(['resolved: alerta ApiDown resolvido']);
  });

  it('refuses at run time a rule whose section changes the host (whatever lint said)', async () => {
    const bound = await apiDownWith({
      alerts: [{ match: { alertname: 'ApiDown' }, run: 'restart', channel: CHANNEL }],
    });
    world = testWorld(bound);
    acceptAlerts({ ...world.deps, now: world.clock.now() }, [alert()]);
    const { chat, calls } = recordingChat(world.deps);
    await drain(world.deps, chat);
    expect(calls.runs).toEqual([]);
    expect(calls.news).toHaveLength(1);
    expect(calls.news[0]).toMatch(/^refused: alerta ApiDown: .* altera o host/);
  });
});
