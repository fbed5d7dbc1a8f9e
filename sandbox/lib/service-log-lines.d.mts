import type { SandboxState } from './state.mjs';

/** The fields of the sandbox state the generated log lines read. */
export type LogLinesState = Pick<SandboxState, 'scenario' | 'createdAt' | 'scenarioSince'> & {
  api: Pick<SandboxState['api'], 'degraded'>;
};

export function redisLines(state: LogLinesState, now: number): string[];
export function dbLines(state: LogLinesState, now: number): string[];
export function caddyLines(state: LogLinesState, now: number): string[];
