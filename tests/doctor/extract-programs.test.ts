import { describe, expect, it } from 'vitest';
import { extractHostPrograms } from '../../src/doctor/extract-programs.ts';

/** Every command of the AtendeChat API DOWN runbook (shared/seed/api-down.md). */
const apiDownCommands = [
  'docker compose -f compose.prod.yml ps api',
  'curl -f http://localhost:8080/api/v1/health',
  'docker compose -f compose.prod.yml logs --tail=50 api',
  'docker compose -f compose.prod.yml ps redis',
  'docker compose -f compose.prod.yml exec api pnpm prisma db execute --stdin',
  'docker compose -f compose.prod.yml restart api',
  'docker stats api --no-stream',
  'df -h',
  'journalctl -u docker --since "10 minutes ago"',
  'cat .env.production | grep -E "(DATABASE_URL|REDIS_URL|JWT_SECRET)"',
  'netstat -tlnp | grep :8080',
  'docker compose -f compose.prod.yml exec api env | grep DATABASE',
  'curl -f $DATABASE_URL',
  'docker compose -f compose.prod.yml exec api redis-cli -h redis ping',
  'ls -la .env.production',
  'docker compose -f compose.prod.yml logs --tail=20 api | grep "200\\|201\\|404\\|500"',
];

describe('extractHostPrograms', () => {
  it('finds the host programs of the API DOWN runbook, not those run inside containers', () => {
    const { programs, usesDockerCompose } = extractHostPrograms(apiDownCommands);
    expect(programs.map((use) => use.program)).toEqual([
      'cat',
      'curl',
      'df',
      'docker',
      'grep',
      'journalctl',
      'ls',
      'netstat',
    ]);
    expect(programs.find((use) => use.program === 'docker')?.uses).toBe(9);
    expect(programs.map((use) => use.program)).not.toContain('redis-cli');
    expect(programs.map((use) => use.program)).not.toContain('pnpm');
    expect(usesDockerCompose).toBe(true);
  });

  it('looks through wrappers, assignments and substitutions, and skips builtins and relative scripts', () => {
    const { programs, usesDockerCompose } = extractHostPrograms([
      'sudo -u postgres psql -c "select 1"',
      'LANG=C timeout 5 redis-cli ping',
      'cd /opt/x && echo "$(hostname)" && ./check.sh',
      'env FOO=1 /usr/local/bin/probe --fast',
      'docker ps -q | xargs -n 1 docker inspect',
      '$CHECK_CMD --all',
    ]);
    expect(programs.map((use) => use.program)).toEqual([
      '/usr/local/bin/probe',
      'docker',
      'env',
      'hostname',
      'psql',
      'redis-cli',
      'sudo',
      'timeout',
      'xargs',
    ]);
    expect(usesDockerCompose).toBe(false);
  });
});
