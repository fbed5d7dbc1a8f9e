import type { StepResult } from '../../exec/step-result.ts';
import type { Approval } from '../../store/records.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Audience } from './audience.ts';

/** The steps the approval will run: runbook steps (CommandStep / WaitStep) fit this shape. */
export type ApprovalStepLine = { kind: 'command'; command: string } | { kind: 'wait'; seconds: number };

/** What happened after the approval, for the `succeeded` / `failed` variants. */
export interface ApprovalOutcome {
  /** Time the change steps took ("restart em 2,3 s"). */
  changeMs: number;
  /** Time until healthy again; null when it never became healthy. */
  healthyAfterMs: number | null;
  /** How long the wait polled before giving up (shown when healthyAfterMs is null). */
  waitedMs?: number;
  /** The post-resolution section's result. */
  verify: { passed: number; total: number } | null;
}

export interface ApprovalCardInput {
  approval: Approval;
  /** The section being run ("Restart do Serviço"). */
  sectionTitle: string;
  steps: readonly ApprovalStepLine[];
  /** Overrides the wait limit shown (default: twice the runbook's `sleep`). */
  waitSeconds?: number;
  /** Fresh results of the diagnostic checks. */
  checks: readonly StepResult[];
  approvers: Audience;
  allowSelfApproval?: boolean;
  locale: Locale;
  now: number;
  timeZone: string;
  outcome?: ApprovalOutcome;
  /** Word for the change in the outcome line ("restart"); default "executado" / "ran". */
  actionLabel?: string;
  /**
   * Nothing ran because the section is not what the approver saw (`runbook_changed`) or the request
   * predates fingerprints: the card says so and offers `request_again` (value = approval id).
   */
  stale?: 'runbook_changed' | 'no_fingerprint';
  /**
   * The parameter values the change runs with (the approval's `params`): every one is listed, a
   * secret-looking one as "set, N chars", the others redacted (exec/recorded-params.ts).
   */
  params?: Readonly<Record<string, string>>;
}
