import type { Binding } from '../binding/binding-schema.ts';
import type { Runbook } from '../model.ts';
import { error, note, type Problem } from '../problem.ts';

/**
 * Lint lines for parameters: a step whose placeholders cannot take a value safely (error), and
 * which steps cannot run without values, saying which parameters the binding describes.
 */
export function checkStepParams(runbook: Runbook, binding: Binding | null, yml: string): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const step of runbook.sections.flatMap((section) => section.steps)) {
    if (step.kind !== 'command' || !step.params || step.skip !== undefined || seen.has(step.id)) continue;
    seen.add(step.id);
    if (step.paramsRefused) {
      problems.push(
        error(
          runbook.file,
          step.line,
          `step "${step.id}" cannot take its parameters safely: ${step.paramsRefused}`,
          'rewrite the command so each placeholder is a word of its own or inside double quotes',
        ),
      );
      continue;
    }
    const specs = binding?.params ?? {};
    const needed = step.params.filter((name) => specs[name]?.default === undefined);
    if (needed.length === 0) continue;
    const described = needed.filter((name) => specs[name] !== undefined);
    const undescribed = needed.filter((name) => specs[name] === undefined);
    problems.push(
      note(
        runbook.file,
        step.line,
        `step "${step.id}" cannot run without values for: ${needed.join(', ')}${described.length > 0 ? ` (described in ${yml}: ${described.join(', ')})` : ''}`,
        undescribed.length > 0
          ? `give them with --param NAME=VALUE, or describe them in ${yml}: params: { ${undescribed[0]}: { pattern: "…", describe: "…" } }`
          : 'give them with --param NAME=VALUE (terminal) or NAME=VALUE after the section (Slack)',
      ),
    );
  }
  return problems;
}
