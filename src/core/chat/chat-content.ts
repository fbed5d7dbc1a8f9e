import type { ApprovalCardInput } from '../../render/common/approval-card-input.ts';
import type { CardNotice } from '../../render/common/card-notice.ts';
import type { RenderErrorInput } from '../../render/common/error-input.ts';
import type { EscalationPingInput } from '../../render/common/escalation-ping-input.ts';
import type { FillTemplateInput } from '../../render/common/fill-template.ts';
import type { FinalReportInput } from '../../render/common/final-report-input.ts';
import type { IncidentCardInput } from '../../render/common/incident-card-input.ts';
import type { SectionRunInput } from '../../render/common/section-run-input.ts';
import type { Locale } from '../../render/i18n/locale.ts';
import type { TemplateField } from '../../runbook/model.ts';
import type { Incident } from '../../store/records.ts';

/**
 * The incident card's data. The template is handed unfilled: how an actor or an inserted text is
 * written (a mention, escaping) is the chat platform's business.
 */
export type IncidentCardContent = Omit<IncidentCardInput, 'template'> & {
  template: Omit<FillTemplateInput, 'formatActor' | 'formatText'>;
};

/**
 * What the use cases ask a chat platform to show: chat-neutral data, one variant per kind of
 * message. The platform's adapter renders it (Slack: Block Kit in `render/slack/`), so no use case
 * knows about blocks, mentions or escaping (docs/ARCHITECTURE.md, "Ports").
 */
export type ChatContent =
  | { kind: 'incident_card'; card: IncidentCardContent }
  | { kind: 'section_run'; run: SectionRunInput }
  | { kind: 'approval_card'; card: ApprovalCardInput }
  /** `note`: the ping could not go where it should (`code`); `channel` set: a direct message instead. */
  | { kind: 'escalation_ping'; ping: EscalationPingInput; note?: { code: string; channel?: string } }
  | { kind: 'final_report'; report: FinalReportInput }
  | { kind: 'error'; error: RenderErrorInput }
  /** "Running <section>…", the first reply to a diagnose. */
  | { kind: 'running'; locale: Locale; sectionTitle: string }
  /** A line about an alert or a page (resolved alert, pager accepted or refused), in the thread. */
  | { kind: 'notice'; notice: CardNotice }
  /** A change's run was cut short (its process died); `requestedBy` is told. */
  | { kind: 'change_interrupted'; locale: Locale; requestedBy: string }
  /** An approval that picked up an interrupted run: confirm before approving it again. */
  | { kind: 'confirm_recovered'; locale: Locale; approvalId: string }
  /** Staged procedures: the intro of group N of M, the end, or where it stopped. */
  | { kind: 'procedure_group'; locale: Locale; group: number; groups: number; sectionTitle: string }
  | { kind: 'procedure_done'; locale: Locale; sectionTitle: string }
  | {
      kind: 'procedure_stopped';
      locale: Locale;
      sectionTitle: string;
      reason: string;
      notRun: readonly string[];
    }
  /**
   * A message the platform rendered before it was queued: outbox rows written by versions that
   * stored rendered messages. Only the adapter that made it understands `message`.
   */
  | { kind: 'prerendered'; message: unknown }
  /** Plain text from the bot (charts that could not be drawn, a scheduled drift summary). */
  | { kind: 'plain_text'; text: string };

/** A form the person fills in (a modal in Slack). */
export interface ChatForm {
  kind: 'incident_report';
  /** `resolve`: submitting it also closes the incident. */
  mode: 'report' | 'resolve';
  incident: Incident;
  /** The template's fields; only `manual` ones are asked for. */
  fields: readonly TemplateField[];
  /** Label -> suggested text from the evidence (used when nothing was written yet). */
  suggestions: Readonly<Record<string, string>>;
  locale: Locale;
  /** Labels that must be filled in. */
  required: readonly string[];
}
