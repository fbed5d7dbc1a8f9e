import { z } from 'zod';
import type { Locale } from '../../render/i18n/locale.ts';
import type { TemplateField } from '../../runbook/model.ts';
import { incidentTexts } from './incident-texts.ts';
import { manualFields, requiredReportLabels } from './report-fields.ts';

/** Slack's limit for a plain_text_input value, and the report's limit per field. */
export const REPORT_FIELD_MAX = 3000;

/** What is wrong with one field, by its template label (a chat adapter maps labels to its form ids). */
export interface ReportFieldError {
  label: string;
  message: string;
}

export type ReportValidation =
  | { ok: true; values: Record<string, string> }
  | { ok: false; fieldErrors: ReportFieldError[] };

export interface ValidateReportOptions {
  locale?: Locale;
  /** Labels that must be filled in; default requiredReportLabels(fields) (the root cause). */
  required?: readonly string[];
  max?: number;
}

/**
 * Checks what was typed in the report modal, keyed by field label: every manual field at most
 * 3000 characters, the required ones (root cause) not blank. Text is trimmed; labels that are not
 * manual fields of the template are dropped. An optional field left blank is saved as ''.
 */
export function validateReportInput(
  fields: readonly TemplateField[],
  values: Readonly<Record<string, string | null | undefined>>,
  options: ValidateReportOptions = {},
): ReportValidation {
  const texts = incidentTexts(options.locale ?? 'en');
  const max = options.max ?? REPORT_FIELD_MAX;
  const required = new Set(options.required ?? requiredReportLabels(fields));
  const manual = manualFields(fields);
  const shape: Record<string, z.ZodType<string>> = {};
  for (const field of manual) {
    let text = z
      .string({ error: texts.required })
      .trim()
      .max(max, { error: texts.tooLong(max) });
    if (required.has(field.label)) text = text.min(1, { error: texts.required });
    shape[field.label] = required.has(field.label) ? text : z.string().default('').pipe(text);
  }
  const input = Object.fromEntries(
    manual.map((field) => [field.label, values[field.label] ?? undefined] as const),
  );
  const result = z.object(shape).safeParse(input);
  if (result.success) return { ok: true, values: result.data };

  const fieldErrors: ReportFieldError[] = [];
  for (const issue of result.error.issues) {
    const label = String(issue.path[0] ?? '');
    if (fieldErrors.some((error) => error.label === label)) continue;
    fieldErrors.push({ label, message: issue.message });
  }
  return { ok: false, fieldErrors };
}
