import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { prepareDemoRunbooks } from '../../src/demo/prepare-demo-runbooks.ts';

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'runbook-bot-demo-test-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const yml = (dir: string, id: string) => parse(readFileSync(path.join(dir, `${id}.yml`), 'utf8'));

describe('demo runbooks', () => {
  it('binds api-down to the simulated host, the page people and a 45 s escalation', async () => {
    const target = temp();
    const ids = await prepareDemoRunbooks({
      sourceDir: 'runbooks',
      targetDir: target,
      sandboxDir: '/tmp/sbx',
    });
    expect(ids).toEqual(['api-down']);
    const binding = yml(target, 'api-down');
    expect(binding).toMatchObject({
      command: '/apidown',
      workdir: '/tmp/sbx',
      channels: [],
      approvers: { users: ['U0BRUNO'], usergroups: ['S0LEADS'], allowSelfApproval: false },
      roles: { 'DevOps Lead': { usergroups: ['S0LEADS'] }, 'Tech Lead': { users: ['U0CARLA'] } },
      escalation: [{ notify: ['DevOps Lead'], after: '45s' }],
    });
    expect(binding.steps).toEqual(parse(readFileSync('runbooks/api-down.yml', 'utf8')).steps);
    expect(readFileSync(path.join(target, 'api-down.md'), 'utf8')).toBe(
      readFileSync('runbooks/api-down.md', 'utf8'),
    );
  });

  it("keeps a team's own binding, only adding the demo approvers and opening every channel", async () => {
    const source = temp();
    const target = temp();
    writeFileSync(path.join(source, 'db-slow.md'), '# DB SLOW\n\n## Check\n\n```bash\nuptime\n```\n');
    writeFileSync(
      path.join(source, 'db-slow.yml'),
      'command: /dbslow\nworkdir: /srv/db\nchannels: [C0OPS]\napprovers:\n  users: [U0OWN]\n  expiresAfter: 5m\n',
    );
    writeFileSync(path.join(source, 'notes.md'), '# Notes\n');
    const ids = await prepareDemoRunbooks({ sourceDir: source, targetDir: target, sandboxDir: '/tmp/sbx' });
    expect(ids).toEqual(['db-slow', 'notes']);
    expect(yml(target, 'db-slow')).toEqual({
      command: '/dbslow',
      workdir: '/srv/db',
      channels: [],
      approvers: { users: ['U0OWN', 'U0BRUNO', 'U0CARLA'], expiresAfter: '5m' },
    });
  });
});
