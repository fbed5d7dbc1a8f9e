import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/ports.ts';
import { createRedactor } from '../../src/exec/redact/create-redactor.ts';
import { resultWithoutRun } from '../../src/exec/result-without-run.ts';
import { runSection } from '../../src/exec/run-section.ts';
import type { StepRunner } from '../../src/exec/run-step.ts';
import { createStepRunner } from '../../src/exec/run-step.ts';
import { selectWaitChecks } from '../../src/exec/select-wait-checks.ts';
import type { StepResult, StepStatus, VerdictDetail } from '../../src/exec/step-result.ts';
import { englishVerdict } from '../../src/render/common/describe-verdict.ts';
import type { CommandStep } from '../../src/runbook/model.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { apiDown, health, psApi, sectionById } from './api-down-model.ts';
import { commandStep, section, waitStep } from './make-step.ts';

/** A runner that records calls and answers from a script; `delayMs` uses the given clock. */
function scriptedRunner(
  answer: (
    step: CommandStep,
    call: number,
  ) => { status: StepStatus; output?: string; detail?: VerdictDetail },
  options: { clock?: FakeClock; delayMs?: number } = {},
) {
  const calls: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const runner: StepRunner = {
    async run(step) {
      calls.push(step.id);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      inFlight--;
      const { status, output = '', detail = { kind: 'ok' } } = answer(step, calls.length);
      return { ...resultWithoutRun(step, status, detail), output, exitCode: status === 'pass' ? 0 : 1 };
    },
  };
  return { runner, calls, maxInFlight: () => maxInFlight };
}

/** Advances the fake clock in steps until the promise settles. */
async function drive<T>(promise: Promise<T>, clock: FakeClock, stepMs = 500): Promise<T> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  for (let i = 0; i < 10_000 && !settled; i++) await clock.advance(stepMs);
  return promise;
}

const realRunner = () =>
  createStepRunner({
    clock: systemClock,
    redactor: createRedactor({ secrets: [] }),
    env: { PATH: process.env.PATH },
  });

