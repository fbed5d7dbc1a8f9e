// What the `run` report shows: curl's progress meter left out of displayed output, and the
// host-check judges behind the verdicts of `df`, `compose ps` and `compose logs`.
import { describe, expect, it } from 'vitest';
import { judgeCrashedLogs } from '../../src/exec/judge/judge-crashed-logs.ts';
import { judgeDiskUsage } from '../../src/exec/judge/judge-disk-usage.ts';
import { judgeStep } from '../../src/exec/judge/judge-step.ts';
import { outputLines } from '../../src/render/common/output-lines.ts';
import { renderSectionReport } from '../../src/render/terminal/render-section-report.ts';
import { outputPipeline } from '../../src/runbook/risk/output-pipeline.ts';
import { commandStep } from '../exec/make-step.ts';
import { step } from '../render/fixtures.ts';

/** What `curl -f` prints without `-s` when the server refuses: meter on stderr, then the error. */
const CURL_REFUSED =
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
  '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
  '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0' +
  '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\n' +
  "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server\n";
/** A 200 with the body on stdout, glued to the meter's last row. */
const CURL_OK =
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
  '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
  '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0' +
  '\r100    15  100    15    0     0   1234      0 --:--:-- --:--:-- --:--:--  1250{"status":"ok"}\n';

describe('curl progress meter', () => {
  it('is left out of displayed lines; the error and the body stay', () => {
    expect(outputLines(CURL_REFUSED)).toEqual([
      "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server",
    ]);
    expect(outputLines(CURL_OK)).toEqual(['{"status":"ok"}']);
    expect(outputLines('  3 files\n100 200 300\n')).toEqual(['  3 files', '100 200 300']);
  });

  it('the terminal report of a refused health check', () => {
    const health = step({
      stepId: 'verificar-health-check',
      title: 'Verificar Health Check',
      command: 'curl -f http://localhost:8080/api/v1/health',
      status: 'fail',
      exitCode: 7,
      durationMs: 120,
      output: CURL_REFUSED,
      expect: '200 OK',
      detail: {
        kind: 'expected_got',
        expected: '200 OK',
        got: "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server",
      },
    });
    const report = renderSectionReport(
      {
        runbook: 'api-down',
        section: 'diagnostico-rapido',
        sectionTitle: 'DIAGNÓSTICO RÁPIDO',
        startedAt: '2026-11-29T17:08:00.000Z',
        durationMs: 120,
        steps: [health],
        suggestions: [],
      },
      'en',
    );
    expect(report).not.toContain('% Total');
    expect(report).toMatchInlineSnapshot(`
      "DIAGNÓSTICO RÁPIDO — 1 check in 0.1 s

      ❌ Verificar Health Check · 0.1 s — expected 200 OK, got curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server
         $ curl -f http://localhost:8080/api/v1/health
         │ curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server

      0/1 passed in 0.1 s
      "
    `);
  });
});

const DF_FULL = `Filesystem      Size  Used Avail Use% Mounted on
udev            3.9G     0  3.9G   0% /dev
/dev/sda1        78G   78G     0 100% /
/dev/loop3       56M   56M     0 100% /snap/core18/2829
/dev/sdb1       500G  480G   20G  96% /var/lib/docker
`;

describe('df: a full disk fails', () => {
  it('names every filesystem at 95% or more, ignoring snap images', () => {
    expect(judgeDiskUsage(outputPipeline('df -h'), DF_FULL)).toEqual({
      status: 'fail',
      detail: {
        kind: 'expected_got',
        expected: 'Use% < 95%',
        got: '/ 100% (/dev/sda1), /var/lib/docker 96% (/dev/sdb1)',
      },
    });
  });

  it('under 95% or not df: no opinion (the ordinary verdict applies)', () => {
    expect(
      judgeDiskUsage(outputPipeline('df -h'), DF_FULL.replace('100% /\n', '94% /\n').replace('96%', '80%')),
    ).toBeNull();
    expect(judgeDiskUsage(outputPipeline('df -h | grep sda'), DF_FULL)).toBeNull();
    expect(judgeDiskUsage(outputPipeline('cat disks.txt'), DF_FULL)).toBeNull();
  });

  it('through judgeStep: df without expectation fails; with one, the expectation decides', () => {
    const outcome = { exitCode: 0, timedOut: false, timeoutMs: 20_000, output: DF_FULL };
    expect(judgeStep(commandStep({ command: 'df -h' }), outcome).status).toBe('fail');
    expect(judgeStep(commandStep({ command: 'df -h', expect: '/dev/sda1' }), outcome).status).toBe('pass');
  });
});

describe('compose logs that end with the process dying', () => {
  const LOGS = 'docker compose -f compose.prod.yml logs --tail=50 api';
  const boot = 'api-1  | [Nest] 1  - LOG [NestFactory] Starting Nest application...';
  const crash = [
    "api-1  | TypeError: Cannot read properties of undefined (reading 'split')",
    'api-1  |     at bootstrap (/app/dist/main.js:22:31)',
    'api-1  |  ELIFECYCLE  Command failed with exit code 1.',
  ];

  it('fail, with the dying line as the last sample', () => {
    expect(judgeCrashedLogs(outputPipeline(LOGS), `${boot}\n${crash.join('\n')}\n`)).toEqual({
      status: 'fail',
      detail: {
        kind: 'log_summary',
        lines: 4,
        errorLines: 2,
        samples: [
          "api-1 | TypeError: Cannot read properties of undefined (reading 'split')",
          'api-1 | ELIFECYCLE Command failed with exit code 1.',
        ],
      },
    });
  });

  it('a crash followed by a new boot is history: no opinion', () => {
    const output = `${crash.join('\n')}\n${boot}\napi-1  | LOG listening on 3000\napi-1  | GET /health 200\n`;
    expect(judgeCrashedLogs(outputPipeline(LOGS), output)).toBeNull();
    expect(judgeCrashedLogs(outputPipeline(`${LOGS} | grep ELIFECYCLE`), crash.join('\n'))).toBeNull();
  });
});

describe('compose ps with no row', () => {
  it('is "not running" even when the runbook wrote an expectation', () => {
    const judged = judgeStep(
      commandStep({ command: 'docker compose -f compose.prod.yml ps api', expect: 'Up (healthy)' }),
      {
        exitCode: 0,
        timedOut: false,
        timeoutMs: 20_000,
        output: 'NAME      IMAGE     COMMAND   SERVICE   CREATED   STATUS    PORTS\n',
      },
    );
    expect(judged).toEqual({
      status: 'fail',
      detail: {
        kind: 'expected_got',
        expected: 'Up (healthy)',
        got: 'api: stopped (not listed by compose ps)',
      },
    });
  });
});
