// Cost of deciding step risk on the bash syntax tree: every command step of the real runbook,
// classified many times in a row (the grammar is loaded once, when the module is imported).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseRunbook } from '../src/runbook/parse/parse-runbook.ts';
import { classifyRisk } from '../src/runbook/risk/classify-risk.ts';

export interface ClassifyBench {
  /** Mean time to classify one command step, in ms. */
  perStepMs: number;
  steps: number;
  rounds: number;
}

/** Classifies every command step of `runbookFile` `rounds` times; returns the mean per step. */
export function measureClassify(runbookFile: string, rounds = 200): ClassifyBench {
  const runbook = parseRunbook(readFileSync(runbookFile, 'utf8'), path.basename(runbookFile));
  const commands = runbook.sections
    .flatMap((section) => section.steps)
    .flatMap((step) => (step.kind === 'command' ? [step.command] : []));
  const unique = [...new Set(commands)];
  for (const command of unique) classifyRisk(command); // warm-up
  const started = performance.now();
  for (let round = 0; round < rounds; round++) for (const command of unique) classifyRisk(command);
  const elapsed = performance.now() - started;
  return { perStepMs: elapsed / (rounds * unique.length), steps: unique.length, rounds };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2] ?? path.join(import.meta.dirname, '..', 'runbooks', 'api-down.md');
  const result = measureClassify(file);
  process.stdout.write(
    `${JSON.stringify({ classifyPerStepMs: Number(result.perStepMs.toFixed(4)), ...result })}\n`,
  );
}
