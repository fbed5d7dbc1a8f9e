import type { StoreOperation } from './pg-operations.ts';

/** Requests from the main thread to the database worker (`pg-worker.ts`). */
export type WorkerRequest =
  | { kind: 'open'; url: string; timeoutMs: number }
  | { kind: 'call'; handle: number; operation: StoreOperation; now: number; args: unknown[] }
  | { kind: 'ping'; handle: number }
  | { kind: 'close'; handle: number };

export interface OpenResult {
  handle: number;
  version: number;
}
