import type { Runbook, Section, Step } from '../../runbook/model.ts';
import { changeGroupsOf, GROUP_SEPARATOR, isStagedProcedure } from '../../runbook/procedure-groups.ts';
import { findSection } from '../catalog.ts';

export { type ChangeGroup, changeGroupsOf, isStagedProcedure } from '../../runbook/procedure-groups.ts';

/** One stage of a procedure: the reads that run at once, then (except the last) one group to approve. */
export interface ProcedureStage {
  /** The reads before `group` (after the previous group), as a section with only those steps. */
  reads: Section | null;
  /** The group as a section of its own (id = group id): what one approval is for. Null after the last group. */
  group: Section | null;
}

const stagesCache = new WeakMap<Section, ProcedureStage[]>();

/**
 * The stages of a staged procedure (the same objects on every call, so a group section can be
 * found again by id): reads, group 1, reads, group 2, …, then the reads after the last group.
 */
export function procedureStages(section: Section): ProcedureStage[] {
  const cached = stagesCache.get(section);
  if (cached) return cached;
  const groups = changeGroupsOf(section);
  const stages: ProcedureStage[] = [];
  let reads: Step[] = [];
  let index = 0;
  for (const group of groups) {
    const steps = section.steps.filter((step) => group.stepIds.includes(step.id));
    const start = section.steps.indexOf(steps[0] as Step);
    reads = section.steps.slice(index, start);
    index = section.steps.indexOf(steps[steps.length - 1] as Step) + 1;
    stages.push({
      reads: reads.length > 0 ? { ...section, steps: reads } : null,
      group: {
        ...section,
        id: group.id,
        title: `${section.title} — ${steps[0]?.title ?? group.id}`,
        parent: section.id,
        steps,
      },
    });
  }
  const rest = section.steps.slice(index);
  stages.push({ reads: rest.length > 0 ? { ...section, steps: rest } : null, group: null });
  stagesCache.set(section, stages);
  return stages;
}

/** Where a group id sits: its procedure section and the stage whose group it is. */
export function findGroup(
  runbook: Runbook,
  groupId: string,
): { section: Section; index: number; stages: ProcedureStage[] } | undefined {
  const at = groupId.lastIndexOf(GROUP_SEPARATOR);
  if (at <= 0) return undefined;
  const section = findSection(runbook, groupId.slice(0, at));
  if (!section || !isStagedProcedure(section)) return undefined;
  const stages = procedureStages(section);
  const index = stages.findIndex((stage) => stage.group?.id === groupId);
  return index < 0 ? undefined : { section, index, stages };
}

/** What an approval may be for: a section, or one change group of a staged procedure. */
export function findChangeTarget(runbook: Runbook, id: string): Section | undefined {
  const section = findSection(runbook, id);
  if (section) return section;
  const found = findGroup(runbook, id);
  return found ? (found.stages[found.index]?.group ?? undefined) : undefined;
}

/** True when `id` is a group with more groups of its procedure after it. */
export function hasLaterGroup(runbook: Runbook, id: string): boolean {
  const found = findGroup(runbook, id);
  return found !== undefined && found.stages[found.index + 1]?.group != null;
}

/** The steps of the procedure that never ran when it stopped at group `id` (its own steps included). */
export function stepsNotRun(runbook: Runbook, id: string, includeGroup: boolean): Step[] {
  const found = findGroup(runbook, id);
  if (!found) return [];
  const group = found.stages[found.index]?.group;
  if (!group) return [];
  const last = group.steps[group.steps.length - 1] as Step;
  const from =
    found.section.steps.indexOf(includeGroup ? (group.steps[0] as Step) : last) + (includeGroup ? 0 : 1);
  return found.section.steps.slice(from);
}
