import type { Section } from '../model.ts';
import { checkParamValue, type ParamSpec } from './validate-param-value.ts';

/** The parameters a section's steps use, in order of first use. */
export function sectionParams(section: Section): string[] {
  const names: string[] = [];
  for (const step of section.steps) {
    if (step.kind !== 'command' || step.skip !== undefined) continue;
    for (const name of step.params ?? []) if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** Parameters some step of the section hands to a shell again (`bash -c`, `ssh`): plain words only. */
function rereadParams(section: Section): Set<string> {
  return new Set(section.steps.flatMap((step) => (step.kind === 'command' ? (step.paramsReread ?? []) : [])));
}

export interface ResolvedParams {
  /** Values to run with: given ones, then the binding's defaults. */
  values: Record<string, string>;
  /** Parameters still without a value. */
  missing: string[];
  /** Values refused, each with the rule it breaks; also names the section does not use. */
  refused: { name: string; message: string }[];
}

/**
 * Checks the values a person gave for a section (Slack text or modal, `--param`) against the
 * binding's rules, fills in defaults, and says what is still missing. Nothing runs unless
 * `refused` and `missing` are both empty.
 */
export function resolveParams(
  section: Section,
  specs: Readonly<Record<string, ParamSpec>>,
  given: Readonly<Record<string, string>>,
): ResolvedParams {
  const names = sectionParams(section);
  const strict = rereadParams(section);
  const values: Record<string, string> = {};
  const refused: { name: string; message: string }[] = [];
  for (const [name, value] of Object.entries(given)) {
    if (!names.includes(name)) {
      const known = names.length > 0 ? `it takes: ${names.join(', ')}` : 'it takes no parameters';
      refused.push({ name, message: `"${section.id}" has no parameter ${name} (${known})` });
      continue;
    }
    const message = checkParamValue(name, value, specs[name], strict.has(name));
    if (message) refused.push({ name, message });
    else values[name] = value;
  }
  const missing: string[] = [];
  for (const name of names) {
    if (values[name] !== undefined || refused.some((entry) => entry.name === name)) continue;
    const fallback = specs[name]?.default;
    if (fallback !== undefined) values[name] = fallback;
    else missing.push(name);
  }
  return { values, missing, refused };
}

/** `pod=api-7d9f` -> `['pod', 'api-7d9f']`; null when it is not `name=value` with a parameter name. */
export function splitParamArgument(text: string): [string, string] | null {
  const match = /^([A-Za-z][A-Za-z0-9_-]*)=([\s\S]*)$/.exec(text);
  if (!match) return null;
  return [(match[1] as string).toLowerCase().replace(/_/g, '-'), match[2] as string];
}
