import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkConnectionMode } from '../../src/doctor/check-connection-mode.ts';
import { checkDataDir } from '../../src/doctor/check-data-dir.ts';
import { checkPrograms } from '../../src/doctor/check-programs.ts';
import { checkRolesMapped } from '../../src/doctor/check-roles-mapped.ts';
import { checkRunbooksLint } from '../../src/doctor/check-runbooks-lint.ts';
import { checkSlackAuth } from '../../src/doctor/check-slack-auth.ts';
import { checkWorkdirs } from '../../src/doctor/check-workdirs.ts';
import { probeWriteDir } from '../../src/doctor/probe-write-dir.ts';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
  temps.push(dir);
  return dir;
}

describe('checkSlackAuth', () => {
  it('passes and names the bot and workspace', async () => {
    const result = await checkSlackAuth({
      token: 'xoxb-1-2-abc',
      authTest: async () => ({ ok: true, user: 'runbook-bot', team: 'AtendeChat' }),
    });
    expect(result).toMatchObject({ ok: true, message: 'auth.test passed as @runbook-bot in AtendeChat' });
  });

  it('names invalid_auth and says how to fix the token', async () => {
    const result = await checkSlackAuth({
      token: 'xoxb-old',
      authTest: async () => ({ ok: false, error: 'invalid_auth' }),
    });
    expect(result).toMatchObject({ ok: false, severity: 'error' });
    expect(result.message).toContain('invalid_auth');
    expect(result.hint).toBe('check SLACK_BOT_TOKEN (xoxb-…) — reinstall the app to get a new one');
  });

  it('catches a missing or wrong-kind token before calling Slack', async () => {
    const neverCalled = async () => {
      throw new Error('must not be called');
    };
    expect((await checkSlackAuth({ token: '', authTest: neverCalled })).message).toBe(
      'SLACK_BOT_TOKEN is not set',
    );
    const swapped = await checkSlackAuth({ token: 'xapp-1-A1-123', authTest: neverCalled });
    expect(swapped.message).toContain('not "xoxb-"');
    expect(swapped.hint).toContain('SLACK_APP_TOKEN');
  });

  it('tells a network failure apart from a bad token', async () => {
    const result = await checkSlackAuth({
      authTest: async () => {
        throw new Error('getaddrinfo ENOTFOUND slack.com');
      },
    });
    expect(result.message).toBe('auth.test failed: getaddrinfo ENOTFOUND slack.com');
    expect(result.hint).toContain('SLACK_API_URL');
  });
});

describe('checkConnectionMode', () => {
  it('accepts Socket Mode with an xapp- token that opens a connection', async () => {
    const result = await checkConnectionMode({
      appToken: 'xapp-1-A1-abc',
      port: 3000,
      openSocket: async () => ({ ok: true }),
      probe: async () => true,
    });
    expect(result.ok).toBe(true);
    expect(result.message).toContain('Socket Mode');
  });

  it('reports an app token without connections:write', async () => {
    const result = await checkConnectionMode({
      appToken: 'xapp-1-A1-abc',
      port: 3000,
      openSocket: async () => ({ ok: false, error: 'missing_scope' }),
    });
    expect(result).toMatchObject({ ok: false, severity: 'error' });
    expect(result.message).toContain('missing_scope');
    expect(result.hint).toContain('connections:write');
  });

  it('rejects an app token that is not xapp-', async () => {
    const result = await checkConnectionMode({ appToken: 'xoxb-1', port: 3000 });
    expect(result).toMatchObject({ ok: false, severity: 'error' });
    expect(result.message).toContain('xapp-');
  });

  it('needs a signing secret in HTTP mode', async () => {
    const none = await checkConnectionMode({ port: 3000 });
    expect(none).toMatchObject({ ok: false, severity: 'error' });
    expect(none.message).toContain('SLACK_SIGNING_SECRET');
    const good = await checkConnectionMode({ signingSecret: '8f14e45fceea167a5a36dedd4bea2543', port: 3000 });
    expect(good).toMatchObject({ ok: true, message: 'HTTP mode, events at POST :3000/slack/events' });
    const odd = await checkConnectionMode({ signingSecret: 'not-a-secret', port: 3000 });
    expect(odd).toMatchObject({ ok: false, severity: 'warning' });
  });

  it('warns when the port cannot be bound', async () => {
    const result = await checkConnectionMode({
      signingSecret: '8f14e45fceea167a5a36dedd4bea2543',
      port: 3000,
      probe: async () => false,
    });
    expect(result).toMatchObject({ ok: false, severity: 'warning' });
    expect(result.message).toContain('port 3000 cannot be bound');
  });
});

