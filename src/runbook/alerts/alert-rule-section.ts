import type { Binding } from '../binding/binding-schema.ts';
import type { Section } from '../model.ts';

/** The section an alert rule's `run` names: a subcommand of the binding first, else a section id. */
export function alertRuleSection(
  sections: readonly Section[],
  binding: Pick<Binding, 'subcommands'>,
  run: string,
): Section | undefined {
  const id = binding.subcommands[run] ?? run;
  return sections.find((section) => section.id === id);
}

/** True when a step of the section would change the host: an alert may never start it. */
export function sectionChanges(section: Section): boolean {
  return section.steps.some((step) => step.kind === 'command' && step.risk === 'change' && !step.skip);
}

/** A role is paged (not only mentioned) when it names a pager. */
export function rolePagers(role: {
  pagerduty?: unknown;
  opsgenie?: unknown;
  webhook?: unknown;
}): ('pagerduty' | 'opsgenie' | 'webhook')[] {
  return (['pagerduty', 'opsgenie', 'webhook'] as const).filter((kind) => role[kind] !== undefined);
}
