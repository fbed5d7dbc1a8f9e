import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { systemClock } from '../../src/core/ports.ts';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { type PostgresCluster, startPostgresCluster } from '../support/postgres-cluster.ts';
import { raceFourProcesses } from './exactly-once-race.ts';

describe('exactly once across processes sharing one PostgreSQL database', () => {
  let cluster: PostgresCluster;
  const dir = mkdtempSync(join(tmpdir(), 'runbook-bot-race-'));
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 120_000);
  afterAll(() => {
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives every transition, claim, lock and incident exactly one winner among 4 processes', async () => {
    const url = await cluster.createDatabase();
    await raceFourProcesses(url, join(dir, 'ids.json'), () => openPostgresStore({ url, clock: systemClock }));
  }, 300_000);
});
