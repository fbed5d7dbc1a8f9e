// Runs one runbook line like the executor does: `bash -o pipefail -c LINE` in the sandbox dir with its env.
import { spawn } from 'node:child_process';
import type { Sandbox } from '../../sandbox/host.ts';

export interface LineResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout + stderr, for "contains" checks. */
  output: string;
  durationMs: number;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  stdin?: string;
}

export function runLine(
  sandbox: Sandbox | null,
  line: string,
  options: RunOptions = {},
): Promise<LineResult> {
  const started = Date.now();
  const env = { ...process.env, ...(sandbox?.env ?? {}), ...(options.env ?? {}) };
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', line], {
      cwd: options.cwd ?? sandbox?.dir,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('close', (code) => {
      resolve({
        code: code ?? -1,
        stdout,
        stderr,
        output: stdout + stderr,
        durationMs: Date.now() - started,
      });
    });
    child.stdin.on('error', () => {}); // a command that never reads stdin may close it first
    child.stdin.end(options.stdin ?? '');
  });
}
