import type { CommandOutcome } from '../process/execute-command.ts';

/** One step to run: `ExecuteOptions` without what stays in the bot (the clock, the capture). */
export interface RunRequest {
  type: 'run';
  id: number;
  command: string;
  cwd: string | undefined;
  env: Record<string, string>;
  stdin: string | undefined;
  killGraceMs: number;
  drainMs: number;
  /** What the bot's capture keeps (its `limits`): only that travels back. */
  keep: { headBytes: number; tailBytes: number };
}

/** The bot's timer for step `id` fired: end it as a timeout (TERM, grace, KILL of its group). */
export interface TimeUp {
  type: 'time-up';
  id: number;
}

/** From the bot to the step host. */
export type ToStepHost = RunRequest | TimeUp;

/** From the step host to the bot, in this order per step: started, then once it ended output (head), skipped, output (tail) as far as there are any, and done. */
export type FromStepHost =
  | { type: 'ready' }
  | { type: 'started'; id: number; pid: number }
  | { type: 'output'; id: number; chunk: Uint8Array }
  /** Bytes between the head and the tail that the capture would drop anyway: counted, not sent. */
  | { type: 'skipped'; id: number; bytes: number }
  | { type: 'done'; id: number; outcome: CommandOutcome };
