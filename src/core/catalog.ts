import type { Binding } from '../runbook/binding/binding-schema.ts';
import type { CommandStep, Runbook, Section, Step } from '../runbook/model.ts';

/** A runbook with its binding applied, as the bot and the CLI use it. */
export interface BoundRunbook {
  runbook: Runbook;
  binding: Binding;
}

/** Subcommands the bot itself understands, besides the binding's names for sections. */
export const BUILTIN_SUBCOMMANDS = ['help', 'status', 'run', 'resolve', 'impact'] as const;

const DIAGNOSE_TITLE = /diagn[oó]stic/i;
const VERIFY_TITLE = /(verifica[cç][aã]o p[oó]s|post[- ]resolution|verification|verify)/i;

export function findSection(runbook: Runbook, sectionId: string): Section | undefined {
  return runbook.sections.find((section) => section.id === sectionId);
}

export function commandSteps(steps: Step[]): CommandStep[] {
  return steps.filter((step): step is CommandStep => step.kind === 'command');
}

/** True when running the section would change the host (so it needs an approval). */
export function sectionChangesHost(section: Section): boolean {
  return commandSteps(section.steps).some((step) => step.risk === 'change' && !step.skip);
}

/** The section `diagnose` runs: the binding's `diagnose` subcommand, else the first diagnostic section. */
export function diagnoseSection(bound: BoundRunbook): Section | undefined {
  const mapped = bound.binding.subcommands.diagnose;
  if (mapped) return findSection(bound.runbook, mapped);
  return bound.runbook.sections.find(
    (section) => DIAGNOSE_TITLE.test(section.title) && section.steps.length > 0,
  );
}

/**
 * What to type to start: the word the binding maps to the diagnosis (`diagnose`, `diagnostico`…),
 * else `run <its id>`, else `help` (no diagnosis section).
 */
export function diagnoseWords(bound: BoundRunbook): string {
  const section = diagnoseSection(bound);
  if (!section) return 'help';
  const mapped = namedSubcommands(bound).find((entry) => entry.section.id === section.id);
  return mapped ? mapped.name : `run ${section.id}`;
}

/** The section run by itself after a change succeeded: binding `verify`, else the post-resolution section. */
export function verifySection(bound: BoundRunbook): Section | undefined {
  const id = bound.binding.verify ?? bound.binding.subcommands.verify;
  if (id) return findSection(bound.runbook, id);
  return bound.runbook.sections.find(
    (section) => VERIFY_TITLE.test(section.title) && section.steps.length > 0,
  );
}

/** The slash command's named subcommands -> sections, in the binding's order. */
export function namedSubcommands(bound: BoundRunbook): { name: string; section: Section }[] {
  return Object.entries(bound.binding.subcommands).flatMap(([name, id]) => {
    const section = findSection(bound.runbook, id);
    return section ? [{ name, section }] : [];
  });
}

/** The loaded runbooks, looked up by slash command or by runbook id. */
export class Catalog {
  private readonly byCommand = new Map<string, BoundRunbook>();
  private readonly byId = new Map<string, BoundRunbook>();

  constructor(readonly runbooks: BoundRunbook[]) {
    for (const bound of runbooks) {
      this.byCommand.set(bound.binding.command, bound);
      this.byId.set(bound.runbook.id, bound);
    }
  }

  byCommandName(command: string): BoundRunbook | undefined {
    return this.byCommand.get(command);
  }

  byRunbookId(id: string): BoundRunbook | undefined {
    return this.byId.get(id);
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }
}
