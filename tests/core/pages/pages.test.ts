import { afterEach, describe, expect, it } from 'vitest';
import type { CoreDeps } from '../../../src/core/core-deps.ts';
import { runDueEscalations } from '../../../src/core/incidents/escalation-tick.ts';
import { scheduleForIncident } from '../../../src/core/incidents/plan-escalations.ts';
import { resolveIncident } from '../../../src/core/incidents/resolve-incident.ts';
import { deliverPage, type PageChat } from '../../../src/core/pages/deliver-page.ts';
import {
  type PageEvent,
  type PageOutcome,
  PageRetryableError,
  type PagerTarget,
} from '../../../src/core/pages/page-types.ts';
import type { PagePayload } from '../../../src/core/pages/plan-pages.ts';
import { apiDownWith, at, openIncident, type TestWorld, testWorld } from '../incidents/incident-deps.ts';

const PAGED_ROLES = {
  'DevOps Lead': { usergroups: ['S01DEVOPS0'], pagerduty: { routingKeyEnv: 'PD_KEY_DEVOPS' } },
  'Tech Lead': { users: ['U01TECHLD0'], opsgenie: { apiKeyEnv: 'OG_KEY' } },
  CTO: { users: ['U01CTO000'] },
};

function pageMessages(deps: CoreDeps) {
  return deps.store.pendingMessages(100).filter((message) => message.kind === 'page');
}

function chatRecorder() {
  const lines: string[] = [];
  const chat: PageChat = {
    notifyPage: async ({ text }) => {
      lines.push(text);
    },
    refreshCard: async () => undefined,
  };
  return { chat, lines };
}

describe('pages out', () => {
  let world: TestWorld;
  afterEach(() => world?.dispose());

  async function firedLevel() {
    const bound = await apiDownWith({ roles: PAGED_ROLES });
    world = testWorld(bound);
    const incident = openIncident(world.deps);
    scheduleForIncident(world.deps, incident, bound);
    await world.clock.set(at(14, 15));
    expect(runDueEscalations(world.deps)).toHaveLength(1);
    return { bound, incident };
  }

  it('an escalation level queues one trigger per pager of its roles, with a stable dedup key', async () => {
    const { incident } = await firedLevel();
    const pages = pageMessages(world.deps);
    expect(pages).toHaveLength(1);
    const payload = pages[0]?.payload as PagePayload;
    expect(payload.target).toEqual({ kind: 'pagerduty', routingKeyEnv: 'PD_KEY_DEVOPS' });
    expect(payload.event).toMatchObject({
      action: 'trigger',
      dedupKey: `runbook-bot/api-down/${incident.id}-${incident.openedAt}/level-0/devops-lead`,
      severity: 'critical',
      role: 'DevOps Lead',
    });
    expect(JSON.stringify(payload)).not.toMatch(/R0UT1NG/);
    // Firing again (another process, a retry) queues nothing new.
    expect(runDueEscalations(world.deps)).toEqual([]);
    expect(pageMessages(world.deps)).toHaveLength(1);
  });

  it('accepted: timeline, thread line; resolving the incident queues the resolve with the same key', async () => {
    const { incident } = await firedLevel();
    const sent: { target: PagerTarget; event: PageEvent }[] = [];
    const send = async (target: PagerTarget, event: PageEvent): Promise<PageOutcome> => {
      sent.push({ target, event });
      return { accepted: true, status: 202, detail: '202 Event processed' };
    };
    const { chat, lines } = chatRecorder();
    const [trigger] = pageMessages(world.deps);
    await deliverPage(world.deps, send, chat, trigger!);
    world.deps.store.markDelivered(trigger!.id, null);
    expect(lines).toEqual(['DevOps Lead acionado via PagerDuty: aceito (202 Event processed)']);
    const page = world.deps.store.listTimeline(incident.id).find((entry) => entry.kind === 'page');
    expect(page?.data).toMatchObject({
      role: 'DevOps Lead',
      pager: 'PagerDuty',
      accepted: true,
      status: 202,
    });

    resolveIncident(world.deps, { incidentId: incident.id, actor: 'U0ANA' });
    const [resolve] = pageMessages(world.deps);
    if (!resolve) throw new Error('no resolve queued');
    expect((resolve.payload as PagePayload).event).toMatchObject({
      action: 'resolve',
      dedupKey: sent[0]?.event.dedupKey,
    });
    await deliverPage(world.deps, send, chat, resolve);
    expect(sent.map((entry) => entry.event.action)).toEqual(['trigger', 'resolve']);
    // Resolving queues each resolve once.
    world.deps.store.markDelivered(resolve.id, null);
    expect(pageMessages(world.deps)).toEqual([]);
  });

  it('refused (4xx, missing key): shown as refused, never retried; a trigger after resolve is not sent', async () => {
    const { incident } = await firedLevel();
    const { chat, lines } = chatRecorder();
    const [trigger] = pageMessages(world.deps);
    await deliverPage(
      world.deps,
      async () => ({ accepted: false, status: null, detail: 'PD_KEY_DEVOPS is not set; nothing was sent' }),
      chat,
      trigger!,
    );
    expect(lines).toEqual([
      'DevOps Lead acionado via PagerDuty: recusado (PD_KEY_DEVOPS is not set; nothing was sent)',
    ]);
    resolveIncident(world.deps, { incidentId: incident.id, actor: 'U0ANA' });
    world.deps.store.markDelivered(trigger!.id, null);
    expect(pageMessages(world.deps)).toEqual([]);

    let called = 0;
    await deliverPage(
      world.deps,
      async () => {
        called++;
        return { accepted: true, status: 202, detail: '' };
      },
      chat,
      trigger!,
    );
    expect(called).toBe(0);
  });

  it('a 5xx after the client’s retries is thrown to the outbox and noted once as not sent', async () => {
    const { incident } = await firedLevel();
    const { chat } = chatRecorder();
    const [trigger] = pageMessages(world.deps);
    const failing = async (): Promise<PageOutcome> => {
      throw new PageRetryableError('503 unavailable', 503, null);
    };
    await expect(deliverPage(world.deps, failing, chat, trigger!)).rejects.toBeInstanceOf(PageRetryableError);
    await expect(deliverPage(world.deps, failing, chat, trigger!)).rejects.toBeInstanceOf(PageRetryableError);
    const notes = world.deps.store.listTimeline(incident.id).filter((entry) => entry.kind === 'page');
    expect(notes).toHaveLength(1);
    expect(notes[0]?.data).toMatchObject({ accepted: null, status: 503 });
  });
});
