// `docker compose logs [--tail=N] [--no-log-prefix] [SERVICE...]`: per-container lines with the `api-1  | ` prefix.
import fs from 'node:fs';
import { isService } from './containers.mjs';
import { SERVICES } from './scenarios.mjs';
import { caddyLines, dbLines, redisLines } from './service-log-lines.mjs';
import { sandboxPaths } from './state.mjs';

const MAX_READ_BYTES = 2 * 1024 * 1024;

export function composeLogs(ctx, args) {
  let tail = null;
  let prefix = true;
  const wanted = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg.startsWith('--tail=')) tail = arg.slice('--tail='.length);
    else if (arg === '--tail' || arg === '-n') tail = args[++i] ?? '';
    else if (arg === '--no-log-prefix') prefix = false;
    else if (arg === '--no-color' || arg === '-t' || arg === '--timestamps') continue;
    else if (arg === '-f' || arg === '--follow')
      return ctx.fail('logs --follow is not supported by the sandbox');
    else if (arg.startsWith('-')) return ctx.fail(`unknown flag: ${arg}`);
    else if (!isService(arg)) return ctx.fail(`no such service: ${arg}`);
    else wanted.push(arg);
  }
  const count = tail === null || tail === 'all' ? Number.POSITIVE_INFINITY : Number(tail);
  if (!Number.isInteger(count) && count !== Number.POSITIVE_INFINITY)
    return ctx.fail(`invalid tail: ${tail}`);
  const services = wanted.length > 0 ? SERVICES.filter((s) => wanted.includes(s)) : SERVICES;
  const width = Math.max(...services.map((s) => `${s}-1`.length));
  const out = [];
  for (const service of services) {
    const lines = linesOf(ctx.state, service);
    const kept = count === Number.POSITIVE_INFINITY ? lines : lines.slice(Math.max(0, lines.length - count));
    const label = prefix ? `${`${service}-1`.padEnd(width)}  | ` : '';
    for (const line of kept) out.push(label + line);
  }
  return out.length > 0 ? ctx.print(out.join('\n')) : 0;
}

function linesOf(state, service) {
  const now = Date.now();
  if (service === 'redis') return redisLines(state, now);
  if (service === 'db') return dbLines(state, now);
  if (service === 'caddy') return caddyLines(state, now);
  return readTail(sandboxPaths(state.dir).apiLog);
}

function readTail(file) {
  let text;
  try {
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r');
    const length = Math.min(size, MAX_READ_BYTES);
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    fs.closeSync(fd);
    text = buffer.toString('utf8');
  } catch {
    return [];
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
