import path from 'node:path';
import type { Clock } from '../core/ports.ts';
import { describeDatabaseUrl, openPostgresStore } from './postgres/postgres-store.ts';
import { openStore, storeFileName } from './sqlite-store.ts';
import type { Store } from './store.ts';

/** Where the state lives: PostgreSQL when `databaseUrl` is set, else the SQLite file in `dataDir`. */
export interface StoreLocation {
  databaseUrl: string | null;
  dataDir: string;
  /** PostgreSQL only: how long one call may wait for a database that is down or stuck. */
  databaseTimeoutMs?: number;
  /** SQLite only: a long-running process (serve) checkpoints on a thread of its own. */
  longRunning?: boolean;
}

const postgresUrl = /^postgres(ql)?:\/\//i;

/** Null when fine, else what is wrong with DATABASE_URL (never echoing it: it may hold a password). */
export function checkDatabaseUrl(url: string): string | null {
  if (!postgresUrl.test(url)) return 'must start with postgres:// or postgresql://';
  try {
    const parsed = new URL(url);
    if (!parsed.hostname) return 'has no host';
  } catch {
    return 'is not a valid URL';
  }
  return null;
}

/** For logs and the doctor: `PostgreSQL at host:5432/db` or `SQLite at /var/lib/runbook-bot/runbook-bot.sqlite`. */
export function describeStoreLocation(location: StoreLocation): string {
  return location.databaseUrl
    ? `PostgreSQL at ${describeDatabaseUrl(location.databaseUrl)}`
    : `SQLite at ${path.join(location.dataDir, storeFileName)}`;
}

/** The store of this deployment (the one factory every process uses: serve, the CLI, the demo). */
export function openConfiguredStore(location: StoreLocation, clock: Clock): Store {
  if (location.databaseUrl) {
    return openPostgresStore({
      url: location.databaseUrl,
      clock,
      ...(location.databaseTimeoutMs ? { timeoutMs: location.databaseTimeoutMs } : {}),
    });
  }
  return openStore({
    file: path.join(location.dataDir, storeFileName),
    clock,
    checkpointInBackground: location.longRunning === true,
  });
}

/** The store location from the environment (DATABASE_URL, DATABASE_TIMEOUT_MS, DATA_DIR), for CLI commands. */
export function storeLocationFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): StoreLocation {
  const url = env.DATABASE_URL?.trim() || null;
  const timeout = Number(env.DATABASE_TIMEOUT_MS?.trim() || '');
  return {
    databaseUrl: url,
    dataDir: path.resolve(cwd, env.DATA_DIR?.trim() || './data'),
    ...(Number.isInteger(timeout) && timeout >= 100 ? { databaseTimeoutMs: timeout } : {}),
  };
}
