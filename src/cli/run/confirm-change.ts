import { createInterface } from 'node:readline/promises';
import type { CommandStep } from '../../runbook/model.ts';
import type { CliDeps } from '../cli-deps.ts';

/**
 * A typed confirmation before change steps: the operator types the runbook id. Refuses without a
 * terminal (use --yes there). Returns true only for an exact answer.
 */
export async function confirmChange(options: {
  deps: CliDeps;
  runbookId: string;
  steps: CommandStep[];
}): Promise<boolean> {
  const { deps, runbookId, steps } = options;
  deps.stderr.write('This section changes the host:\n');
  for (const step of steps) deps.stderr.write(`  ${step.command}\n`);
  const rl = createInterface({ input: deps.stdin, output: deps.stderr, terminal: false });
  try {
    const answer = await rl.question(`Type "${runbookId}" to run them, anything else to cancel: `);
    return answer.trim() === runbookId;
  } finally {
    rl.close();
  }
}