describe('run a section', () => {
  it('runs checks in parallel: each of three checks starts before any of them ends', async () => {
    const steps = [1, 2, 3].map((n) =>
      commandStep({
        id: `check-${n}`,
        command: `echo "started $(date +%s%N)"; sleep 2; echo "ended $(date +%s%N)"`,
      }),
    );
    const run = await runSection({
      runbook: apiDown,
      section: section('three-checks', 'Three checks', steps),
      runner: realRunner(),
      clock: systemClock,
    });
    expect(run.steps.map((step) => step.status)).toEqual(['pass', 'pass', 'pass']);
    const marks = run.steps.map((step) => ({
      started: Number(/started (\d+)/.exec(step.output)?.[1]),
      ended: Number(/ended (\d+)/.exec(step.output)?.[1]),
    }));
    expect(Math.max(...marks.map((mark) => mark.started))).toBeLessThan(
      Math.min(...marks.map((mark) => mark.ended)),
    );
  });

  it('keeps at most `concurrency` checks in flight and results in document order', async () => {
    const steps = Array.from({ length: 7 }, (_, i) => commandStep({ id: `c${i}`, command: `check ${i}` }));
    const fake = scriptedRunner(() => ({ status: 'pass' }), { delayMs: 20 });
    const done: string[] = [];
    const run = await runSection({
      runbook: apiDown,
      section: section('many', 'Many', steps),
      runner: fake.runner,
      clock: systemClock,
      concurrency: 2,
      onStepDone: (result) => done.push(result.stepId),
    });
    expect(fake.maxInFlight()).toBe(2);
    expect(run.steps.map((step) => step.stepId)).toEqual(steps.map((step) => step.id));
    expect(done.sort()).toEqual(steps.map((step) => step.id).sort());
  });

  it('without approval skips change steps and the wait after them, but runs the reads', async () => {
    const fake = scriptedRunner(() => ({ status: 'pass' }));
    const done: StepResult[] = [];
    const run = await runSection({
      runbook: apiDown,
      section: sectionById('passo-2-restart-do-servico'),
      runner: fake.runner,
      clock: new FakeClock(),
      waitChecks: [health],
      onStepDone: (result) => done.push(result),
    });
    expect(fake.calls).toEqual(['verificar-status']);
    expect(run.steps.map((step) => [step.stepId, step.status, englishVerdict(step.detail)])).toEqual([
      ['restart-da-api', 'skipped', 'skipped: needs approval'],
      ['aguardar-health-check', 'skipped', 'skipped: needs approval'],
      ['verificar-status', 'pass', 'ok'],
    ]);
    expect(run.steps[0]?.detail).toEqual({ kind: 'needs_approval' });
    expect(done).toHaveLength(3);
  });

  it('with approval runs the change once, alone, in document order, then waits for health', async () => {
    const clock = new FakeClock();
    let restarted = false;
    const fake = scriptedRunner((step) => {
      if (step.id === 'restart-da-api') restarted = true;
      return { status: restarted ? 'pass' : 'fail' };
    });
    const steps = [
      commandStep({ id: 'before-1', command: 'ps' }),
      commandStep({ id: 'before-2', command: 'df -h' }),
      commandStep({ id: 'restart-da-api', command: 'restart api', risk: 'change' }),
      waitStep(30),
      commandStep({ id: 'after', command: 'ps api' }),
    ];
    const run = await drive(
      runSection({
        runbook: apiDown,
        section: section('restart', 'Restart', steps),
        runner: fake.runner,
        clock,
        approved: true,
        waitChecks: [health],
      }),
      clock,
    );
    expect(fake.calls.slice(0, 3)).toEqual(['before-1', 'before-2', 'restart-da-api']);
    expect(fake.calls.filter((id) => id === 'restart-da-api')).toHaveLength(1);
    expect(run.steps.map((step) => step.status)).toEqual(['fail', 'fail', 'pass', 'pass', 'pass']);
    expect(run.steps[3]).toMatchObject({
      risk: 'wait',
      command: 'wait ≤ 60 s for health',
      detail: { kind: 'healthy_after', seconds: 0 },
    });
  });

  it('after a failed change step, later change steps do not run', async () => {
    const fake = scriptedRunner((step) => ({ status: step.id === 'first' ? 'fail' : 'pass' }));
    const steps = [
      commandStep({ id: 'first', command: 'restart api', risk: 'change' }),
      commandStep({ id: 'second', command: 'prune', risk: 'change' }),
      commandStep({ id: 'look', command: 'ps' }),
    ];
    const run = await runSection({
      runbook: apiDown,
      section: section('changes', 'Changes', steps),
      runner: fake.runner,
      clock: new FakeClock(),
      approved: true,
    });
    expect(fake.calls).toEqual(['first', 'look']);
    expect(run.steps[1]).toMatchObject({
      status: 'skipped',
      detail: { kind: 'after_failure', stepId: 'first' },
    });
  });

  it('a wait polls every 2 s until the checks pass: "healthy after 14 s"', async () => {
    const clock = new FakeClock();
    const fake = scriptedRunner((_step, call) => ({ status: call > 14 ? 'pass' : 'fail' }));
    const run = await drive(
      runSection({
        runbook: apiDown,
        section: section('wait', 'Wait', [waitStep(30)]),
        runner: fake.runner,
        clock,
        approved: true,
        waitChecks: [psApi, health],
      }),
      clock,
    );
    expect(run.steps[0]).toMatchObject({ status: 'pass', detail: { kind: 'healthy_after', seconds: 14 } });
    expect(run.steps[0]?.detail).toEqual({ kind: 'healthy_after', seconds: 14 });
    expect(fake.calls).toHaveLength(16);
  });

  it('a wait gives up after 2·N seconds: "not healthy after 60 s"', async () => {
    const clock = new FakeClock();
    const fake = scriptedRunner(() => ({
      status: 'fail',
      detail: { kind: 'expected_got', expected: '200 OK', got: 'HTTP 503' },
    }));
    const run = await drive(
      runSection({
        runbook: apiDown,
        section: section('wait', 'Wait', [waitStep(30)]),
        runner: fake.runner,
        clock,
        approved: true,
        waitChecks: [health],
      }),
      clock,
    );
    expect(run.steps[0]).toMatchObject({
      status: 'fail',
      durationMs: 60_000,
      detail: {
        kind: 'not_healthy_after',
        seconds: 60,
        failingChecks: [
          {
            title: 'Verificar Health Check',
            detail: { kind: 'expected_got', expected: '200 OK', got: 'HTTP 503' },
          },
        ],
      },
    });
    expect(run.steps[0]?.detail).not.toHaveProperty('failing');
    expect(englishVerdict(run.steps[0]!.detail)).toBe(
      'not healthy after 1 min · still failing: Verificar Health Check: expected 200 OK, got HTTP 503',
    );
    expect(fake.calls).toHaveLength(31);
  });

  it('a wait without checks just waits N seconds', async () => {
    const clock = new FakeClock();
    const run = await drive(
      runSection({
        runbook: apiDown,
        section: section('wait', 'Wait', [waitStep(5)]),
        runner: scriptedRunner(() => ({ status: 'pass' })).runner,
        clock,
        approved: true,
      }),
      clock,
    );
    expect(run.steps[0]).toMatchObject({
      status: 'info',
      detail: { kind: 'waited', seconds: 5 },
      durationMs: 5000,
    });
  });

  it('returns the SectionRun with times from the clock and the suggestions', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 29, 14, 2, 0));
    const fake = scriptedRunner((step) =>
      step.id === 'verificar-logs-da-api'
        ? {
            status: 'info',
            output:
              'api-1  | Error: Redis connection to redis:6379 failed - connect ECONNREFUSED 172.18.0.3:6379\n',
          }
        : { status: 'fail', output: 'curl: (22) The requested URL returned error: 503' },
    );
    const run = await runSection({
      runbook: apiDown,
      section: sectionById('diagnostico-rapido'),
      runner: fake.runner,
      clock,
    });
    expect(run).toMatchObject({
      runbook: 'api-down',
      section: 'diagnostico-rapido',
      sectionTitle: 'DIAGNÓSTICO RÁPIDO',
      startedAt: '2026-11-29T14:02:00.000Z',
      durationMs: 0,
    });
    expect(run.suggestions.map((s) => s.sectionId)).toEqual(['problema-erro-de-conexao-com-redis']);
  });

  it('turns a runner crash into an error result instead of failing the section', async () => {
    const runner: StepRunner = {
      run: async () => {
        throw new Error('boom');
      },
    };
    const run = await runSection({
      runbook: apiDown,
      section: section('s', 'S', [commandStep({ command: 'ps' })]),
      runner,
      clock: new FakeClock(),
    });
    expect(run.steps[0]).toMatchObject({ status: 'error' });
    expect(englishVerdict(run.steps[0]!.detail)).toContain('internal error');
  });
});

describe('select wait checks', () => {
  it('defaults to the diagnose section steps that have expectations', () => {
    expect(selectWaitChecks(apiDown).map((step) => step.id)).toEqual([psApi.id, health.id]);
  });

  it('uses the binding waitFor ids, never change steps', () => {
    const ids = selectWaitChecks(apiDown, {
      waitFor: [health.id, 'restart-da-api', 'nope'],
      subcommands: {},
    });
    expect(ids.map((step) => step.id)).toEqual([health.id]);
  });
});
