import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/ports.ts';
import { pgLatestVersion, pgMigrate, pgMigrations } from '../../src/store/postgres/pg-migrations.ts';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { probeDatabase } from '../../src/store/postgres/probe-database.ts';
import { isStoreUnavailable } from '../../src/store/store-unavailable.ts';
import { type PostgresCluster, startPostgresCluster } from '../support/postgres-cluster.ts';
import { describeStoreContract } from './contract/describe-store-contract.ts';

// One throwaway cluster for the file; every test gets its own empty database.
let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
}, 120_000);
afterAll(() => cluster?.stop());

describeStoreContract('PostgreSQL', async (clock) => {
  const url = await cluster.createDatabase();
  const store = openPostgresStore({ url, clock });
  return {
    store,
    reopen: () => openPostgresStore({ url, clock }),
    dispose: () => store.close(),
  };
});

describe('PostgreSQL store', () => {
  it('migrates once to the latest version, and a second opener finds nothing to do', async () => {
    const url = await cluster.createDatabase();
    const first = openPostgresStore({ url, clock: systemClock });
    const second = openPostgresStore({ url, clock: systemClock });
    try {
      expect(first.ping()).toEqual({ version: pgLatestVersion });
      expect(second.ping()).toEqual({ version: pgLatestVersion });
    } finally {
      first.close();
      second.close();
    }
  });

  it('says clearly that the database is unreachable, quickly, and works again once it is back', async () => {
    const url = await cluster.createDatabase();
    const store = openPostgresStore({ url, clock: systemClock });
    try {
      const { incident } = store.openIncident({ runbook: 'api-down', channel: 'C1', openedBy: 'U1' });
      cluster.halt();
      let thrown: unknown;
      try {
        store.claimOnce('command:T1');
      } catch (error) {
        thrown = error;
      }
      expect(isStoreUnavailable(thrown)).toBe(true);
      expect(String(thrown)).toMatch(/database is not reachable: PostgreSQL at 127\.0\.0\.1:\d+\/test_/);
      expect(() => store.getIncident(incident.id)).toThrow(/not reachable/);
      cluster.start();
      // Nothing was written while it was down: the claim is still free.
      expect(store.claimOnce('command:T1')).toBe(true);
      expect(store.getIncident(incident.id)?.id).toBe(incident.id);
    } finally {
      store.close();
    }
  }, 120_000);

  it('applies a migration numbered before ones already applied, and refuses a database newer than the code', async () => {
    const client = new pg.Client({ connectionString: await cluster.createDatabase() });
    await client.connect();
    try {
      const gap = pgMigrations.at(-2)!;
      await pgMigrate(
        client,
        pgMigrations.filter((migration) => migration !== gap),
      );
      expect(await pgMigrate(client)).toBe(pgLatestVersion);
      const versions = await client.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY 1',
      );
      expect(versions.rows.map((row) => row.version)).toEqual(
        pgMigrations.map((migration) => migration.version),
      );
      await expect(pgMigrate(client, pgMigrations.slice(0, 3))).rejects.toThrow(
        /newer than this runbook-bot/,
      );
    } finally {
      await client.end();
    }
  });

  it('lets the doctor read the schema version without migrating (0 on an empty database)', async () => {
    const url = await cluster.createDatabase();
    expect(await probeDatabase(url)).toEqual({ version: 0 });
    openPostgresStore({ url, clock: systemClock }).close();
    expect(await probeDatabase(url)).toEqual({ version: pgLatestVersion });
    await expect(probeDatabase('postgres://bot@127.0.0.1:1/none', 2_000)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('refuses a bad URL with a message that names it, without the password', () => {
    expect(() =>
      openPostgresStore({
        url: 'postgres://bot:s3cret@127.0.0.1:1/none',
        clock: systemClock,
        timeoutMs: 2_000,
      }),
    ).toThrow(/PostgreSQL at 127\.0\.0\.1:1\/none/);
    try {
      openPostgresStore({
        url: 'postgres://bot:s3cret@127.0.0.1:1/none',
        clock: systemClock,
        timeoutMs: 2_000,
      });
    } catch (error) {
      expect(String(error)).not.toContain('s3cret');
    }
  });
});
