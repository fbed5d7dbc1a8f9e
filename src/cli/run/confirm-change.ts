import { createInterface } from 'node:readline/promises';
import { shortFingerprint } from '../../core/approvals/change-fingerprint.ts';
import type { CommandStep } from '../../runbook/model.ts';
import type { CliDeps } from '../cli-deps.ts';

/**
 * A typed confirmation before change steps: the operator types the runbook id. Refuses without a
 * terminal (use --yes there). Returns true only for an exact answer; end of input cancels.
 */
export async function confirmChange(options: {
  deps: CliDeps;
  runbookId: string;
  steps: CommandStep[];
  /** What the approval is bound to: shown so the timeline and logs can be matched with it. */
  fingerprint?: string;
  /** The parameter values it runs with, as shown (secret-looking ones hidden). */
  values?: string;
}): Promise<boolean> {
  const { deps, runbookId, steps } = options;
  deps.stderr.write('This section changes the host:\n');
  for (const step of steps) deps.stderr.write(`  ${step.command}\n`);
  if (options.values) deps.stderr.write(`With: ${options.values}\n`);
  if (options.fingerprint) {
    deps.stderr.write(
      `Fingerprint ${shortFingerprint(options.fingerprint)}: if the runbook changes before it runs, nothing runs.\n`,
    );
  }
  const rl = createInterface({ input: deps.stdin, output: deps.stderr, terminal: false });
  // Ctrl-D (end of input) cancels, instead of leaving the question unanswered forever.
  const closed = new Promise<string | null>((resolve) => rl.once('close', () => resolve(null)));
  try {
    const question = rl.question(`Type "${runbookId}" to run them, anything else to cancel: `);
    const answer = await Promise.race([question, closed]);
    if (answer === null) deps.stderr.write('\n');
    return answer?.trim() === runbookId;
  } finally {
    rl.close();
  }
}