describe('checkRunbooksLint', () => {
  it('passes a clean lint', () => {
    expect(checkRunbooksLint({ problems: [], runbookCount: 1 })).toMatchObject({
      ok: true,
      message: 'lint clean (1 runbook)',
    });
  });

  it('fails on errors with file:line and hint, and only warns on warnings', () => {
    const error = checkRunbooksLint({
      problems: [
        {
          file: 'runbooks/api-down.yml',
          line: 7,
          level: 'error',
          message: 'unknown section id "restrat"',
          hint: 'did you mean "restart"?',
        },
        { file: 'runbooks/api-down.md', line: 88, level: 'warning', message: 'risk of `foo` unrecognised' },
      ],
    });
    expect(error).toMatchObject({ ok: false, severity: 'error', message: 'lint found 1 error, 1 warning' });
    expect(error.hint).toBe(
      'runbooks/api-down.yml:7: error: unknown section id "restrat" — did you mean "restart"?\nrunbooks/api-down.md:88: warning: risk of `foo` unrecognised',
    );
    const warning = checkRunbooksLint({
      problems: [{ file: 'runbooks/api-down.md', line: 88, level: 'warning', message: 'x' }],
    });
    expect(warning).toMatchObject({ ok: false, severity: 'warning' });
  });
});

describe('checkWorkdirs', () => {
  it('passes when every workdir exists and names the missing ones otherwise', async () => {
    const exists = (dir: string) => dir === '/opt/atendechat';
    expect(await checkWorkdirs({ workdirs: ['/opt/atendechat', '/opt/atendechat'], exists })).toMatchObject({
      ok: true,
      message: '/opt/atendechat exists',
    });
    const result = await checkWorkdirs({ workdirs: ['/opt/atendechat', '/srv/gone'], exists });
    expect(result).toMatchObject({ ok: false, severity: 'error', message: 'missing: /srv/gone' });
  });
});

describe('checkPrograms', () => {
  const commands = [
    'docker compose -f compose.prod.yml ps api',
    'curl -f http://localhost:8080/api/v1/health',
    'journalctl -u docker --since "10 minutes ago"',
    'docker compose -f compose.prod.yml exec api redis-cli -h redis ping',
  ];

  it('passes when all programs are on PATH', async () => {
    const result = await checkPrograms({
      commands,
      which: async () => true,
      dockerCompose: async () => true,
    });
    expect(result).toMatchObject({ ok: true, message: 'all 3 found: curl, docker, journalctl' });
  });

  it('names the missing program, how many steps need it and where to get it', async () => {
    const result = await checkPrograms({ commands, which: async (program) => program !== 'journalctl' });
    expect(result).toMatchObject({ ok: false, severity: 'error', message: 'missing: journalctl (1 step)' });
    expect(result.hint).toContain('journalctl: apt-get install systemd');
  });

  it('reports a docker without the compose plugin', async () => {
    const result = await checkPrograms({
      commands,
      which: async () => true,
      dockerCompose: async () => false,
    });
    expect(result.message).toBe('missing: docker compose plugin');
  });
});

describe('checkDataDir', () => {
  it('passes for a writable folder (created when missing) and leaves nothing behind', async () => {
    const dir = join(tempDir(), 'data');
    const result = await checkDataDir({ dir, probeWrite: probeWriteDir });
    expect(result).toMatchObject({ ok: true, message: `${dir} is writable` });
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fails for a folder that cannot be created (under a file: root cannot either)', async () => {
    const file = join(tempDir(), 'file');
    writeFileSync(file, 'not a folder');
    const dir = join(file, 'data');
    const result = await checkDataDir({ dir, probeWrite: probeWriteDir });
    expect(result).toMatchObject({ ok: false, severity: 'error' });
    expect(result.message).toBe(
      `${dir} is not writable (ENOTDIR): incidents, approvals and the timeline cannot be stored`,
    );
    expect(result.hint).toContain('DATA_DIR');
  });
});

describe('checkRolesMapped', () => {
  it('passes when every role is mapped (case-insensitive)', () => {
    const result = checkRolesMapped({
      runbook: 'api-down',
      rolesUsed: ['DevOps Lead', 'Tech Lead', 'CTO'],
      rolesMapped: ['devops lead', 'Tech Lead', 'CTO'],
    });
    expect(result).toMatchObject({ ok: true, name: 'Escalation roles (api-down)' });
  });

  it('names the unmapped role and the binding to edit', () => {
    const result = checkRolesMapped({
      runbook: 'api-down',
      rolesUsed: ['DevOps Lead', 'CTO'],
      rolesMapped: ['DevOps Lead'],
    });
    expect(result).toMatchObject({ ok: false, severity: 'error' });
    expect(result.message).toBe('not mapped to anyone in Slack: CTO — an escalation would ping nobody');
    expect(result.hint).toBe(
      'add them under roles: in runbooks/api-down.yml, e.g.  CTO: { users: [U0123ABCD] }',
    );
  });
});

describe('checkConnectionMode network failures', () => {
  it('points at the network, not the token, when Slack cannot be reached', async () => {
    const result = await checkConnectionMode({
      appToken: 'xapp-1-A1-abc',
      port: 3000,
      openSocket: async () => ({ ok: false, error: 'A request error occurred: fetch failed' }),
    });
    expect(result.hint).toContain('SLACK_API_URL');
  });
});
