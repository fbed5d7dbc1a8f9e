import type { RiskVerdict } from './risk-verdict.ts';
import { judgeShellText } from './shell-walker.ts';
import { NO_STDIN } from './stdin.ts';

export type { RiskVerdict } from './risk-verdict.ts';

/**
 * Risk of one runbook command (docs/ARCHITECTURE.md, "Risk rules and vocabularies"; docs/SECURITY.md),
 * decided on its bash syntax tree, default-deny: `read`
 * only when every command of every pipeline, list, substitution, function and loop is understood
 * as read-only; `sensitive` when one prints secrets; else `change`, with a reason a person reads.
 */
export function classifyRisk(command: string): RiskVerdict {
  if (command.trim() === '')
    return { risk: 'change', recognised: false, reason: 'unrecognised: empty command' };
  return judgeShellText(command, NO_STDIN, 0);
}
