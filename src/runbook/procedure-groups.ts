import type { Section, Step } from './model.ts';

/**
 * A change group: a maximal run of contiguous change steps of a section (a `sleep` right after a
 * change belongs to it); the section's other steps (reads) split groups. Its id is stable while
 * the group starts with the same step: `<section id>@<first step id>`.
 */
export interface ChangeGroup {
  id: string;
  stepIds: string[];
}

/** Between a section id and a step id in a change group's id. */
export const GROUP_SEPARATOR = '@';

function isChange(step: Step): boolean {
  return step.kind === 'command' && step.risk === 'change' && step.skip === undefined;
}

/** The section's change groups, in document order. */
export function changeGroupsOf(section: Section): ChangeGroup[] {
  const groups: string[][] = [];
  let current: string[] | null = null;
  for (const step of section.steps) {
    if (isChange(step)) {
      if (current === null) {
        current = [];
        groups.push(current);
      }
      current.push(step.id);
    } else if (step.kind === 'wait' && current !== null) {
      current.push(step.id);
    } else {
      current = null;
    }
  }
  return groups.map((stepIds) => ({ id: `${section.id}${GROUP_SEPARATOR}${stepIds[0]}`, stepIds }));
}

/** A section whose changes are split by reads: each group gets its own approval, in order. */
export function isStagedProcedure(section: Section): boolean {
  return changeGroupsOf(section).length > 1;
}
