import { describe, expect, it } from 'vitest';
import { readCodeBlock } from '../../src/runbook/parse/extract-steps.ts';

const read = (lang: string | null, lines: string[]) => readCodeBlock(lines.join('\n'), lang, 1);
const commandsOf = (lang: string | null, lines: string[]) =>
  read(lang, lines).steps.flatMap((step) => (step.kind === 'command' ? [step.command] : []));

describe('fences: commands become steps, output and data are documentation', () => {
  it.each([
    [
      'table',
      [
        'NAME                        READY   STATUS             RESTARTS   AGE',
        'api-7d9c8b7f6d-2xkqz   0/1     CrashLoopBackOff   12         40m',
      ],
    ],
    [
      'log',
      ['2024-03-02T10:14:03Z ERROR db: connection refused', '2024-03-02T10:14:04Z INFO  retrying in 5s'],
    ],
    [
      'log',
      [
        'Mar 04 10:00:01 web-1 nginx[811]: worker process exited',
        'Mar 04 10:00:02 web-1 systemd[1]: nginx.service: Failed',
      ],
    ],
    ['log', ['level=error ts=2024-03-02T10:14:03Z msg="scrape failed"']],
    ['json', ['{', '  "status": "ok",', '  "replicas": 3', '}']],
    ['yaml', ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api']],
    ['sql', ['SELECT pid, state FROM pg_stat_activity', "WHERE state = 'active';"]],
    ['promql', ['sum(rate(http_requests_total{status=~"5.."}[5m])) by (service)']],
    ['promql', ['up{job="api"} == 0']],
    ['http', ['HTTP/1.1 502 Bad Gateway', 'Content-Type: text/html']],
  ])('untagged %s is not a step', (kind, lines) => {
    const reading = read(null, lines);
    expect(reading.steps).toEqual([]);
    expect(reading.documentation).toBe(kind);
  });

  it('untagged prose is not a step', () => {
    expect(read(null, ['Then restart the service and wait.']).documentation).toBe('output');
  });

  it('untagged commands are steps', () => {
    expect(
      commandsOf(null, [
        'kubectl get pods -n prod',
        'oc describe pod api-1',
        'PGPASSWORD=x psql -c "select 1"',
      ]),
    ).toEqual(['kubectl get pods -n prod', 'oc describe pod api-1', 'PGPASSWORD=x psql -c "select 1"']);
  });

  it('a transcript keeps its $ lines and drops the output, in any fence', () => {
    const transcript = [
      '$ kubectl get pods',
      'NAME    READY   STATUS',
      'api-0   1/1     Running',
      'user@web-1:~$ uptime',
      ' 10:00:00 up 3 days',
    ];
    expect(commandsOf(null, transcript)).toEqual(['kubectl get pods', 'uptime']);
    expect(commandsOf('bash', transcript)).toEqual(['kubectl get pods', 'uptime']);
  });

  it('output lines pasted in a bash fence are dropped and reported', () => {
    const reading = read('bash', ['journalctl -u api -n 2', 'Mar 04 10:00:01 web-1 api[811]: started']);
    expect(reading.steps.map((step) => step.kind === 'command' && step.command)).toEqual([
      'journalctl -u api -n 2',
    ]);
    expect(reading.droppedOutput).toEqual([{ line: 2, text: 'Mar 04 10:00:01 web-1 api[811]: started' }]);
  });

  it('other languages (yaml, json, sql, text) never give steps', () => {
    for (const lang of ['yaml', 'json', 'sql', 'text', 'promql']) {
      expect(read(lang, ['kubectl delete pod x']).steps).toEqual([]);
    }
  });
});
