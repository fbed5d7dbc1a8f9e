import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/ports.ts';
import { resultWithoutRun } from '../../src/exec/result-without-run.ts';
import { runSection } from '../../src/exec/run-section.ts';
import type { StepRunner } from '../../src/exec/run-step.ts';
import type { Runbook } from '../../src/runbook/model.ts';
import { commandStep, section } from './make-step.ts';

describe('runSection: a change step the binding skips', () => {
  it('is skipped, not failed, and the later change steps still run', async () => {
    const ran: string[] = [];
    const runner: StepRunner = {
      async run(step) {
        ran.push(step.id);
        return { ...resultWithoutRun(step, 'pass', { kind: 'ok' }), output: '', exitCode: 0 };
      },
    };
    const steps = [
      commandStep({
        id: 'drain',
        command: 'kubectl drain node-1',
        risk: 'change',
        skip: 'we never drain in prod',
      }),
      commandStep({ id: 'restart', command: 'systemctl restart api', risk: 'change' }),
      commandStep({ id: 'reload', command: 'systemctl reload nginx', risk: 'change' }),
    ];
    const fix = section('fix', 'Fix', steps);
    const runbook: Runbook = {
      id: 'r',
      file: '/r.md',
      title: 'R',
      sections: [fix],
      escalation: [],
      template: [],
      links: [],
    };
    const run = await runSection({ runbook, section: fix, runner, clock: systemClock, approved: true });
    expect(run.steps.map((step) => [step.stepId, step.status])).toEqual([
      ['drain', 'skipped'],
      ['restart', 'pass'],
      ['reload', 'pass'],
    ]);
    expect(ran).toEqual(['restart', 'reload']);
  });
});
