// Log lines of the containers that are not real processes here (redis, db, caddy), generated per scenario.

const MINUTE = 60_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function two(n) {
  return String(n).padStart(2, '0');
}

function redisTime(ms) {
  const d = new Date(ms);
  return `${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
}

function pgTime(ms) {
  return `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')} UTC`;
}

export function redisLines(state, now) {
  const start = state.createdAt + MINUTE;
  const lines = [
    `1:C ${redisTime(start)} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`,
    `1:C ${redisTime(start)} * Redis version=7.2.5, bits=64, commit=00000000, modified=0, pid=1, just started`,
    `1:C ${redisTime(start)} * Configuration loaded`,
    `1:M ${redisTime(start)} * monotonic clock: POSIX clock_gettime`,
    `1:M ${redisTime(start)} * Running mode=standalone, port=6379.`,
    `1:M ${redisTime(start)} * Server initialized`,
    `1:M ${redisTime(start)} * Ready to accept connections tcp`,
  ];
  for (let t = now - 40 * MINUTE; t < now; t += 10 * MINUTE) {
    if (state.scenario === 'redis-down' && t > state.scenarioSince - 3 * MINUTE) break;
    lines.push(`1:M ${redisTime(t)} * 100 changes in 300 seconds. Saving...`);
    lines.push(`1:M ${redisTime(t)} * Background saving started by pid ${200 + (t % 97)}`);
    if (state.scenario === 'disk-full' && t > now - 15 * MINUTE) {
      lines.push(
        `${200 + (t % 97)}:C ${redisTime(t)} # Write error saving DB on disk: No space left on device`,
      );
      lines.push(`1:M ${redisTime(t)} # Background saving error`);
    } else {
      lines.push(`${200 + (t % 97)}:C ${redisTime(t)} * DB saved on disk`);
      lines.push(`1:M ${redisTime(t)} * Background saving terminated with success`);
    }
  }
  if (state.scenario === 'redis-down') {
    const t = state.scenarioSince - 3 * MINUTE - 2000;
    lines.push(
      `1:M ${redisTime(t)} # WARNING: used_memory 1.98G is close to maxmemory; the kernel OOM killer may act`,
    );
  }
  return lines;
}

export function dbLines(state, now) {
  const start = state.createdAt + MINUTE;
  const lines = [
    '',
    'PostgreSQL Database directory appears to contain a database; Skipping initialization',
    '',
    `${pgTime(start)} [1] LOG:  starting PostgreSQL 16.4 on x86_64-pc-linux-musl, compiled by gcc (Alpine 13.2.1) 13.2.1, 64-bit`,
    `${pgTime(start)} [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432`,
    `${pgTime(start)} [1] LOG:  listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"`,
    `${pgTime(start)} [1] LOG:  database system is ready to accept connections`,
  ];
  for (let t = now - 30 * MINUTE; t < now; t += 5 * MINUTE) {
    if (state.scenario === 'db-down' && t > state.scenarioSince - 4 * MINUTE) break;
    lines.push(`${pgTime(t)} [27] LOG:  checkpoint starting: time`);
    lines.push(
      `${pgTime(t + 3000)} [27] LOG:  checkpoint complete: wrote 41 buffers (0.3%); 0 WAL file(s) added`,
    );
    if (state.scenario === 'disk-full' && t > now - 15 * MINUTE) {
      lines.push(
        `${pgTime(t + 4000)} [318] ERROR:  could not extend file "base/16384/16521": No space left on device`,
      );
      lines.push(`${pgTime(t + 4000)} [318] HINT:  Check free disk space.`);
    }
  }
  if (state.scenario === 'db-down') {
    const t = state.scenarioSince - 4 * MINUTE - 1000;
    lines.push(`${pgTime(t)} [1] LOG:  server process (PID 412) was terminated by signal 9: Killed`);
    lines.push(`${pgTime(t)} [1] LOG:  terminating any other active server processes`);
    lines.push(`${pgTime(t)} [1] PANIC:  could not locate a valid checkpoint record`);
  }
  return lines;
}

export function caddyLines(state, now) {
  const ts = (ms) => (ms / 1000).toFixed(6);
  const start = state.createdAt + MINUTE;
  const lines = [
    `{"level":"info","ts":${ts(start)},"msg":"using config from file","file":"/etc/caddy/Caddyfile"}`,
    `{"level":"info","ts":${ts(start)},"logger":"tls","msg":"certificate obtained successfully","identifier":"api.atendechat.com.br"}`,
    `{"level":"info","ts":${ts(start)},"msg":"serving initial configuration"}`,
  ];
  const upstreamError =
    state.scenario === 'api-exited'
      ? 'dial tcp 172.18.0.5:3000: connect: connection refused'
      : state.scenario === 'restart-fixes-it' && state.api.degraded
        ? 'context deadline exceeded'
        : null;
  if (upstreamError) {
    for (let t = now - 2 * MINUTE; t < now; t += 30_000) {
      lines.push(
        `{"level":"error","ts":${ts(t)},"logger":"http.log.error","msg":"${upstreamError}","request":{"remote_ip":"189.6.14.2","method":"GET","host":"api.atendechat.com.br","uri":"/api/v1/tickets"},"status":502}`,
      );
    }
  }
  return lines;
}
