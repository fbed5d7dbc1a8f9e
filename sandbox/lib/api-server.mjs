// The simulated AtendeChat API: a real HTTP process. Usage: node api-server.mjs <state file> serve|crash
// stdout/stderr go to the api container's log file; the scenario is re-read from the state on every request.
import http from 'node:http';
import { accessLine, bootLines, crashLines, faultLines, listeningLines, nestLine } from './api-log-lines.mjs';
import { faultActive, healthAnswer } from './scenarios.mjs';
import { readState } from './state.mjs';

const [statePath, mode = 'serve'] = process.argv.slice(2);
const print = (lines) => process.stdout.write(`${lines.join('\n')}\n`);
const quietBoot = process.env.SANDBOX_API_QUIET_BOOT === '1';

if (!statePath) {
  process.stderr.write('usage: api-server.mjs <state file> serve|crash\n');
  process.exit(2);
}

if (mode === 'crash') {
  print([...bootLines(Date.now()), ...crashLines(Date.now())]);
  setTimeout(() => process.exit(1), 150);
} else {
  serve(readState(statePath));
}

function serve(initial) {
  const counts = new Map();
  const faults = faultActive(initial) ? faultLines(initial.scenario, Date.now()) : [];
  if (!quietBoot) print([...bootLines(Date.now()), ...faults]);
  const server = http.createServer((req, res) => {
    const started = Date.now();
    const state = readState(statePath);
    const url = req.url ?? '/';
    const { code, type, body } = route(state, req.method ?? 'GET', url, counts);
    res.writeHead(code, { 'content-type': type, 'x-powered-by': 'Express' });
    res.end(body);
    const key = `${req.method} ${url.split('?')[0]} ${code}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (req.headers['x-sandbox-healthcheck']) return; // the `ps` health probe stays out of the logs
    if (code >= 500 && faultActive(state)) print(faultLines(state.scenario, started));
    print([accessLine(started, req.method ?? 'GET', url, code, Date.now() - started + 1)]);
  });
  server.listen(initial.api.port, '127.0.0.1', () => {
    if (!quietBoot) print(listeningLines(Date.now()));
  });
  const stop = (signal) => {
    print([nestLine(Date.now(), 'LOG', 'Bootstrap', `Received ${signal}, shutting down`)]);
    process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

function route(state, method, url, counts) {
  const path = url.split('?')[0];
  if (method === 'GET' && path === '/api/v1/health') {
    const answer = healthAnswer(state);
    return json(answer.code, answer.body);
  }
  if (method === 'GET' && path === '/api/v1/auth/health') {
    if (state.scenario === 'jwt-missing')
      return json(500, { statusCode: 500, message: 'Internal server error' });
    return json(200, { status: 'ok', jwt: 'configured', algorithm: 'HS256' });
  }
  if (method === 'GET' && path === '/api/v1/metrics') {
    return { code: 200, type: 'text/plain; version=0.0.4; charset=utf-8', body: metrics(state, counts) };
  }
  return json(404, { message: `Cannot ${method} ${path}`, error: 'Not Found', statusCode: 404 });
}

function json(code, value) {
  return { code, type: 'application/json; charset=utf-8', body: JSON.stringify(value) };
}

function metrics(state, counts) {
  const degraded = state.scenario === 'restart-fixes-it' && state.api.degraded;
  const memory = process.memoryUsage();
  const up = (down) => (down ? 0 : 1);
  const lines = [
    '# HELP process_cpu_user_seconds_total Total user CPU time spent in seconds.',
    '# TYPE process_cpu_user_seconds_total counter',
    `process_cpu_user_seconds_total ${(process.cpuUsage().user / 1e6).toFixed(6)}`,
    '# HELP process_resident_memory_bytes Resident memory size in bytes.',
    '# TYPE process_resident_memory_bytes gauge',
    `process_resident_memory_bytes ${degraded ? 2_007_000_000 : memory.rss}`,
    '# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.',
    '# TYPE process_start_time_seconds gauge',
    `process_start_time_seconds ${Math.round((state.api.startedAt ?? Date.now()) / 1000)}`,
    '# HELP nodejs_eventloop_lag_seconds Lag of event loop in seconds.',
    '# TYPE nodejs_eventloop_lag_seconds gauge',
    `nodejs_eventloop_lag_seconds ${degraded ? 2.412 : 0.003}`,
    '# HELP atendechat_redis_up Whether the API reaches Redis.',
    '# TYPE atendechat_redis_up gauge',
    `atendechat_redis_up ${up(state.scenario === 'redis-down')}`,
    '# HELP atendechat_database_up Whether the API reaches PostgreSQL.',
    '# TYPE atendechat_database_up gauge',
    `atendechat_database_up ${up(state.scenario === 'db-down')}`,
    '# HELP http_requests_total Requests served by this process.',
    '# TYPE http_requests_total counter',
  ];
  for (const [key, count] of counts) {
    const [method, route, status] = key.split(' ');
    lines.push(`http_requests_total{method="${method}",route="${route}",status="${status}"} ${count}`);
  }
  return `${lines.join('\n')}\n`;
}
