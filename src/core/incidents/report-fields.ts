import { foldText } from '../../exec/fold-text.ts';
import type { TemplateField } from '../../runbook/model.ts';

/** What a manual template field asks for, read from its label (pt-BR or English). */
export type ManualFieldKind = 'rootCause' | 'impact' | 'prevention';

const KINDS: [RegExp, ManualFieldKind][] = [
  [/causa|cause|motivo|\bwhy\b|origem/, 'rootCause'],
  [/impact|afetad|affected|usuarios|users/, 'impact'],
  [/preven|evitar|recorr|follow.?up|action items|licoes|lessons|melhoria|improvement/, 'prevention'],
];

export function manualFieldKind(label: string): ManualFieldKind | null {
  const folded = foldText(label);
  return KINDS.find(([pattern]) => pattern.test(folded))?.[1] ?? null;
}

/** The fields people fill in the report modal, in the runbook's order. */
export function manualFields(fields: readonly TemplateField[]): TemplateField[] {
  return fields.filter((field) => field.fill === 'manual');
}

/**
 * Labels the modal requires: the root cause (every manual field that asks for it). When no label
 * reads as a root cause, the first manual field, so a report is never submitted empty.
 */
export function requiredReportLabels(fields: readonly TemplateField[]): string[] {
  const manual = manualFields(fields);
  const causes = manual.filter((field) => manualFieldKind(field.label) === 'rootCause');
  if (causes.length > 0) return causes.map((field) => field.label);
  return manual.slice(0, 1).map((field) => field.label);
}
