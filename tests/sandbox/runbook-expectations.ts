// What each command line of runbooks/api-down.md shows on the simulated host, per scenario (exit code + text).
import type { ScenarioName } from '../../sandbox/host.ts';

export interface Expected {
  code: number;
  has?: string[];
  lacks?: string[];
}

const C = 'docker compose -f compose.prod.yml';
export const L = {
  psApi: `${C} ps api`,
  health: 'curl -f http://localhost:8080/api/v1/health',
  logs50: `${C} logs --tail=50 api`,
  psRedis: `${C} ps redis`,
  prisma: `${C} exec api pnpm prisma db execute --stdin`,
  stats: 'docker stats api --no-stream',
  df: 'df -h',
  journal: 'journalctl -u docker --since "10 minutes ago"',
  logsAll: `${C} logs api`,
  envFile: 'cat .env.production | grep -E "(DATABASE_URL|REDIS_URL|JWT_SECRET)"',
  netstat: 'netstat -tlnp | grep :8080',
  envDb: `${C} exec api env | grep DATABASE`,
  curlDbUrl: 'curl -f $DATABASE_URL',
  redisFromApi: `${C} exec api redis-cli -h redis ping`,
  envRedis: `${C} exec api env | grep REDIS`,
  redisPing: `${C} exec redis redis-cli ping`,
  envJwt: `${C} exec api env | grep JWT`,
  lsEnv: 'ls -la .env.production',
  metrics: 'curl -f http://localhost:8080/api/v1/metrics',
  authHealth: 'curl -f http://localhost:8080/api/v1/auth/health',
  accessLog: `${C} logs --tail=20 api | grep "200\\|201\\|404\\|500"`,
} as const;

/** Lines not run by the per-scenario table, and why. */
export const NOT_IN_TABLE: Record<string, string> = {
  'cd /opt/atendechat': 'the executor runs in --workdir (the sandbox dir) instead',
  'sleep 30': 'a wait step; the executor polls instead',
  [`${C} restart api`]: 'changes the host: covered by restart.test.ts',
};

const HEALTHY: Record<string, Expected> = {
  [L.psApi]: { code: 0, has: ['NAME', 'STATUS', 'atendechat-api-1', 'Up 12 minutes (healthy)'] },
  [L.health]: { code: 0, has: ['"status":"ok"'] },
  [L.logs50]: { code: 0, has: ['api-1  | [Nest] 1  - ', '[HTTP] GET'] },
  [L.psRedis]: { code: 0, has: ['atendechat-redis-1', 'Up 2 days (healthy)'] },
  [L.prisma]: { code: 0, has: ['Script executed successfully.'] },
  [L.stats]: { code: 0, has: ['CONTAINER ID', 'MEM USAGE / LIMIT', 'atendechat-api-1', '182.4MiB / 2GiB'] },
  [L.df]: { code: 0, has: ['Use% Mounted on', ' 40% /\n'] },
  [L.journal]: { code: 0, has: ['-- No entries --'] },
  [L.logsAll]: { code: 0, has: ['Nest application successfully started'] },
  [L.envFile]: { code: 0, has: ['DATABASE_URL=postgresql://atende:', 'REDIS_URL=redis://:', 'JWT_SECRET='] },
  [L.netstat]: { code: 0, has: ['0.0.0.0:8080', 'LISTEN'] },
  [L.envDb]: { code: 0, has: ['DATABASE_URL=postgresql://atende:'] },
  [L.curlDbUrl]: { code: 2, has: ['no URL specified'] },
  [L.redisFromApi]: { code: 0, has: ['PONG'] },
  [L.envRedis]: { code: 0, has: ['REDIS_URL=redis://:'] },
  [L.redisPing]: { code: 0, has: ['PONG'] },
  [L.envJwt]: { code: 0, has: ['JWT_SECRET='] },
  [L.lsEnv]: { code: 0, has: ['-rw-------', '.env.production'] },
  [L.metrics]: { code: 0, has: ['# TYPE http_requests_total counter', 'atendechat_redis_up 1'] },
  [L.authHealth]: { code: 0, has: ['"jwt":"configured"'] },
  [L.accessLog]: { code: 0, has: [' 200 '] },
};

