import type { TemplateField } from '../../runbook/model.ts';
import type { Incident } from '../../store/records.ts';
import type { Locale } from '../i18n/locale.ts';
import { t } from '../i18n/messages.ts';
import type { InputBlock, KnownBlock, ModalView } from './block-types.ts';
import { section } from './blocks.ts';
import { SLACK_LIMITS, truncateEnd } from './limits.ts';
import { st } from './slack-text.ts';

export const REPORT_CALLBACK_ID = 'incident_report';
/** action_id of every text input; the block_id names the field (see reportBlockId). */
export const REPORT_INPUT_ACTION_ID = 'value';

/** `field:<label>` (cut to 255): the submit handler maps a block back to its template label. */
export function reportBlockId(label: string): string {
  return `field:${label}`.slice(0, SLACK_LIMITS.blockId);
}

/** Field errors by template label -> `{ block_id: message }` for `ack({ response_action: 'errors', errors })`. */
export function reportErrorsByBlock(
  fieldErrors: readonly { label: string; message: string }[],
): Record<string, string> {
  return Object.fromEntries(fieldErrors.map((error) => [reportBlockId(error.label), error.message]));
}

/** A submitted view's `state.values` (block_id -> action_id -> {value}) -> label -> text. */
export function reportValuesFromState(
  fields: readonly TemplateField[],
  state: Readonly<Record<string, Readonly<Record<string, { value?: string | null } | undefined>>>>,
): Record<string, string | null> {
  const values: Record<string, string | null> = {};
  for (const field of fields.filter((candidate) => candidate.fill === 'manual')) {
    const block = state[reportBlockId(field.label)];
    if (!block) continue;
    const first = Object.values(block)[0];
    values[field.label] = first?.value ?? null;
  }
  return values;
}

export interface ReportModalInput {
  incident: Incident;
  /** The template's fields; only `manual` ones get an input. */
  fields: readonly TemplateField[];
  /** Label -> suggested text from the evidence (used when nothing was written yet). */
  suggestions: Readonly<Record<string, string>>;
  locale: Locale;
  /** Labels that must be filled in. */
  required?: readonly string[];
}

/** The `views.open` view of the "Fill in report" modal; private_metadata is the incident id. */
export function renderReportModal(input: ReportModalInput): ModalView {
  const { incident, locale } = input;
  const manual = input.fields
    .filter((field) => field.fill === 'manual')
    .slice(0, SLACK_LIMITS.modalBlocks - 1);
  const blocks: KnownBlock[] = [
    section(st(locale, 'modal.intro', { id: incident.id })),
    ...manual.map((f) => inputBlock(f, input)),
  ];
  return {
    type: 'modal',
    callback_id: REPORT_CALLBACK_ID,
    private_metadata: String(incident.id),
    title: plain(t(locale, 'modal.title', { id: incident.id }), SLACK_LIMITS.modalTitle),
    submit: plain(t(locale, 'modal.submit'), SLACK_LIMITS.modalButton),
    close: plain(t(locale, 'modal.close'), SLACK_LIMITS.modalButton),
    blocks,
  };
}

function plain(text: string, max: number): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: truncateEnd(text, max), emoji: true };
}

function inputBlock(field: TemplateField, input: ReportModalInput): InputBlock {
  const { locale } = input;
  const written = input.incident.report[field.label]?.trim();
  const suggested = input.suggestions[field.label]?.trim();
  const initial = written || suggested;
  const block: InputBlock = {
    type: 'input',
    block_id: reportBlockId(field.label),
    optional: !(input.required ?? []).includes(field.label),
    label: plain(field.label, SLACK_LIMITS.inputLabel),
    element: {
      type: 'plain_text_input',
      action_id: REPORT_INPUT_ACTION_ID,
      multiline: true,
      max_length: SLACK_LIMITS.inputValue,
      placeholder: plain(field.hint ?? t(locale, 'modal.placeholder'), 150),
      ...(initial ? { initial_value: initial.slice(0, SLACK_LIMITS.inputValue) } : {}),
    },
  };
  if (!written && suggested) block.hint = plain(t(locale, 'modal.suggested'), 2000);
  return block;
}
