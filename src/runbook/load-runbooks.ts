import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { UserError } from '../core/errors.ts';
import { applyBinding } from './binding/apply-binding.ts';
import { loadBinding } from './binding/load-binding.ts';
import { checkRunbook } from './lint/check-runbook.ts';
import type { LoadedRunbook } from './loaded-runbook.ts';
import { parseRunbook } from './parse/parse-runbook.ts';
import { hasErrors, type Problem, warning } from './problem.ts';
import { readTextFile } from './read-text-file.ts';

export interface LoadResult {
  /** Null when the Markdown could not be read, or the binding has errors. */
  loaded: LoadedRunbook | null;
  /** Errors, then the warnings of `checkRunbook` (run on the runbook even when its binding is broken). */
  problems: Problem[];
}

/** `runbooks/api-down.md` -> `runbooks/api-down.yml` (or `.yaml`) when it exists. */
export function bindingFileFor(markdownFile: string): string | null {
  const stem = markdownFile.replace(/\.(md|markdown)$/i, '');
  return [`${stem}.yml`, `${stem}.yaml`].find((candidate) => existsSync(candidate)) ?? null;
}

/** One runbook and its optional binding; every problem is collected, nothing is thrown for bad input. */
export async function loadRunbookFile(
  markdownFile: string,
  options: { useBinding?: boolean } = {},
): Promise<LoadResult> {
  const file = resolve(markdownFile);
  const markdown = await readTextFile(file, 'runbook');
  if (!markdown.ok) return { loaded: null, problems: [markdown.problem] };
  const bindingFile = options.useBinding === false ? null : bindingFileFor(file);
  if (bindingFile === null) {
    const runbook = parseRunbook(markdown.text, file);
    return {
      loaded: { runbook, binding: null, bindingFile: null },
      problems: checkRunbook(runbook, null, null),
    };
  }
  const load = await loadBinding(bindingFile);
  const sections = load.binding ?? load.partial;
  const runbook = parseRunbook(markdown.text, file, {
    ...(sections?.escalationSection !== undefined ? { escalationSection: sections.escalationSection } : {}),
    ...(sections?.templateSection !== undefined ? { templateSection: sections.templateSection } : {}),
  });
  if (!load.binding) {
    // schema errors and id errors in one run: the ids of the parts that did parse are checked too
    const ids = load.partial ? applyBinding(runbook, load.partial, load).problems : [];
    const checks = checkRunbook(runbook, null, bindingFile, true);
    return { loaded: null, problems: [...load.problems, ...ids, ...checks] };
  }
  const applied = applyBinding(runbook, load.binding, load);
  const checks = checkRunbook(applied.runbook, load.binding, bindingFile);
  const loaded = hasErrors(applied.problems)
    ? null
    : { runbook: applied.runbook, binding: load.binding, bindingFile };
  return { loaded, problems: [...applied.problems, ...checks] };
}

export interface RunbookFolder {
  /** Runbooks that loaded (a runbook whose binding has errors is left out). */
  runbooks: LoadedRunbook[];
  /** Every Markdown file found, loaded or not. */
  files: string[];
  problems: Problem[];
}

/** Every `*.md` runbook of `dir` (README.md excepted) with its binding; problems of all of them at once. */
export async function loadRunbooks(dir: string): Promise<RunbookFolder> {
  const root = resolve(dir);
  let names: string[];
  try {
    names = (await readdir(root)).sort();
  } catch {
    throw new UserError(
      'not_found',
      `cannot read the runbook folder ${dir}: no such directory.`,
      'pass the folder that holds your *.md runbooks',
    );
  }
  const markdown = names.filter((name) => /\.(md|markdown)$/i.test(name) && !/^readme\./i.test(name));
  const stems = new Set(markdown.map((name) => name.replace(/\.(md|markdown)$/i, '')));
  const runbooks: LoadedRunbook[] = [];
  const problems: Problem[] = [];
  for (const name of markdown) {
    const result = await loadRunbookFile(join(root, name));
    if (result.loaded) runbooks.push(result.loaded);
    problems.push(...result.problems);
  }
  for (const name of names.filter((n) => /\.ya?ml$/i.test(n) && !stems.has(n.replace(/\.ya?ml$/i, '')))) {
    const stem = basename(name).replace(/\.ya?ml$/i, '');
    problems.push(
      warning(
        join(root, name),
        1,
        `binding with no runbook: ${stem}.md not found`,
        `rename it to match a runbook, or add ${stem}.md`,
      ),
    );
  }
  return { runbooks, files: markdown.map((name) => join(root, name)), problems };
}
