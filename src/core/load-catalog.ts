import { type Binding, bindingSchema } from '../runbook/binding-schema.ts';
import { loadRunbooks } from '../runbook/load-runbooks.ts';
import type { LoadedRunbook } from '../runbook/loaded-runbook.ts';
import type { Problem } from '../runbook/problem.ts';
import { type BoundRunbook, Catalog } from './catalog.ts';

/** A runbook without a binding still runs from the terminal: `/<id without dashes>`, English, no approvers. */
export function defaultBinding(runbookId: string): Binding {
  const command = `/${runbookId.replace(/[^a-z0-9_-]/gi, '').toLowerCase()}`.slice(0, 32);
  return bindingSchema.parse({ command: command.length > 1 ? command : '/runbook' });
}

export function bindRunbook(loaded: LoadedRunbook): BoundRunbook {
  return { runbook: loaded.runbook, binding: loaded.binding ?? defaultBinding(loaded.runbook.id) };
}

/** Every runbook of the folder, bound, and every problem found on the way. */
export async function loadCatalog(dir: string): Promise<{ catalog: Catalog; problems: Problem[] }> {
  const folder = await loadRunbooks(dir);
  return { catalog: new Catalog(folder.runbooks.map(bindRunbook)), problems: folder.problems };
}
