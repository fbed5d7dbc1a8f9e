import type { CommandStep, Runbook, Section, Step, WaitStep } from '../../runbook/model.ts';
import { changeGroupsOf, isStagedProcedure } from '../../runbook/procedure-groups.ts';

export interface RunbookTreeSource {
  /** The Markdown file as the user named it. */
  file: string;
  /** The binding applied, or null. */
  binding: string | null;
}

const RISK_LABEL = { read: 'read     ', change: 'CHANGE   ', sensitive: 'SENSITIVE' } as const;

function commandLines(step: CommandStep, pad: string): string[] {
  const unsure = step.riskRecognised ? '' : ' ?';
  const lines = [
    `${pad}${RISK_LABEL[step.risk]}${unsure} ${step.id}: ${step.title}`,
    `${pad}          $ ${step.command}`,
  ];
  const details: string[] = [];
  if (step.expect !== null) details.push(`expect "${step.expect}"`);
  if (step.cwd !== null) details.push(`in ${step.cwd}`);
  if (step.stdin !== undefined) details.push(`stdin ${JSON.stringify(step.stdin)}`);
  if (step.timeoutMs !== undefined) details.push(`timeout ${step.timeoutMs / 1000} s`);
  if (details.length > 0) lines.push(`${pad}          ${details.join(' · ')}`);
  if (step.skip !== undefined) lines.push(`${pad}          skipped: ${step.skip}`);
  if (step.params) {
    lines.push(`${pad}          params: ${step.params.join(', ')}`);
    if (step.paramsRefused) lines.push(`${pad}          refused: ${step.paramsRefused}`);
    else if (step.runs) lines.push(`${pad}          runs $ ${step.runs}`);
  }
  if (!step.riskRecognised) lines.push(`${pad}          (${step.riskReason})`);
  return lines;
}

const waitLine = (step: WaitStep, pad: string) =>
  `${pad}wait      ${step.id}: ${step.title} (until healthy, at most ${step.seconds * 2} s)`;

const stepLines = (step: Step, pad: string) =>
  step.kind === 'wait' ? [waitLine(step, pad)] : commandLines(step, pad);

function sectionLines(section: Section, depth: number): string[] {
  const pad = '  '.repeat(depth);
  const own = section.steps.filter((step) => step.sectionId === section.id);
  // A procedure of its own whose changes are split by reads: one approval per group, in order.
  const groups =
    own.length === section.steps.length && isStagedProcedure(section) ? changeGroupsOf(section) : [];
  return [
    `${pad}${'#'.repeat(Math.max(1, section.level))} ${section.title}  [${section.id}]`,
    ...own.flatMap((step) => stepLines(step, `${pad}  `)),
    ...groups.map(
      (group, index) =>
        `${pad}  approval ${index + 1} of ${groups.length}: ${group.stepIds.join(', ')}  [${group.id}]`,
    ),
  ];
}

/** The runbook as a readable tree for `runbook-bot inspect` (sections, steps with risk and expectation). */
export function renderRunbookTree(runbook: Runbook, source: RunbookTreeSource): string {
  const depthOf = new Map<string, number>();
  const lines = [
    `${runbook.title}`,
    `${source.file}${source.binding ? ` + ${source.binding}` : ' (no binding)'}`,
    '',
  ];
  for (const section of runbook.sections) {
    const depth = section.parent === null ? 0 : (depthOf.get(section.parent) ?? 0) + 1;
    depthOf.set(section.id, depth);
    lines.push(...sectionLines(section, depth));
  }
  if (runbook.escalation.length > 0) {
    lines.push('', 'Escalation:');
    for (const rule of runbook.escalation) {
      const when =
        rule.afterMinutes !== null ? `after ${rule.afterMinutes} min` : `when "${rule.condition ?? '?'}"`;
      lines.push(`  ${when} -> notify ${rule.notify.join(', ') || '(nobody)'}`);
      for (const item of rule.checklist) lines.push(`    - ${item}`);
    }
  }
  if (runbook.template.length > 0) {
    lines.push('', 'Incident record:');
    for (const field of runbook.template)
      lines.push(
        `  ${field.label}: ${field.fill === 'manual' ? 'filled by people' : `auto (${field.fill})`}`,
      );
  }
  if (runbook.links.length > 0) {
    lines.push('', 'Links:');
    for (const link of runbook.links) lines.push(`  ${link.title} <${link.url}>`);
  }
  return `${lines.join('\n')}\n`;
}
