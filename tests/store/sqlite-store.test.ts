import { openStore } from '../../src/store/sqlite-store.ts';
import { tempDataDir } from '../support/temp-data-dir.ts';
import { describeStoreContract } from './contract/describe-store-contract.ts';

describeStoreContract('SQLite', async (clock) => {
  const data = tempDataDir();
  const store = openStore({ file: data.file, clock });
  return {
    store,
    reopen: () => openStore({ file: data.file, clock }),
    dispose: () => {
      store.close();
      data.remove();
    },
  };
});
