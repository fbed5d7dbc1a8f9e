import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/core/ports.ts';
import { openStore, storeFileName } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';

/** A throwaway DATA_DIR with the store file path inside it; `remove()` deletes it. */
export function tempDataDir(prefix = 'runbook-bot-'): { dir: string; file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file: join(dir, 'data', storeFileName),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Opens a store in a fresh temp dir. Call `dispose()` in afterEach. */
export function openTempStore(clock: Clock): { store: Store; file: string; dispose(): void } {
  const data = tempDataDir();
  const store = openStore({ file: data.file, clock });
  return {
    store,
    file: data.file,
    dispose: () => {
      store.close();
      data.remove();
    },
  };
}
