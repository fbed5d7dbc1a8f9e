import { closest } from 'fastest-levenshtein';
import type { Binding } from '../binding/binding-schema.ts';
import type { BindingSource } from '../binding/load-binding.ts';
import type { Section } from '../model.ts';
import { error, type Problem, warning } from '../problem.ts';
import { alertRuleSection, sectionChanges } from './alert-rule-section.ts';

/**
 * The binding's `alerts:` rules against the runbook as it will run: `run` names a subcommand or a
 * section, that section only reads (an alert never starts a change), and no two rules are the same
 * match for the same channel (the second would never be chosen).
 */
export function checkAlertRules(
  sections: readonly Section[],
  binding: Pick<Binding, 'alerts' | 'subcommands' | 'channels'>,
  source: BindingSource,
): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  binding.alerts.forEach((rule, index) => {
    const line = source.lineOf(['alerts', index, 'run']);
    const section = alertRuleSection(sections, binding, rule.run);
    if (!section) {
      const names = [...Object.keys(binding.subcommands), ...sections.map((candidate) => candidate.id)];
      const near = names.length > 0 ? closest(rule.run, names) : null;
      problems.push(
        error(
          source.file,
          line,
          `alerts[${index}].run: "${rule.run}" is neither a subcommand nor a section`,
          near ? `did you mean "${near}"?` : 'name a subcommand (diagnose) or a section id (see `inspect`)',
        ),
      );
    } else if (section.steps.length === 0) {
      problems.push(
        error(source.file, line, `alerts[${index}].run: section "${section.id}" has no steps to run`),
      );
    } else if (sectionChanges(section)) {
      problems.push(
        error(
          source.file,
          line,
          `alerts[${index}].run: section "${section.id}" changes the host; an alert may only start a section that reads`,
          'point the rule at a diagnosis; a change needs a person to request it and another to approve it',
        ),
      );
    }
    if (binding.channels.length > 0 && !binding.channels.includes(rule.channel)) {
      problems.push(
        warning(
          source.file,
          source.lineOf(['alerts', index, 'channel']),
          `alerts[${index}].channel: ${rule.channel} is not in channels: [${binding.channels.join(', ')}]`,
          'the incident opens there, but people cannot run the command in that channel',
        ),
      );
    }
    const key = `${rule.channel} ${JSON.stringify(Object.entries(rule.match).sort())}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(
        warning(
          source.file,
          source.lineOf(['alerts', index], true),
          `alerts[${index}] has the same match and channel as alerts[${first}], so it is never chosen`,
          'remove it or make its match more specific',
        ),
      );
    } else seen.set(key, index);
  });
  return problems;
}
