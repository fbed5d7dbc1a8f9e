// Programmatic API of the simulated AtendeChat host, for tests and the playground (`npm run sandbox`).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.ts';
import { apiHistory } from './lib/api-log-lines.mjs';
import { isApiAlive, spawnApi, stopApi } from './lib/api-process.mjs';
import { isScenarioName, SCENARIO_NAMES, type ScenarioName } from './lib/scenarios.mjs';
import { readState, type SandboxState, sandboxPaths, withLock, writeState } from './lib/state.mjs';
import {
  COMPOSE_PROD_YML,
  envProduction,
  type FakeSecrets,
  makeFakeSecrets,
  secretValues,
} from './workdir-files.ts';

export { SCENARIO_NAMES, SCENARIOS, type ScenarioInfo, type ScenarioName } from './lib/scenarios.mjs';

export interface SandboxOptions {
  scenario: ScenarioName;
  /** Workdir to create or reuse; default: a fresh temp dir, removed again by stop(). */
  dir?: string;
  /** How long `ps` says `(health: starting)` after an api start; default 3000 ms. */
  healthStartPeriodMs?: number;
}

export interface Sandbox {
  /** The workdir (stands for /opt/atendechat): compose.prod.yml, .env.production, .sandbox-state.json. */
  dir: string;
  binDir: string;
  statePath: string;
  /** Only PATH (binDir first) and SANDBOX_STATE: merge into the environment of the commands you run. */
  env: Record<'PATH' | 'SANDBOX_STATE', string>;
  /** The real address of the API that the runbook's http://localhost:8080 is rewritten to. */
  apiUrl: string;
  /** The fake secret values of .env.production (passwords, JWT secret, full URLs): must never leak. */
  secrets: string[];
  scenario(): Promise<ScenarioName>;
  /** Switches live: the state changes at once; the api process is stopped/started only where needed. */
  setScenario(name: ScenarioName): Promise<void>;
  restartCount(): Promise<number>;
  /** The live api pid, or null when the api container is not running. */
  apiPid(): Promise<number | null>;
  /** Kills the api process (its whole group) and waits for it; removes the dir if startSandbox made it. */
  stop(): Promise<void>;
}

const MINUTE = 60_000;
export const BIN_DIR = fileURLToPath(new URL('./bin', import.meta.url));

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  if (!isScenarioName(options.scenario)) {
    throw new Error(`unknown scenario "${options.scenario}"; one of: ${SCENARIO_NAMES.join(', ')}`);
  }
  const ownsDir = options.dir === undefined;
  const dir = options.dir
    ? path.resolve(options.dir)
    : fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-bot-sandbox-'));
  const paths = sandboxPaths(dir);
  await stopLeftover(paths.state);
  fs.mkdirSync(paths.internal, { recursive: true });

  const secrets = makeFakeSecrets();
  const now = Date.now();
  fs.writeFileSync(path.join(dir, 'compose.prod.yml'), COMPOSE_PROD_YML);
  fs.writeFileSync(path.join(dir, '.env.production'), envProduction(secrets, options.scenario), {
    mode: 0o600,
  });
  fs.writeFileSync(paths.apiLog, `${apiHistory(options.scenario, now).join('\n')}\n`);
  const state = initialState(dir, options, await freePort(), now);
  writeState(paths.state, state);
  if (options.scenario !== 'api-exited') {
    const started = await spawnApi(paths.state, state, { quietBoot: true });
    state.api = { ...state.api, ...started, startedAt: now - 12 * MINUTE };
    writeState(paths.state, state);
  }
  return makeHandle(dir, paths.state, state.api.port, secrets, ownsDir);
}

function initialState(dir: string, options: SandboxOptions, port: number, now: number): SandboxState {
  const id = () => randomBytes(6).toString('hex');
  const exited = options.scenario === 'api-exited';
  return {
    version: 1,
    scenario: options.scenario,
    dir,
    createdAt: now - 2 * 24 * 60 * MINUTE - 3 * 60 * MINUTE,
    scenarioSince: now,
    healthStartPeriodMs: options.healthStartPeriodMs ?? 3000,
    containerIds: { api: id(), caddy: id(), db: id(), redis: id() },
    api: {
      port,
      pid: null,
      startedAt: exited ? now - 2 * MINUTE - 1000 : null,
      exitCode: exited ? 1 : null,
      finishedAt: exited ? now - 2 * MINUTE : null,
      restarts: 0,
      degraded: options.scenario === 'restart-fixes-it',
    },
  };
}

function makeHandle(
  dir: string,
  statePath: string,
  port: number,
  secrets: FakeSecrets,
  ownsDir: boolean,
): Sandbox {
  const live = (): number | null => {
    const { pid } = readState(statePath).api;
    return isApiAlive(pid, statePath) ? pid : null;
  };
  return {
    dir,
    binDir: BIN_DIR,
    statePath,
    env: { PATH: `${BIN_DIR}${path.delimiter}${process.env.PATH ?? ''}`, SANDBOX_STATE: statePath },
    apiUrl: `http://127.0.0.1:${port}`,
    secrets: secretValues(secrets),
    scenario: async () => readState(statePath).scenario,
    setScenario: (name) => switchScenario(dir, statePath, secrets, name),
    restartCount: async () => readState(statePath).api.restarts,
    apiPid: async () => live(),
    stop: async () => {
      await withLock(dir, async () => {
        const state = readState(statePath);
        await stopApi(state.api.pid, statePath);
      });
      if (ownsDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function switchScenario(dir: string, statePath: string, secrets: FakeSecrets, name: ScenarioName) {
  if (!isScenarioName(name))
    throw new Error(`unknown scenario "${name}"; one of: ${SCENARIO_NAMES.join(', ')}`);
  await withLock(dir, async () => {
    const state = readState(statePath);
    const wasRunning = isApiAlive(state.api.pid, statePath);
    state.scenario = name;
    state.scenarioSince = Date.now();
    state.api.degraded = name === 'restart-fixes-it';
    fs.writeFileSync(path.join(dir, '.env.production'), envProduction(secrets, name), { mode: 0o600 });
    writeState(statePath, state);
    if (name === 'api-exited') {
      // The api crashes for real: stop it, then start it in crash mode so its exit is recorded.
      await stopApi(state.api.pid, statePath);
      state.api = { ...state.api, ...(await spawnApi(statePath, state)) };
    } else if (!wasRunning) {
      const started = await spawnApi(statePath, state);
      state.api = { ...state.api, ...started, startedAt: Date.now() - 12 * MINUTE };
    }
    writeState(statePath, state);
  });
}

/** A dir reused from an earlier run may still have its api running: stop it first. */
async function stopLeftover(statePath: string): Promise<void> {
  if (!fs.existsSync(statePath)) return;
  try {
    const old = readState(statePath);
    await stopApi(old.api.pid, statePath);
  } catch {
    // unreadable leftover: it is overwritten
  }
}
