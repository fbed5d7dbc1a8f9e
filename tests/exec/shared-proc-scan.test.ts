import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processesOfSession } from '../../src/exec/process/kill-process-group.ts';

/** A stand-in for /proc: `<pid>/stat` files with the fields the scan reads (state, pgrp, session). */
function fakeProc() {
  const dir = mkdtempSync(path.join(tmpdir(), 'fake-proc-'));
  return {
    dir,
    add(pid: number, ids: { pgrp: number; session: number; state?: string; comm?: string }) {
      mkdirSync(path.join(dir, String(pid)), { recursive: true });
      const stat = `${pid} (${ids.comm ?? 'sleep'}) ${ids.state ?? 'S'} 1 ${ids.pgrp} ${ids.session} 0 -1 4194560`;
      writeFileSync(path.join(dir, String(pid), 'stat'), `${stat}\n`);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const made: { remove(): void }[] = [];
afterEach(() => {
  for (const proc of made.splice(0)) proc.remove();
});

describe('processes left by steps that end together', () => {
  it('each step finds its own session and group members, zombies left out, with scans shared', async () => {
    const proc = fakeProc();
    made.push(proc);
    proc.add(100, { pgrp: 100, session: 100 });
    proc.add(101, { pgrp: 101, session: 100, comm: 'job (set -m)' });
    proc.add(102, { pgrp: 100, session: 100, state: 'Z' });
    proc.add(200, { pgrp: 200, session: 200 });
    proc.add(201, { pgrp: 200, session: 200 });
    proc.add(300, { pgrp: 300, session: 300 });
    const [first, second, third, none] = await Promise.all([
      processesOfSession(100, proc.dir),
      processesOfSession(200, proc.dir),
      processesOfSession(300, proc.dir),
      processesOfSession(400, proc.dir),
    ]);
    expect(first.sort()).toEqual([100, 101]);
    expect(second.sort()).toEqual([200, 201]);
    expect(third).toEqual([300]);
    expect(none).toEqual([]);
  });

  it('a step asking while a scan is under way still sees a process that appeared before it asked', async () => {
    const proc = fakeProc();
    made.push(proc);
    proc.add(100, { pgrp: 100, session: 100 });
    const earlier = processesOfSession(100, proc.dir);
    proc.add(500, { pgrp: 500, session: 500 });
    const later = processesOfSession(500, proc.dir);
    expect(await earlier).toEqual([100]);
    expect(await later).toEqual([500]);
  });

  it('finds nothing where there is no /proc', async () => {
    expect(await processesOfSession(100, path.join(tmpdir(), 'no-such-proc-dir-for-this-test'))).toEqual([]);
  });
});
