import { closest } from 'fastest-levenshtein';
import type { BoundRunbook } from '../catalog.ts';
import { UserError } from '../errors.ts';

/** The binding's target names, in binding order. */
export function targetNamesOf(bound: BoundRunbook): string[] {
  return Object.keys(bound.binding.targets);
}

/** Targets a section runs on when none is named: `defaultTargets`, else every target. */
export function defaultTargetsOf(bound: BoundRunbook): string[] {
  return bound.binding.defaultTargets ?? targetNamesOf(bound);
}

/** Refuses a name the binding does not define, naming the valid ones (and the likely typo). */
export function checkTargetName(bound: BoundRunbook, name: string): void {
  const names = targetNamesOf(bound);
  if (names.includes(name)) return;
  if (names.length === 0) {
    throw new UserError(
      'usage',
      `runbook ${bound.runbook.id} has no targets: its steps run on this host, so "${name.slice(0, 60)}" means nothing here; nothing was run.`,
      'add `targets:` to the binding (docs/DEPLOY.md), or leave the target out',
    );
  }
  const near = closest(name, names);
  throw new UserError(
    'usage',
    `unknown target "${name.slice(0, 60)}" in runbook ${bound.runbook.id}; nothing was run. Targets: ${names.join(', ')}.`,
    near ? `did you mean ${near}?` : undefined,
  );
}

/**
 * Where a section that only reads runs: the named targets (each checked, duplicates dropped), else
 * the default targets. Null when the binding has no targets and none is named: this host, as
 * before targets existed. Every default target must be defined (a binding error otherwise).
 */
export function readTargets(bound: BoundRunbook, requested: readonly string[]): string[] | null {
  if (requested.length > 0) {
    for (const name of requested) checkTargetName(bound, name);
    return [...new Set(requested)];
  }
  if (targetNamesOf(bound).length === 0) return null;
  const defaults = defaultTargetsOf(bound);
  const unknown = defaults.filter((name) => !Object.hasOwn(bound.binding.targets, name));
  if (unknown.length > 0) {
    throw new UserError(
      'invalid_binding',
      `defaultTargets of runbook ${bound.runbook.id} names ${unknown.join(', ')}, not in its targets; nothing was run.`,
      'fix defaultTargets in the binding',
    );
  }
  return defaults;
}

/**
 * Where a change runs: exactly one named target when the binding has targets (a change never fans
 * out: one approval, one lock, one host). Null when the binding has none (this host).
 */
export function changeTarget(
  bound: BoundRunbook,
  requested: readonly string[],
  what = 'a change',
): string | null {
  const unique = [...new Set(requested)];
  if (targetNamesOf(bound).length === 0 && unique.length === 0) return null;
  if (unique.length !== 1) {
    const names = targetNamesOf(bound);
    throw new UserError(
      'usage',
      unique.length === 0
        ? `${what} runs on exactly one target; name one (${names.join(', ')}). Nothing was run.`
        : `${what} runs on exactly one target, not ${unique.length} (${unique.join(', ')}). Nothing was run.`,
      names[0] ? `e.g. --target ${names[0]} (terminal) or \`<subcommand> ${names[0]}\` (Slack)` : undefined,
    );
  }
  checkTargetName(bound, unique[0] as string);
  return unique[0] as string;
}
