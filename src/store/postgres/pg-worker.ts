/**
 * The database worker thread behind the synchronous PostgreSQL store (`postgres-store.ts`). It owns
 * one `pg` Pool per opened store and answers one request at a time while the main thread waits
 * (synckit: a MessagePort plus Atomics.wait). Every request is bounded: connecting, each statement
 * and the whole call time out a little before the main thread stops waiting, so the caller
 * normally gets PostgreSQL's own error rather than a bare timeout.
 */
import pg from 'pg';
import { runAsWorker } from 'synckit';
import { pgMigrate } from './pg-migrations.ts';
import { type Db, pgOperations, readOnlyOperations, type StoreOperation } from './pg-operations.ts';
import type { WorkerRequest } from './pg-protocol.ts';

// BIGINT (epoch milliseconds, ids, counts) as numbers: every value the store keeps fits in 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

const stores = new Map<number, Db>();
let nextHandle = 1;

/** Errors of a connection that died under us (server restart, network): the statement did not run or we cannot know. */
function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (
    typeof code === 'string' &&
    /^(57P0[123]|08\d{3}|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT)$/.test(code)
  ) {
    return true;
  }
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
}

/** A plain, cloneable error that keeps PostgreSQL's code and says whether the database was unreachable. */
function plainError(error: unknown): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const copy = new Error(source.message || String((source as { code?: unknown }).code ?? 'database error'));
  Object.assign(copy, {
    code: (source as { code?: unknown }).code ?? null,
    unavailable: isConnectionError(source),
  });
  return copy;
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.kind) {
    case 'open': {
      const { url, timeoutMs } = request;
      const pool = new pg.Pool({
        connectionString: url,
        max: 4,
        // Each bound sits below the main thread's wait (timeoutMs), in this order.
        connectionTimeoutMillis: Math.max(100, Math.floor(timeoutMs * 0.4)),
        statement_timeout: Math.max(100, Math.floor(timeoutMs * 0.6)),
        lock_timeout: Math.max(100, Math.floor(timeoutMs * 0.5)),
        query_timeout: Math.max(100, Math.floor(timeoutMs * 0.7)),
        idle_in_transaction_session_timeout: Math.max(1_000, timeoutMs * 2),
        idleTimeoutMillis: 30_000,
        keepAlive: true,
        application_name: 'runbook-bot',
      });
      // An idle connection that dies (database restarted) must not kill the worker: the pool drops it.
      pool.on('error', () => {});
      const client = await pool.connect().catch(async (error: unknown) => {
        await pool.end().catch(() => {});
        throw error;
      });
      let version: number;
      try {
        // Migrating may wait for another replica's migration (advisory lock): no statement timeout here.
        await client.query('SET statement_timeout = 0');
        version = await pgMigrate(client);
        await client.query('RESET statement_timeout');
      } catch (error) {
        client.release(true);
        await pool.end().catch(() => {});
        throw error;
      }
      client.release();
      const id = nextHandle++;
      stores.set(id, { pool });
      return { handle: id, version };
    }
    case 'call': {
      const db = stores.get(request.handle);
      if (!db) throw new Error('the PostgreSQL store is closed');
      const operation = pgOperations[request.operation] as (
        db: Db,
        now: number,
        ...args: unknown[]
      ) => Promise<unknown>;
      try {
        return await operation(db, request.now, ...request.args);
      } catch (error) {
        // A read on a connection the server dropped (restart) is safe to repeat once on a new one.
        if (readOnlyOperations.has(request.operation as StoreOperation) && isConnectionError(error)) {
          return await operation(db, request.now, ...request.args);
        }
        throw error;
      }
    }
    case 'ping': {
      const db = stores.get(request.handle);
      if (!db) throw new Error('the PostgreSQL store is closed');
      const client = await db.pool.connect();
      try {
        const result = await client.query<{ version: number | null }>(
          'SELECT (SELECT max(version) FROM schema_migrations) AS version',
        );
        return { version: Number(result.rows[0]?.version ?? 0) };
      } finally {
        client.release();
      }
    }
    case 'close': {
      const db = stores.get(request.handle);
      stores.delete(request.handle);
      await db?.pool.end().catch(() => {});
      return null;
    }
  }
}

runAsWorker(async (request: WorkerRequest) => {
  try {
    return await handle(request);
  } catch (error) {
    throw plainError(error);
  }
});
