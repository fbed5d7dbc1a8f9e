import { passEnvOf, runbooksDirOf } from '../../config/catalog-settings.ts';
import { type CatalogAhead, loadCatalogInChild } from '../../core/load-catalog-in-child.ts';
import type { CliDeps } from '../cli-deps.ts';
import { withDotenv } from './read-dotenv.ts';

/**
 * Starts loading the catalog `serve` will use (RUNBOOKS_DIR and RUNBOOK_PASS_ENV, as `loadConfig`
 * reads them) in a process of its own, before main.ts loads the serve command's code. Only a head
 * start: `loadCatalog` uses it when the configuration says the same and falls back to loading in
 * the bot's process.
 */
export function startLoadingCatalog(deps: Pick<CliDeps, 'env' | 'cwd'>): CatalogAhead {
  const env = withDotenv(deps.env, deps.cwd);
  const request = {
    dir: runbooksDirOf(env.RUNBOOKS_DIR, deps.cwd),
    passEnv: passEnvOf(env.RUNBOOK_PASS_ENV),
  };
  return loadCatalogInChild(request, deps.env);
}
