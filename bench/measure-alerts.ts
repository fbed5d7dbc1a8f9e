// Alert storm: 1,000 Alertmanager posts in a minute (a few groups, repeats included) to the bot's
// `/alerts/alertmanager`, interleaved with the same posts to a bare node:http handler measured in the
// same run. Reports both p99 response times, and how many incidents and diagnoses the storm made.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse, stringify } from 'yaml';
import { storeFileName } from '../src/store/sqlite-store.ts';
import type { BenchWorld } from './setup.ts';
import { REPO } from './setup.ts';
import { spawnServer } from './spawn-server.ts';
import { percentile, round1, round2, sleep } from './stats.ts';

const TOKEN = 'bench-alerts-token-0123456789abcdef';
const CHANNEL = 'C0BENCHALRT';

export interface AlertStormResult {
  posts: number;
  durationMs: number;
  botP50Ms: number;
  botP99Ms: number;
  bareP50Ms: number;
  bareP99Ms: number;
  incidents: number;
  diagnoses: number;
  alertsRecorded: number;
  non200: number;
  /** Each post's response time, in order (ms): bot and bare. */
  botSamplesMs: number[];
  bareSamplesMs: number[];
}

/** The storm's numbers as the bench reports them: rounded latencies, the p99 ratio, the counts. */
export function stormSummary(storm: AlertStormResult) {
  return {
    botP50Ms: round1(storm.botP50Ms),
    botP99Ms: round1(storm.botP99Ms),
    bareP50Ms: round1(storm.bareP50Ms),
    bareP99Ms: round1(storm.bareP99Ms),
    p99RatioVsBare: round2(storm.botP99Ms / storm.bareP99Ms),
    incidents: storm.incidents,
    diagnoses: storm.diagnoses,
    alertsRecorded: storm.alertsRecorded,
    non200: storm.non200,
  };
}

/**
 * Post i of the storm: 4 groups, 1-3 alerts each, 200 distinct alerts (so most posts repeat some).
 * `alertname` other than ApiDown matches no rule: the same work on the request path, no incident.
 */
function stormBody(i: number, alertname = 'ApiDown'): string {
  const group = i % 4;
  const count = 1 + (i % 3);
  const alerts = Array.from({ length: count }, (_, k) => {
    const instance = (i * 7 + k * 13) % 50;
    return {
      status: 'firing',
      labels: {
        alertname,
        severity: 'critical',
        group: `g${group}`,
        instance: `api-${instance}:3000`,
      },
      annotations: { summary: `probe failed on api-${instance}` },
      startsAt: '2026-12-02T03:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example:9090/graph?g0.expr=probe_success',
      fingerprint: `g${group}i${instance}`.padEnd(16, '0'),
    };
  });
  return JSON.stringify({
    version: '4',
    status: 'firing',
    receiver: 'runbook-bot',
    groupKey: `{}:{group="g${group}"}`,
    groupLabels: { group: `g${group}` },
    commonLabels: { alertname },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    truncatedAlerts: 0,
    alerts,
  });
}

async function timedPost(url: string, body: string): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body,
  });
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status };
}

