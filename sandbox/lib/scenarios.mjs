// The scenarios of the simulated AtendeChat host. Shared by the docker stand-in, the API process and host.ts.

export const SCENARIOS = [
  { name: 'healthy', description: 'every container up and healthy; health 200; a restart keeps it healthy' },
  {
    name: 'api-exited',
    description:
      'api crashed at boot: Exited (1), nothing on :8080; a restart starts it and it crashes again',
  },
  {
    name: 'redis-down',
    description: 'redis Exited (137); api Up (unhealthy), health 503, logs ECONNREFUSED redis:6379',
  },
  {
    name: 'db-down',
    description: 'postgres Exited (1); api Up (unhealthy), health 503, Prisma P1001 in logs and exec',
  },
  {
    name: 'jwt-missing',
    description: 'JWT_SECRET absent from .env.production and the api env; health 200, /auth/health 500',
  },
  {
    name: 'disk-full',
    description: '/ at 100%; api Up (unhealthy), health 503 storage, ENOSPC in logs, journalctl and df',
  },
  {
    name: 'restart-fixes-it',
    description:
      'api degraded (event-loop lag, 1.9 GiB memory): health 503 until the first restart, 200 after',
  },
];

export const SCENARIO_NAMES = SCENARIOS.map((s) => s.name);

export function isScenarioName(value) {
  return SCENARIO_NAMES.includes(value);
}

export const SERVICES = ['api', 'caddy', 'db', 'redis'];

/** How a dependency container (not the api, which is a real process) looks in a scenario. */
export function dependencyStatus(scenario, service) {
  if (service === 'redis' && scenario === 'redis-down')
    return { running: false, exitCode: 137, downForMs: 3 * 60_000 };
  if (service === 'db' && scenario === 'db-down')
    return { running: false, exitCode: 1, downForMs: 4 * 60_000 };
  return { running: true, health: service === 'caddy' ? null : 'healthy' };
}

/** Whether the scenario's fault shows in a running api (restart-fixes-it: only until the first restart). */
export function faultActive(state) {
  return state.scenario !== 'restart-fixes-it' || state.api.degraded;
}

/** What GET /api/v1/health answers for a running api process. */
export function healthAnswer(state) {
  switch (state.scenario) {
    case 'redis-down':
      return failing({ redis: 'down', error: 'connect ECONNREFUSED 172.18.0.3:6379' });
    case 'db-down':
      return failing({ database: 'down', error: "P1001: Can't reach database server at db:5432" });
    case 'disk-full':
      return failing({ storage: 'full', error: 'ENOSPC: no space left on device' });
    case 'restart-fixes-it':
      if (state.api.degraded) return failing({ error: 'event loop lag 2412ms over the 1000ms limit' });
      return ok();
    default:
      return ok();
  }
}

function ok() {
  return { code: 200, body: { status: 'ok', database: 'up', redis: 'up', storage: 'ok' } };
}

function failing(problem) {
  return { code: 503, body: { status: 'error', database: 'up', redis: 'up', storage: 'ok', ...problem } };
}
