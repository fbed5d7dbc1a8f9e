import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestVersion, migrate, migrations, schemaVersion } from '../../src/store/migrations.ts';
import { openStore } from '../../src/store/sqlite-store.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { tempDataDir } from '../support/temp-data-dir.ts';

describe('migrations', () => {
  let data = tempDataDir();
  beforeEach(() => {
    data = tempDataDir();
  });
  afterEach(() => data.remove());

  it('creates the directory and a WAL database at the latest version', () => {
    const store = openStore({ file: data.file, clock: new FakeClock() });
    store.close();
    const db = new Database(data.file, { readonly: true });
    expect(schemaVersion(db)).toBe(latestVersion);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('upgrades a version-1 database and keeps its rows', () => {
    const clock = new FakeClock();
    // An old install: only migration 1 applied, one open incident in it.
    mkdirSync(dirname(data.file), { recursive: true });
    const db = new Database(data.file);
    migrate(db, migrations.slice(0, 1));
    expect(schemaVersion(db)).toBe(1);
    db.prepare(
      "INSERT INTO incidents (runbook, channel, status, opened_by, opened_at) VALUES ('api-down', 'C1', 'investigating', 'U1', 1)",
    ).run();
    db.close();

    const store = openStore({ file: data.file, clock });
    const incident = store.getOpenIncident('api-down', 'C1');
    expect(incident?.openedBy).toBe('U1');
    // Tables of later migrations exist and work.
    const approval = store.createApproval({
      incidentId: incident!.id,
      runbook: 'api-down',
      sectionId: 'passo-2',
      service: 'api',
      requestedBy: 'U1',
      expiresAt: clock.now() + 60_000,
      channel: 'C1',
    });
    expect(approval.state).toBe('pending');
    store.close();
    const check = new Database(data.file, { readonly: true });
    expect(schemaVersion(check)).toBe(latestVersion);
    check.close();
  });

  it('is a no-op when already current, and refuses a newer database', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toBe(latestVersion);
    expect(migrate(db)).toBe(latestVersion);
    db.pragma(`user_version = ${latestVersion + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this runbook-bot/);
    db.close();
  });

  it('rolls a failing migration back entirely', () => {
    const db = new Database(':memory:');
    const broken = [
      ...migrations.slice(0, 1),
      { version: 2, name: 'broken', sql: 'CREATE TABLE x (a); NOT SQL' },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'incidents'").get()).toEqual({
      n: 0,
    });
    db.close();
  });
});
