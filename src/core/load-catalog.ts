import path from 'node:path';
import { isBotSecretName } from '../exec/process/build-step-env.ts';
import { type Binding, bindingSchema } from '../runbook/binding/binding-schema.ts';
import type { LoadedRunbook } from '../runbook/loaded-runbook.ts';
import type { Problem } from '../runbook/problem.ts';
import { type BoundRunbook, Catalog } from './catalog.ts';
import type { AheadResult, CatalogAhead } from './load-catalog-in-child.ts';

/** A runbook without a binding still runs from the terminal: `/<id without dashes>`, English, no approvers. */
export function defaultBinding(runbookId: string): Binding {
  const command = `/${runbookId.replace(/[^a-z0-9_-]/gi, '').toLowerCase()}`.slice(0, 32);
  return bindingSchema.parse({ command: command.length > 1 ? command : '/runbook' });
}

/**
 * The runbook with its binding (or the default one). `passEnv`: the names the operator passes to
 * every step (RUNBOOK_PASS_ENV); a variable the step receives that way is no parameter.
 *
 * The parser's modules (Markdown, bash grammar, vocabularies, slugs: ~0.1 s of CPU to initialise)
 * are imported only when they are needed, so `serve`, whose catalog a child process loaded
 * (`load-catalog-in-child.ts`), does not load them while it starts.
 */
export async function bindRunbook(
  loaded: LoadedRunbook,
  passEnv: readonly string[] = [],
): Promise<BoundRunbook> {
  const passed = passEnv.filter((name) => !isBotSecretName(name));
  const runbook =
    passed.length > 0
      ? (await import('../runbook/binding/apply-binding.ts')).withPassedEnv(loaded.runbook, [
          ...(loaded.binding?.env ?? []),
          ...passed,
        ])
      : loaded.runbook;
  return { runbook, binding: loaded.binding ?? defaultBinding(loaded.runbook.id) };
}

/** What a catalog is made of: plain data, so a child process can load it (`load-catalog-in-child.ts`). */
export interface CatalogParts {
  bound: BoundRunbook[];
  problems: Problem[];
}

/** Every runbook of the folder, bound, and every problem found on the way, as plain data. */
export async function loadCatalogParts(dir: string, passEnv: readonly string[] = []): Promise<CatalogParts> {
  const { loadRunbooks } = await import('../runbook/load-runbooks.ts');
  const folder = await loadRunbooks(dir);
  const bound = await Promise.all(folder.runbooks.map((loaded) => bindRunbook(loaded, passEnv)));
  return { bound, problems: folder.problems };
}

/** Whether the child's parts were used; `waitedMs`: how long this process still waited for them. */
export type ParsedAhead = { used: true; waitedMs: number } | { used: false; why: string };

/**
 * Every runbook of the folder, bound, and every problem found on the way. `ahead`: the same
 * catalog already being loaded by a child process (`serve`); used when it is for this folder and
 * these passed variables and the child loaded it, otherwise it is loaded here (`parsedAhead` says
 * which, and why not).
 */
export async function loadCatalog(
  dir: string,
  passEnv: readonly string[] = [],
  ahead?: CatalogAhead,
): Promise<{ catalog: Catalog; problems: Problem[]; parsedAhead: ParsedAhead }> {
  const waitFrom = performance.now();
  const early: AheadResult = !ahead
    ? { unused: 'not asked' }
    : ahead.dir !== path.resolve(dir)
      ? { unused: `it loaded ${ahead.dir}, not ${path.resolve(dir)}` }
      : ahead.passEnv.join(',') !== passEnv.join(',')
        ? { unused: 'it was given other RUNBOOK_PASS_ENV names' }
        : await ahead.take();
  const waitedMs = Math.round(performance.now() - waitFrom);
  const parts = 'parts' in early ? early.parts : await loadCatalogParts(dir, passEnv);
  return {
    catalog: new Catalog(parts.bound),
    problems: parts.problems,
    parsedAhead: 'parts' in early ? { used: true, waitedMs } : { used: false, why: early.unused },
  };
}