const UNHEALTHY_API = { code: 0, has: ['Up 12 minutes (unhealthy)'] };
const HEALTH_503 = { code: 22, has: ['returned error: 503'] };
const NOT_RUNNING = { code: 1, has: ['service "api" is not running'] };
const REFUSED = { code: 7, has: ["Couldn't connect to server"] };

export const EXPECTED: Record<ScenarioName, Record<string, Expected>> = {
  healthy: HEALTHY,
  'api-exited': {
    ...HEALTHY,
    [L.psApi]: { code: 0, has: ['NAME', 'STATUS'], lacks: ['atendechat-api-1'] },
    [L.health]: REFUSED,
    [L.logs50]: {
      code: 0,
      has: ["TypeError: Cannot read properties of undefined (reading 'split')", 'exit code 1'],
    },
    [L.prisma]: NOT_RUNNING,
    [L.stats]: { code: 0, has: ['atendechat-api-1', '0B / 0B'] },
    [L.journal]: { code: 0, has: ['topic=/tasks/delete'] },
    [L.logsAll]: { code: 0, has: ['Nest application successfully started', 'Error during bootstrap'] },
    [L.netstat]: { code: 1 },
    [L.envDb]: NOT_RUNNING,
    [L.redisFromApi]: NOT_RUNNING,
    [L.envRedis]: NOT_RUNNING,
    [L.envJwt]: NOT_RUNNING,
    [L.metrics]: REFUSED,
    [L.authHealth]: REFUSED,
    [L.accessLog]: { code: 1 },
  },
  'redis-down': {
    ...HEALTHY,
    [L.psApi]: UNHEALTHY_API,
    [L.health]: HEALTH_503,
    [L.logs50]: {
      code: 0,
      has: ['Error: Redis connection to redis:6379 failed - connect ECONNREFUSED 172.18.0.3:6379'],
    },
    [L.psRedis]: { code: 0, has: ['NAME'], lacks: ['atendechat-redis-1'] },
    [L.journal]: { code: 0, has: ['Health check for container'] },
    [L.redisFromApi]: { code: 1, has: ['Could not connect to Redis at redis:6379: Connection refused'] },
    [L.redisPing]: { code: 1, has: ['service "redis" is not running'] },
    [L.metrics]: { code: 0, has: ['atendechat_redis_up 0'] },
  },
  'db-down': {
    ...HEALTHY,
    [L.psApi]: UNHEALTHY_API,
    [L.health]: HEALTH_503,
    [L.logs50]: { code: 0, has: ["P1001: Can't reach database server at `db:5432`"] },
    [L.prisma]: { code: 1, has: ["Error: P1001: Can't reach database server at `db:5432`"] },
    [L.journal]: { code: 0, has: ['Health check for container'] },
    [L.metrics]: { code: 0, has: ['atendechat_database_up 0'] },
  },
  'jwt-missing': {
    ...HEALTHY,
    [L.logs50]: {
      code: 0,
      has: ['JsonWebTokenError: secret or public key must be provided', 'JWT_SECRET is not defined'],
    },
    [L.envFile]: { code: 0, has: ['DATABASE_URL=', 'REDIS_URL='], lacks: ['JWT_SECRET'] },
    // grep still finds JWT_EXPIRES_IN: exit 0 although the secret is missing.
    [L.envJwt]: { code: 0, has: ['JWT_EXPIRES_IN=15m'], lacks: ['JWT_SECRET'] },
    [L.authHealth]: { code: 22, has: ['returned error: 500'] },
    [L.accessLog]: { code: 0, has: [' 500 '] },
  },
  'disk-full': {
    ...HEALTHY,
    [L.psApi]: UNHEALTHY_API,
    [L.health]: HEALTH_503,
    [L.logs50]: { code: 0, has: ['ENOSPC: no space left on device'] },
    [L.df]: { code: 0, has: ['/dev/sda1        78G   78G     0 100% /'] },
    [L.journal]: { code: 0, has: ['no space left on device'] },
  },
  'restart-fixes-it': {
    ...HEALTHY,
    [L.psApi]: UNHEALTHY_API,
    [L.health]: HEALTH_503,
    [L.logs50]: { code: 0, has: ['event loop lag 2412ms'] },
    [L.stats]: { code: 0, has: ['187.42%', '1.87GiB / 2GiB'] },
    [L.journal]: { code: 0, has: ['Health check for container'] },
  },
};
