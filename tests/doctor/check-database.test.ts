import { describe, expect, it } from 'vitest';
import { checkDatabase } from '../../src/doctor/check-database.ts';

const where = 'PostgreSQL at db-1:5432/runbook_bot';

describe('doctor: database check', () => {
  it('passes when the database answers at the current schema version', async () => {
    const result = await checkDatabase({ where, latestVersion: 7, probe: async () => ({ version: 7 }) });
    expect(result).toMatchObject({ ok: true, message: `${where} is reachable, schema version 7 (current)` });
  });

  it('fails with the reason and a fix when the database cannot be reached', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
    const result = await checkDatabase({
      where,
      latestVersion: 7,
      probe: async () => {
        throw refused;
      },
    });
    expect(result).toMatchObject({ ok: false, severity: 'error' });
    expect(result.message).toContain('is not reachable (connect ECONNREFUSED 10.0.0.5:5432)');
    expect(result.hint).toMatch(/DATABASE_URL/);
  });

  it('warns about an older schema (the bot migrates it) and refuses a newer one', async () => {
    const older = await checkDatabase({ where, latestVersion: 7, probe: async () => ({ version: 0 }) });
    expect(older).toMatchObject({ ok: false, severity: 'warning' });
    expect(older.message).toContain('migrates it to 7');
    const newer = await checkDatabase({ where, latestVersion: 7, probe: async () => ({ version: 9 }) });
    expect(newer).toMatchObject({ ok: false, severity: 'error' });
    expect(newer.hint).toMatch(/upgrade runbook-bot/);
  });
});
