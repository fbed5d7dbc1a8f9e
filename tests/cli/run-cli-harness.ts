import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CliDeps } from '../../src/cli/cli-deps.ts';
import { runCli } from '../../src/cli/main.ts';
import { systemClock } from '../../src/core/ports.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const fixture = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/runbooks/${name}`, import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Every write to stderr with when it happened (ms since the run started). */
  stderrWrites: { at: number; text: string }[];
  wallMs: number;
}

/** The `--json` shape of `runbook-bot run` (issue 3). */
export interface RunJson {
  runbook: string;
  section: string;
  steps: {
    id: string;
    title: string;
    command: string;
    status: string;
    exitCode: number | null;
    timedOut: boolean;
    durationMs: number;
    expect: string | null;
    /** The English line of `detail`, for people and older scripts. */
    verdict: string;
    /** The verdict as data (`VerdictDetail`): what scripts should read. */
    detail: { kind: string } & Record<string, unknown>;
    output: string;
    outputTruncated: boolean;
    droppedBytes: number;
  }[];
  suggestions: { sectionId: string; title: string; evidence: string }[];
  durationMs: number;
}

/** What the steps see: the sandbox's PATH and nothing of this machine's environment but HOME/LANG. */
export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  // A change run records itself in DATA_DIR's store: each test process gets its own, never ./data.
  return {
    HOME: process.env.HOME ?? '/root',
    LANG: 'C.UTF-8',
    PATH: process.env.PATH ?? '',
    DATA_DIR: testDataDir,
    ...extra,
  };
}

const testDataDir = mkdtempSync(join(tmpdir(), 'runbook-bot-cli-data-'));

/** A writable that keeps what was written, with timestamps; `isTTY` as asked. */
function recorder(started: number, isTTY = false) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (isTTY) stream.isTTY = true;
  const writes: { at: number; text: string }[] = [];
  stream.on('data', (chunk: Buffer) =>
    writes.push({ at: performance.now() - started, text: chunk.toString('utf8') }),
  );
  return { stream, writes, text: () => writes.map((write) => write.text).join('') };
}

/** Runs the CLI in-process (same error boundary as the binary, real clock), output captured. */
export async function runInProcess(
  argv: string[],
  options: { env: Record<string, string>; stdin?: PassThrough & { isTTY?: boolean }; typed?: string } = {
    env: cliEnv(),
  },
): Promise<CliRun> {
  const started = performance.now();
  const out = recorder(started);
  const err = recorder(started);
  const stdin = options.stdin ?? new PassThrough();
  if (options.typed !== undefined) stdin.end(options.typed);
  const deps: CliDeps = {
    stdout: out.stream,
    stderr: err.stream,
    stdin,
    env: options.env,
    cwd: repoRoot,
    clock: systemClock,
  };
  const code = await runCli(argv, deps);
  await new Promise((resolve) => setImmediate(resolve));
  return {
    code,
    stdout: out.text(),
    stderr: err.text(),
    stderrWrites: err.writes,
    wallMs: performance.now() - started,
  };
}

export interface SpawnedRun extends CliRun {
  /** Highest VmHWM (peak resident set) seen in /proc/<pid>/status, in KiB. */
  peakKiB: number;
  pid: number;
}

/** Runs the real `node bin/runbook-bot.js …` from the repository root. */
export function spawnBin(
  argv: string[],
  env: Record<string, string>,
  onTick?: (pid: number) => void,
): Promise<SpawnedRun> {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/runbook-bot.js', ...argv], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid ?? -1;
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stderrWrites: { at: number; text: string }[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => {
    err.push(chunk);
    stderrWrites.push({ at: performance.now() - started, text: chunk.toString('utf8') });
  });
  let peakKiB = 0;
  const sample = (): void => {
    try {
      const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) peakKiB = Math.max(peakKiB, Number(hwm[1]));
    } catch {
      // exited
    }
    onTick?.(pid);
  };
  const timer = setInterval(sample, 25);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => sample());
    child.once('close', (code) => {
      clearInterval(timer);
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        stderrWrites,
        wallMs: performance.now() - started,
        peakKiB,
        pid,
      });
    });
  });
}

/** `ps -eo pid,pgid,args` as rows. */
export async function processTable(): Promise<{ pid: number; pgid: number; args: string }[]> {
  const child = spawn('ps', ['-eo', 'pid,pgid,args'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise((resolve) => child.once('close', resolve));
  return Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .slice(1)
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), pgid: Number(match[2]), args: match[3]! }));
}