export async function measureAlertStorm(
  world: BenchWorld,
  options: {
    botBin: string;
    posts: number;
    durationMs: number;
    extraEnv?: Record<string, string>;
    /** Node flags for the bot before its script (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
    nodeArgs?: string[];
    /** Called with the bot's pid just before the first measured post (bench/run-alert-storm.ts probes). */
    onStormStart?: (botPid: number) => void;
  },
): Promise<AlertStormResult> {
  const root = path.join(world.root, 'alerts');
  const runbooksDir = path.join(root, 'runbooks');
  const dataDir = path.join(root, 'data');
  mkdirSync(runbooksDir, { recursive: true });
  copyFileSync(path.join(REPO, 'runbooks/api-down.md'), path.join(runbooksDir, 'api-down.md'));
  const binding = parse(readFileSync(path.join(REPO, 'runbooks/api-down.yml'), 'utf8')) as Record<
    string,
    unknown
  >;
  writeFileSync(
    path.join(runbooksDir, 'api-down.yml'),
    stringify({
      ...binding,
      workdir: world.sandbox.dir,
      alerts: [{ match: { alertname: 'ApiDown' }, run: 'diagnose', channel: CHANNEL }],
    }),
  );
  const botPort = await world.freePort();
  const barePort = await world.freePort();
  const bot = await spawnServer({
    args: [...(options.nodeArgs ?? []), options.botBin, 'serve'],
    env: {
      ...world.botEnv(botPort),
      RUNBOOKS_DIR: runbooksDir,
      DATA_DIR: dataDir,
      ALERTS_TOKEN: TOKEN,
      ...options.extraEnv,
    },
    cwd: world.root,
    readyUrl: `http://127.0.0.1:${botPort}/healthz`,
    readyStatus: 200,
    timeoutMs: 90_000,
  });
  const bare = await spawnServer({
    args: ['--import', 'tsx', path.join(REPO, 'bench/bare-alerts.ts')],
    env: { ...world.botEnv(barePort), NODE_ENV: 'production' },
    cwd: REPO,
    readyUrl: `http://127.0.0.1:${barePort}/`,
    readyStatus: 200,
  }).catch(async (error: unknown) => {
    await bot.stop();
    throw error;
  });
  try {
    const botUrl = `http://127.0.0.1:${botPort}/alerts/alertmanager`;
    const bareUrl = `http://127.0.0.1:${barePort}/alerts/alertmanager`;
    // Warm both connections and code paths the same way (not measured): the same posts to both,
    // alternating, with an alert no rule matches, so the incident and its diagnosis stay in the storm.
    for (let i = 0; i < 40; i++) {
      const body = stormBody(i, 'BenchWarmUp');
      for (const url of i % 2 === 0 ? [botUrl, bareUrl] : [bareUrl, botUrl]) {
        const { status } = await timedPost(url, body);
        if (status !== 200) throw new Error(`warm-up post to ${url} answered ${status}`);
      }
    }
    const botMs: number[] = [];
    const bareMs: number[] = [];
    let non200 = 0;
    const every = options.durationMs / options.posts;
    options.onStormStart?.(bot.pid);
    const started = performance.now();
    for (let i = 0; i < options.posts; i++) {
      const due = started + i * every;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const body = stormBody(i);
      // Alternate which goes first, so neither always gets the warmer socket.
      const [first, second] = i % 2 === 0 ? [botUrl, bareUrl] : [bareUrl, botUrl];
      const a = await timedPost(first, body);
      const b = await timedPost(second, body);
      const botAnswer = first === botUrl ? a : b;
      const bareAnswer = first === botUrl ? b : a;
      botMs.push(botAnswer.ms);
      bareMs.push(bareAnswer.ms);
      if (botAnswer.status !== 200) non200++;
    }
    const durationMs = performance.now() - started;
    // Let the queued work finish (the diagnosis runs on the simulated host).
    await sleep(10_000);
    const db = new Database(path.join(dataDir, storeFileName), { readonly: true, fileMustExist: true });
    try {
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      return {
        posts: options.posts,
        durationMs,
        botP50Ms: percentile(botMs, 50),
        botP99Ms: percentile(botMs, 99),
        bareP50Ms: percentile(bareMs, 50),
        bareP99Ms: percentile(bareMs, 99),
        incidents: count('SELECT count(*) AS n FROM incidents'),
        diagnoses: count(`SELECT count(*) AS n FROM timeline WHERE kind = 'section_run'`),
        alertsRecorded: count(`SELECT count(*) AS n FROM timeline WHERE kind = 'alert'`),
        non200,
        botSamplesMs: botMs,
        bareSamplesMs: bareMs,
      };
    } finally {
      db.close();
    }
  } finally {
    await bare.stop();
    await bot.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
