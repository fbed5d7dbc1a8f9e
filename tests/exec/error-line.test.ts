// The one error-line rule (log summaries, suggestions, quoted lines), checked on the log lines
// the simulated host prints in every scenario, against each format's own severity.
import { describe, expect, it } from 'vitest';
import { apiHistory } from '../../sandbox/lib/api-log-lines.mjs';
import type { ScenarioName } from '../../sandbox/lib/scenarios.mjs';
import { caddyLines, dbLines, redisLines } from '../../sandbox/lib/service-log-lines.mjs';
import { isErrorLine } from '../../src/exec/judge/error-line.ts';

const SCENARIOS: ScenarioName[] = [
  'healthy',
  'api-exited',
  'redis-down',
  'db-down',
  'jwt-missing',
  'disk-full',
  'restart-fixes-it',
];
const NOW = Date.UTC(2026, 11, 2, 6, 0, 0);

function hostLines(scenario: ScenarioName) {
  const state = {
    scenario,
    createdAt: NOW - 3_600_000,
    scenarioSince: NOW - 300_000,
    api: { degraded: true },
  };
  return {
    api: apiHistory(scenario, NOW),
    redis: redisLines(state, NOW),
    db: dbLines(state, NOW),
    caddy: caddyLines(state, NOW),
  };
}

const all = (pick: (lines: ReturnType<typeof hostLines>) => string[]) => [
  ...new Set(SCENARIOS.flatMap((scenario) => pick(hostLines(scenario)).filter((line) => line.trim()))),
];

describe('isErrorLine on the simulated host’s logs', () => {
  it('NestJS lines: exactly the ERROR level (access lines with 5xx included), never LOG or WARN', () => {
    const nest = all((lines) => lines.api).filter((line) => line.startsWith('[Nest]'));
    expect(nest.length).toBeGreaterThan(20);
    for (const line of nest) {
      const level = /\s(LOG|WARN|ERROR)\s\[/.exec(line)?.[1];
      expect({ line, error: isErrorLine(line) }).toEqual({ line, error: level === 'ERROR' });
    }
  });

  it('the api’s other lines: exceptions, Node and Prisma codes and the dying npm count; traces and notes do not', () => {
    const other = all((lines) => lines.api).filter((line) => !line.startsWith('[Nest]'));
    const errors = other.filter(isErrorLine);
    expect(errors).toEqual(
      expect.arrayContaining([
        "TypeError: Cannot read properties of undefined (reading 'split')",
        ' ELIFECYCLE  Command failed with exit code 1.',
        '[ioredis] Unhandled error event: Error: connect ECONNREFUSED 172.18.0.3:6379',
        "Error: P1001: Can't reach database server at `db:5432`",
        'JsonWebTokenError: secret or public key must be provided',
        "Error: ENOSPC: no space left on device, write '/app/uploads/2025/tmp-7f3a1c.ogg'",
      ]),
    );
    expect(errors.filter((line) => /^\s+at |^>|Warning|Please make sure/.test(line))).toEqual([]);
  });

  it('PostgreSQL: ERROR, FATAL and PANIC, and a server process killed; LOG and HINT are not', () => {
    for (const line of all((lines) => lines.db)) {
      const level = /\] (\w+):/.exec(line)?.[1];
      const expected = level === 'ERROR' || level === 'FATAL' || level === 'PANIC' || /: Killed$/.test(line);
      expect({ line, error: isErrorLine(line) }).toEqual({ line, error: expected });
    }
  });

  it('Redis: the `#` lines that report an error; notices and a warning are not', () => {
    for (const line of all((lines) => lines.redis)) {
      const expected = / # .*\berror\b/i.test(line);
      expect({ line, error: isErrorLine(line) }).toEqual({ line, error: expected });
    }
  });

  it('Caddy JSON lines: level error only', () => {
    const caddy = all((lines) => lines.caddy);
    expect(caddy.some((line) => line.includes('"level":"error"'))).toBe(true);
    for (const line of caddy) {
      expect({ line, error: isErrorLine(line) }).toEqual({ line, error: line.includes('"level":"error"') });
    }
  });
});

describe('isErrorLine on other formats', () => {
  it.each([
    ['api-1  | Error: listen EADDRINUSE: address already in use :::3000', true],
    ['checkout-api-7d9f8b6c5-2xkqp   0/1   OOMKilled   4 (90s ago)   1d', true],
    ['api   Exited (137) 2 minutes ago', true],
    ['worker   Exited (0) 2 minutes ago', false],
    ['api-1 exited with code 1', true],
    ['npm ERR! code ELIFECYCLE', true],
    ['{"level":50,"time":1733100000000,"msg":"db gone"}', true],
    ['{"level":30,"time":1733100000000,"msg":"request completed"}', false],
    [
      '2024/03/05 10:14:02 [emerg] 18231#18231: bind() to 0.0.0.0:80 failed (98: Address already in use)',
      true,
    ],
    ['bash: /root/.env: Permission denied', true],
    ['Ran 312 tests: 0 failed, 0 errors', false],
    ['sync finished errors=0 retries=2', false],
    ['redirecting stderr to /var/log/app.err', false],
    ['erro ao conectar no banco: tempo esgotado', true],
    ['GET /api/v1/contacts/9f3e2a 404 12ms', false],
  ])('%s -> %s', (line, expected) => {
    expect(isErrorLine(line)).toBe(expected);
  });
});
