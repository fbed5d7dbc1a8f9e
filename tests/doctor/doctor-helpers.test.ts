import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { doctorRunbookFrom } from '../../src/doctor/doctor-runbook.ts';
import { findOnPath } from '../../src/doctor/find-on-path.ts';
import { probePort } from '../../src/doctor/probe-port.ts';
import type { CommandStep, Runbook } from '../../src/runbook/model.ts';

const temp = mkdtempSync(join(tmpdir(), 'doctor-helpers-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function step(id: string, command: string, extra: Partial<CommandStep> = {}): CommandStep {
  return {
    kind: 'command',
    id,
    title: id,
    command,
    cwd: '/opt/atendechat',
    expect: null,
    risk: 'read',
    riskReason: command,
    riskRecognised: true,
    sectionId: 's',
    line: 1,
    ...extra,
  };
}

describe('doctorRunbookFrom', () => {
  const ps = step('ps', 'docker compose -f compose.prod.yml ps api');
  const runbook: Runbook = {
    id: 'api-down',
    file: '/runbooks/api-down.md',
    title: 'RUNBOOK: API DOWN',
    sections: [
      // A parent section repeats its sub-sections' steps: each counted once.
      { id: 'parent', title: 'P', level: 2, parent: null, line: 1, steps: [ps] },
      {
        id: 'child',
        title: 'C',
        level: 3,
        parent: 'parent',
        line: 2,
        steps: [ps, step('skipped', 'journalctl', { skip: 'host only' })],
      },
    ],
    escalation: [
      { afterMinutes: 15, condition: null, notify: ['DevOps Lead'], checklist: [], line: 9 },
      {
        afterMinutes: null,
        condition: 'muitos usuários',
        notify: ['Tech Lead', 'CTO'],
        checklist: [],
        line: 10,
      },
    ],
    template: [],
    links: [],
  };

  it('collects commands once (skipped steps left out), workdirs, roles used and roles mapped to someone', () => {
    const result = doctorRunbookFrom(runbook, {
      roles: { 'DevOps Lead': { users: ['U333'], usergroups: [] }, CTO: { users: [], usergroups: [] } },
      escalation: [],
    });
    expect(result).toEqual({
      id: 'api-down',
      commands: ['docker compose -f compose.prod.yml ps api'],
      workdirs: ['/opt/atendechat'],
      rolesUsed: ['DevOps Lead', 'Tech Lead', 'CTO'],
      rolesMapped: ['DevOps Lead'],
      sshTargets: [],
      pagerKeys: [],
      alertRules: 0,
    });
  });

  it("uses the binding's workdir instead of the runbook's cd", () => {
    const result = doctorRunbookFrom(runbook, { roles: {}, escalation: [], workdir: '/srv/atendechat' });
    expect(result.workdirs).toEqual(['/srv/atendechat']);
  });
});

describe('findOnPath', () => {
  it('finds executables in PATH folders and absolute paths, not plain files', async () => {
    const tool = join(temp, 'mytool');
    writeFileSync(tool, '#!/bin/sh\n');
    chmodSync(tool, 0o755);
    const plain = join(temp, 'notes');
    writeFileSync(plain, 'x');
    chmodSync(plain, 0o644);
    expect(await findOnPath('mytool', `/nonexistent:${temp}`)).toBe(true);
    expect(await findOnPath(tool, '')).toBe(true);
    expect(await findOnPath('notes', temp)).toBe(false);
    expect(await findOnPath('no-such-program-xyz', `${temp}:/usr/bin`)).toBe(false);
  });
});

describe('probePort', () => {
  it('says whether a port can be bound on 127.0.0.1', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    expect(await probePort(port)).toBe(false);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await probePort(port)).toBe(true);
  });
});
