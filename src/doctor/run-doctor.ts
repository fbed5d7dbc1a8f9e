import { isUserError } from '../core/errors.ts';
import { type CheckResult, failed } from './check-result.ts';

export interface DoctorCheck {
  /** Shown if the check itself crashes. */
  name: string;
  run: () => CheckResult | Promise<CheckResult>;
}

export interface DoctorReport {
  results: CheckResult[];
  errors: number;
  warnings: number;
  /** 1 when any check found something that would break an incident. */
  exitCode: 0 | 1;
}

/** Runs every check (in parallel, results in the given order); a crashing check is an error line
 * (a UserError with its own message and hint). */
export async function runDoctor(checks: DoctorCheck[]): Promise<DoctorReport> {
  const results = await Promise.all(
    checks.map(async (check) => {
      try {
        return await check.run();
      } catch (error) {
        if (isUserError(error)) return failed(check.name, 'error', error.message, error.hint ?? null);
        const reason = error instanceof Error ? error.message : String(error);
        return failed(
          check.name,
          'error',
          `the check itself failed: ${reason}`,
          'run with RUNBOOK_BOT_DEBUG=1 for details',
        );
      }
    }),
  );
  const errors = results.filter((result) => !result.ok && result.severity === 'error').length;
  const warnings = results.filter((result) => !result.ok && result.severity === 'warning').length;
  return { results, errors, warnings, exitCode: errors > 0 ? 1 : 0 };
}
