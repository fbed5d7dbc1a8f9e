// The api container's log lines, in NestJS's logger format. Used by the API process and for the seeded history.

const PID = 1; // inside a container the app is pid 1
const MINUTE = 60_000;

export function nestTimestamp(ms) {
  const d = new Date(ms);
  const two = (n) => String(n).padStart(2, '0');
  const hour12 = d.getHours() % 12 === 0 ? 12 : d.getHours() % 12;
  const meridiem = d.getHours() < 12 ? 'AM' : 'PM';
  return `${two(d.getMonth() + 1)}/${two(d.getDate())}/${d.getFullYear()}, ${hour12}:${two(d.getMinutes())}:${two(d.getSeconds())} ${meridiem}`;
}

export function nestLine(ms, level, context, message) {
  return `[Nest] ${PID}  - ${nestTimestamp(ms)} ${level.padStart(7)} [${context}] ${message}`;
}

export function accessLine(ms, method, url, status, durationMs) {
  const level = status >= 500 ? 'ERROR' : 'LOG';
  return nestLine(ms, level, 'HTTP', `${method} ${url} ${status} ${durationMs}ms`);
}

export function bootLines(ms) {
  const log = (context, message) => nestLine(ms, 'LOG', context, message);
  return [
    '',
    '> atendechat-api@2.4.1 start:prod /app',
    '> node dist/main.js',
    '',
    log('NestFactory', 'Starting Nest application...'),
    log('InstanceLoader', 'ConfigModule dependencies initialized +21ms'),
    log('InstanceLoader', 'PrismaModule dependencies initialized +2ms'),
    log('InstanceLoader', 'RedisModule dependencies initialized +1ms'),
    log('InstanceLoader', 'AuthModule dependencies initialized +1ms'),
    log('InstanceLoader', 'TicketsModule dependencies initialized +0ms'),
    log('RoutesResolver', 'HealthController {/api/v1/health}: +4ms'),
    log('RouterExplorer', 'Mapped {/api/v1/health, GET} route +2ms'),
    log('RouterExplorer', 'Mapped {/api/v1/metrics, GET} route +0ms'),
    log('RoutesResolver', 'AuthController {/api/v1/auth}: +0ms'),
    log('RouterExplorer', 'Mapped {/api/v1/auth/health, GET} route +1ms'),
    log('RouterExplorer', 'Mapped {/api/v1/auth/login, POST} route +0ms'),
  ];
}

export function listeningLines(ms) {
  return [
    nestLine(ms, 'LOG', 'NestApplication', 'Nest application successfully started +3ms'),
    nestLine(ms, 'LOG', 'Bootstrap', 'AtendeChat API listening on http://0.0.0.0:3000 (NODE_ENV=production)'),
  ];
}

export function crashLines(ms) {
  return [
    nestLine(
      ms,
      'ERROR',
      'NestApplication',
      "Error during bootstrap: TypeError: Cannot read properties of undefined (reading 'split')",
    ),
    "TypeError: Cannot read properties of undefined (reading 'split')",
    '    at AppConfigService.get corsOrigins (/app/dist/config/app-config.service.js:41:38)',
    '    at bootstrap (/app/dist/main.js:22:31)',
    ' ELIFECYCLE  Command failed with exit code 1.',
  ];
}

