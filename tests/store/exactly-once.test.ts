import { join } from 'node:path';
import { afterEach, describe, it } from 'vitest';
import { systemClock } from '../../src/core/ports.ts';
import { openStore } from '../../src/store/sqlite-store.ts';
import { tempDataDir } from '../support/temp-data-dir.ts';
import { raceFourProcesses } from './exactly-once-race.ts';

describe('exactly once across processes sharing one database file', () => {
  const data = tempDataDir();
  afterEach(() => data.remove());

  it('gives every transition, claim, lock and incident exactly one winner among 4 processes', async () => {
    await raceFourProcesses(data.file, join(data.dir, 'ids.json'), () =>
      openStore({ file: data.file, clock: systemClock }),
    );
  });
});
