// Parallel checks, timeouts that kill a whole process group, and a flood of output, through the CLI.
import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, fixture, processTable, type RunJson, runInProcess, spawnBin } from './run-cli-harness.ts';

describe('runbook-bot run: parallel checks', () => {
  beforeAll(async () => {
    // Load the run command's modules first, so the timing below is the section's, not an import's.
    await runInProcess(['run', fixture('parallel-sleeps.md'), 'no-such-section'], { env: cliEnv() });
  });

  it('runs the three checks at once: each starts before any of them ends', async () => {
    const run = await runInProcess(['run', fixture('parallel-sleeps.md'), 'checks', '--json'], {
      env: cliEnv(),
    });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as RunJson;
    expect(json.steps.map((step) => [step.id, step.status])).toEqual([
      ['first-check', 'pass'],
      ['second-check', 'pass'],
      ['third-check', 'pass'],
    ]);
    const marks = json.steps.map((step) => ({
      started: Number(/started (\d+)/.exec(step.output)?.[1]),
      ended: Number(/ended (\d+)/.exec(step.output)?.[1]),
    }));
    const lastStart = Math.max(...marks.map((mark) => mark.started));
    const firstEnd = Math.min(...marks.map((mark) => mark.ended));
    expect(lastStart).toBeLessThan(firstEnd);
  });
});

describe.concurrent('runbook-bot run: limits', () => {
  it('a step that never ends is killed at its timeout, children included', async () => {
    const SHELL = 'bash --norc -o pipefail -o nounset -c sleep 1000 & sleep 1000; wait';
    const groups = new Set<number>();
    const sleepers = new Set<number>();
    let sampling = false;
    const run = await spawnBin(['run', fixture('hanging.md'), 'hang', '--json'], cliEnv(), () => {
      if (sampling) return;
      sampling = true;
      // The step's shell leads its own process group; remember the group and its two sleeps.
      processTable()
        .then((rows) => {
          for (const row of rows) if (row.args === SHELL) groups.add(row.pgid);
          for (const row of rows)
            if (groups.has(row.pgid) && row.args === 'sleep 1000') sleepers.add(row.pid);
        })
        .finally(() => {
          sampling = false;
        });
    });
    expect(run.code).toBe(1);
    const [step] = (JSON.parse(run.stdout) as RunJson).steps;
    expect(step).toMatchObject({ id: 'never-ends', status: 'timeout', timedOut: true, exitCode: null });
    expect(step!.verdict).toBe('timed out after 1 s');
    expect(step!.durationMs).toBeGreaterThanOrEqual(1000);
    expect(groups.size).toBe(1);
    expect(sleepers.size).toBe(2);
    // Killed children are reparented; until their new parent reaps them they show as
    // `[sleep] <defunct>`: dead, holding no resources. Anything else in the group survived.
    const survivors = (await processTable()).filter(
      (row) => (groups.has(row.pgid) || sleepers.has(row.pid)) && !row.args.endsWith('<defunct>'),
    );
    expect(survivors).toEqual([]);
  });

  it('a step printing 200 MB: memory stays bounded, the JSON says how much was dropped', async () => {
    // The same binary running three tiny checks: what the program itself needs, on this machine.
    const baseline = await spawnBin(['run', fixture('parallel-sleeps.md'), 'checks', '--json'], cliEnv());
    const run = await spawnBin(['run', fixture('flood.md'), 'flood', '--json'], cliEnv());
    expect(run.code).toBe(0);
    const [step] = (JSON.parse(run.stdout) as RunJson).steps;
    expect(step!.status).toBe('pass');
    expect(step!.outputTruncated).toBe(true);
    // 200,000,000 bytes printed, about 128 KiB kept (head and tail, cut at line ends).
    expect(step!.droppedBytes).toBeGreaterThan(199_800_000);
    expect(step!.droppedBytes).toBeLessThan(200_000_000);
    expect(step!.output).toMatch(/^flood line 0123456789 abcdefghij\n/);
    expect(step!.output).toMatch(/\n\[… 199,\d{3},\d{3} bytes omitted …\]\nflood line/);
    expect(step!.output.length).toBeLessThan(140_000);
    expect(run.peakKiB).toBeGreaterThan(0);
    // Holding the output would add 200 MB; reading it in a bounded buffer adds a few MB at most.
    expect(run.peakKiB - baseline.peakKiB).toBeLessThan(64 * 1024);
  }, 90_000);
});
