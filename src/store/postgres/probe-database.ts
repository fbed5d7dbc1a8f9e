import pg from 'pg';
import { pgSchemaVersion } from './pg-migrations.ts';

/**
 * Connects once (no pool, no worker, no migration) and reads the schema version: what the doctor
 * asks. Throws the driver's error when the database cannot be reached or refuses the login.
 */
export async function probeDatabase(url: string, timeoutMs = 5_000): Promise<{ version: number }> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    application_name: 'runbook-bot doctor',
  });
  client.on('error', () => {});
  await client.connect();
  try {
    return { version: await pgSchemaVersion(client) };
  } finally {
    await client.end().catch(() => {});
  }
}
