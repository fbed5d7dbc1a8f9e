import { createSyncFn } from 'synckit';
import type { Clock } from '../../core/ports.ts';
import type { Store } from '../store.ts';
import { StoreUnavailableError } from '../store-unavailable.ts';
import { pgOperations, type StoreOperation } from './pg-operations.ts';
import type { OpenResult, WorkerRequest } from './pg-protocol.ts';

export interface OpenPostgresStoreOptions {
  /** `postgres://user:password@host:5432/database` (libpq URL; `?sslmode=…` honoured by `pg`). */
  url: string;
  clock: Clock;
  /**
   * Bound of one store call against a database that is down or stuck: connecting gives up after
   * 40 % of it, a statement after 60 %. Default 5 s.
   */
  timeoutMs?: number;
}

/** A PostgreSQL store as the synchronous `Store` port, plus what readiness and the doctor ask. */
export interface PostgresStore extends Store {
  /** Reaches the database and reads its schema version; throws StoreUnavailableError when it cannot. */
  ping(): { version: number };
  readonly engine: 'postgres';
}

/** Every Store operation: `pgOperations` must implement each one (its type says so), so none is missed here. */
const operations = Object.keys(pgOperations) as StoreOperation[];

/** `host:port/database` of a URL, never its password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname || ''}`;
  } catch {
    return 'DATABASE_URL (not a valid URL)';
  }
}

const isTypeScript = import.meta.url.endsWith('.ts');
const workerFile = new URL(isTypeScript ? './pg-worker-tsx.mjs' : './pg-worker.js', import.meta.url);

/**
 * The main thread's own wait is a backstop for a stuck worker only: the worker's bounds (connect,
 * statement, query, all below `timeoutMs`) are what make a database that is down fail fast. The
 * allowance covers the worker's first start (loading `pg`; from sources, compiling them), which
 * on a loaded 2-core host took up to ~20 s.
 */
const startAllowanceMs = 60_000;

type Call = (request: WorkerRequest) => unknown;

let bridge: Call | null = null;
let bridgeWaitMs = 0;

/** One database worker per process (synckit keeps one worker per file), shared by every store opened in it. */
function workerCall(timeoutMs: number): Call {
  if (!bridge) {
    bridgeWaitMs = timeoutMs + startAllowanceMs;
    bridge = createSyncFn<(request: WorkerRequest) => Promise<unknown>>(workerFile.href, {
      timeout: bridgeWaitMs,
      execArgv: [],
    }) as Call;
  }
  return bridge;
}

/**
 * Opens (and migrates) the PostgreSQL store. The `Store` port is synchronous (better-sqlite3 set
 * its shape, and hundreds of call sites rely on it), so each call is handed to a worker thread
 * that owns a `pg` Pool, and the calling thread blocks until the answer comes back (synckit:
 * Atomics.wait on a SharedArrayBuffer, the reply read with receiveMessageOnPort). See
 * docs/ARCHITECTURE.md, "State", for the cost and the way to an asynchronous port.
 */
export function openPostgresStore({
  url,
  clock,
  timeoutMs = 5_000,
}: OpenPostgresStoreOptions): PostgresStore {
  const where = `PostgreSQL at ${describeDatabaseUrl(url)}`;
  const call = workerCall(timeoutMs);
  const send = (request: WorkerRequest): unknown => {
    try {
      return call(request);
    } catch (error) {
      throw explain(error, where, bridgeWaitMs);
    }
  };
  const opened = send({ kind: 'open', url, timeoutMs }) as OpenResult;
  let closed = false;
  const store = {
    engine: 'postgres' as const,
    ping: () => {
      if (closed) throw new StoreUnavailableError(`${where}: the store is closed`);
      return send({ kind: 'ping', handle: opened.handle }) as { version: number };
    },
    close: () => {
      if (closed) return;
      closed = true;
      try {
        send({ kind: 'close', handle: opened.handle });
      } catch {
        // Closing a pool whose database is gone: nothing left to release.
      }
    },
  } as PostgresStore;
  const mutable = store as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const operation of operations) {
    mutable[operation] = (...args: unknown[]) => {
      if (closed) throw new Error('the PostgreSQL store is closed');
      return send({ kind: 'call', handle: opened.handle, operation, now: clock.now(), args });
    };
  }
  return store;
}

/** Turns what the worker or the wait threw into an error that says what happened. */
function explain(error: unknown, where: string, waitMs: number): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/Atomics\.wait\(\) failed: timed-out/.test(message)) {
    return new StoreUnavailableError(`${where} did not answer within ${Math.round(waitMs / 1000)} s`);
  }
  if ((error as { unavailable?: unknown } | null)?.unavailable === true) {
    return new StoreUnavailableError(`${where}: ${message}`);
  }
  const code = (error as { code?: unknown } | null)?.code;
  // Statement/lock timeouts and "the database system is starting up": the database is there but not answering in time.
  if (code === '57014' || code === '55P03' || code === '57P03' || /timeout/i.test(message)) {
    return new StoreUnavailableError(`${where}: ${message}`);
  }
  if (error instanceof Error) return error;
  return new Error(message);
}
