import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CommandStep, Runbook, Section, Step } from '../../src/runbook/model.ts';
import { parseRunbook } from '../../src/runbook/parse/parse-runbook.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const fixturesDir = fileURLToPath(new URL('../fixtures/runbooks/', import.meta.url));
export const apiDownMd = `${repoRoot}runbooks/api-down.md`;

export function parseFixture(name: string, extra = ''): Runbook {
  const file = `${fixturesDir}${name}.md`;
  return parseRunbook(readFileSync(file, 'utf8') + extra, file);
}

export function section(runbook: Runbook, id: string): Section {
  const found = runbook.sections.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no section ${id}; have ${runbook.sections.map((s) => s.id).join(', ')}`);
  return found;
}

export function commands(steps: Step[]): CommandStep[] {
  return steps.filter((step): step is CommandStep => step.kind === 'command');
}

export function allSteps(runbook: Runbook): Step[] {
  const seen = new Map<string, Step>();
  for (const step of runbook.sections.flatMap((s) => s.steps)) seen.set(step.id, step);
  return [...seen.values()];
}
