import type { BindingSource } from '../binding/load-binding.ts';
import type { Section } from '../model.ts';
import { error, type Problem, warning } from '../problem.ts';
import { checkParamValue, type ParamSpec } from './validate-param-value.ts';

/**
 * The binding's `params` against the runbook as it will run: each names a parameter some step
 * uses, its default obeys its own rules, and `from` names a read step that needs no values.
 */
export function checkBindingParams(
  sections: readonly Section[],
  specs: Readonly<Record<string, ParamSpec>>,
  source: BindingSource,
): Problem[] {
  const problems: Problem[] = [];
  const steps = sections.flatMap((section) => section.steps);
  const used = new Set(steps.flatMap((step) => (step.kind === 'command' ? (step.params ?? []) : [])));
  for (const [name, spec] of Object.entries(specs)) {
    const line = source.lineOf(['params', name], true);
    if (!used.has(name)) {
      const known = [...used];
      problems.push(
        warning(
          source.file,
          line,
          `parameter "${name}" is used by no step`,
          known.length > 0 ? `the steps use: ${known.join(', ')}` : 'no step of the runbook has parameters',
        ),
      );
    }
    if (spec.default !== undefined) {
      const refused = checkParamValue(name, spec.default, spec);
      if (refused)
        problems.push(error(source.file, source.lineOf(['params', name, 'default']), `default: ${refused}`));
    }
    if (spec.from !== undefined) {
      const step = steps.find((candidate) => candidate.id === spec.from);
      const why =
        step === undefined
          ? 'is not a step of the runbook'
          : step.kind !== 'command' || step.risk !== 'read'
            ? 'is not a read step (its output lists the choices, so it must only read)'
            : step.params
              ? 'needs parameters itself'
              : null;
      if (why)
        problems.push(
          error(source.file, source.lineOf(['params', name, 'from']), `from: "${spec.from}" ${why}`),
        );
    }
  }
  return problems;
}
