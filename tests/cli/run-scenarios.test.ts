// `runbook-bot run api-down diagnose|deps|resources` against every scenario of the simulated host:
// the verdicts per step, the suggested next section, the exit code (issue 3, "Must show").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, type ScenarioName, startSandbox } from '../../sandbox/host.ts';
import { cliEnv, type RunJson, runInProcess, spawnBin } from './run-cli-harness.ts';

type Sub = 'diagnose' | 'deps' | 'resources';
/** [step id, status, a piece of the verdict (or a pattern it matches)] */
type Row = [string, string, string | RegExp];
/** A log summary with no error line: "43 lines". */
const NO_ERRORS = /^\d+ lines?$/;
interface Expected {
  steps: Row[];
  /** The first suggested section, or null for none. */
  suggests: string | null;
  code: 0 | 1;
}

const PS = '1-verificar-status-dos-containers';
const HEALTH = '2-verificar-health-check';
const LOGS = '3-verificar-logs-da-api';
const REDIS = 'verificar-se-redis-esta-rodando';
const DB = 'verificar-se-banco-esta-acessivel';
const STATS = 'cpu-e-memoria';
const DF = 'espaco-em-disco';
const JOURNAL = 'logs-do-sistema';

const REDIS_SECTION = 'problema-erro-de-conexao-com-redis';
const DB_SECTION = 'problema-erro-de-conexao-com-banco';
const JWT_SECTION = 'problema-erro-de-jwt-secrets';
const CONTAINER_SECTION = 'problema-container-nao-inicia';

const allPass = {
  diagnose: {
    steps: [
      [PS, 'pass', 'Up 12 minutes (healthy)'],
      [HEALTH, 'pass', 'HTTP 200'],
      [LOGS, 'info', NO_ERRORS],
    ],
    suggests: null,
    code: 0,
  },
  deps: {
    steps: [
      [REDIS, 'pass', 'redis: Up 2 days (healthy)'],
      [DB, 'pass', 'ok'],
    ],
    suggests: null,
    code: 0,
  },
  resources: {
    steps: [
      [STATS, 'pass', 'ok'],
      [DF, 'pass', 'ok'],
      [JOURNAL, 'info', NO_ERRORS],
    ],
    suggests: null,
    code: 0,
  },
} satisfies Record<Sub, Expected>;

const unhealthyApi = (cause: string, suggests: string | null): Expected => ({
  steps: [
    [PS, 'fail', 'expected Up (healthy), got Up 12 minutes (unhealthy)'],
    [HEALTH, 'fail', 'expected 200 OK, got HTTP 503'],
    [LOGS, 'info', cause],
  ],
  suggests,
  code: 1,
});
/** journalctl shows the failing health checks: information, not a verdict. */
const resourcesWithHealthLog: Expected = {
  steps: [
    [STATS, 'pass', 'ok'],
    [DF, 'pass', 'ok'],
    [JOURNAL, 'info', 'with errors'],
  ],
  suggests: 'any',
  code: 0,
};

const SCENARIOS: Record<ScenarioName, Record<Sub, Expected>> = {
  healthy: allPass,
  'api-exited': {
    diagnose: {
      steps: [
        [PS, 'fail', 'expected Up (healthy), got api: stopped (not listed by compose ps)'],
        [HEALTH, 'fail', "Couldn't connect to server"],
        [LOGS, 'fail', 'with errors'],
      ],
      suggests: CONTAINER_SECTION,
      code: 1,
    },
    deps: {
      steps: [
        [REDIS, 'pass', 'redis: Up 2 days (healthy)'],
        [DB, 'fail', 'exit code 1: service "api" is not running'],
      ],
      suggests: CONTAINER_SECTION,
      code: 1,
    },
    resources: { ...allPass.resources },
  },
  'redis-down': {
    diagnose: unhealthyApi('with errors', REDIS_SECTION),
    deps: {
      steps: [
        [REDIS, 'fail', 'expected Up, got redis: stopped (not listed by compose ps)'],
        [DB, 'pass', 'ok'],
      ],
      suggests: 'any',
      code: 1,
    },
    resources: resourcesWithHealthLog,
  },
  'db-down': {
    diagnose: unhealthyApi('with errors', DB_SECTION),
    deps: {
      steps: [
        [REDIS, 'pass', 'redis: Up 2 days (healthy)'],
        [DB, 'fail', 'exit code 1'],
      ],
      suggests: DB_SECTION,
      code: 1,
    },
    resources: resourcesWithHealthLog,
  },
  'jwt-missing': {
    diagnose: {
      // The api answers; only its log says JWT is broken: nothing fails, the logs point to JWT.
      steps: [
        [PS, 'pass', 'Up 12 minutes (healthy)'],
        [HEALTH, 'pass', 'HTTP 200'],
        [LOGS, 'info', 'with errors'],
      ],
      suggests: JWT_SECTION,
      code: 0,
    },
    deps: allPass.deps,
    resources: allPass.resources,
  },
  'disk-full': {
    // The binding's `suggestions:` points ENOSPC in the logs to the resources section.
    diagnose: unhealthyApi('with errors', 'passo-3-verificar-recursos-do-sistema'),
    deps: allPass.deps,
    resources: {
      steps: [
        [STATS, 'pass', 'ok'],
        [DF, 'fail', 'expected Use% < 95%, got / 100% (/dev/sda1)'],
        [JOURNAL, 'info', '3 with errors'],
      ],
      // api-down.md has no disk section to point to.
      suggests: null,
      code: 1,
    },
  },
  'restart-fixes-it': {
    diagnose: unhealthyApi('with errors', null),
    deps: allPass.deps,
    resources: resourcesWithHealthLog,
  },
};

