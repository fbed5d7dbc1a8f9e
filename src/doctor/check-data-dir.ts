import { type CheckResult, failed, passed } from './check-result.ts';

export interface DataDirDeps {
  /** DATA_DIR: the SQLite state store lives there. */
  dir: string;
  /** Writes and deletes a temporary file in `dir`; throws when it cannot (see probeWriteDir). */
  probeWrite: (dir: string) => Promise<void>;
}

const name = 'Data folder';

export async function checkDataDir(deps: DataDirDeps): Promise<CheckResult> {
  try {
    await deps.probeWrite(deps.dir);
    return passed(name, `${deps.dir} is writable`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const reason = code ?? (error instanceof Error ? error.message : String(error));
    return failed(
      name,
      'error',
      `${deps.dir} is not writable (${reason}): incidents, approvals and the timeline cannot be stored`,
      'set DATA_DIR to a folder the bot user owns (systemd: /var/lib/runbook-bot via StateDirectory=; Docker: the /data volume)',
    );
  }
}
