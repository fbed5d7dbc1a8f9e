// `docker stats [--no-stream] [CONTAINER...]` and `docker compose stats [SERVICE...]`: one snapshot, never a stream.
import { containerName, inspect, isService } from './containers.mjs';
import { table } from './docker-format.mjs';
import { SERVICES } from './scenarios.mjs';

const HEADER = [
  'CONTAINER ID',
  'NAME',
  'CPU %',
  'MEM USAGE / LIMIT',
  'MEM %',
  'NET I/O',
  'BLOCK I/O',
  'PIDS',
];

const USAGE = {
  api: { cpu: 2.31, mem: 182.4, limit: 2048, net: '48.2MB / 61.7MB', block: '24.1MB / 1.2MB', pids: 11 },
  degradedApi: {
    cpu: 187.42,
    mem: 1915.3,
    limit: 2048,
    net: '52.9MB / 63.0MB',
    block: '24.6MB / 1.3MB',
    pids: 23,
  },
  caddy: { cpu: 0.12, mem: 38.9, limit: 512, net: '95.1MB / 102MB', block: '8.2MB / 41kB', pids: 9 },
  db: { cpu: 1.05, mem: 211.7, limit: 1024, net: '31.4MB / 40.8MB', block: '301MB / 1.9GB', pids: 14 },
  redis: { cpu: 0.48, mem: 23.6, limit: 512, net: '12.9MB / 15.2MB', block: '4.1MB / 98.3MB', pids: 6 },
};

/** `docker stats NAME` names containers; the sandbox also accepts a bare service name (`api`) and the id. */
export async function dockerStats(ctx, args) {
  const names = args.filter((a) => !a.startsWith('-'));
  const unknownFlag = args.find(
    (a) => a.startsWith('-') && !['--no-stream', '-a', '--all', '--no-trunc'].includes(a),
  );
  if (unknownFlag) return ctx.fail(`unknown flag: ${unknownFlag}`);
  const services = [];
  for (const name of names) {
    const service = SERVICES.find(
      (s) => s === name || containerName(s) === name || ctx.state.containerIds[s].startsWith(name),
    );
    if (!service) return ctx.fail(`Error response from daemon: No such container: ${name}`);
    services.push(service);
  }
  return printStats(ctx, services.length > 0 ? services : SERVICES, names.length > 0);
}

export async function composeStats(ctx, args) {
  const wanted = args.filter((a) => !a.startsWith('-'));
  const bad = wanted.find((s) => !isService(s));
  if (bad) return ctx.fail(`no such service: ${bad}`);
  return printStats(ctx, wanted.length > 0 ? SERVICES.filter((s) => wanted.includes(s)) : SERVICES, false);
}

async function printStats(ctx, services, includeStopped) {
  const containers = await Promise.all(services.map((s) => inspect(ctx.statePath, ctx.state, s)));
  const rows = containers
    .filter((c) => c.running || includeStopped)
    .map((c) => {
      if (!c.running) return [c.id, c.name, '0.00%', '0B / 0B', '0.00%', '0B / 0B', '0B / 0B', '0'];
      const degraded =
        c.service === 'api' && ctx.state.scenario === 'restart-fixes-it' && ctx.state.api.degraded;
      const u = degraded ? USAGE.degradedApi : USAGE[c.service];
      return [
        c.id,
        c.name,
        `${u.cpu.toFixed(2)}%`,
        `${mib(u.mem)} / ${mib(u.limit)}`,
        `${((u.mem / u.limit) * 100).toFixed(2)}%`,
        u.net,
        u.block,
        String(u.pids),
      ];
    });
  return ctx.print(table(HEADER, rows));
}

function mib(value) {
  return value >= 1024 ? `${(value / 1024).toFixed(3).replace(/\.?0+$/, '')}GiB` : `${value}MiB`;
}
