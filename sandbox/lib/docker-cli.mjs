// The sandbox's `docker`: answers `docker compose -f FILE ps|logs|restart|exec|stats` and `docker stats`
// from the sandbox state, in Compose v2's formats. It never talks to a Docker engine.
import fs from 'node:fs';
import path from 'node:path';
import { locateState, readState } from './state.mjs';

const NO_ENGINE =
  'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
const SUPPORTED =
  'the sandbox supports: docker compose -f FILE ps|logs|restart|exec|stats, docker stats, docker version';
const GLOBAL_FLAGS_WITH_VALUE = new Set([
  '-f',
  '--file',
  '-p',
  '--project-name',
  '--env-file',
  '--ansi',
  '--progress',
  '--profile',
]);

process.stdout.on('error', () => {}); // `docker ... logs | head` closes the pipe early

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === '--version' || command === 'version')
    return print('Docker version 27.3.1, build ce12230 (sandbox)');
  const statePath = locateState();
  const ctx = statePath ? makeContext(statePath) : null;
  if (command === 'compose') return compose(ctx, rest);
  if (command === 'stats')
    return ctx ? (await import('./stats.mjs')).dockerStats(ctx, rest) : fail(NO_ENGINE);
  return fail(`docker: '${argv.join(' ')}' is not supported by the sandbox docker stand-in; ${SUPPORTED}`);
}

async function compose(ctx, args) {
  const files = [];
  let i = 0;
  for (; i < args.length && args[i].startsWith('-'); i += 1) {
    const [flag, inline] = args[i].split(/=(.*)/s);
    if (!GLOBAL_FLAGS_WITH_VALUE.has(flag)) return fail(`unknown flag: ${flag}`);
    const value = inline ?? args[++i];
    if (flag === '-f' || flag === '--file') files.push(value);
  }
  const [sub, ...subArgs] = args.slice(i);
  if (sub === 'version') return print('Docker Compose version v2.29.7 (sandbox)');
  if (!ctx) return fail(NO_ENGINE);
  const missing = missingComposeFile(files, ctx.state.dir);
  if (missing) return fail(missing);
  // Loaded on demand: every stand-in call pays node's start-up, not more.
  switch (sub) {
    case 'ps':
      return (await import('./compose-ps.mjs')).composePs(ctx, subArgs);
    case 'logs':
      return (await import('./compose-logs.mjs')).composeLogs(ctx, subArgs);
    case 'restart':
      return (await import('./compose-restart.mjs')).composeRestart(ctx, subArgs);
    case 'exec':
      return (await import('./compose-exec.mjs')).composeExec(ctx, subArgs);
    case 'stats':
      return (await import('./stats.mjs')).composeStats(ctx, subArgs);
    default:
      return fail(`docker compose ${sub ?? ''}: not supported by the sandbox docker stand-in; ${SUPPORTED}`);
  }
}

/** Compose reads -f relative to cwd; the sandbox also accepts the file in the sandbox dir (cwd elsewhere). */
function missingComposeFile(files, sandboxDir) {
  if (files.length === 0) {
    const defaults = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
    return defaults.some((f) => fs.existsSync(f)) ? null : 'no configuration file provided: not found';
  }
  for (const file of files) {
    if (!fs.existsSync(path.resolve(file)) && !fs.existsSync(path.resolve(sandboxDir, file))) {
      return `open ${path.resolve(file)}: no such file or directory`;
    }
  }
  return null;
}

function makeContext(statePath) {
  return {
    statePath,
    state: readState(statePath),
    print,
    warn: (text) => process.stderr.write(`${text}\n`),
    fail,
    readStdin,
  };
}

function print(text) {
  if (text !== '') process.stdout.write(`${text}\n`);
  return 0;
}

function fail(message, code = 1) {
  process.stderr.write(`${message}\n`);
  return code;
}

function readStdin() {
  if (process.stdin.isTTY) return Promise.resolve('');
  return new Promise((resolve) => {
    const chunks = [];
    process.stdin.on('data', (chunk) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', () => resolve(''));
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`sandbox docker: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
