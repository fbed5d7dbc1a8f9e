import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/ports.ts';
import { collectSecrets } from '../../src/exec/redact/collect-secrets.ts';
import { createRedactor } from '../../src/exec/redact/create-redactor.ts';
import { runSection } from '../../src/exec/run-section.ts';
import { createStepRunner } from '../../src/exec/run-step.ts';
import { englishVerdict } from '../../src/render/common/describe-verdict.ts';
import { apiDown, sectionById } from './api-down-model.ts';
import { commandStep } from './make-step.ts';

const JWT_SECRET = '9b1e4c7a2f5d8e0b3a6c9f2e5d8b1a4c7e0f3a6d9c2b5e8f1a4d7c0b3e6f9a2d';
const DB_PASSWORD = 'pg-Pr0d-p4ssw0rd';
const SLACK_BOT_TOKEN = 'xoxb-9999-8888-SLACKSECRETVALUE';

/** A tiny stand-in host: `docker` and `curl` answering like the redis-down scenario. */
function redisDownHost(): { bin: string; workdir: string } {
  const bin = mkdtempSync(join(tmpdir(), 'rb-host-bin-'));
  const workdir = mkdtempSync(join(tmpdir(), 'rb-host-'));
  writeFileSync(
    join(workdir, '.env.production'),
    `NODE_ENV=production\nJWT_SECRET=${JWT_SECRET}\nDATABASE_URL=postgresql://atende:${DB_PASSWORD}@db:5432/atende\n`,
  );
  const docker = `#!/usr/bin/env bash
case "$*" in
  *" ps api"*)
    printf 'NAME               IMAGE                   COMMAND                  SERVICE   CREATED       STATUS                      PORTS\\n'
    printf 'atendechat-api-1   atendechat/api:latest   "docker-entrypoint.s…"   api       2 hours ago   Up 12 minutes (unhealthy)   0.0.0.0:8080->8080/tcp\\n' ;;
  *" logs "*)
    for i in $(seq 1 59); do echo "api-1  | GET /api/v1/tickets 200 $i ms"; done
    echo "api-1  | Error: Redis connection to redis:6379 failed - connect ECONNREFUSED 172.18.0.3:6379"
    echo "api-1  | [ioredis] Unhandled error event: Error: connect ECONNREFUSED 172.18.0.3:6379"
    echo "api-1  | connecting with postgresql://atende:${DB_PASSWORD}@db:5432/atende" >&2 ;;
  *" exec api env"*)
    printf 'JWT_SECRET=%s\\nSLACK_SEEN=%s\\nNODE_ENV=production\\n' "${JWT_SECRET}" "\${SLACK_BOT_TOKEN:-none}" ;;
  *) echo "unknown: $*" >&2; exit 1 ;;
esac
`;
  const curl = `#!/usr/bin/env bash
sleep 0.2
echo "curl: (22) The requested URL returned error: 503" >&2
exit 22
`;
  for (const [name, text] of [
    ['docker', docker],
    ['curl', curl],
  ] as const) {
    writeFileSync(join(bin, name), text);
    chmodSync(join(bin, name), 0o755);
  }
  return { bin, workdir };
}

describe('diagnose a redis-down host', () => {
  it('gives the verdicts a person needs, points to the Redis section, and leaks no secret', async () => {
    const { bin, workdir } = redisDownHost();
    const env = { PATH: `${bin}:${process.env.PATH}`, HOME: '/root', LANG: 'C.UTF-8', SLACK_BOT_TOKEN };
    const redactor = createRedactor({ secrets: await collectSecrets({ env, workdir }) });
    const runner = createStepRunner({ clock: systemClock, redactor, env });
    const run = await runSection({
      runbook: apiDown,
      section: sectionById('diagnostico-rapido'),
      runner,
      clock: systemClock,
      context: { workdir },
    });
    expect(run.steps.map((step) => [step.title, step.status, englishVerdict(step.detail)])).toEqual([
      ['Verificar Status dos Containers', 'fail', 'expected Up (healthy), got Up 12 minutes (unhealthy)'],
      ['Verificar Health Check', 'fail', 'expected 200 OK, got HTTP 503'],
      ['Verificar Logs da API', 'info', '62 lines, 2 with errors'],
    ]);
    expect(run.suggestions).toEqual([
      {
        sectionId: 'problema-erro-de-conexao-com-redis',
        title: 'Problema: Erro de conexão com Redis',
        evidence:
          'api-1 | Error: Redis connection to redis:6379 failed - connect ECONNREFUSED 172.18.0.3:6379',
      },
    ]);

    const jwt = await runSection({
      runbook: apiDown,
      section: sectionById('problema-erro-de-jwt-secrets'),
      runner,
      clock: systemClock,
      context: { workdir },
      // an operator or approver asked: the sensitive step runs, redacted
      allowSensitive: true,
    });
    expect(jwt.steps[0]?.output).toContain('JWT_SECRET=[set, 64 chars]');
    const envStep = await runner.run(
      commandStep({ command: 'docker compose -f compose.prod.yml exec api env' }),
      {
        workdir,
      },
    );
    expect(envStep.output).toContain('SLACK_SEEN=none');

    const everything = JSON.stringify([run, jwt, envStep]);
    for (const secret of [JWT_SECRET, DB_PASSWORD, SLACK_BOT_TOKEN]) expect(everything).not.toContain(secret);
  });
});
