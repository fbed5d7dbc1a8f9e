import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../../src/core/catalog.ts';
import type { ChatContent } from '../../../src/core/chat/chat-content.ts';
import type { ChatDeps } from '../../../src/core/chat/chat-deps.ts';
import { driftScheduleTick, scheduleSlot } from '../../../src/core/drift/schedule-tick.ts';
import { createRedactor } from '../../../src/exec/redact/create-redactor.ts';
import type { StepResult } from '../../../src/exec/step-result.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import type { CommandStep } from '../../../src/runbook/model.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { openTempStore } from '../../support/temp-data-dir.ts';
import { smallBoundRunbook } from '../bound-runbook-fixture.ts';

const DAY = 86_400_000;
const disposers: (() => void)[] = [];
afterEach(() => {
  for (const dispose of disposers.splice(0)) dispose();
});

/** A host whose `health` check answers what `state.health` says; every step run is recorded. */
function scriptedHost() {
  const state = { health: 'HTTP 200', ran: [] as string[] };
  const runner = {
    run: async (step: CommandStep): Promise<StepResult> => {
      state.ran.push(step.id);
      const failed = step.id === 'health' && state.health !== 'HTTP 200';
      return {
        stepId: step.id,
        title: step.title,
        command: step.command,
        risk: step.risk,
        status: failed ? 'fail' : 'pass',
        exitCode: failed ? 22 : 0,
        timedOut: false,
        durationMs: 5,
        output: failed ? state.health : 'ok',
        outputTruncated: false,
        droppedBytes: 0,
        expect: step.expect,
        detail: failed
          ? { kind: 'expected_got', expected: step.expect ?? '', got: state.health }
          : { kind: 'ok' },
      };
    },
  };
  return { state, runner };
}

function setup(clock: FakeClock) {
  const { store, dispose } = openTempStore(clock);
  disposers.push(dispose);
  const bound = smallBoundRunbook({
    schedules: [{ id: 'weekly-drift', drift: true, every: '7d', channel: 'C0OPS0001' }],
    roles: {},
  });
  const host = scriptedHost();
  const posts: { channel: string; content: ChatContent }[] = [];
  const deps = (processStore = store) =>
    ({
      store: processStore,
      clock,
      logger: pino({ level: 'silent' }),
      catalog: new Catalog([bound]),
      metrics: createMetrics(),
      timeZone: 'UTC',
      membersOf: async () => [],
      runnerFor: async () => ({
        runner: host.runner,
        redactor: createRedactor({ secrets: [] }),
        workdir: null,
      }),
      chat: {
        post: async (to: { channel: string }, content: ChatContent) => {
          posts.push({ channel: to.channel, content });
          return `${posts.length}.000`;
        },
      },
    }) as unknown as ChatDeps;
  return { deps, host, posts, store };
}

const text = (content: ChatContent | undefined) => (content?.kind === 'plain_text' ? content.text : '');

describe('scheduled drift checks', () => {
  it('runs once per period, posts only when the findings change, and never runs a change', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 30, 6, 0));
    const { deps, host, posts } = setup(clock);
    const tick = driftScheduleTick();

    // healthy: the first run finds nothing and posts nothing
    await tick(deps());
    await tick.idle();
    expect(host.state.ran.sort()).toEqual(['health', 'health-2', 'status']);
    expect(posts).toEqual([]);

    // same period: not run again
    await tick(deps());
    await tick.idle();
    expect(host.state.ran).toHaveLength(3);

    // next week the health answer changed: one summary in the schedule's channel
    host.state.health = 'HTTP 503';
    clock.advance(7 * DAY);
    await tick(deps());
    await tick.idle();
    expect(posts).toHaveLength(1);
    expect(posts[0]?.channel).toBe('C0OPS0001');
    expect(text(posts[0]?.content)).toContain('Drift check "weekly-drift": 1 finding in api-down (local)');
    expect(text(posts[0]?.content)).toContain('expectation failed: health — expected 200 OK, got HTTP 503');

    // still the same finding a week later: nothing new to say
    clock.advance(7 * DAY);
    await tick(deps());
    await tick.idle();
    expect(posts).toHaveLength(1);

    // fixed: said once
    host.state.health = 'HTTP 200';
    clock.advance(7 * DAY);
    await tick(deps());
    await tick.idle();
    expect(posts).toHaveLength(2);
    expect(text(posts[1]?.content)).toContain('Everything matches the runbook again.');
    expect(host.state.ran).not.toContain('restart-da-api');
  });

  it('two bot processes on one store run a period once', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 30, 6, 0));
    const { deps, host } = setup(clock);
    const [first, second] = [driftScheduleTick(), driftScheduleTick()];
    await Promise.all([first(deps()), second(deps())]);
    await Promise.all([first.idle(), second.idle()]);
    expect(host.state.ran.filter((id) => id === 'health')).toHaveLength(1);
  });

  it('puts every moment in one period: epoch-counted periods, or the last cron occurrence', () => {
    const monday = Date.UTC(2026, 10, 30, 6, 30); // a Monday
    const every = { id: 'x', drift: true as const, every: '7d', channel: 'C1' };
    expect(scheduleSlot(every, monday, 'UTC')).toBe(scheduleSlot(every, monday + DAY, 'UTC'));
    const cron = { id: 'x', drift: true as const, cron: '0 6 * * 1', channel: 'C1' };
    expect(scheduleSlot(cron, monday, 'UTC')).toBe(`cron-${Date.UTC(2026, 10, 30, 6, 0)}`);
    expect(scheduleSlot(cron, monday, 'America/Sao_Paulo')).toBe(`cron-${Date.UTC(2026, 10, 23, 9, 0)}`);
  });
});
