import { describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/migrations.ts';
import { pgMigrations } from '../../src/store/postgres/pg-migrations.ts';

describe('migrations of both engines', () => {
  it('have the same versions in the same order: a new SQLite migration needs its PostgreSQL twin', () => {
    const sqlite = migrations.map((m) => m.version);
    const postgres = pgMigrations.map((m) => m.version);
    expect(postgres).toEqual(sqlite);
    // Numbers may be reserved by work landing later (8 and 9), but never reused or out of order.
    expect(sqlite.every((version, index) => index === 0 || version > sqlite[index - 1]!)).toBe(true);
  });
});
