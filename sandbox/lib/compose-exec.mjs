// `docker compose exec [-T] SERVICE CMD...`: the few commands the runbook runs inside containers.
import { inspect, isService } from './containers.mjs';
import { readEnvFile } from './env-file.mjs';

const FLAGS_WITH_VALUE = new Set(['-e', '--env', '-u', '--user', '-w', '--workdir', '--index']);
const BOOLEAN_FLAGS = new Set([
  '-T',
  '--no-TTY',
  '--no-tty',
  '-d',
  '--detach',
  '--privileged',
  '-i',
  '--interactive',
]);

export async function composeExec(ctx, args) {
  let i = 0;
  while (i < args.length && args[i].startsWith('-')) {
    if (FLAGS_WITH_VALUE.has(args[i])) i += 2;
    else if (BOOLEAN_FLAGS.has(args[i]) || args[i].includes('=')) i += 1;
    else return ctx.fail(`unknown flag: ${args[i]}`);
  }
  const [service, ...command] = args.slice(i);
  if (!service) return ctx.fail('exec requires at least 2 arguments: SERVICE COMMAND');
  if (!isService(service)) return ctx.fail(`no such service: ${service}`);
  if (command.length === 0) return ctx.fail('exec requires at least 2 arguments: SERVICE COMMAND');
  const container = await inspect(ctx.statePath, ctx.state, service);
  if (!container.running) return ctx.fail(`service "${service}" is not running`);
  return runInside(ctx, service, command);
}

async function runInside(ctx, service, command) {
  const [program, ...rest] = command;
  if (program === 'env' && rest.length === 0) return ctx.print(containerEnv(ctx, service).join('\n'));
  if (program === 'printenv') {
    const env = containerEnv(ctx, service);
    if (rest.length === 0) return ctx.print(env.join('\n'));
    const values = rest.map((name) => env.find((e) => e.startsWith(`${name}=`))?.slice(name.length + 1));
    const found = values.filter((v) => v !== undefined);
    if (found.length > 0) ctx.print(found.join('\n'));
    return found.length === values.length ? 0 : 1;
  }
  if (
    program === 'redis-cli' &&
    rest.at(-1)?.toLowerCase() === 'ping' &&
    (service === 'api' || service === 'redis')
  ) {
    if (ctx.state.scenario === 'redis-down') {
      return ctx.fail('Could not connect to Redis at redis:6379: Connection refused');
    }
    return ctx.print('PONG');
  }
  if (service === 'api' && command.slice(0, 4).join(' ') === 'pnpm prisma db execute')
    return prismaExecute(ctx);
  if (service === 'api' && program === 'node' && rest[0] === '--version') return ctx.print('v20.18.0');
  if (service === 'db' && program === 'pg_isready')
    return ctx.print('/var/run/postgresql:5432 - accepting connections');
  return ctx.fail(
    `OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": executable file not found in $PATH: unknown`,
    126,
  );
}

async function prismaExecute(ctx) {
  await ctx.readStdin();
  ctx.print('Environment variables loaded from .env\nPrisma schema loaded from prisma/schema.prisma');
  if (ctx.state.scenario === 'db-down') {
    return ctx.fail(
      "Error: P1001: Can't reach database server at `db:5432`\n\nPlease make sure your database server is running at `db:5432`.",
    );
  }
  return ctx.print('Script executed successfully.');
}

function containerEnv(ctx, service) {
  const id = ctx.state.containerIds[service];
  const head = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `HOSTNAME=${id}`];
  if (service === 'api') {
    const fromFile = readEnvFile(ctx.state.dir)
      .filter(([key]) => !(ctx.state.scenario === 'jwt-missing' && key === 'JWT_SECRET'))
      .map(([key, value]) => `${key}=${value}`);
    return [
      ...head,
      ...fromFile,
      'NODE_VERSION=20.18.0',
      'YARN_VERSION=1.22.22',
      'PNPM_HOME=/pnpm',
      'HOME=/root',
    ];
  }
  if (service === 'redis') return [...head, 'REDIS_VERSION=7.2.5', 'HOME=/root'];
  if (service === 'db')
    return [...head, 'PG_MAJOR=16', 'PG_VERSION=16.4', 'PGDATA=/var/lib/postgresql/data', 'HOME=/root'];
  return [...head, 'CADDY_VERSION=v2.8.4', 'XDG_CONFIG_HOME=/config', 'XDG_DATA_HOME=/data', 'HOME=/root'];
}
