import { Worker } from 'node:worker_threads';
import type { sendCommand } from './load.ts';

/** One signed slash command as bench/load.ts sends it. */
export type AckCommand = Parameters<typeof sendCommand>[0];

export interface AckRoundRequest {
  id: number;
  commands: AckCommand[];
}

export type AckRoundResult = { id: number; times: number[] } | { id: number; error: string };

export interface AckSender {
  /** Sends all commands at once from the sender thread; resolves with their ack times in ms. */
  round(commands: AckCommand[]): Promise<number[]>;
  close(): Promise<void>;
}

/**
 * The load generator of the ack rounds, in a worker thread: the stopwatch (send → complete
 * response) runs on a loop of its own, so time the bench's main loop spends serving the fake
 * Slack (the bot's Web API calls and response_url posts of 50 diagnoses) is not counted as ack
 * time. Used alike for the bot and the bare Bolt app.
 */
export function startAckSender(): AckSender {
  // `--import tsx` does not reach worker threads on Node 20: register tsx in the thread first.
  const entry = new URL('./ack-sender-worker.ts', import.meta.url).href;
  const bootstrap = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
register();
await import(${JSON.stringify(entry)});`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`));
  const pending = new Map<number, { resolve: (times: number[]) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let failed: Error | undefined;
  const failAll = (error: Error) => {
    failed = error;
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.on('message', (result: AckRoundResult) => {
    const waiter = pending.get(result.id);
    if (!waiter) return;
    pending.delete(result.id);
    if ('error' in result) waiter.reject(new Error(`ack sender: ${result.error}`));
    else waiter.resolve(result.times);
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`ack sender thread exited (code ${code})`)));
  return {
    round(commands) {
      if (failed) return Promise.reject(failed);
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, commands } satisfies AckRoundRequest);
      });
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
