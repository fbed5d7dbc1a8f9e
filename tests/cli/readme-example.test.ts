import { describe, expect, it } from 'vitest';
import { repoRoot } from '../runbook/runbook-fixtures.ts';
import { runCliCaptured } from './inspect-cli-harness.ts';

// The README's "Write a binding" walk-through uses docs/examples/nginx-down.{md,yml}: it must stay
// as the README shows it — lint-clean, with the risks, parameter and escalation it describes.
describe('the README binding example (docs/examples)', () => {
  it('lints clean: no error, no warning', async () => {
    const run = await runCliCaptured(['lint', 'docs/examples'], repoRoot);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/: (error|warning): /);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^1 runbook checked: 0 errors, 0 warnings$/);
  });

  it('reads as the README says: five reads to diagnose, one approved change, three escalation rules', async () => {
    const run = await runCliCaptured(['inspect', 'docs/examples/nginx-down.md', '--json'], repoRoot);
    expect(run.code).toBe(0);
    const model = JSON.parse(run.stdout) as {
      sections: { id: string; steps: { id: string; risk?: string; kind: string; params?: string[] }[] }[];
      escalation: { afterMinutes: number | null; notify: string[] }[];
      template: { label: string }[];
    };
    const section = (id: string) => model.sections.find((s) => s.id === id)?.steps ?? [];
    expect(section('diagnose').map((step) => [step.id, step.risk])).toEqual([
      ['service-state', 'read'],
      ['test-the-configuration', 'read'],
      ['listening-ports', 'read'],
      ['health-endpoint', 'read'],
      ['read-the-sites-error-log', 'read'],
    ]);
    expect(section('diagnose').at(-1)?.params).toEqual(['site']);
    expect(section('restart').map((step) => step.risk ?? step.kind)).toEqual(['change', 'wait']);
    expect(model.escalation.map((rule) => [rule.afterMinutes, rule.notify])).toEqual([
      [15, ['Web on-call']],
      [30, ['Platform lead']],
      [null, ['Head of Operations']],
    ]);
    expect(model.template).toHaveLength(6);
  });
});
