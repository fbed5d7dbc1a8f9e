import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from './inspect-cli-harness.ts';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

describe('parameters in inspect and lint', () => {
  it("inspect lists each step's parameters and the command that runs", async () => {
    const run = await runCliCaptured(['inspect', 'params/placeholders.md'], fixtures);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchSnapshot();
  });

  it('inspect --json lists parameter names under params', async () => {
    const run = await runCliCaptured(['inspect', 'params/placeholders.md', '--json'], fixtures);
    const json = JSON.parse(run.stdout) as {
      sections: { id: string; steps: { id: string; params?: string[] }[] }[];
    };
    const steps = Object.fromEntries(
      json.sections.flatMap((section) => section.steps.map((step) => [step.id, step.params])),
    );
    expect(steps['logs-of-the-failing-pod']).toEqual(['pod-name', 'namespace']);
    expect(steps['events-of-the-cluster']).toEqual(['cluster', 'namespace']);
    expect(steps['connect-as-yourself']).toEqual(['user']);
    expect(steps['list-pods']).toBeUndefined();
  });

  it('lint says which steps need values and refuses placeholders that cannot be filled safely', async () => {
    const run = await runCliCaptured(['lint', 'params'], fixtures);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /"logs-of-the-failing-pod" cannot run without values for: pod-name \(described in placeholders.yml: pod-name\)/,
    );
    expect(run.stdout).toMatch(/"events-of-the-cluster" cannot run without values for: cluster/);
    expect(run.stdout).toMatch(
      /error: step "quoted-the-wrong-way" cannot take its parameters safely: <pod-name> is inside single quotes/,
    );
    expect(run.stdout).toMatch(
      /error: step "arithmetic" cannot take its parameters safely: \$REPLICAS is used in arithmetic/,
    );
  });
});
