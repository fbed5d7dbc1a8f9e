import type { ScenarioName } from './scenarios.mjs';

export interface ApiState {
  port: number;
  pid: number | null;
  startedAt: number | null;
  exitCode: number | null;
  finishedAt: number | null;
  restarts: number;
  /** restart-fixes-it: true until the first restart. */
  degraded: boolean;
}

export interface SandboxState {
  version: 1;
  scenario: ScenarioName;
  dir: string;
  createdAt: number;
  scenarioSince: number;
  healthStartPeriodMs: number;
  containerIds: Record<'api' | 'caddy' | 'db' | 'redis', string>;
  api: ApiState;
}

export const STATE_FILE: string;
export function locateState(env?: NodeJS.ProcessEnv, cwd?: string): string | null;
export function sandboxPaths(dir: string): { state: string; internal: string; apiLog: string; lock: string };
export function readState(statePath: string): SandboxState;
export function writeState(statePath: string, state: SandboxState): void;
export function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T>;
export function sleep(ms: number): Promise<void>;
