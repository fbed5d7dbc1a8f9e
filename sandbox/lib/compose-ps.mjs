// `docker compose ps [-a] [-q] [--services] [SERVICE...]`. Like Compose v2, stopped containers need -a.
import { inspect, isService } from './containers.mjs';
import { humanDuration, statusText, table } from './docker-format.mjs';
import { SERVICES } from './scenarios.mjs';

const HEADER = ['NAME', 'IMAGE', 'COMMAND', 'SERVICE', 'CREATED', 'STATUS', 'PORTS'];

export async function composePs(ctx, args) {
  let all = false;
  let quiet = false;
  let servicesOnly = false;
  const wanted = [];
  for (const arg of args) {
    if (arg === '-a' || arg === '--all') all = true;
    else if (arg === '-q' || arg === '--quiet') quiet = true;
    else if (arg === '--services') servicesOnly = true;
    else if (arg.startsWith('-')) return ctx.fail(`unknown flag: ${arg}`);
    else if (!isService(arg)) return ctx.fail(`no such service: ${arg}`);
    else wanted.push(arg);
  }
  const now = Date.now();
  const services = wanted.length > 0 ? SERVICES.filter((s) => wanted.includes(s)) : SERVICES;
  const containers = await Promise.all(services.map((s) => inspect(ctx.statePath, ctx.state, s, now)));
  const shown = containers.filter((c) => all || c.running || c.restarting);
  if (servicesOnly) return ctx.print(shown.map((c) => c.service).join('\n'));
  if (quiet) return ctx.print(shown.map((c) => c.id).join('\n'));
  const rows = shown.map((c) => [
    c.name,
    c.image,
    c.command,
    c.service,
    `${humanDuration(now - c.createdAt)} ago`,
    statusText(c, now),
    c.running ? c.ports : '',
  ]);
  return ctx.print(table(HEADER, rows));
}