const sandboxes = new Map<ScenarioName, Sandbox>();
const results = new Map<string, { code: number; json: RunJson }>();

beforeAll(async () => {
  const names = Object.keys(SCENARIOS) as ScenarioName[];
  const started = await Promise.all(
    names.map((scenario) => startSandbox({ scenario, healthStartPeriodMs: 0 })),
  );
  for (const [index, name] of names.entries()) sandboxes.set(name, started[index]!);
  // Every scenario x section in-process, in parallel (each run is a few short processes).
  await Promise.all(
    names.flatMap((scenario) =>
      (['diagnose', 'deps', 'resources'] as const).map(async (sub) => {
        const sandbox = sandboxes.get(scenario)!;
        const run = await runInProcess(['run', 'api-down', sub, '--workdir', sandbox.dir, '--json'], {
          env: cliEnv(sandbox.env),
        });
        results.set(`${scenario} ${sub}`, { code: run.code, json: JSON.parse(run.stdout) as RunJson });
      }),
    ),
  );
}, 60_000);

afterAll(async () => {
  await Promise.all([...sandboxes.values()].map((sandbox) => sandbox.stop()));
});

describe.each(Object.entries(SCENARIOS))('scenario %s', (scenario, subs) => {
  it.each(Object.entries(subs))('%s: verdicts, suggestion, exit code', (sub, expected) => {
    const result = results.get(`${scenario} ${sub}`)!;
    expect(result.json.steps.map((step) => [step.id, step.status])).toEqual(
      expected.steps.map(([id, status]) => [id, status]),
    );
    expected.steps.forEach(([, , verdict], index) => {
      expect(result.json.steps[index]!.verdict).toMatch(verdict);
    });
    if (expected.suggests === null) expect(result.json.suggestions).toEqual([]);
    else if (expected.suggests !== 'any')
      expect(result.json.suggestions[0]?.sectionId).toBe(expected.suggests);
    expect(result.code).toBe(expected.code);
  });
});

describe('what the suggestions quote', () => {
  it('redis-down: the ECONNREFUSED line of the api logs', () => {
    const [first] = results.get('redis-down diagnose')!.json.suggestions;
    expect(first).toMatchObject({ sectionId: REDIS_SECTION, title: 'Problema: Erro de conexão com Redis' });
    expect(first!.evidence).toMatch(/Redis connection to redis:6379 failed/);
  });

  it('db-down: the P1001 line', () => {
    expect(results.get('db-down deps')!.json.suggestions[0]!.evidence).toContain(
      "P1001: Can't reach database server at `db:5432`",
    );
  });

  it('jwt-missing: the JsonWebTokenError line', () => {
    expect(results.get('jwt-missing diagnose')!.json.suggestions[0]!.evidence).toMatch(
      /JsonWebTokenError|JWT_SECRET/,
    );
  });

  it('api-exited: the crash at boot', () => {
    const run = results.get('api-exited diagnose')!.json;
    expect(run.suggestions[0]!.evidence).toMatch(/exit code 1|stopped \(not listed/);
    // The logs step says why the container is down: the stack trace's error and its last words.
    expect(run.steps[2]!.output).toContain(
      "TypeError: Cannot read properties of undefined (reading 'split')",
    );
  });

  // Verdicts count as evidence, and dockerd's "health check exited with code 1" is no container crash.
  it('redis-down deps: "redis: not running" points to the Redis section (gap)', () => {
    expect(results.get('redis-down deps')!.json.suggestions[0]?.sectionId).toBe(REDIS_SECTION);
  });
  it('redis-down resources: failing health checks in journalctl do not mean "container does not start" (gap)', () => {
    expect(results.get('redis-down resources')!.json.suggestions).toEqual([]);
  });
});

describe.concurrent('the real binary', () => {
  it('redis-down diagnose --json: same verdicts, exit 1', async () => {
    const sandbox = sandboxes.get('redis-down')!;
    const run = await spawnBin(
      ['run', 'api-down', 'diagnose', '--workdir', sandbox.dir, '--json'],
      cliEnv(sandbox.env),
    );
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as RunJson;
    expect(json).toMatchObject({ runbook: 'api-down', section: 'diagnostico-rapido' });
    expect(json.steps.map((step) => step.status)).toEqual(['fail', 'fail', 'info']);
    expect(json.suggestions[0]!.sectionId).toBe(REDIS_SECTION);
  });

  it('healthy diagnose as text: ✅ per check, no suggestion, exit 0', async () => {
    const sandbox = sandboxes.get('healthy')!;
    const run = await spawnBin(
      ['run', 'api-down', 'diagnose', '--workdir', sandbox.dir],
      cliEnv(sandbox.env),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^✅ 1\. Verificar Status dos Containers .* Up 12 minutes \(healthy\)$/m);
    expect(run.stdout).toMatch(/^✅ 2\. Verificar Health Check /m);
    expect(run.stdout).toMatch(/^ℹ️ 3\. Verificar Logs da API /m);
    expect(run.stdout).not.toContain('💡');
  });

  it('disk-full resources as text: the full disk is a ❌ naming the mount point', async () => {
    const sandbox = sandboxes.get('disk-full')!;
    const run = await spawnBin(
      ['run', 'api-down', 'resources', '--workdir', sandbox.dir],
      cliEnv(sandbox.env),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^❌ Espaço em disco .* Use% < 95%.* \/ 100% \(\/dev\/sda1\)$/m);
  });
});
