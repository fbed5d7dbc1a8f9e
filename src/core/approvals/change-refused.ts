import type { Approval } from '../../store/records.ts';
import { UserError, type UserErrorCode } from '../errors.ts';
import type { ApproverAudience } from './approvers.ts';

/** Why a change request was refused, as data for the renderers (render-error kinds in brackets). */
export type ChangeRefusal =
  /** The section has no change step to approve [user_error]. */
  | { kind: 'no_change_steps'; sectionId: string; sectionTitle: string }
  /** Another change of the service is pending or running [locked]; `holder` when it is a pending one. */
  | {
      kind: 'locked';
      service: string;
      holder: Pick<Approval, 'id' | 'requestedBy' | 'requestedAt' | 'state'> | null;
    }
  /** Circuit breaker: `count` change runs in the last hour, `limit` allowed [circuit_open]. */
  | { kind: 'circuit_open'; service: string; count: number; limit: number; windowMs: number }
  /** Break-glass asked by someone who is not an approver [not_approver]. */
  | { kind: 'not_approver'; approvers: ApproverAudience }
  /** The incident is resolved [incident_resolved]. */
  | { kind: 'incident_resolved'; incidentId: number }
  /** Bad input: unknown section, bad actor or channel, break-glass without a reason [user_error]. */
  | { kind: 'invalid'; field: string }
  /** The section differs from what was confirmed (edited meanwhile): nothing was recorded or run. */
  | { kind: 'runbook_changed'; sectionId: string; expected: string; actual: string };

const codes: Record<ChangeRefusal['kind'], UserErrorCode> = {
  no_change_steps: 'conflict',
  locked: 'conflict',
  circuit_open: 'rate_limited',
  not_approver: 'forbidden',
  incident_resolved: 'conflict',
  invalid: 'usage',
  runbook_changed: 'conflict',
};

/** A refused change request: a UserError (English message for logs and the CLI) with the refusal as data. */
export class ChangeRefusedError extends UserError {
  constructor(
    readonly refusal: ChangeRefusal,
    message: string,
    hint?: string,
  ) {
    super(codes[refusal.kind], message, hint);
  }
}

export function isChangeRefused(error: unknown): error is ChangeRefusedError {
  return error instanceof ChangeRefusedError;
}
