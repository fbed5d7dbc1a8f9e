// `npm run sandbox -- <scenario> [--dir DIR]`: starts a simulated AtendeChat host and says how to use it.
import path from 'node:path';
import { type Sandbox, SCENARIOS, startSandbox } from './host.ts';
import { isScenarioName } from './lib/scenarios.mjs';

function usage(): string {
  const list = SCENARIOS.map((s) => `  ${s.name.padEnd(17)} ${s.description}`).join('\n');
  return `usage: npm run sandbox -- <scenario> [--dir DIR]   (default dir: ./tmp/sandbox)\n\nscenarios:\n${list}\n`;
}

function parseArgs(argv: string[]): { scenario?: string; dir?: string; help: boolean } {
  let scenario: string | undefined;
  let dir: string | undefined = path.resolve('tmp/sandbox');
  let help = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--dir') dir = argv[++i];
    else if (arg.startsWith('--dir=')) dir = arg.slice('--dir='.length);
    else if (arg === '-h' || arg === '--help') help = true;
    else if (!arg.startsWith('-')) scenario = arg;
  }
  return { scenario, dir: dir ? path.resolve(dir) : undefined, help };
}

async function main(argv: string[]): Promise<number> {
  const { scenario, dir, help } = parseArgs(argv);
  if (help) {
    process.stdout.write(usage());
    return 0;
  }
  if (!scenario || !isScenarioName(scenario) || !dir) {
    process.stderr.write(`${scenario ? `unknown scenario "${scenario}"\n` : ''}${usage()}`);
    return 2;
  }
  const sandbox = await startSandbox({ scenario, dir });
  process.stdout.write(instructions(sandbox, scenario));
  await untilSignal();
  process.stdout.write('\nstopping the sandbox api...\n');
  await sandbox.stop();
  return 0;
}

function instructions(sandbox: Sandbox, scenario: string): string {
  return [
    `Simulated AtendeChat host, scenario "${scenario}", in ${sandbox.dir}`,
    `API (what http://localhost:8080 means here): ${sandbox.apiUrl}`,
    '',
    'In another shell:',
    `  export PATH=${sandbox.binDir}:$PATH SANDBOX_STATE=${sandbox.statePath}`,
    `  npx runbook-bot run api-down diagnose --workdir ${sandbox.dir}`,
    '',
    'Or poke it by hand (from that shell):',
    `  cd ${sandbox.dir} && docker compose -f compose.prod.yml ps -a`,
    '',
    'Ctrl-C stops it.',
    '',
  ].join('\n');
}

/** Waits for Ctrl-C / SIGTERM; the timer keeps node alive meanwhile (the api child is unref'd). */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const keepAlive = setInterval(() => {}, 60_000);
    const done = () => {
      clearInterval(keepAlive);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
