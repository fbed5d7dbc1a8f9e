import type { ApprovalState } from '../../store/records.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Audience } from './audience.ts';

/** What each kind of error needs to say. */
export interface ErrorParamsByKind {
  unknown_subcommand: { commandName: string; given: string; suggestion: string | null };
  not_in_channel: { botName?: string };
  channel_not_allowed: { commandName: string; channels: readonly string[] };
  already_running: { sectionTitle: string; startedBy: string };
  internal: { ref: string };
  not_approver: { approvers: Audience };
  /** The binding's `operators` (and approvers) do not name the person: nothing ran. */
  not_operator: { operators: Audience };
  self_approval: Record<string, never>;
  approval_expired: { expiredAt: number; timeZone: string; commandName: string; subcommand: string };
  approval_not_found: Record<string, never>;
  approval_decided: { state: ApprovalState };
  locked: { service: string };
  circuit_open: { service: string; count: number; limit: number };
  incident_resolved: { incidentId: number };
  /** `start`: what to type to open one (`/x diagnostico`); default `<command> diagnose`. */
  no_incident: { commandName: string; start?: string };
  /** A UserError from core/: its message and fix hint, already in the reader's language. */
  user_error: { message: string; hint?: string };
}

export type ErrorKind = keyof ErrorParamsByKind;

export type RenderErrorInput = {
  [K in ErrorKind]: { kind: K; params: ErrorParamsByKind[K]; locale: Locale };
}[ErrorKind];
