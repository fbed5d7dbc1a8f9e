import { type CheckResult, failed, passed } from './check-result.ts';

export interface DatabaseCheckDeps {
  /** `PostgreSQL at host:5432/db` (never the password). */
  where: string;
  /** Reaches the database and reads its schema version (0: empty). */
  probe: () => Promise<{ version: number }>;
  /** The schema version this runbook-bot migrates to. */
  latestVersion: number;
}

const name = 'Database';

/** DATABASE_URL: reachable, and its schema not newer than this runbook-bot. */
export async function checkDatabase(deps: DatabaseCheckDeps): Promise<CheckResult> {
  let version: number;
  try {
    ({ version } = await deps.probe());
  } catch (error) {
    const code = (error as { code?: unknown } | undefined)?.code;
    const reason = error instanceof Error && error.message ? error.message : String(code ?? error);
    return failed(
      name,
      'error',
      `${deps.where} is not reachable (${reason}): incidents, approvals and the timeline cannot be stored`,
      'start PostgreSQL, or fix DATABASE_URL (postgres://user:password@host:5432/database); unset it to use SQLite in DATA_DIR',
    );
  }
  if (version > deps.latestVersion) {
    return failed(
      name,
      'error',
      `${deps.where} has schema version ${version}, newer than this runbook-bot (${deps.latestVersion})`,
      'upgrade runbook-bot on this host to the version the other replicas run',
    );
  }
  if (version < deps.latestVersion) {
    return failed(
      name,
      'warning',
      `${deps.where} is reachable; schema version ${version}, the bot migrates it to ${deps.latestVersion} when it starts`,
      null,
    );
  }
  return passed(name, `${deps.where} is reachable, schema version ${version} (current)`);
}
