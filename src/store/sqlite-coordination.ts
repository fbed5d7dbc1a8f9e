import type Database from 'better-sqlite3';
import type { Clock } from '../core/ports.ts';
import type { Store } from './store.ts';

type CoordinationOps = Pick<Store, 'claimOnce' | 'acquireLock' | 'renewLock' | 'releaseLock'>;

/** Dedupe keys and leases: each operation is one conditional statement, atomic across processes. */
export function coordinationOps(db: Database.Database, clock: Clock): CoordinationOps {
  // A key is new, or its previous claim had a TTL that has run out.
  const claim = db.prepare<[string, number, number | null, number]>(
    `INSERT INTO dedupe (key, claimed_at, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
     WHERE dedupe.expires_at IS NOT NULL AND dedupe.expires_at <= ?`,
  );
  // Free, or held by someone whose lease ran out.
  const acquire = db.prepare<[string, string, number, number]>(
    `INSERT INTO locks (name, owner, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
     WHERE locks.expires_at <= ?`,
  );
  const renew = db.prepare<[number, string, string, number]>(
    'UPDATE locks SET expires_at = ? WHERE name = ? AND owner = ? AND expires_at > ?',
  );
  const release = db.prepare<[string, string]>('DELETE FROM locks WHERE name = ? AND owner = ?');

  return {
    claimOnce: (key, ttlMs) => {
      const now = clock.now();
      return claim.run(key, now, ttlMs === undefined ? null : now + ttlMs, now).changes === 1;
    },
    acquireLock: (name, owner, ttlMs) => {
      const now = clock.now();
      return acquire.run(name, owner, now + ttlMs, now).changes === 1;
    },
    renewLock: (name, owner, ttlMs) => {
      const now = clock.now();
      return renew.run(now + ttlMs, name, owner, now).changes === 1;
    },
    releaseLock: (name, owner) => release.run(name, owner).changes === 1,
  };
}