/** The lines a running api prints when its scenario's fault bites (boot, failed health checks, requests). */
export function faultLines(scenario, ms) {
  switch (scenario) {
    case 'redis-down':
      return [
        nestLine(
          ms,
          'ERROR',
          'RedisService',
          'Error: Redis connection to redis:6379 failed - connect ECONNREFUSED 172.18.0.3:6379',
        ),
        '[ioredis] Unhandled error event: Error: connect ECONNREFUSED 172.18.0.3:6379',
        '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)',
      ];
    case 'db-down':
      return [
        nestLine(
          ms,
          'ERROR',
          'PrismaService',
          "PrismaClientInitializationError: Can't reach database server at `db:5432`",
        ),
        "Error: P1001: Can't reach database server at `db:5432`",
        'Please make sure your database server is running at `db:5432`.',
      ];
    case 'jwt-missing':
      return [
        nestLine(ms, 'WARN', 'AuthModule', 'JWT_SECRET is not defined; tokens cannot be signed or verified'),
        nestLine(ms, 'ERROR', 'ExceptionsHandler', 'secret or public key must be provided'),
        'JsonWebTokenError: secret or public key must be provided',
        '    at module.exports [as sign] (/app/node_modules/jsonwebtoken/sign.js:107:20)',
        '    at AuthService.issueToken (/app/dist/auth/auth.service.js:58:34)',
      ];
    case 'disk-full':
      return [
        nestLine(
          ms,
          'ERROR',
          'UploadsService',
          'Failed to store attachment: ENOSPC: no space left on device, write',
        ),
        "Error: ENOSPC: no space left on device, write '/app/uploads/2025/tmp-7f3a1c.ogg'",
      ];
    case 'restart-fixes-it':
      return [
        nestLine(ms, 'WARN', 'HealthService', 'event loop lag 2412ms over the 1000ms limit'),
        '(node:1) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 11 close listeners added to [Socket]',
      ];
    default:
      return [];
  }
}

const ROUTES = [
  ['GET', '/api/v1/tickets?status=open', 200],
  ['POST', '/api/v1/messages', 201],
  ['GET', '/api/v1/health', 200],
  ['GET', '/api/v1/contacts/9f3e2a', 404],
  ['POST', '/api/v1/auth/login', 201],
  ['GET', '/api/v1/queues', 200],
  ['GET', '/api/v1/metrics', 200],
];

/** What a request returns while the scenario's fault is active (null: unchanged). */
function faultyStatus(scenario, method, url) {
  if (url === '/api/v1/health')
    return ['redis-down', 'db-down', 'disk-full', 'restart-fixes-it'].includes(scenario) ? 503 : null;
  if (scenario === 'jwt-missing' && url.startsWith('/api/v1/auth')) return 500;
  if (scenario === 'redis-down' && method === 'POST') return 500;
  if (scenario === 'db-down' && url.startsWith('/api/v1/tickets')) return 500;
  if (scenario === 'disk-full' && url === '/api/v1/messages') return 500;
  return null;
}

function accessHistory(scenario, from, to, stepMs, faultyAfter) {
  const lines = [];
  let i = 0;
  for (let t = from; t < to; t += stepMs, i += 1) {
    const [method, url, status] = ROUTES[i % ROUTES.length];
    const faulty = t >= faultyAfter ? faultyStatus(scenario, method, url) : null;
    if (faulty !== null && i % 3 === 0) lines.push(...faultLines(scenario, t));
    lines.push(accessLine(t, method, url, faulty ?? status, 3 + ((i * 37) % 90)));
  }
  return lines;
}

/** The api container's past, written once when a sandbox is created. */
export function apiHistory(scenario, now) {
  if (scenario === 'api-exited') {
    const crashAt = now - 2 * MINUTE;
    return [
      ...bootLines(now - 40 * MINUTE),
      ...listeningLines(now - 40 * MINUTE),
      ...accessHistory(
        'healthy',
        now - 40 * MINUTE + 5000,
        crashAt - 10_000,
        45_000,
        Number.POSITIVE_INFINITY,
      ),
      ...bootLines(crashAt),
      ...crashLines(crashAt),
    ];
  }
  const startedAt = now - 12 * MINUTE;
  const faultFrom =
    scenario === 'restart-fixes-it' || scenario === 'jwt-missing' ? startedAt : now - 5 * MINUTE;
  return [
    ...bootLines(startedAt),
    ...faultLines(scenario, startedAt),
    ...listeningLines(startedAt),
    ...accessHistory(scenario, startedAt + 4000, now - 5000, 30_000, faultFrom),
  ];
}
