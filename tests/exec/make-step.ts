import type { CommandStep, Section, Step, WaitStep } from '../../src/runbook/model.ts';

/** A command step built by hand (the parser is not a dependency of these tests). */
export function commandStep(fields: Partial<CommandStep> & { command: string }): CommandStep {
  return {
    kind: 'command',
    id: fields.id ?? slug(fields.command),
    title: fields.title ?? fields.command,
    cwd: null,
    expect: null,
    risk: 'read',
    riskReason: 'test',
    riskRecognised: true,
    sectionId: 'test',
    line: 1,
    ...fields,
  };
}

export function waitStep(seconds: number, fields: Partial<WaitStep> = {}): WaitStep {
  return {
    kind: 'wait',
    id: `wait-${seconds}`,
    title: 'Aguardar health check',
    seconds,
    sectionId: 'test',
    line: 1,
    ...fields,
  };
}

export function section(id: string, title: string, steps: Step[], fields: Partial<Section> = {}): Section {
  return { id, title, level: 3, parent: null, line: 1, steps, ...fields };
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
}
