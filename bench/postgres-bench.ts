// `npm run bench -- --postgres [--json]`: the store on PostgreSQL (a throwaway cluster started with
// tests/support/postgres-cluster.ts) against SQLite: the cost of one synchronous store call through
// the worker bridge, and the bot's ack ratio vs bare Bolt and diagnose overhead in both modes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { systemClock } from '../src/core/ports.ts';
import { type Db, pgOperations } from '../src/store/postgres/pg-operations.ts';
import { openPostgresStore } from '../src/store/postgres/postgres-store.ts';
import { openStore } from '../src/store/sqlite-store.ts';
import type { Store } from '../src/store/store.ts';
import { startPostgresCluster } from '../tests/support/postgres-cluster.ts';
import { describeMachine } from './machine.ts';
import { measureHelpAcks } from './measure-ack.ts';
import { measureDiagnose } from './measure-diagnose.ts';
import type { SectionRunRow } from './read-store.ts';
import { REPO, setUpWorld } from './setup.ts';
import { spawnServer } from './spawn-server.ts';
import { median, round1, round2 } from './stats.ts';

const CALLS = 2_000;
const CONCURRENCY = 50;
const ACK_ROUNDS = 10;

interface PerCall {
  operation: string;
  sqliteUs: number;
  /** The synchronous PostgreSQL store (worker + Atomics.wait). */
  postgresSyncUs: number;
  /** The same SQL with `pg` called directly (async, awaited one at a time): what the bridge adds to. */
  postgresAsyncUs: number;
}

const perCallUs = (started: number, calls: number) => ((performance.now() - started) * 1000) / calls;

