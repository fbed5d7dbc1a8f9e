import type { ApiState, SandboxState } from './state.mjs';

export function isApiAlive(pid: number | null, statePath: string): boolean;
export function spawnApi(
  statePath: string,
  state: SandboxState,
  options?: { quietBoot?: boolean },
): Promise<Pick<ApiState, 'pid' | 'startedAt' | 'exitCode' | 'finishedAt'>>;
export function stopApi(pid: number | null, statePath: string): Promise<void>;
export function restartApi(statePath: string): Promise<SandboxState>;
