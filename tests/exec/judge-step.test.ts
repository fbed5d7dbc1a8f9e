import { describe, expect, it } from 'vitest';
import { judgeStep } from '../../src/exec/judge/judge-step.ts';
import type { StepStatus } from '../../src/exec/step-result.ts';
import { englishVerdict } from '../../src/render/common/describe-verdict.ts';
import { commandStep } from './make-step.ts';

/** `docker compose ps` as Compose v2 prints it: tab-aligned columns. */
function composePs(rows: { name: string; service: string; status: string }[]): string {
  const table = [
    ['NAME', 'IMAGE', 'COMMAND', 'SERVICE', 'CREATED', 'STATUS', 'PORTS'],
    ...rows.map((row) => [
      row.name,
      `atendechat/${row.service}:latest`,
      '"docker-entrypoint.s…"',
      row.service,
      '2 hours ago',
      row.status,
      '0.0.0.0:8080->8080/tcp',
    ]),
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((cells) => cells[column]!.length)));
  return `${table
    .map((cells) =>
      cells
        .map((cell, column) => cell.padEnd(widths[column]! + 3))
        .join('')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

const PS = 'docker compose -f compose.prod.yml ps api';
const HEALTH = 'curl -f http://localhost:8080/api/v1/health';
const LOGS = 'docker compose -f compose.prod.yml logs --tail=50 api';

function apiLogs(total: number, errors: string[]): string {
  const lines = Array.from(
    { length: total - errors.length },
    (_, i) => `api-1  | GET /api/v1/tickets 200 ${i} ms`,
  );
  return `${[...lines, ...errors].join('\n')}\n`;
}

interface Case {
  name: string;
  command: string;
  expect?: string;
  exitCode: number | null;
  output: string;
  timedOut?: boolean;
  status: StepStatus;
  verdict: string;
}

const cases: Case[] = [
  {
    name: 'ps: Up (healthy) matches Up 2 hours (healthy)',
    command: PS,
    expect: 'Up (healthy)',
    exitCode: 0,
    output: composePs([{ name: 'atendechat-api-1', service: 'api', status: 'Up 2 hours (healthy)' }]),
    status: 'pass',
    verdict: 'got Up 2 hours (healthy)',
  },
  {
    name: 'ps: unhealthy is not healthy; got is the STATUS column',
    command: PS,
    expect: 'Up (healthy)',
    exitCode: 0,
    output: composePs([{ name: 'atendechat-api-1', service: 'api', status: 'Up 12 minutes (unhealthy)' }]),
    status: 'fail',
    verdict: 'expected Up (healthy), got Up 12 minutes (unhealthy)',
  },
  {
    name: 'ps: still starting',
    command: PS,
    expect: 'Up (healthy)',
    exitCode: 0,
    output: composePs([
      { name: 'atendechat-api-1', service: 'api', status: 'Up About a minute (health: starting)' },
    ]),
    status: 'fail',
    verdict: 'expected Up (healthy), got Up About a minute (health: starting)',
  },
  {
    name: 'ps: exited container',
    command: `${PS} -a`,
    expect: 'Up (healthy)',
    exitCode: 0,
    output: composePs([{ name: 'atendechat-api-1', service: 'api', status: 'Exited (1) 2 minutes ago' }]),
    status: 'fail',
    verdict: 'expected Up (healthy), got Exited (1) 2 minutes ago',
  },
  {
    name: 'ps: no container listed',
    command: PS,
    expect: 'Up (healthy)',
    exitCode: 0,
    output: 'NAME      IMAGE     COMMAND   SERVICE   CREATED   STATUS    PORTS\n',
    status: 'fail',
    verdict: 'expected Up (healthy), got api: stopped (not listed by compose ps)',
  },
  {
    name: 'matching is case-insensitive',
    command: PS,
    expect: 'up (HEALTHY)',
    exitCode: 0,
    output: composePs([{ name: 'atendechat-api-1', service: 'api', status: 'Up 3 hours (healthy)' }]),
    status: 'pass',
    verdict: 'got Up 3 hours (healthy)',
  },
  {
    name: 'tokens must come in order',
    command: 'echo',
    expect: '(healthy) up',
    exitCode: 0,
    output: 'Up 3 hours (healthy)\n',
    status: 'fail',
    verdict: 'expected (healthy) up, got Up 3 hours (healthy)',
  },
  {
    name: 'curl -f: 200 OK means exit 0',
    command: HEALTH,
    expect: '200 OK',
    exitCode: 0,
    output: '{"status":"ok","uptime":123}',
    status: 'pass',
    verdict: 'got HTTP 200',
  },
  {
    name: 'curl -f: 503 gives the HTTP code from stderr',
    command: HEALTH,
    expect: '200 OK',
    exitCode: 22,
    output: 'curl: (22) The requested URL returned error: 503\n',
    status: 'fail',
    verdict: 'expected 200 OK, got HTTP 503',
  },
  {
    name: 'curl -f: connection refused shows curl’s line',
    command: HEALTH,
    expect: '200 OK',
    exitCode: 7,
    output: "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server\n",
    status: 'fail',
    verdict:
      "expected 200 OK, got curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server",
  },
  {
    name: 'curl -i: a visible 500 fails even with exit 0',
    command: 'curl -si http://localhost:8080/api/v1/health',
    expect: '200 OK',
    exitCode: 0,
    output:
      'HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\nHTTP/1.1 500 Internal Server Error\r\n\r\n{"error":"boom"}',
    status: 'fail',
    verdict: 'expected 200 OK, got HTTP 500',
  },
  {
    name: 'curl -i: a visible 200 passes',
    command: 'curl -si http://localhost:8080/api/v1/health',
    expect: '200 OK',
    exitCode: 0,
    output: 'HTTP/2 200\r\ncontent-type: application/json\r\n\r\n{"status":"ok"}',
    status: 'pass',
    verdict: 'got HTTP 200',
  },
  {
    name: 'redis-cli: PONG',
    command: 'docker compose -f compose.prod.yml exec redis redis-cli ping',
    expect: 'PONG',
    exitCode: 0,
    output: 'PONG\n',
    status: 'pass',
    verdict: 'got PONG',
  },
  {
    name: 'redis-cli: refused',
    command: 'docker compose -f compose.prod.yml exec api redis-cli -h redis ping',
    expect: 'PONG',
    exitCode: 1,
    output: 'Could not connect to Redis at redis:6379: Connection refused\n',
    status: 'fail',
    verdict: 'expected PONG, got Could not connect to Redis at redis:6379: Connection refused',
  },
  {
    name: 'expectation in the output but a failing exit code',
    command: 'check-health',
    expect: 'PONG',
    exitCode: 2,
    output: 'PONG\nthen it crashed\n',
    status: 'fail',
    verdict: 'expected PONG, got PONG',
  },
  {
    name: 'no expectation, exit 0',
    command: 'df -h',
    exitCode: 0,
    output: 'Filesystem Size Used Avail Use% Mounted on\n/dev/sda1 50G 20G 30G 40% /\n',
    status: 'pass',
    verdict: 'ok',
  },
  {
    name: 'no expectation, non-zero exit shows the last line',
    command: 'ls -la .env.production',
    exitCode: 2,
    output: "ls: cannot access '.env.production': No such file or directory\n",
    status: 'fail',
    verdict: "exit code 2: ls: cannot access '.env.production': No such file or directory",
  },
  {
    name: 'a grep that finds nothing is informational',
    command: 'docker ps | grep api',
    exitCode: 1,
    output: '',
    status: 'info',
    verdict: 'no matching lines',
  },
  {
    name: 'a grep pattern with \\| is not a pipeline split',
    command: 'docker compose -f compose.prod.yml logs --tail=20 api | grep "200\\|201\\|404\\|500"',
    exitCode: 1,
    output: '',
    status: 'info',
    verdict: 'no matching lines',
  },
  {
    name: 'a grep pipeline whose first command failed loudly is a failure',
    command: 'docker compose -f compose.prod.yml exec api env | grep JWT',
    exitCode: 1,
    output: 'service "api" is not running\n',
    status: 'fail',
    verdict: 'exit code 1: service "api" is not running',
  },
  {
    name: 'logs are informational: lines and error lines',
    command: LOGS,
    exitCode: 0,
    output: apiLogs(62, [
      'api-1  | Error: Redis connection to redis:6379 failed - connect ECONNREFUSED 172.18.0.3:6379',
      'api-1  | [ioredis] Unhandled error event: Error: connect ECONNREFUSED 172.18.0.3:6379',
    ]),
    status: 'info',
    verdict: '62 lines, 2 with errors',
  },
  {
    name: 'logs that cannot be read fail',
    command: LOGS,
    exitCode: 1,
    output: 'no such service: api\n',
    status: 'fail',
    verdict: 'exit code 1: no such service: api',
  },
  {
    name: 'logs filtered by grep with matches pass',
    command: 'docker compose -f compose.prod.yml logs --tail=20 api | grep "200\\|500"',
    exitCode: 0,
    output: 'api-1  | GET /api/v1/health 200 2 ms\n',
    status: 'pass',
    verdict: '1 line',
  },
  {
    name: 'missing program',
    command: 'journalctl -u docker --since "10 minutes ago"',
    exitCode: 127,
    output: 'bash: line 1: journalctl: command not found\n',
    status: 'error',
    verdict: 'command not found: journalctl',
  },
  {
    name: 'timeout',
    command: 'docker stats api --no-stream',
    exitCode: null,
    timedOut: true,
    output: 'CONTAINER ID   NAME\n',
    status: 'timeout',
    verdict: 'timed out after 20 s',
  },
];

describe('judge a step', () => {
  it.each(cases)('$name', (row) => {
    const step = commandStep({ command: row.command, expect: row.expect ?? null });
    const judged = judgeStep(step, {
      exitCode: row.exitCode,
      timedOut: row.timedOut ?? false,
      timeoutMs: 20_000,
      output: row.output,
    });
    expect(judged.status).toBe(row.status);
    expect(englishVerdict(judged.detail)).toBe(row.verdict);
  });

  it('gives renderers the verdict as data', () => {
    const step = commandStep({ command: HEALTH, expect: '200 OK' });
    const failing = judgeStep(step, {
      exitCode: 22,
      timedOut: false,
      timeoutMs: 20_000,
      output: 'curl: (22) The requested URL returned error: 503\n',
    });
    expect(failing.detail).toEqual({ kind: 'expected_got', expected: '200 OK', got: 'HTTP 503' });
    const logs = judgeStep(commandStep({ command: LOGS }), {
      exitCode: 0,
      timedOut: false,
      timeoutMs: 20_000,
      output: apiLogs(10, [
        "api-1  | PrismaClientInitializationError: P1001: Can't reach database server at `db:5432`",
      ]),
    });
    expect(logs.detail).toEqual({
      kind: 'log_summary',
      lines: 10,
      errorLines: 1,
      samples: ["api-1 | PrismaClientInitializationError: P1001: Can't reach database server at `db:5432`"],
    });
  });

  it('trims a long got to about 120 characters', () => {
    const judged = judgeStep(commandStep({ command: 'echo', expect: 'PONG' }), {
      exitCode: 1,
      timedOut: false,
      timeoutMs: 20_000,
      output: `${'x'.repeat(500)}\n`,
    });
    expect(englishVerdict(judged.detail).length).toBeLessThanOrEqual(140);
  });
});
