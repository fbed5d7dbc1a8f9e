import { describe, expect, it } from 'vitest';
import { createHealth } from '../../src/observability/health.ts';
import { FakeClock } from '../support/fake-clock.ts';

describe('createHealth', () => {
  it('answers 200 and ready when Slack and the database are fine', async () => {
    const health = createHealth({ checks: { slack: () => true, database: async () => true } });
    expect(await health.handle()).toEqual({
      status: 200,
      body: { live: true, ready: true, checks: { slack: true, database: true } },
    });
  });

  it('answers 503 and names the failing check when Slack is disconnected', async () => {
    const health = createHealth({ checks: { slack: () => false, database: () => true } });
    expect(await health.handle()).toEqual({
      status: 503,
      body: {
        live: true,
        ready: false,
        checks: { slack: false, database: true },
        reason: 'slack check failed',
      },
    });
  });

  it("gives the check's own reason when it has one, and the reasons of every failed check", async () => {
    const health = createHealth({
      checks: {
        slack: () => ({ ok: false, reason: 'Slack rejected the token (invalid_auth)' }),
        database: async () => {
          throw new Error('SQLITE_CANTOPEN /secret/path');
        },
      },
    });
    const { status, body } = await health.handle();
    expect(status).toBe(503);
    expect(body.reason).toBe('Slack rejected the token (invalid_auth); database check threw an error');
    expect(JSON.stringify(body)).not.toContain('/secret/path');
  });

  it('has no reason when ready, and takes {ok:true} as passed', async () => {
    const health = createHealth({ checks: { slack: () => ({ ok: true }), database: () => true } });
    expect((await health.handle()).body).toEqual({
      live: true,
      ready: true,
      checks: { slack: true, database: true },
    });
  });

  it('counts a database check that throws as not ready, without throwing itself', async () => {
    const health = createHealth({
      checks: {
        slack: () => true,
        database: async () => {
          throw new Error('SQLITE_READONLY: attempt to write a readonly database');
        },
      },
    });
    const { status, body } = await health.handle();
    expect(status).toBe(503);
    expect(body.checks).toEqual({ slack: true, database: false });
  });

  it('counts a hung check as failed after the timeout (fake clock)', async () => {
    const clock = new FakeClock();
    const health = createHealth({
      clock,
      timeoutMs: 2000,
      checks: { slack: () => true, database: () => new Promise<boolean>(() => {}) },
    });
    const pending = health.handle();
    await clock.advance(2000);
    const { status, body } = await pending;
    expect(status).toBe(503);
    expect(body.checks.database).toBe(false);
    expect(body.reason).toContain('database check timed out after 2000 ms');
  });
});
