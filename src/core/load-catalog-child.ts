/**
 * Entry of the process that loads the catalog's parts for `serve` while the bot's own process is
 * still loading its code (`load-catalog-in-child.ts`). It answers once over the IPC channel, with
 * the parts exactly as `loadCatalogParts` returns them (plain data, copied by structured clone) or
 * with the error's message, and exits.
 *
 * Run without an IPC channel (the build runs this module once to make its V8 code cache: see
 * scripts/build.mjs), it only exports `loadCatalogParts`.
 */
import { loadCatalogParts } from './load-catalog.ts';
import type { ChildAnswer, ChildRequest } from './load-catalog-in-child.ts';

async function answer(request: ChildRequest): Promise<ChildAnswer> {
  try {
    return { parts: await loadCatalogParts(request.dir, request.passEnv) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

const asked = process.env.RUNBOOK_BOT_LOAD_CATALOG;
if (process.send && asked) {
  const reply = await answer(JSON.parse(asked) as ChildRequest);
  process.send(reply, () => process.disconnect());
}

export { loadCatalogParts };
