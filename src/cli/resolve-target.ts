import { existsSync } from 'node:fs';
import path from 'node:path';
import { distance } from 'fastest-levenshtein';
import { type BoundRunbook, findSection } from '../core/catalog.ts';
import { UserError } from '../core/errors.ts';
import { bindRunbook, loadCatalog } from '../core/load-catalog.ts';
import { loadRunbookFile } from '../runbook/load-runbooks.ts';
import type { Section } from '../runbook/model.ts';
import type { CliDeps } from './cli-deps.ts';

/** `RUNBOOKS_DIR`, else `./runbooks`, resolved against the working directory. */
/** The names the operator passes to every step (RUNBOOK_PASS_ENV, comma-separated). */
export function passEnvOf(deps: CliDeps): string[] {
  return (deps.env.RUNBOOK_PASS_ENV ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}

export function runbooksDir(deps: CliDeps, override?: string): string {
  return path.resolve(deps.cwd, override ?? deps.env.RUNBOOKS_DIR ?? 'runbooks');
}

/** A runbook named by id (`api-down`, looked up in the runbooks folder) or by path (`x/api-down.md`). */
export async function resolveRunbook(
  name: string,
  deps: CliDeps,
  dirOverride?: string,
): Promise<BoundRunbook> {
  if (/\.(md|markdown)$/i.test(name)) {
    const file = path.resolve(deps.cwd, name);
    const result = await loadRunbookFile(file);
    if (!result.loaded) {
      const first = result.problems.find((problem) => problem.level === 'error');
      throw new UserError(
        'invalid_runbook',
        first ? `${first.file}:${first.line}: ${first.message}` : `cannot load ${name}`,
        'run `runbook-bot lint` to see every problem',
      );
    }
    return await bindRunbook(result.loaded, passEnvOf(deps));
  }
  const dir = runbooksDir(deps, dirOverride);
  const { catalog } = await loadCatalog(dir, passEnvOf(deps));
  const bound = catalog.byRunbookId(name);
  if (!bound) {
    const ids = catalog.ids();
    const near = closest(name, ids);
    throw new UserError(
      'usage',
      `unknown runbook "${name}" in ${dir}. Valid runbooks: ${ids.length ? ids.join(', ') : '(none)'}.`,
      near
        ? `did you mean: runbook-bot run ${near} …`
        : existsSync(dir)
          ? 'run `runbook-bot lint` if a runbook you expect is missing'
          : 'set RUNBOOKS_DIR',
    );
  }
  return bound;
}

/** A binding subcommand (`diagnose`) or a section id (`passo-2-restart-do-servico`). */
export function resolveSection(bound: BoundRunbook, name: string): { section: Section; subcommand: string } {
  const mapped = bound.binding.subcommands[name];
  const section = findSection(bound.runbook, mapped ?? name);
  if (section && section.steps.length > 0) return { section, subcommand: mapped ? name : 'run' };
  const subcommands = Object.keys(bound.binding.subcommands);
  const sections = bound.runbook.sections.filter((candidate) => candidate.steps.length > 0).map((s) => s.id);
  const near = closest(name, [...subcommands, ...sections]);
  throw new UserError(
    'usage',
    `unknown subcommand or section "${name}" in runbook ${bound.runbook.id}.\n` +
      `Subcommands: ${subcommands.join(', ') || '(none)'}\nSections: ${sections.join(', ')}`,
    `${near ? 'did you mean' : 'e.g.'} runbook-bot run ${bound.runbook.id} ${near ?? subcommands[0] ?? sections[0] ?? '<section-id>'}`,
  );
}

/** The valid name a typo most likely meant (a few edits away, or the only one it starts), or null. */
function closest(name: string, valid: readonly string[]): string | null {
  const typed = name.toLowerCase();
  const prefixed = valid.filter((candidate) => candidate.startsWith(typed));
  if (typed.length >= 3 && prefixed.length === 1) return prefixed[0]!;
  let best: { name: string; distance: number } | null = null;
  for (const candidate of valid) {
    const d = distance(typed, candidate.toLowerCase());
    if (d <= Math.max(1, Math.floor(candidate.length / 4)) && (!best || d < best.distance))
      best = { name: candidate, distance: d };
  }
  return best?.name ?? null;
}
