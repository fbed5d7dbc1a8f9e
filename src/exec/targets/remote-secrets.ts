import { secretsOfEnvText } from '../redact/collect-secrets.ts';
import { envFilesScript } from './remote-scripts.ts';
import type { SshConnection } from './ssh-connection.ts';

/**
 * The secret-looking values of the `.env`, `.env.*` files in an SSH target's workdir, read over
 * the target's connection. The files' text stays in this process: it is parsed here and never
 * logged, captured or shown. Empty when the host cannot be reached or has no such files. Called
 * before the connection is open, it opens it (call it first: connecting costs no extra process).
 */
export async function readRemoteSecrets(
  connection: SshConnection,
  workdir: string | undefined,
): Promise<string[]> {
  if (workdir === undefined) return [];
  // The first reading of a fresh connection is the master's own first session (no extra process).
  const result = await connection.runScript(envFilesScript(workdir), undefined, { opens: true });
  if (result.code !== 0) return [];
  const found = new Set<string>();
  for (const text of result.stdout.toString('utf8').split('\0')) {
    for (const secret of secretsOfEnvText(text)) found.add(secret);
  }
  return [...found];
}
