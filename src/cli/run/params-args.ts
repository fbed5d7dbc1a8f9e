import { createInterface } from 'node:readline/promises';
import { UserError } from '../../core/errors.ts';
import type { Section } from '../../runbook/model.ts';
import { resolveParams, splitParamArgument } from '../../runbook/params/resolve-params.ts';
import type { ParamSpec } from '../../runbook/params/validate-param-value.ts';
import type { CliDeps } from '../cli-deps.ts';

/** `--param pod=x --param ns=y` -> `{ pod: 'x', ns: 'y' }`; a malformed or repeated one is a usage error. */
export function parseParamFlags(flags: readonly string[] | undefined): Record<string, string> {
  const given: Record<string, string> = {};
  for (const flag of flags ?? []) {
    const pair = splitParamArgument(flag);
    if (!pair) throw new UserError('usage', `--param ${flag}: expected NAME=VALUE; nothing was run.`);
    if (Object.hasOwn(given, pair[0]))
      throw new UserError('usage', `--param ${pair[0]} is given twice; nothing was run.`);
    given[pair[0]] = pair[1];
  }
  return given;
}

async function prompt(
  deps: CliDeps,
  section: Section,
  names: readonly string[],
  specs: Readonly<Record<string, ParamSpec>>,
) {
  const rl = createInterface({ input: deps.stdin, output: deps.stderr, terminal: false });
  const closed = new Promise<null>((resolve) => rl.once('close', () => resolve(null)));
  const answers: Record<string, string> = {};
  try {
    deps.stderr.write(`"${section.title}" needs values:\n`);
    for (const name of names) {
      const spec = specs[name];
      const about = [spec?.describe, spec?.choices ? `one of ${spec.choices.join(', ')}` : null]
        .filter(Boolean)
        .join('; ');
      const answer = await Promise.race([rl.question(`  ${name}${about ? ` (${about})` : ''}: `), closed]);
      if (answer === null) break;
      answers[name] = answer.trim();
    }
  } finally {
    rl.close();
  }
  return answers;
}

/**
 * The values a section runs with from the terminal: `--param` flags, the binding's defaults, then a
 * prompt for the rest when stdin is a terminal. A refused value, or a missing one without a
 * terminal, is a usage error that names each parameter and its rule: nothing runs.
 */
export async function paramsForRun(
  deps: CliDeps,
  section: Section,
  specs: Readonly<Record<string, ParamSpec>>,
  flags: readonly string[] | undefined,
): Promise<Record<string, string>> {
  let given = parseParamFlags(flags);
  let resolved = resolveParams(section, specs, given);
  if (resolved.refused.length === 0 && resolved.missing.length > 0 && deps.stdin.isTTY) {
    given = { ...given, ...(await prompt(deps, section, resolved.missing, specs)) };
    resolved = resolveParams(section, specs, given);
  }
  if (resolved.refused.length > 0) {
    const rules = resolved.refused.map((entry) => entry.message).join('; ');
    throw new UserError('usage', `refused value: ${rules}; nothing was run.`);
  }
  if (resolved.missing.length > 0) {
    throw new UserError(
      'usage',
      `"${section.id}" needs values for: ${resolved.missing.join(', ')}; nothing was run.`,
      `give them with ${resolved.missing.map((name) => `--param ${name}=…`).join(' ')}`,
    );
  }
  return resolved.values;
}
