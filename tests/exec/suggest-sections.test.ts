import { describe, expect, it } from 'vitest';
import type { StepResult, StepStatus } from '../../src/exec/step-result.ts';
import { suggestSections } from '../../src/exec/suggest/suggest-sections.ts';
import { apiDown } from './api-down-model.ts';

function result(status: StepStatus, output: string, stepId = 'step'): StepResult {
  return {
    stepId,
    title: stepId,
    command: 'x',
    risk: 'read',
    status,
    exitCode: status === 'pass' ? 0 : 1,
    timedOut: false,
    durationMs: 1,
    output,
    outputTruncated: false,
    droppedBytes: 0,
    expect: null,
    detail: status === 'pass' ? { kind: 'ok' } : { kind: 'exit_code', code: 1, line: null },
  };
}

const unhealthyPs = result(
  'fail',
  'NAME               SERVICE   STATUS                      PORTS\natendechat-api-1   api       Up 12 minutes (unhealthy)   0.0.0.0:8080->8080/tcp\n',
);
const health503 = result('fail', 'curl: (22) The requested URL returned error: 503\n');
const logs = (...errors: string[]): StepResult =>
  result(
    'info',
    ['api-1  | Server listening on :8080', 'api-1  | GET /api/v1/health 503', ...errors].join('\n'),
  );

describe('suggest sections', () => {
  it('redis-down: ECONNREFUSED redis:6379 points to the Redis section, with the line', () => {
    const suggestions = suggestSections({
      runbook: apiDown,
      results: [
        unhealthyPs,
        health503,
        logs('api-1  | Error: Redis connection to redis:6379 failed - connect ECONNREFUSED 172.18.0.3:6379'),
      ],
      exclude: 'diagnostico-rapido',
    });
    expect(suggestions).toEqual([
      {
        sectionId: 'problema-erro-de-conexao-com-redis',
        title: 'Problema: Erro de conexão com Redis',
        evidence:
          'api-1 | Error: Redis connection to redis:6379 failed - connect ECONNREFUSED 172.18.0.3:6379',
      },
    ]);
  });

  it('db-down: P1001 points to the database section', () => {
    const [first] = suggestSections({
      runbook: apiDown,
      results: [
        health503,
        logs("api-1  | PrismaClientInitializationError: P1001: Can't reach database server at `db:5432`"),
      ],
    });
    expect(first?.sectionId).toBe('problema-erro-de-conexao-com-banco');
    expect(first?.evidence).toContain('P1001');
  });

  it('jwt-missing: JsonWebTokenError points to the JWT section', () => {
    const [first] = suggestSections({
      runbook: apiDown,
      results: [logs('api-1  | JsonWebTokenError: secret or public key must be provided')],
    });
    expect(first).toMatchObject({
      sectionId: 'problema-erro-de-jwt-secrets',
      title: 'Problema: Erro de JWT/Secrets',
    });
  });

  it('api-exited: Exited (1) points to “Container não inicia”', () => {
    const exited = result(
      'fail',
      'NAME               SERVICE   STATUS                     PORTS\natendechat-api-1   api       Exited (1) 2 minutes ago\n',
    );
    const [first] = suggestSections({ runbook: apiDown, results: [exited, health503] });
    expect(first?.sectionId).toBe('problema-container-nao-inicia');
    expect(first?.evidence).toContain('Exited (1)');
  });

  it('ranks by evidence and keeps at most 3, each section once', () => {
    const suggestions = suggestSections({
      runbook: apiDown,
      results: [
        result('fail', 'Restarting (1) 3 seconds ago'),
        logs(
          'api-1  | Error: connect ECONNREFUSED redis:6379',
          'api-1  | Error: connect ECONNREFUSED redis:6379',
          'api-1  | Error: P1001 database unreachable',
          'api-1  | JsonWebTokenError: jwt malformed',
        ),
      ],
    });
    expect(suggestions).toHaveLength(3);
    expect(new Set(suggestions.map((s) => s.sectionId)).size).toBe(3);
    expect(suggestions[0]?.sectionId).toBe('problema-erro-de-conexao-com-redis');
  });

  it('never suggests the section just run (nor its parent)', () => {
    const results = [result('fail', 'Could not connect to Redis at redis:6379: Connection refused')];
    expect(
      suggestSections({ runbook: apiDown, results, exclude: 'problema-erro-de-conexao-com-redis' }),
    ).toEqual([]);
    expect(suggestSections({ runbook: apiDown, results, exclude: 'resolucao-de-problemas-comuns' })).toEqual(
      [],
    );
    expect(suggestSections({ runbook: apiDown, results, exclude: 'diagnostico-rapido' })).toHaveLength(1);
  });

  it('suggests nothing when all is well, or when logs only mention redis without errors', () => {
    expect(
      suggestSections({ runbook: apiDown, results: [result('pass', 'Error: redis:6379 refused')] }),
    ).toEqual([]);
    expect(
      suggestSections({ runbook: apiDown, results: [logs('api-1  | Connected to redis:6379')] }),
    ).toEqual([]);
  });

  it('takes extra keywords from the binding', () => {
    const results = [logs('api-1  | Bull queue "emails" stalled: job 42 failed with error')];
    expect(suggestSections({ runbook: apiDown, results })).toEqual([]);
    const [first] = suggestSections({
      runbook: apiDown,
      results,
      binding: { suggestions: { 'problema-erro-de-conexao-com-redis': ['bull queue'] } },
    });
    expect(first?.sectionId).toBe('problema-erro-de-conexao-com-redis');
  });

  it('works for an English runbook it was not written for', () => {
    const runbook = {
      ...apiDown,
      sections: [
        { id: 'troubleshooting', title: 'Troubleshooting', level: 2, parent: null, line: 1, steps: [] },
        {
          id: 'disk-is-full',
          title: 'Disk is full',
          level: 3,
          parent: 'troubleshooting',
          line: 2,
          steps: apiDown.sections[2]!.steps,
        },
        {
          id: 'out-of-memory',
          title: 'Out of memory',
          level: 3,
          parent: 'troubleshooting',
          line: 3,
          steps: apiDown.sections[2]!.steps,
        },
      ],
    };
    const [first] = suggestSections({
      runbook,
      results: [result('fail', 'Error: ENOSPC: no space left on device, write')],
    });
    expect(first?.sectionId).toBe('disk-is-full');
  });
});