/** µs per call of a few store operations on each engine, in this process. */
export async function measurePerCall(url: string): Promise<PerCall[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'runbook-bot-pgbench-'));
  const sqlite = openStore({ file: path.join(dir, 'store.sqlite'), clock: systemClock });
  const postgres = openPostgresStore({ url, clock: systemClock });
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
  const db: Db = { pool };
  try {
    const ids = {
      sqlite: sqlite.openIncident({ runbook: 'bench', channel: 'C1', openedBy: 'U1' }).incident.id,
      postgres: postgres.openIncident({ runbook: 'bench', channel: 'C1', openedBy: 'U1' }).incident.id,
    };
    const operations: {
      name: string;
      sync: (store: Store, id: number, i: number) => unknown;
      async: (id: number, i: number) => Promise<unknown>;
    }[] = [
      {
        name: 'claimOnce (write)',
        sync: (store, _id, i) => store.claimOnce(`bench:${i}`),
        async: (_id, i) => pgOperations.claimOnce(db, Date.now(), `bench-async:${i}`),
      },
      {
        name: 'getIncident (read)',
        sync: (store, id) => store.getIncident(id),
        async: (id) => pgOperations.getIncident(db, Date.now(), id),
      },
      {
        name: 'appendTimeline (insert + row)',
        sync: (store, id) =>
          store.appendTimeline({ incidentId: id, actor: 'bot', kind: 'note', summary: 'x' }),
        async: (id) =>
          pgOperations.appendTimeline(db, Date.now(), {
            incidentId: id,
            actor: 'bot',
            kind: 'note',
            summary: 'x',
          }),
      },
    ];
    const results: PerCall[] = [];
    for (const operation of operations) {
      for (let i = 0; i < 200; i++) {
        operation.sync(sqlite, ids.sqlite, -i - 1);
        operation.sync(postgres, ids.postgres, -i - 1);
        await operation.async(ids.postgres, -i - 1);
      }
      let started = performance.now();
      for (let i = 0; i < CALLS; i++) operation.sync(sqlite, ids.sqlite, i);
      const sqliteUs = perCallUs(started, CALLS);
      started = performance.now();
      for (let i = 0; i < CALLS; i++) operation.sync(postgres, ids.postgres, i);
      const postgresSyncUs = perCallUs(started, CALLS);
      started = performance.now();
      for (let i = 0; i < CALLS; i++) await operation.async(ids.postgres, i);
      const postgresAsyncUs = perCallUs(started, CALLS);
      results.push({
        operation: operation.name,
        sqliteUs: round1(sqliteUs),
        postgresSyncUs: round1(postgresSyncUs),
        postgresAsyncUs: round1(postgresAsyncUs),
      });
    }
    return results;
  } finally {
    sqlite.close();
    postgres.close();
    await pool.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Section runs from the PostgreSQL store (what read-store.ts reads from the SQLite file). */
function postgresSectionRuns(store: Store): () => SectionRunRow[] {
  return () =>
    store
      .listIncidents({ limit: 10_000 })
      .reverse()
      .flatMap((incident) =>
        store
          .listTimeline(incident.id)
          .filter((entry) => entry.kind === 'section_run')
          .map((entry) => {
            const data = entry.data as { durationMs?: number; steps?: { durationMs?: number }[] };
            const steps = (data.steps ?? []).map((step) => step.durationMs ?? 0);
            return {
              incidentId: incident.id,
              channel: incident.channel,
              runbook: incident.runbook,
              at: entry.at,
              durationMs: data.durationMs ?? 0,
              maxStepMs: steps.length ? Math.max(...steps) : 0,
            };
          }),
      )
      .sort((a, b) => a.at - b.at);
}

export interface PostgresBenchResults {
  perCall: PerCall[];
  modes: {
    mode: 'sqlite' | 'postgres';
    ackP50Ms: number;
    ackP99Ms: number;
    bareBoltAckP99Ms: number;
    ackRatioVsBareBolt: number;
    diagnoseOverheadMs: number;
    diagnoseOverheadE2eMs: number;
  }[];
  /** Diagnose overhead inside the bot (section run minus its slowest step), PostgreSQL / SQLite. */
  diagnoseOverheadRatioPostgresVsSqlite: number;
  /** The same from the slash command to the verdicts in the thread. */
  diagnoseOverheadE2eRatioPostgresVsSqlite: number;
  compiled: boolean;
  machine: ReturnType<typeof describeMachine>;
}

export async function runPostgresBench(log: (line: string) => void): Promise<PostgresBenchResults> {
  let compiled = true;
  try {
    log('building the compiled bot (npm run build)…');
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    compiled = false;
    log(
      '  build failed: both modes run from the TypeScript sources (the ratios still compare like with like)',
    );
  }
  const cluster = await startPostgresCluster();
  try {
    log('per-call cost: SQLite, PostgreSQL through the worker bridge, PostgreSQL async…');
    const perCall = await measurePerCall(await cluster.createDatabase('bench_calls'));
    for (const row of perCall) {
      log(
        `  ${row.operation}: SQLite ${row.sqliteUs} µs, PostgreSQL sync ${row.postgresSyncUs} µs, async ${row.postgresAsyncUs} µs`,
      );
    }
    const modes: PostgresBenchResults['modes'] = [];
    for (const mode of ['sqlite', 'postgres'] as const) {
      const world = await setUpWorld();
      const databaseUrl = mode === 'postgres' ? await cluster.createDatabase(`bench_${Date.now()}`) : '';
      const envOf = (port: number) => {
        const env = { ...world.botEnv(port), DATABASE_URL: databaseUrl };
        if (!compiled) delete (env as Record<string, string | undefined>).NODE_ENV;
        return env;
      };
      const port = await world.freePort();
      const bot = await spawnServer({
        args: [path.join(REPO, 'bin/runbook-bot.js'), 'serve'],
        env: envOf(port),
        cwd: world.root,
        readyUrl: `http://127.0.0.1:${port}/healthz`,
        readyStatus: 200,
        timeoutMs: 120_000,
      });
      const barePort = await world.freePort();
      const bare = await spawnServer({
        args: ['--import', 'tsx', path.join(REPO, 'bench/bare-bolt.ts')],
        env: { ...envOf(barePort), NODE_ENV: 'production' },
        cwd: REPO,
        readyUrl: `http://127.0.0.1:${barePort}/`,
        readyStatus: 404,
        timeoutMs: 120_000,
      });
      const reader = mode === 'postgres' ? openPostgresStore({ url: databaseUrl, clock: systemClock }) : null;
      try {
        log(`${mode}: ack, ${ACK_ROUNDS} rounds × ${CONCURRENCY} concurrent help, bot vs bare Bolt…`);
        const acks = await measureHelpAcks(
          world,
          { bot: `http://127.0.0.1:${port}/slack/events`, bare: `http://127.0.0.1:${barePort}/slack/events` },
          { rounds: ACK_ROUNDS, concurrency: CONCURRENCY },
        );
        log(`${mode}: diagnose overhead (api-down.md on the simulated host)…`);
        const diagnose = await measureDiagnose(world, `http://127.0.0.1:${port}/slack/events`, {
          channels: 3,
          ...(reader ? { readRuns: postgresSectionRuns(reader) } : {}),
        });
        const row = {
          mode,
          ackP50Ms: round1(acks.bot.p50),
          ackP99Ms: round1(acks.bot.p99),
          bareBoltAckP99Ms: round1(acks.bare.p99),
          ackRatioVsBareBolt: round2(acks.bot.p99 / acks.bare.p99),
          diagnoseOverheadMs: round1(median(diagnose.innerOverheadMs)),
          diagnoseOverheadE2eMs: round1(median(diagnose.e2eOverheadMs)),
        };
        log(
          `  ack p50/p99 ${row.ackP50Ms}/${row.ackP99Ms} ms (bare p99 ${row.bareBoltAckP99Ms}), ratio ${row.ackRatioVsBareBolt}; diagnose overhead ${row.diagnoseOverheadMs} ms (e2e ${row.diagnoseOverheadE2eMs})`,
        );
        modes.push(row);
      } finally {
        reader?.close();
        await bare.stop();
        await bot.stop();
        await world.close();
      }
    }
    const [sqlite, postgres] = modes;
    return {
      perCall,
      modes,
      diagnoseOverheadRatioPostgresVsSqlite: round2(
        (postgres?.diagnoseOverheadMs ?? Number.NaN) / (sqlite?.diagnoseOverheadMs ?? Number.NaN),
      ),
      diagnoseOverheadE2eRatioPostgresVsSqlite: round2(
        (postgres?.diagnoseOverheadE2eMs ?? Number.NaN) / (sqlite?.diagnoseOverheadE2eMs ?? Number.NaN),
      ),
      compiled,
      machine: describeMachine(),
    };
  } finally {
    cluster.stop();
  }
}
