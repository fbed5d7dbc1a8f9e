import { isBotSecretName } from '../exec/process/build-step-env.ts';
import { withPassedEnv } from '../runbook/binding/apply-binding.ts';
import { type Binding, bindingSchema } from '../runbook/binding/binding-schema.ts';
import { loadRunbooks } from '../runbook/load-runbooks.ts';
import type { LoadedRunbook } from '../runbook/loaded-runbook.ts';
import type { Problem } from '../runbook/problem.ts';
import { type BoundRunbook, Catalog } from './catalog.ts';

/** A runbook without a binding still runs from the terminal: `/<id without dashes>`, English, no approvers. */
export function defaultBinding(runbookId: string): Binding {
  const command = `/${runbookId.replace(/[^a-z0-9_-]/gi, '').toLowerCase()}`.slice(0, 32);
  return bindingSchema.parse({ command: command.length > 1 ? command : '/runbook' });
}

/**
 * The runbook with its binding (or the default one). `passEnv`: the names the operator passes to
 * every step (RUNBOOK_PASS_ENV); a variable the step receives that way is no parameter.
 */
export function bindRunbook(loaded: LoadedRunbook, passEnv: readonly string[] = []): BoundRunbook {
  const passed = passEnv.filter((name) => !isBotSecretName(name));
  const runbook =
    passed.length > 0
      ? withPassedEnv(loaded.runbook, [...(loaded.binding?.env ?? []), ...passed])
      : loaded.runbook;
  return { runbook, binding: loaded.binding ?? defaultBinding(loaded.runbook.id) };
}

/** Every runbook of the folder, bound, and every problem found on the way. */
export async function loadCatalog(
  dir: string,
  passEnv: readonly string[] = [],
): Promise<{ catalog: Catalog; problems: Problem[] }> {
  const folder = await loadRunbooks(dir);
  const bound = folder.runbooks.map((loaded) => bindRunbook(loaded, passEnv));
  return { catalog: new Catalog(bound), problems: folder.problems };
}
