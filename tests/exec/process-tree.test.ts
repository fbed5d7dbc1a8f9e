import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/ports.ts';
import { processesOfSession, readProcessIds } from '../../src/exec/process/kill-process-group.ts';
import { createRedactor } from '../../src/exec/redact/create-redactor.ts';
import { createStepRunner } from '../../src/exec/run-step.ts';
import { commandStep } from './make-step.ts';

const hasProc = (() => {
  try {
    readdirSync('/proc/self');
    return true;
  } catch {
    return false;
  }
})();

const runner = createStepRunner({
  clock: systemClock,
  redactor: createRedactor({ secrets: [] }),
  env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' },
});

/** Live processes whose command line is exactly `args` (e.g. `sleep 97.301`). */
function processesRunning(args: string): { pid: number; pgrp: number; session: number }[] {
  const found: { pid: number; pgrp: number; session: number }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    } catch {
      continue;
    }
    const ids = readProcessIds(Number(entry));
    if (cmdline === args && ids && ids.state !== 'Z') found.push({ pid: Number(entry), ...ids });
  }
  return found;
}

/** The step prints the shell's pid (`$$`): the leader of its process group and session. */
function shellPid(output: string): number {
  const match = /shell=(\d+)/.exec(output);
  if (!match) throw new Error(`no shell pid in ${JSON.stringify(output)}`);
  return Number(match[1]);
}

const escaped: number[] = [];
afterEach(() => {
  for (const pid of escaped.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

// Unique sleep lengths, so other processes on the machine are never confused with the step's.
const unique = () => `97.${process.pid}${Math.floor(Math.random() * 1000)}`;

describe.skipIf(!hasProc)("a step's background processes end with the step", () => {
  it('sleep N & echo started: returns at once, and no process of its group or session remains', async () => {
    const length = unique();
    const result = await runner.run(commandStep({ command: `sleep ${length} & echo started shell=$$` }));
    expect(result.status).toBe('pass');
    expect(result.output).toContain('started');
    expect(result.durationMs).toBeLessThan(30_000); // it did not wait for the sleep
    const pid = shellPid(result.output);
    expect(await processesOfSession(pid)).toEqual([]);
    expect(processesRunning(`sleep ${length}`)).toEqual([]);
  });

  it.each([
    ['nohup', (length: string) => `nohup sleep ${length} >/dev/null 2>&1 & echo shell=$$`],
    ['a double fork in a subshell', (length: string) => `( ( sleep ${length} & ) & ); echo shell=$$`],
    [
      'a job in a process group of its own (set -m)',
      (length: string) => `set -m; sleep ${length} & echo shell=$$`,
    ],
    ['a disowned job', (length: string) => `sleep ${length} & disown; echo shell=$$`],
    ['a failing step', (length: string) => `sleep ${length} & echo shell=$$; exit 3`],
  ])('%s is ended too', async (_name, command) => {
    const length = unique();
    const result = await runner.run(commandStep({ command: command(length) }));
    const pid = shellPid(result.output);
    expect(await processesOfSession(pid)).toEqual([]);
    expect(processesRunning(`sleep ${length}`)).toEqual([]);
  });

  it('residual risk: a process started in a new session (setsid) outlives the step', async () => {
    const length = unique();
    const ready = path.join(mkdtempSync(path.join(tmpdir(), 'process-tree-')), 'ready');
    // The step waits until the new session exists (the file is written after setsid()), then ends.
    const command = `setsid sh -c 'echo ok > ${ready}; exec sleep ${length}' >/dev/null 2>&1 </dev/null & until [ -s ${ready} ]; do :; done; echo shell=$$`;
    const result = await runner.run(commandStep({ command }));
    const pid = shellPid(result.output);
    expect(await processesOfSession(pid)).toEqual([]);
    // setsid left the step's session: nothing that tracks sessions or groups can find it.
    const left = processesRunning(`sleep ${length}`);
    escaped.push(...left.map((process) => process.pid));
    expect(left).toHaveLength(1);
    expect(left[0]?.session).not.toBe(pid);
  });
});
