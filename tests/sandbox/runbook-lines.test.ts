import { afterAll, describe, expect, it } from 'vitest';
import { type Sandbox, SCENARIO_NAMES, startSandbox } from '../../sandbox/host.ts';
import { type LineResult, runLine } from './run-line.ts';
import { runbookCommandLines } from './runbook-commands.ts';
import { EXPECTED, L, NOT_IN_TABLE } from './runbook-expectations.ts';

const sandboxes: Sandbox[] = [];
afterAll(async () => {
  await Promise.all(sandboxes.map((s) => s.stop()));
});

/** Like the executor: read steps 4 at a time; the access-log grep last, after the curls it greps for. */
async function runAll(sandbox: Sandbox, lines: string[]): Promise<Map<string, LineResult>> {
  const results = new Map<string, LineResult>();
  const first = lines.filter((l) => l !== L.accessLog);
  for (let i = 0; i < first.length; i += 4) {
    const batch = first.slice(i, i + 4);
    const done = await Promise.all(batch.map((line) => runLine(sandbox, line)));
    batch.forEach((line, j) => {
      results.set(line, done[j] as LineResult);
    });
  }
  if (lines.includes(L.accessLog)) results.set(L.accessLog, await runLine(sandbox, L.accessLog));
  return results;
}

describe('the runbook text, unchanged, against each scenario', () => {
  it('the table covers every command line of runbooks/api-down.md', () => {
    const lines = runbookCommandLines();
    const covered = new Set([...Object.keys(EXPECTED.healthy), ...Object.keys(NOT_IN_TABLE)]);
    expect(lines.filter((l) => !covered.has(l))).toEqual([]);
    expect([...covered].filter((l) => !lines.includes(l))).toEqual([]);
  });

  for (const scenario of SCENARIO_NAMES) {
    it.concurrent(scenario, async ({ expect }) => {
      const sandbox = await startSandbox({ scenario, healthStartPeriodMs: 0 });
      sandboxes.push(sandbox);
      const expected = EXPECTED[scenario];
      const results = await runAll(sandbox, Object.keys(expected));
      const codes: Record<string, number> = {};
      for (const [line, result] of results) {
        codes[line] = result.code;
        for (const text of expected[line]?.has ?? []) expect.soft(result.output, line).toContain(text);
        for (const text of expected[line]?.lacks ?? []) expect.soft(result.output, line).not.toContain(text);
      }
      const wanted = Object.fromEntries(Object.entries(expected).map(([line, e]) => [line, e.code]));
      expect(codes).toEqual(wanted);
    }, 120_000);
  }
});
